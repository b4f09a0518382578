/**
 * An invoice of a charge run: one party's bill for one billing point over the
 * run's period in one currency. Lines and totals are the charging engine's
 * output, kept as computed (decimal text), so a finalized invoice shows exactly
 * what was billed. References are scalar documentId columns like the billing records.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_invoices',
    info: { singularName: 'invoice', pluralName: 'invoices', displayName: 'Invoice' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      runRef: { type: 'string', required: true, maxLength: 64 },
      partyRef: { type: 'string', required: true, maxLength: 64 },
      billingPointRef: { type: 'string', required: true, maxLength: 64 },
      periodStart: { type: 'string', required: true, maxLength: 10 },
      periodEnd: { type: 'string', required: true, maxLength: 10 },
      status: { type: 'enumeration', enum: ['draft', 'finalized', 'void'], required: true, default: 'draft' },
      roles: { type: 'json' },
      lines: { type: 'json' },
      totals: { type: 'json' },
      currency: { type: 'string', required: true, maxLength: 3 },
      note: { type: 'text' },
      // Given at finalize (server/services/documents/invoice-numbers.ts): the number of the
      // issuer's gap-free sequence of the year, the issuer (its scopeKey), issue and due date.
      number: { type: 'string', maxLength: 40 },
      numberYear: { type: 'integer' },
      numberSeq: { type: 'biginteger' },
      issuerKey: { type: 'string', maxLength: 80 },
      issuedOn: { type: 'string', maxLength: 10 },
      dueOn: { type: 'string', maxLength: 10 },
      // E-mail delivery (server/services/documents/invoice-delivery.ts): the last attempt's
      // outcome, the address it went to, when, why it failed, and how many attempts so far.
      deliveryStatus: { type: 'enumeration', enum: ['queued', 'sent', 'failed', 'no-address'] },
      deliveredTo: { type: 'string', maxLength: 254 },
      deliveredAt: { type: 'datetime' },
      deliveryError: { type: 'string', maxLength: 500 },
      deliveryAttempts: { type: 'integer' },
    },
    indexes: [
      { name: 'utilities_invoices_run_idx', columns: ['run_ref'] },
      { name: 'utilities_invoices_party_idx', columns: ['party_ref'] },
      { name: 'utilities_invoices_point_idx', columns: ['billing_point_ref'] },
      // Several NULLs (drafts) are allowed on all three databases.
      { name: 'utilities_invoices_number_uq', columns: ['issuer_key', 'number'], type: 'unique' },
    ],
  },
} as const;
