/**
 * The fixed allocation keys of one billing point: heated area (m²), value quota
 * (‰), persons, units — decimal text. One per billing point and period key
 * (unique index): periodKey '' is the point's default, a period key
 * ('2024-01-01..2024-12-31', src/allocation/period-key.ts) the keys of that
 * settlement period, which a run of exactly that period prefers.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_allocation_keys',
    info: { singularName: 'allocation-key', pluralName: 'allocation-keys', displayName: 'Allocation keys' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      billingPointRef: { type: 'string', required: true, maxLength: 64 },
      buildingRef: { type: 'string', required: true, maxLength: 64 },
      heatedArea: { type: 'string', required: true, maxLength: 40 },
      valueQuota: { type: 'string', maxLength: 40 },
      persons: { type: 'string', maxLength: 40 },
      units: { type: 'string', maxLength: 40 },
      // Not null, '' for the default: a NULL would never collide in the unique index. The column
      // default fills the rows of a database created before periods were added.
      periodKey: {
        type: 'string',
        maxLength: 40,
        default: '',
        column: { notNullable: true, defaultTo: '' },
      },
    },
    indexes: [
      {
        name: 'utilities_allocation_keys_point_period_uq',
        columns: ['billing_point_ref', 'period_key'],
        type: 'unique',
      },
      { name: 'utilities_allocation_keys_building_idx', columns: ['building_ref'] },
    ],
  },
};
