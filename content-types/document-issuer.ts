/**
 * Who issues the billing documents (Settings → Utilities → Billing documents):
 * the name and address printed at the top, the VAT number, the logo (a file of
 * the media library), the account the QR-bill pays into, payment terms, footer,
 * the default language and the number patterns. `scopeKey` is `default` for the
 * plugin-wide issuer or `building:<documentId>` for a building's override
 * (other owner or manager); it is unique, and it is also the key of the issuer's
 * number sequences (server/database/document-sequences.ts).
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_document_issuers',
    info: { singularName: 'document-issuer', pluralName: 'document-issuers', displayName: 'Document issuer' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      scopeKey: { type: 'string', required: true, maxLength: 80 },
      buildingRef: { type: 'string', maxLength: 64 },
      name: { type: 'string', maxLength: 70 },
      address: { type: 'json' },
      vatNumber: { type: 'string', maxLength: 40 },
      logoFileId: { type: 'integer' },
      iban: { type: 'string', maxLength: 34 },
      paymentTermsDays: { type: 'integer' },
      footer: { type: 'text' },
      defaultLanguage: { type: 'string', maxLength: 2 },
      invoiceNumberPattern: { type: 'string', maxLength: 60 },
      creditNoteNumberPattern: { type: 'string', maxLength: 60 },
    },
    indexes: [{ name: 'utilities_document_issuers_scope_uq', columns: ['scope_key'], type: 'unique' }],
  },
} as const;
