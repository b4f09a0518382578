/**
 * A measured key figure of a billing point: the consumption of its heat,
 * hot-water or cold-water meter from one date to another (both included).
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_allocation_measurements',
    info: {
      singularName: 'allocation-measurement',
      pluralName: 'allocation-measurements',
      displayName: 'Allocation measurement',
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      billingPointRef: { type: 'string', required: true, maxLength: 64 },
      buildingRef: { type: 'string', required: true, maxLength: 64 },
      key: { type: 'enumeration', enum: ['heat', 'hot-water', 'cold-water'], required: true },
      from: { type: 'string', required: true, maxLength: 10 },
      to: { type: 'string', required: true, maxLength: 10 },
      consumption: { type: 'string', required: true, maxLength: 40 },
      meterNumber: { type: 'string', maxLength: 200 },
    },
    indexes: [{ name: 'utilities_allocation_measurements_point_idx', columns: ['billing_point_ref'] }],
  },
};
