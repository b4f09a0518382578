import type { Row } from '../billing/billing-support';

/**
 * What the documents feature adds to an invoice's answer: its number, issuer and
 * dates (null on a draft) and how its e-mail went (null until it was first sent).
 */
export const invoiceDocumentFields = (row: Row) => ({
  number: (row.number as string | null) ?? null,
  issuer: (row.issuerKey as string | null) ?? null,
  issuedOn: (row.issuedOn as string | null) ?? null,
  dueOn: (row.dueOn as string | null) ?? null,
  delivery: row.deliveryStatus
    ? {
        status: row.deliveryStatus as string,
        to: (row.deliveredTo as string | null) ?? null,
        at: (row.deliveredAt as string | null) ?? null,
        error: (row.deliveryError as string | null) ?? null,
        attempts: Number(row.deliveryAttempts ?? 0),
      }
    : null,
});
