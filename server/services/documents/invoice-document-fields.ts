import type { Row } from '../billing/billing-support';

/** What the documents feature adds to an invoice's answer: its number, issuer and dates (null on a draft). */
export const invoiceDocumentFields = (row: Row) => ({
  number: (row.number as string | null) ?? null,
  issuer: (row.issuerKey as string | null) ?? null,
  issuedOn: (row.issuedOn as string | null) ?? null,
  dueOn: (row.dueOn as string | null) ?? null,
});
