/**
 * One cell of the activation matrix: device type D may measure utility type U.
 * The two sides are scalar documentId columns (not Strapi relations, which live
 * in separate link tables) so that one unique index makes a pair exist at most
 * once, whatever concurrent requests do.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_utility_device_pairs',
    info: {
      singularName: 'utility-device-pair',
      pluralName: 'utility-device-pairs',
      displayName: 'Utility device pair',
    },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      utilityTypeRef: { type: 'string', required: true, maxLength: 64 },
      deviceTypeRef: { type: 'string', required: true, maxLength: 64 },
    },
    indexes: [
      {
        name: 'utilities_utility_device_pairs_uq',
        columns: ['utility_type_ref', 'device_type_ref'],
        type: 'unique',
      },
    ],
  },
} as const;
