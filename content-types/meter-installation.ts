/**
 * A meter installation: a device measures for a billing point from `fromDate`
 * to `toDate` (calendar dates, both included; toDate null = still installed).
 * The rows are the history: unlinking sets toDate. A device is at one billing
 * point at a time (checked under a per-device lock); the unique index makes
 * two installations of one device starting on the same day impossible.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_meter_installations',
    info: {
      singularName: 'meter-installation',
      pluralName: 'meter-installations',
      displayName: 'Meter installation',
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      deviceRef: { type: 'string', required: true, maxLength: 64 },
      billingPointRef: { type: 'string', required: true, maxLength: 64 },
      fromDate: { type: 'string', required: true, maxLength: 10 },
      toDate: { type: 'string', maxLength: 10 },
    },
    indexes: [
      {
        name: 'utilities_meter_installations_start_uq',
        columns: ['device_ref', 'from_date'],
        type: 'unique',
      },
      { name: 'utilities_meter_installations_point_idx', columns: ['billing_point_ref', 'from_date'] },
    ],
  },
} as const;
