/**
 * A channel: a connection to an external meter-data source, run by a handler (DESIGN §4,
 * the guide's "Set up utility channels"). `code` and `handler` are permanent. `config`
 * holds the handler's field values with every secret sealed (AES-256-GCM, record = the
 * channel code); responses never carry it unmasked. Hidden from the Content Manager and
 * the Content-Type Builder: the plugin's own pages and rules own it.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_channels',
    info: { singularName: 'channel', pluralName: 'channels', displayName: 'Channel' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      code: { type: 'string', required: true, maxLength: 64 },
      name: { type: 'string', required: true, maxLength: 255 },
      handler: { type: 'string', required: true, maxLength: 64 },
      active: { type: 'boolean', default: true },
      production: { type: 'boolean', default: false },
      displayOrder: { type: 'integer', default: 0 },
      schedule: { type: 'string', maxLength: 200 },
      config: { type: 'json' },
      lastPullAt: { type: 'datetime' },
      lastSuccessfulPullAt: { type: 'datetime' },
      lastError: { type: 'text' },
    },
    indexes: [{ name: 'utilities_channels_code_uq', columns: ['code'], type: 'unique' }],
  },
} as const;
