/** A device type (a meter model). Code uniqueness is a real index, as for utility types. */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_device_types',
    info: { singularName: 'device-type', pluralName: 'device-types', displayName: 'Device type' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      code: { type: 'string', required: true, maxLength: 64 },
      name: { type: 'string', required: true, maxLength: 255 },
      manufacturer: { type: 'string', maxLength: 255 },
      description: { type: 'text' },
      active: { type: 'boolean', default: true },
    },
    indexes: [{ name: 'utilities_device_types_code_uq', columns: ['code'], type: 'unique' }],
  },
} as const;
