/**
 * A property claim: a member (users-permissions user, by numeric id) says "this
 * billing point is mine". Approved claims make the tagged meters installed there
 * the member's utilities (src/members/utility-links.ts). One claim per member and
 * billing point (real unique index): filing again answers 409, the decision is
 * changed instead. decidedBy is the admin user's id.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_property_claims',
    info: { singularName: 'property-claim', pluralName: 'property-claims', displayName: 'Property claim' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      memberId: { type: 'integer', required: true },
      billingPointRef: { type: 'string', required: true, maxLength: 64 },
      status: {
        type: 'enumeration',
        enum: ['pending', 'approved', 'rejected'],
        required: true,
        default: 'pending',
      },
      decidedBy: { type: 'integer' },
      decidedAt: { type: 'datetime' },
      note: { type: 'text' },
    },
    indexes: [
      {
        name: 'utilities_property_claims_member_point_uq',
        columns: ['member_id', 'billing_point_ref'],
        type: 'unique',
      },
      { name: 'utilities_property_claims_point_idx', columns: ['billing_point_ref'] },
      { name: 'utilities_property_claims_status_idx', columns: ['status'] },
    ],
  },
} as const;
