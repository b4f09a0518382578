/**
 * A utility type (WATER, ELECTRICITY …). Hidden from the Content Manager and the
 * Content-Type Builder: the plugin's own pages and rules own it. The code carries a
 * real database unique index (Strapi's `unique: true` alone is an application check).
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_utility_types',
    info: { singularName: 'utility-type', pluralName: 'utility-types', displayName: 'Utility type' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      // Uniqueness is the index below, not `unique: true`: Strapi's application check
      // would race with a concurrent save and answer its own, vaguer, message.
      code: { type: 'string', required: true, maxLength: 64 },
      name: { type: 'string', required: true, maxLength: 255 },
      description: { type: 'text' },
      identifierSchema: { type: 'json' },
      displayOrder: { type: 'integer', default: 0 },
      active: { type: 'boolean', default: true },
    },
    indexes: [{ name: 'utilities_utility_types_code_uq', columns: ['code'], type: 'unique' }],
  },
} as const;
