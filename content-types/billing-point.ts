/**
 * A billing point: the place one invoice is made for (apartment, villa, shop,
 * workshop, parking space). Its code is unique (real index); it belongs to a
 * building and may have its own owner (else the building's owner pays vacancy).
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_billing_points',
    info: { singularName: 'billing-point', pluralName: 'billing-points', displayName: 'Billing point' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      code: { type: 'string', required: true, maxLength: 64 },
      name: { type: 'string', required: true, maxLength: 255 },
      kind: {
        type: 'enumeration',
        enum: ['apartment', 'villa', 'commercial', 'industrial', 'parking', 'other'],
        default: 'apartment',
      },
      buildingRef: { type: 'string', required: true, maxLength: 64 },
      ownerRef: { type: 'string', maxLength: 64 },
      active: { type: 'boolean', default: true },
      notes: { type: 'text' },
    },
    indexes: [
      { name: 'utilities_billing_points_code_uq', columns: ['code'], type: 'unique' },
      { name: 'utilities_billing_points_building_idx', columns: ['building_ref'] },
      { name: 'utilities_billing_points_owner_idx', columns: ['owner_ref'] },
    ],
  },
} as const;
