/**
 * An RFID badge: a normalised UID (src/usage/badge-uid.ts — upper-case hex
 * without separators) held by a party, active, valid from/to (calendar dates,
 * both included). The UID is unique (real index): one physical badge, one row.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_rfid_badges',
    info: { singularName: 'rfid-badge', pluralName: 'rfid-badges', displayName: 'RFID badge' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      uid: { type: 'string', required: true, maxLength: 64 },
      partyRef: { type: 'string', required: true, maxLength: 64 },
      active: { type: 'boolean', default: true },
      validFrom: { type: 'string', maxLength: 10 },
      validTo: { type: 'string', maxLength: 10 },
      label: { type: 'string', maxLength: 120 },
    },
    indexes: [
      { name: 'utilities_rfid_badges_uid_uq', columns: ['uid'], type: 'unique' },
      { name: 'utilities_rfid_badges_party_idx', columns: ['party_ref'] },
    ],
  },
} as const;
