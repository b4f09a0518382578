/**
 * The change history of rates: who changed which rate when, and the rate
 * before and after (the admin API's rate DTO, null before a create or after a
 * delete). Kept after the rate is deleted, so a correction can always be
 * traced; rows are only ever added.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_rate_changes',
    info: { singularName: 'rate-change', pluralName: 'rate-changes', displayName: 'Rate change' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      rateRef: { type: 'string', required: true, maxLength: 64 },
      action: { type: 'enumeration', enum: ['create', 'update', 'delete'], required: true },
      // Strapi reserves createdBy (a relation to the admin user); this is who changed it, as text.
      changedBy: { type: 'text' },
      changedAt: { type: 'string', required: true, maxLength: 40 },
      before: { type: 'json' },
      after: { type: 'json' },
    },
    indexes: [{ name: 'utilities_rate_changes_rate_idx', columns: ['rate_ref'] }],
  },
};
