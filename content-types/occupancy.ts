/**
 * An occupancy: a party occupies a billing point from entryDate to exitDate,
 * both included (exitDate null = still there). Dates are calendar dates
 * (yyyy-MM-dd text, which sorts as the date) in the building's time zone.
 * No two occupancies of a billing point share a day; the rule is enforced under
 * a per-billing-point lock (server/database/billing-locks.ts), and the unique
 * index below is the last line: two can never start on the same day.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_occupancies',
    info: { singularName: 'occupancy', pluralName: 'occupancies', displayName: 'Occupancy' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      billingPointRef: { type: 'string', required: true, maxLength: 64 },
      partyRef: { type: 'string', required: true, maxLength: 64 },
      entryDate: { type: 'string', required: true, maxLength: 10 },
      exitDate: { type: 'string', maxLength: 10 },
      note: { type: 'text' },
    },
    indexes: [
      {
        name: 'utilities_occupancies_start_uq',
        columns: ['billing_point_ref', 'entry_date'],
        type: 'unique',
      },
      { name: 'utilities_occupancies_party_idx', columns: ['party_ref'] },
    ],
  },
} as const;
