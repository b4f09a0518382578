/**
 * A device (meter). `meterNumber` is the identity readings follow (unique index);
 * `label` is the renameable name. Quantities that must stay exact (multiplier,
 * rollover value) are decimal text, not floats. `notActivated` marks a device
 * whose utility-type pairing was removed while it kept its tag.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_devices',
    info: { singularName: 'device', pluralName: 'devices', displayName: 'Device' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      meterNumber: { type: 'string', required: true, maxLength: 64 },
      label: { type: 'string', maxLength: 255 },
      deviceType: { type: 'relation', relation: 'manyToOne', target: 'plugin::utilities.device-type' },
      utilityType: { type: 'relation', relation: 'manyToOne', target: 'plugin::utilities.utility-type' },
      registers: { type: 'json' },
      unit: { type: 'string', maxLength: 16 },
      multiplier: { type: 'string', maxLength: 40, default: '1' },
      rolloverAt: { type: 'string', maxLength: 40 },
      // Register → time-of-use band ({ "1.8.1": "HT", "1.8.2": "NT" }), see src/catalog/device.ts.
      registerBands: { type: 'json' },
      active: { type: 'boolean', default: true },
      source: { type: 'enumeration', enum: ['manual', 'usage-api', 'import'], default: 'manual' },
      notActivated: { type: 'boolean', default: false },
    },
    indexes: [{ name: 'utilities_devices_meter_number_uq', columns: ['meter_number'], type: 'unique' }],
  },
} as const;
