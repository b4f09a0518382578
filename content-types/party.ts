/**
 * A party: a natural or legal person who is billed (occupant, owner, badge
 * holder). `displayName` is derived (first + last name, or company name) and
 * stored for sorting and search. `memberUserId` links the users-permissions user
 * who signs in as this party; one user is at most one party (unique index —
 * several NULLs are allowed on all three databases).
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_parties',
    info: { singularName: 'party', pluralName: 'parties', displayName: 'Party' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      kind: { type: 'enumeration', enum: ['natural', 'legal'], required: true, default: 'natural' },
      displayName: { type: 'string', maxLength: 255 },
      firstName: { type: 'string', maxLength: 120 },
      lastName: { type: 'string', maxLength: 120 },
      companyName: { type: 'string', maxLength: 255 },
      email: { type: 'string', maxLength: 254 },
      phone: { type: 'string', maxLength: 40 },
      address: { type: 'json' },
      memberUserId: { type: 'integer' },
      // The language of the party's documents (de, fr, it, en); null: the issuer's default.
      language: { type: 'string', maxLength: 2 },
    },
    indexes: [
      { name: 'utilities_parties_member_uq', columns: ['member_user_id'], type: 'unique' },
      { name: 'utilities_parties_display_name_idx', columns: ['display_name'] },
    ],
  },
} as const;
