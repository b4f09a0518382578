/**
 * A payment received from (or a refund paid back to) a party for a billing
 * point: the amount booked against one advance group (as advance payments use)
 * on a day. A refund's amount is negative. The bank's reference, when given,
 * identifies one payment of the building (unique index; NULLs never collide).
 * A settlement run with advanceBasis "paid" counts these instead of the
 * advances due.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_recorded_payments',
    info: {
      singularName: 'recorded-payment',
      pluralName: 'recorded-payments',
      displayName: 'Recorded payment',
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      billingPointRef: { type: 'string', required: true, maxLength: 64 },
      buildingRef: { type: 'string', required: true, maxLength: 64 },
      partyRef: { type: 'string', required: true, maxLength: 64 },
      group: { type: 'string', required: true, maxLength: 200 },
      kind: { type: 'enumeration', enum: ['payment', 'refund'], required: true, default: 'payment' },
      amount: { type: 'string', required: true, maxLength: 40 },
      date: { type: 'string', required: true, maxLength: 10 },
      reference: { type: 'string', maxLength: 200 },
      note: { type: 'text' },
    },
    indexes: [
      { name: 'utilities_recorded_payments_point_idx', columns: ['billing_point_ref'] },
      {
        name: 'utilities_recorded_payments_reference_uq',
        columns: ['building_ref', 'reference'],
        type: 'unique',
      },
    ],
  },
};
