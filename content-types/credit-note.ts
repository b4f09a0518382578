/**
 * A credit note: the correction of a finalized invoice, which stays as issued
 * (src/documents/credit-note.ts says what may be credited). Numbered from the
 * issuer's own credit-note sequence (server/database/document-sequences.ts, kind
 * `credit-note`) when it is issued; there is no draft. The party, billing point and
 * run are the invoice's, copied so a party's statement reads without a join.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_credit_notes',
    info: { singularName: 'credit-note', pluralName: 'credit-notes', displayName: 'Credit note' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      invoiceRef: { type: 'string', required: true, maxLength: 64 },
      runRef: { type: 'string', required: true, maxLength: 64 },
      partyRef: { type: 'string', required: true, maxLength: 64 },
      billingPointRef: { type: 'string', required: true, maxLength: 64 },
      currency: { type: 'string', required: true, maxLength: 3 },
      number: { type: 'string', required: true, maxLength: 40 },
      numberYear: { type: 'integer', required: true },
      numberSeq: { type: 'biginteger', required: true },
      issuerKey: { type: 'string', required: true, maxLength: 80 },
      issuedOn: { type: 'string', required: true, maxLength: 10 },
      reason: { type: 'text', required: true },
      lines: { type: 'json' },
      totals: { type: 'json' },
      // The client's id of this credit note: the same submit sent twice is refused, not issued twice.
      requestKey: { type: 'string', required: true, maxLength: 64 },
      issuedBy: { type: 'string', maxLength: 300 },
    },
    indexes: [
      { name: 'utilities_credit_notes_invoice_idx', columns: ['invoice_ref'] },
      { name: 'utilities_credit_notes_party_idx', columns: ['party_ref'] },
      { name: 'utilities_credit_notes_number_uq', columns: ['issuer_key', 'number'], type: 'unique' },
      { name: 'utilities_credit_notes_request_uq', columns: ['invoice_ref', 'request_key'], type: 'unique' },
    ],
  },
} as const;
