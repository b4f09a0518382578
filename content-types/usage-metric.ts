/**
 * A usage metric: which usage records a rate prices (eGroup, optional eId), the
 * field counted (intCounter … intCounter5, temperature) and how (count, sum,
 * delta, max, latest), in a unit. Its code is unique (real index) and permanent.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_usage_metrics',
    info: { singularName: 'usage-metric', pluralName: 'usage-metrics', displayName: 'Usage metric' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      code: { type: 'string', required: true, maxLength: 64 },
      name: { type: 'string', required: true, maxLength: 255 },
      eGroup: { type: 'string', required: true, maxLength: 64 },
      eId: { type: 'string', maxLength: 64 },
      field: {
        type: 'enumeration',
        enum: ['intCounter', 'intCounter2', 'intCounter3', 'intCounter4', 'intCounter5', 'temperature'],
        default: 'intCounter',
      },
      aggregation: {
        type: 'enumeration',
        enum: ['count', 'sum', 'delta', 'max', 'latest'],
        required: true,
        default: 'count',
      },
      unit: { type: 'string', required: true, maxLength: 16 },
      description: { type: 'text' },
    },
    indexes: [{ name: 'utilities_usage_metrics_code_uq', columns: ['code'], type: 'unique' }],
  },
} as const;
