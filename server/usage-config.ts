import { z } from 'zod';
import { DEFAULT_BATCH_LIMIT } from '../src/usage/batch';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_ROWS } from '../src/usage/spreadsheet-import';
import { DEFAULT_ZIP_LIMITS } from '../src/usage/zip-inspect';

/**
 * The usage-records part of the plugin configuration (config/plugins → utilities.config):
 *
 *   usage: {
 *     maxBatch: 1000,                  // records per POST /api/utilities/usage-records
 *     maxRecordBodyBytes: 65536,       // body of one single-record request
 *     maxBatchBodyBytes: 1048576,      // body of one batch request
 *     apiTokenCacheMs: 5000,           // how long a verified device token is trusted
 *                                      // before it is looked up again (0: every request)
 *     import: {                        // spreadsheet uploads (admin)
 *       maxFileBytes: 52428800,        // 50 MB
 *       maxRows: 200000,
 *       maxUncompressedBytes: 209715200, // .xlsx: the zip's content, zip-bomb guard
 *       maxCompressionRatio: 100,
 *       readerHeapMb: 256,             // the heap of the thread reading a file: a file
 *                                      // needing more is refused as too large
 *     },
 *   }
 *
 * Body limits are checked from Content-Length before the body is read. Strapi's own
 * body parser (`strapi::body`, koa-body: 1 MB of JSON by default) still applies on top:
 * raise its `jsonLimit` in config/middlewares too when raising maxBatchBodyBytes.
 */
const positiveInt = (name: string, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(1, { error: `${name} must be at least 1` })
    .max(max, { error: `${name} must be at most ${max}` });

export const usageConfigShape = {
  usage: z
    .strictObject({
      maxBatch: positiveInt('usage.maxBatch', 10_000).optional(),
      maxRecordBodyBytes: positiveInt('usage.maxRecordBodyBytes', 16 * 1024 * 1024).optional(),
      maxBatchBodyBytes: positiveInt('usage.maxBatchBodyBytes', 256 * 1024 * 1024).optional(),
      apiTokenCacheMs: z
        .number({ error: 'usage.apiTokenCacheMs must be a number' })
        .int({ error: 'usage.apiTokenCacheMs must be a whole number' })
        .min(0, { error: 'usage.apiTokenCacheMs must be at least 0' })
        .max(300_000, { error: 'usage.apiTokenCacheMs must be at most 300000 (5 minutes)' })
        .optional(),
      import: z
        .strictObject({
          maxFileBytes: positiveInt('usage.import.maxFileBytes', 2 * 1024 * 1024 * 1024).optional(),
          maxRows: positiveInt('usage.import.maxRows', 10_000_000).optional(),
          maxUncompressedBytes: positiveInt(
            'usage.import.maxUncompressedBytes',
            8 * 1024 * 1024 * 1024,
          ).optional(),
          maxCompressionRatio: positiveInt('usage.import.maxCompressionRatio', 100_000).optional(),
          readerHeapMb: positiveInt('usage.import.readerHeapMb', 16_384)
            .min(16, { error: 'usage.import.readerHeapMb must be at least 16' })
            .optional(),
        })
        .optional(),
    })
    .optional(),
};

export type UsageConfig = {
  maxBatch: number;
  maxRecordBodyBytes: number;
  maxBatchBodyBytes: number;
  apiTokenCacheMs: number;
  import: {
    maxFileBytes: number;
    maxRows: number;
    maxUncompressedBytes: number;
    maxCompressionRatio: number;
    readerHeapMb: number;
  };
};

export type UsagePluginConfig = { usage: UsageConfig };

export const usageDefaults: UsagePluginConfig = {
  usage: {
    maxBatch: DEFAULT_BATCH_LIMIT,
    // One record is at most ~17 KB (eventDataJ is capped at 16 KB); 64 KB leaves room for form encoding.
    maxRecordBodyBytes: 64 * 1024,
    // koa-body's default JSON limit: a batch above it would be refused by Strapi anyway.
    maxBatchBodyBytes: 1024 * 1024,
    // A change made on another node reaches this one within this time; on this node at once.
    apiTokenCacheMs: 5000,
    import: {
      maxFileBytes: DEFAULT_MAX_FILE_BYTES,
      maxRows: DEFAULT_MAX_ROWS,
      maxUncompressedBytes: DEFAULT_ZIP_LIMITS.maxUncompressedBytes,
      maxCompressionRatio: DEFAULT_ZIP_LIMITS.maxCompressionRatio,
      // Reading rows keeps a few MB live. The largest shared-strings table the default zip
      // limit lets through (3.27 M strings of 16 CJK characters, 200 MB of XML) was read
      // within 64 MB; 256 leaves room, and is what one upload's reading can take at most.
      readerHeapMb: 256,
    },
  },
};
