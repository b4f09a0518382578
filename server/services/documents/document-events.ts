import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import type { CreditNoteRow, InvoiceRow } from './document-rows';

/**
 * The plugin's events for other systems (accounting, a tenant portal), sent through
 * Strapi's own webhooks: registered with the webhook store, so a webhook may subscribe
 * to them (Settings → Webhooks lists Strapi's own events only; subscribe through the
 * admin API, see docs/architecture.md), and emitted on the event hub, which the webhook
 * runner listens to. A payload names the record and the admin API path to read it —
 * ids and numbers only: no addresses, names or amounts leave this way.
 */
export const DOCUMENT_EVENTS = {
  UTILITIES_CHARGE_RUN_FINALIZED: 'utilities.charge-run.finalized',
  UTILITIES_CHARGE_RUN_VOIDED: 'utilities.charge-run.voided',
  UTILITIES_INVOICE_FINALIZED: 'utilities.invoice.finalized',
  UTILITIES_DOCUMENT_EMAILED: 'utilities.document.emailed',
  UTILITIES_DOCUMENT_EMAIL_FAILED: 'utilities.document.email-failed',
  UTILITIES_CREDIT_NOTE_ISSUED: 'utilities.credit-note.issued',
} as const;

type EventName = (typeof DOCUMENT_EVENTS)[keyof typeof DOCUMENT_EVENTS];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const emit = (event: EventName, payload: Record<string, unknown>) => {
    void strapi.eventHub.emit(event, payload);
  };
  const invoiceRef = (row: Pick<InvoiceRow, 'documentId' | 'number' | 'runRef'>) => ({
    documentId: row.documentId,
    number: row.number ?? null,
    chargeRun: row.runRef,
    path: `/utilities/invoices/${String(row.documentId)}`,
    document: `/utilities/invoices/${String(row.documentId)}/document.pdf`,
  });

  return {
    /** Bootstrap: the events a webhook may subscribe to. */
    register() {
      const store = strapi.get<{ addAllowedEvent: (key: string, value: string) => void }>('webhookStore');
      for (const [key, value] of Object.entries(DOCUMENT_EVENTS)) store.addAllowedEvent(key, value);
    },

    /** A run was finalized: the run, then each of its invoices with its number. */
    async runFinalized(runId: string) {
      const rows = (await strapi.db.query(UID.invoice).findMany({
        select: ['documentId', 'number', 'runRef'],
        where: { runRef: runId, status: 'finalized' },
        orderBy: { id: 'asc' },
      })) as Pick<InvoiceRow, 'documentId' | 'number' | 'runRef'>[];
      emit(DOCUMENT_EVENTS.UTILITIES_CHARGE_RUN_FINALIZED, {
        chargeRun: { documentId: runId, invoices: rows.length, path: `/utilities/charge-runs/${runId}` },
      });
      for (const row of rows) emit(DOCUMENT_EVENTS.UTILITIES_INVOICE_FINALIZED, { invoice: invoiceRef(row) });
    },

    runVoided(runId: string) {
      emit(DOCUMENT_EVENTS.UTILITIES_CHARGE_RUN_VOIDED, {
        chargeRun: { documentId: runId, path: `/utilities/charge-runs/${runId}` },
      });
    },

    /** An invoice's e-mail went out, or did not (the status, never the address or reason). */
    delivered(
      row: Pick<InvoiceRow, 'documentId' | 'number' | 'runRef'>,
      status: 'sent' | 'failed' | 'no-address',
    ) {
      emit(
        status === 'sent'
          ? DOCUMENT_EVENTS.UTILITIES_DOCUMENT_EMAILED
          : DOCUMENT_EVENTS.UTILITIES_DOCUMENT_EMAIL_FAILED,
        { invoice: invoiceRef(row), delivery: { status } },
      );
    },

    /** A credit note was issued: its number and the invoice it corrects (no amounts). */
    creditNoteIssued(row: CreditNoteRow) {
      emit(DOCUMENT_EVENTS.UTILITIES_CREDIT_NOTE_ISSUED, {
        creditNote: {
          documentId: row.documentId,
          number: row.number,
          invoice: row.invoiceRef,
          path: `/utilities/credit-notes/${row.documentId}`,
          document: `/utilities/credit-notes/${row.documentId}/document.pdf`,
        },
      });
    },
  };
};
