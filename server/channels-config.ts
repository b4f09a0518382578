import { z } from 'zod';
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from '../src/channels/compressed-delivery';
import type { RetryPolicy } from '../src/common/db-outage';
import { parseEncryptionKey } from '../src/channels/secret-sealing';

/**
 * The channel part of the plugin configuration (config/plugins → utilities.config):
 *
 *   channels: {
 *     localFolder: { allowedRoots: ['/srv/meter-drops'] },   // default [] = local-folder refuses every folder
 *     timeouts: { connectMs, inactivityMs, callMs, fileMs }, // bounds of every remote call
 *     archives: { maxUncompressedBytes, maxCompressionRatio, maxEntries }, // .zip / .gz deliveries
 *     outageRetry: { firstDelayMs, maxDelayMs, attempts }, // a pull the database dropped retries itself
 *   },
 *   encryptionKey: '…',            // else env UTILITIES_ENCRYPTION_KEY, else derived from admin.secrets.encryptionKey
 *   previousEncryptionKeys: ['…'], // keys that still open values sealed before a rotation
 *
 * Folders for local-folder channels are an operator decision (they expose the server's
 * files to CMS editors), so they live here and never in the admin UI.
 */
const positiveMs = (name: string, max: number) =>
  z
    .number({ error: `${name} must be a number of milliseconds` })
    .int({ error: `${name} must be a whole number of milliseconds` })
    .min(100, { error: `${name} must be at least 100 ms` })
    .max(max, { error: `${name} must be at most ${max} ms` });

const encryptionKeyText = (name: string) =>
  z.string({ error: `${name} must be text` }).refine(
    (value) => {
      try {
        parseEncryptionKey(value);
        return true;
      } catch {
        return false;
      }
    },
    // Never echo the value: it is a secret even when malformed.
    {
      error: `${name} must be 32 random bytes written as 64 hex characters or 44 base64 characters (openssl rand -base64 32)`,
    },
  );

export const channelsConfigShape = {
  channels: z
    .strictObject({
      localFolder: z
        .strictObject({
          allowedRoots: z.array(
            z.string({ error: 'channels.localFolder.allowedRoots must list folder paths' }).min(1),
            {
              error: 'channels.localFolder.allowedRoots must be a list of folder paths',
            },
          ),
        })
        .optional(),
      timeouts: z
        .strictObject({
          connectMs: positiveMs('channels.timeouts.connectMs', 300_000).optional(),
          inactivityMs: positiveMs('channels.timeouts.inactivityMs', 600_000).optional(),
          callMs: positiveMs('channels.timeouts.callMs', 600_000).optional(),
          fileMs: positiveMs('channels.timeouts.fileMs', 86_400_000).optional(),
        })
        .optional(),
      archives: z
        .strictObject({
          maxUncompressedBytes: z
            .number({ error: 'channels.archives.maxUncompressedBytes must be a number of bytes' })
            .int({ error: 'channels.archives.maxUncompressedBytes must be a whole number of bytes' })
            .min(1024, { error: 'channels.archives.maxUncompressedBytes must be at least 1024' })
            .max(64 * 1024 ** 3, { error: 'channels.archives.maxUncompressedBytes must be at most 64 GiB' })
            .optional(),
          maxCompressionRatio: z
            .number({ error: 'channels.archives.maxCompressionRatio must be a number' })
            .int({ error: 'channels.archives.maxCompressionRatio must be a whole number' })
            .min(2, { error: 'channels.archives.maxCompressionRatio must be at least 2' })
            .max(100_000, { error: 'channels.archives.maxCompressionRatio must be at most 100000' })
            .optional(),
          maxEntries: z
            .number({ error: 'channels.archives.maxEntries must be a number' })
            .int({ error: 'channels.archives.maxEntries must be a whole number' })
            .min(1, { error: 'channels.archives.maxEntries must be at least 1' })
            .max(100_000, { error: 'channels.archives.maxEntries must be at most 100000' })
            .optional(),
        })
        .optional(),
      outageRetry: z
        .strictObject({
          firstDelayMs: positiveMs('channels.outageRetry.firstDelayMs', 600_000).optional(),
          maxDelayMs: positiveMs('channels.outageRetry.maxDelayMs', 3_600_000).optional(),
          attempts: z
            .number({ error: 'channels.outageRetry.attempts must be a number' })
            .int({ error: 'channels.outageRetry.attempts must be a whole number' })
            .min(0, { error: 'channels.outageRetry.attempts must be at least 0' })
            .max(100, { error: 'channels.outageRetry.attempts must be at most 100' })
            .optional(),
        })
        .optional(),
      pullAnswerWithinMs: z
        .number({ error: 'channels.pullAnswerWithinMs must be a number of milliseconds' })
        .int({ error: 'channels.pullAnswerWithinMs must be a whole number of milliseconds' })
        .min(0, { error: 'channels.pullAnswerWithinMs must be at least 0' })
        .max(300_000, { error: 'channels.pullAnswerWithinMs must be at most 300000' })
        .optional(),
    })
    .optional(),
  encryptionKey: encryptionKeyText('encryptionKey').optional(),
  previousEncryptionKeys: z.array(encryptionKeyText('previousEncryptionKeys[]')).optional(),
};

export type ChannelTimeouts = {
  /** SFTP handshake (TCP connect, banner, key exchange, login). */
  connectMs: number;
  /** Longest silence of a remote server during one operation or while streaming a file. */
  inactivityMs: number;
  /** Whole budget of one call: test connection, list remote files, the listing of a pull. */
  callMs: number;
  /** Whole budget for ingesting one file (download and processing). */
  fileMs: number;
};

export type ChannelsPluginConfig = {
  channels: {
    localFolder: { allowedRoots: string[] };
    timeouts: ChannelTimeouts;
    /** Pull now answers with the result when the pull ends within this time, else 202 while it goes on. */
    pullAnswerWithinMs: number;
    /** How a pull interrupted by a database outage is retried (src/common/db-outage.ts). */
    outageRetry: RetryPolicy;
    /** What a .zip or .gz delivery may expand to (src/channels/compressed-delivery.ts). */
    archives: Pick<ArchiveLimits, 'maxUncompressedBytes' | 'maxCompressionRatio' | 'maxEntries'>;
  };
  encryptionKey?: string;
  previousEncryptionKeys?: string[];
};

export const channelsDefaults: ChannelsPluginConfig = {
  channels: {
    localFolder: { allowedRoots: [] },
    timeouts: { connectMs: 10_000, inactivityMs: 10_000, callMs: 30_000, fileMs: 900_000 },
    pullAnswerWithinMs: 10_000,
    outageRetry: { firstDelayMs: 2000, maxDelayMs: 300_000, attempts: 10 },
    archives: {
      maxUncompressedBytes: DEFAULT_ARCHIVE_LIMITS.maxUncompressedBytes,
      maxCompressionRatio: DEFAULT_ARCHIVE_LIMITS.maxCompressionRatio,
      maxEntries: DEFAULT_ARCHIVE_LIMITS.maxEntries,
    },
  },
};
