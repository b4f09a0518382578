/**
 * A building's own allocation scheme for one category: parts [{ key, percent }]
 * adding up to 100 %. Without one, the category's default (VEWA) applies.
 * A category may also be defined here (name, group, credit) when it is not one
 * of the defaults.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_allocation_schemes',
    info: {
      singularName: 'allocation-scheme',
      pluralName: 'allocation-schemes',
      displayName: 'Allocation scheme',
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      buildingRef: { type: 'string', required: true, maxLength: 64 },
      category: { type: 'string', required: true, maxLength: 200 },
      categoryName: { type: 'string', maxLength: 200 },
      group: { type: 'string', maxLength: 200 },
      credit: { type: 'boolean', default: false },
      parts: { type: 'json', required: true },
    },
    indexes: [
      { name: 'utilities_allocation_schemes_uq', columns: ['building_ref', 'category'], type: 'unique' },
    ],
  },
};
