/**
 * A settlement run: the annual settlement of one building's costs over a period
 * (src/allocation). result holds the whole SettlementResult — the building
 * statement and one statement per party and billing point. draft → finalized
 * → void like a charge run; a finalized run locks its building and period: cost
 * items dated in it cannot change and no other run of an overlapping period of
 * the building can be finalized until it is voided.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_settlement_runs',
    info: { singularName: 'settlement-run', pluralName: 'settlement-runs', displayName: 'Settlement run' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      buildingRef: { type: 'string', required: true, maxLength: 64 },
      periodStart: { type: 'string', required: true, maxLength: 10 },
      periodEnd: { type: 'string', required: true, maxLength: 10 },
      status: { type: 'enumeration', enum: ['draft', 'finalized', 'void'], required: true, default: 'draft' },
      options: { type: 'json' },
      result: { type: 'json' },
      runBy: { type: 'text' },
      finalizedAt: { type: 'string', maxLength: 40 },
      voidedAt: { type: 'string', maxLength: 40 },
    },
    indexes: [{ name: 'utilities_settlement_runs_building_idx', columns: ['building_ref', 'period_start'] }],
  },
};
