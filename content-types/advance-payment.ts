/**
 * An advance payment (akonto) a party owes for a billing point: a monthly
 * amount for one category group from validFrom to validTo (both included,
 * open when null). A changed amount is a new record from the day it applies.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_advance_payments',
    info: { singularName: 'advance-payment', pluralName: 'advance-payments', displayName: 'Advance payment' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      billingPointRef: { type: 'string', required: true, maxLength: 64 },
      buildingRef: { type: 'string', required: true, maxLength: 64 },
      partyRef: { type: 'string', required: true, maxLength: 64 },
      group: { type: 'string', required: true, maxLength: 200 },
      monthlyAmount: { type: 'string', required: true, maxLength: 40 },
      validFrom: { type: 'string', required: true, maxLength: 10 },
      validTo: { type: 'string', maxLength: 10 },
    },
    indexes: [{ name: 'utilities_advance_payments_point_idx', columns: ['billing_point_ref'] }],
  },
};
