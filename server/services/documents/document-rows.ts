import type { InvoiceDocumentModel, DocumentLine } from '../../../src/documents/invoice-pdf';
import type { CreditNoteLine, CreditNoteTotals } from '../../../src/documents/credit-note';

/**
 * The stored rows the documents feature reads, field by field as the database
 * answers them (strapi.db.query results are untyped; these say what is there).
 * Dates stay text (YYYY-MM-DD) as stored; a BIGINT comes back as text on
 * PostgreSQL and a number elsewhere.
 */
export type InvoiceRow = {
  id: number;
  documentId: string;
  runRef: string;
  partyRef: string;
  billingPointRef: string;
  periodStart: string;
  periodEnd: string;
  status: 'draft' | 'finalized' | 'void';
  lines: DocumentLine[] | null;
  totals: InvoiceDocumentModel['totals'] | null;
  currency: string;
  note: string | null;
  number: string | null;
  numberYear: number | null;
  numberSeq: number | string | null;
  issuerKey: string | null;
  issuedOn: string | null;
  dueOn: string | null;
  deliveryStatus: 'queued' | 'sent' | 'failed' | 'no-address' | null;
  deliveredTo: string | null;
  deliveredAt: string | Date | null;
  deliveryError: string | null;
  deliveryAttempts: number | null;
};

export type CreditNoteRow = {
  id: number;
  documentId: string;
  invoiceRef: string;
  runRef: string;
  partyRef: string;
  billingPointRef: string;
  currency: string;
  number: string;
  numberYear: number;
  numberSeq: number | string;
  issuerKey: string;
  issuedOn: string;
  reason: string;
  lines: CreditNoteLine[] | null;
  totals: CreditNoteTotals | null;
  requestKey: string;
  issuedBy: string | null;
  createdAt: string | Date;
};

export type PartyRow = {
  documentId: string;
  kind: 'natural' | 'legal';
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  email: string | null;
  language: string | null;
  address: InvoiceDocumentModel['recipient']['address'];
};

export type BillingPointRow = { documentId: string; code: string; name: string; buildingRef: string };
export type BuildingRow = { documentId: string; code: string; name: string; timezone: string | null };

/**
 * The invoices that were issued, as a query filter: finalized ones, and those a void of
 * their finalized run took back with a credit note (void, still numbered). A draft's
 * void never had a number.
 */
export const issuedInvoices = () => ({
  $or: [{ status: 'finalized' as const }, { status: 'void' as const, number: { $notNull: true } }],
});
