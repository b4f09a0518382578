/**
 * A cost of a building in an accounting period (a supplier invoice): the
 * category it is shared under (src/allocation/defaults.ts or a building's own),
 * the net amount and VAT rate as decimal text, the invoice date (yyyy-MM-dd).
 * A cost whose date lies in a finalized settlement of its building cannot be
 * changed (409) until that settlement is voided. The supplier's invoice may be
 * attached: a file of Strapi's media library.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_cost_items',
    info: { singularName: 'cost-item', pluralName: 'cost-items', displayName: 'Cost item' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      buildingRef: { type: 'string', required: true, maxLength: 64 },
      category: { type: 'string', required: true, maxLength: 200 },
      amount: { type: 'string', required: true, maxLength: 40 },
      vatRatePercent: { type: 'string', maxLength: 40 },
      date: { type: 'string', required: true, maxLength: 10 },
      supplier: { type: 'string', maxLength: 200 },
      note: { type: 'text' },
      attachment: { type: 'media', multiple: false, allowedTypes: ['files', 'images'] },
    },
    indexes: [{ name: 'utilities_cost_items_building_date_idx', columns: ['building_ref', 'date'] }],
  },
};
