/**
 * A building (billing module): code, name, postal address, owner party and the
 * IANA time zone its billing points' calendar dates are kept in. References to
 * other records are scalar documentId columns (`…Ref`), like every billing
 * record: the rules join and lock on them, and a unique index can cover them.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_buildings',
    info: { singularName: 'building', pluralName: 'buildings', displayName: 'Building' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      code: { type: 'string', required: true, maxLength: 64 },
      name: { type: 'string', required: true, maxLength: 255 },
      address: { type: 'json' },
      ownerRef: { type: 'string', maxLength: 64 },
      timezone: { type: 'string', required: true, maxLength: 64 },
      // Device documentIds of the building's main meters: the VEE sum check sets each one
      // against the sub-meters of its utility type at the building's billing points.
      mainMeterRefs: { type: 'json' },
    },
    indexes: [
      { name: 'utilities_buildings_code_uq', columns: ['code'], type: 'unique' },
      { name: 'utilities_buildings_owner_idx', columns: ['owner_ref'] },
    ],
  },
} as const;
