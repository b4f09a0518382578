/**
 * One file a channel picked up, and what became of it (DESIGN §4 "ingestion-log"). The
 * channel is kept as its documentId and code in plain text columns, not as a relation, so
 * the log outlives a deleted channel and still says where the file came from.
 *
 * `fileKey` identifies the remote file (channel + path + size + modification time, see
 * src/channels/file-identity.ts) under a real unique index: a file is recorded once even
 * when two pulls race. Logs that do not come from a remote listing (uploads, legacy logs
 * reconstructed from readings) leave it null, and NULLs never collide.
 */
export default {
  schema: {
    kind: 'collectionType',
    collectionName: 'utilities_ingestion_logs',
    info: { singularName: 'ingestion-log', pluralName: 'ingestion-logs', displayName: 'Ingestion log' },
    options: { draftAndPublish: false },
    pluginOptions: { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } },
    attributes: {
      channelRef: { type: 'string', maxLength: 64 },
      channelCode: { type: 'string', maxLength: 64 },
      source: { type: 'string', maxLength: 64 },
      fileName: { type: 'string', required: true, maxLength: 255 },
      remotePath: { type: 'text' },
      fileSize: { type: 'biginteger' },
      fileModifiedAt: { type: 'datetime' },
      fileKey: { type: 'string', maxLength: 64 },
      fileHash: { type: 'string', maxLength: 64 },
      status: {
        type: 'enumeration',
        enum: ['Pending', 'Processing', 'Completed', 'Failed', 'Partial', 'Skipped'],
        default: 'Pending',
        required: true,
      },
      totalRows: { type: 'integer', default: 0 },
      insertedRows: { type: 'integer', default: 0 },
      failedRows: { type: 'integer', default: 0 },
      startedAt: { type: 'datetime' },
      completedAt: { type: 'datetime' },
      error: { type: 'text' },
      legacy: { type: 'boolean', default: false },
      // [{ at, reason }]: database outages that stopped this file mid-way; it was resumed after each.
      interruptions: { type: 'json' },
    },
    indexes: [
      { name: 'utilities_ingestion_logs_file_key_uq', columns: ['file_key'], type: 'unique' },
      { name: 'utilities_ingestion_logs_channel_idx', columns: ['channel_ref', 'created_at'] },
      { name: 'utilities_ingestion_logs_status_idx', columns: ['status', 'created_at'] },
    ],
  },
} as const;
