/**
 * A rate: the price of a utility type (targetKind "utility-type") or a usage
 * metric ("usage-metric") for a scope — default (scopeRef ''), a building or a
 * billing point (scopeRef = its documentId) — valid from/to (calendar dates,
 * both included; validTo null = open). Prices are exact decimal text. Within a
 * target and scope validities never overlap (checked under a per-group lock);
 * the unique index on (groupKey, validFrom) forbids two rates of a group
 * starting the same day.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_rates',
    info: { singularName: 'rate', pluralName: 'rates', displayName: 'Rate' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      targetKind: {
        type: 'enumeration',
        enum: ['utility-type', 'usage-metric'],
        required: true,
        default: 'utility-type',
      },
      targetRef: { type: 'string', required: true, maxLength: 64 },
      scope: {
        type: 'enumeration',
        enum: ['default', 'building', 'billing-point'],
        required: true,
        default: 'default',
      },
      scopeRef: { type: 'string', maxLength: 64, default: '' },
      validFrom: { type: 'string', required: true, maxLength: 10 },
      validTo: { type: 'string', maxLength: 10 },
      unitPrice: { type: 'string', maxLength: 40 },
      tiers: { type: 'json' },
      fixedFeePerMonth: { type: 'string', maxLength: 40 },
      vatRate: { type: 'string', required: true, maxLength: 40 },
      currency: { type: 'string', required: true, maxLength: 3 },
      name: { type: 'string', maxLength: 255 },
      // Time-of-use part (src/charging/tariffs/tariff-rate.ts): the calendar by its permanent code,
      // band prices, price components and a demand price, as validated canonical text.
      tariffCalendar: { type: 'string', maxLength: 64 },
      bandPrices: { type: 'json' },
      components: { type: 'json' },
      demandPricePerKw: { type: 'string', maxLength: 40 },
      demandBands: { type: 'json' },
      // "<targetKind>:<targetRef>:<scope>:<scopeRef>": one column, so the unique index stays within
      // MySQL's 3072-byte key limit (five utf8mb4 varchar(255) columns would not).
      groupKey: { type: 'string', required: true, maxLength: 200 },
    },
    indexes: [
      { name: 'utilities_rates_start_uq', columns: ['group_key', 'valid_from'], type: 'unique' },
      { name: 'utilities_rates_target_idx', columns: ['target_kind', 'target_ref'] },
      { name: 'utilities_rates_scope_idx', columns: ['scope', 'scope_ref'] },
    ],
  },
} as const;
