/**
 * A solar self-consumption community (ZEV, vZEV, LEG): its members (billing
 * points with entry and exit dates), production meters, connection meters and
 * the prices its solar energy is billed at. Lists are JSON, validated as a
 * whole by src/community/community-record.ts; a community has tens to a few
 * hundred members, read together whenever its energy is split.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_communities',
    info: { singularName: 'community', pluralName: 'communities', displayName: 'Community' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      code: { type: 'string', required: true, maxLength: 64 },
      name: { type: 'string', required: true, maxLength: 255 },
      kind: { type: 'enumeration', enum: ['ZEV', 'vZEV', 'LEG'], required: true },
      buildingRef: { type: 'string', maxLength: 64 },
      intervalMinutes: { type: 'integer', required: true, default: 15 },
      members: { type: 'json', required: true },
      productionMeters: { type: 'json', required: true },
      connection: { type: 'json' },
      allocationMethod: {
        type: 'enumeration',
        enum: ['proportional', 'fixed-shares'],
        default: 'proportional',
      },
      commonConsumption: { type: 'enumeration', enum: ['owner', 'pro-rata'], default: 'owner' },
      solarPrices: { type: 'json', required: true },
      gridRateRef: { type: 'string', maxLength: 64 },
      feedInCredit: { type: 'string', maxLength: 40 },
      exportRecipientRef: { type: 'string', maxLength: 64 },
      priceCap: { type: 'json', required: true },
      standardPrices: { type: 'json', required: true },
      legDiscountPercent: { type: 'string', maxLength: 40 },
      notes: { type: 'text' },
    },
    indexes: [
      { name: 'utilities_communities_code_uq', columns: ['code'], type: 'unique' },
      { name: 'utilities_communities_building_idx', columns: ['building_ref'] },
    ],
  },
} as const;
