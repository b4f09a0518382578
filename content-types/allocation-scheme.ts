/**
 * A building's own allocation scheme for one category: parts [{ key, percent }]
 * adding up to 100 %. Without one, the category's default (VEWA) applies.
 * A category may also be defined here (name, group, credit) when it is not one
 * of the defaults. One per category and period key (unique index): periodKey
 * '' is the building's default, a period key ('2024-01-01..2024-12-31') the
 * scheme of that settlement period, which a run of exactly that period prefers.
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
      // Not null, '' for the default (see allocation-key.ts).
      periodKey: {
        type: 'string',
        maxLength: 40,
        default: '',
        column: { notNullable: true, defaultTo: '' },
      },
    },
    indexes: [
      {
        name: 'utilities_allocation_schemes_period_uq',
        columns: ['building_ref', 'category', 'period_key'],
        type: 'unique',
      },
    ],
  },
};
