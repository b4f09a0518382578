/**
 * The fixed allocation keys of one billing point: heated area (m²), value quota
 * (‰), persons, units — decimal text. One per billing point (unique index).
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
    },
    indexes: [
      { name: 'utilities_allocation_keys_point_uq', columns: ['billing_point_ref'], type: 'unique' },
      { name: 'utilities_allocation_keys_building_idx', columns: ['building_ref'] },
    ],
  },
};
