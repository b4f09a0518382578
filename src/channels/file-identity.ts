import { createHash } from 'node:crypto';
import type { RemoteFile } from './handler';

/**
 * Which remote files a channel has already seen. A file is identified by its channel,
 * its path, its size and its modification time — not by its name alone (vendors reuse
 * names such as readings.csv for each drop) and not by its content hash (that needs the
 * whole file downloaded; the ingestion step computes it later). A file rewritten in place
 * changes size or time and so counts as a new file.
 */

export const INGESTION_STATUSES = [
  'Pending',
  'Processing',
  'Completed',
  'Failed',
  'Partial',
  'Skipped',
] as const;
export type IngestionStatus = (typeof INGESTION_STATUSES)[number];

/** What the Remote files tab shows per file: "new" when no log knows it, else the log's status. */
export type RemoteFileStatus = 'new' | Lowercase<IngestionStatus>;

export function remoteFileStatus(logStatus: IngestionStatus | null | undefined): RemoteFileStatus {
  return logStatus ? (logStatus.toLowerCase() as RemoteFileStatus) : 'new';
}

/**
 * The identity key of a remote file of a channel: SHA-256 over the four parts in an
 * unambiguous encoding, stored on the ingestion log under a unique index so a file is
 * recorded once even if two pulls raced.
 */
export function remoteFileKey(
  channelRef: string,
  file: Pick<RemoteFile, 'path' | 'size' | 'modifiedAt'>,
): string {
  const modified = file.modifiedAt.getTime();
  if (!Number.isFinite(modified))
    throw new RangeError(`The modification time of "${file.path}" is not a valid date`);
  if (!Number.isSafeInteger(file.size) || file.size < 0)
    throw new RangeError(`The size of "${file.path}" is not a byte count`);
  return createHash('sha256')
    .update(
      JSON.stringify([
        'strapi-plugin-utilities/remote-file',
        'v1',
        channelRef,
        file.path,
        file.size,
        modified,
      ]),
    )
    .digest('hex');
}
