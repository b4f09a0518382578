import { Transform, type TransformCallback } from 'node:stream';
import { DomainError, invalid } from '../common/errors';
import type { LogStatus } from '../ingestion/log-status';

/**
 * Meter files often arrive compressed: market files (NEM12) as `.zip`, SFTP drops as
 * `.gz`. A channel reads both as streams — nothing is unpacked to disk — and each
 * member of a zip becomes its own ingestion log entry, named `archive.zip/member.csv`.
 *
 * What a delivery is comes from its first bytes, not its name: a `.csv` that is really
 * gzip is read as gzip, a `.zip` that is really text is read as text (and its rows speak
 * for themselves).
 */
export type Compression = 'gzip' | 'zip' | null;

export function detectCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  // A local file header, or the end record of an empty archive.
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x06054b50) return 'zip';
  return null;
}

/** Bounds of what one compressed delivery may expand to (plugin config channels.archives). */
export type ArchiveLimits = {
  /** All members (or the gzip stream) together, uncompressed. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed, checked once at least `ratioCheckMinBytes` came out. */
  maxCompressionRatio: number;
  ratioCheckMinBytes: number;
  /** Members of one zip. */
  maxEntries: number;
};

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  // A year of 15-minute readings for a few thousand meters; streamed, so only time grows.
  maxUncompressedBytes: 2 * 1024 * 1024 * 1024,
  // Meter files repeat themselves (zero intervals, the same meter number on every row):
  // 20–60× is ordinary; a bomb of zeros is 1,000×.
  maxCompressionRatio: 500,
  ratioCheckMinBytes: 16 * 1024 * 1024,
  maxEntries: 1000,
};

const megabytes = (bytes: number) =>
  bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** The file name a format sees for a gzip delivery: `readings.csv.gz` → `readings.csv`. */
export function gunzippedName(name: string): string {
  return /\.gz$/i.test(name) && name.length > 3 ? name.slice(0, -3) : name;
}

/** The log entry's name of a zip member: `export.zip/2026-11/readings.csv`. */
export function memberLogName(archiveName: string, entryName: string): string {
  return `${archiveName}/${entryName}`.slice(0, 255);
}

/** Members that are not files of the delivery: folders, and the metadata macOS adds to a zip. */
export function isArchiveMetadata(entryName: string): boolean {
  return entryName.endsWith('/') || entryName.startsWith('__MACOSX/') || /(^|\/)\.DS_Store$/.test(entryName);
}

const NESTED_ARCHIVE = /\.(zip|gz|tgz|tar|7z|rar|bz2|xz)$/i;
// Control and invisible characters; a member name is shown on the log and must read as written.
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/;

/**
 * Why a member is not read, or null when it is. A member's name is only ever a label
 * (nothing is written to disk), but a name that climbs out of the archive or hides
 * characters says the archive was not made by a meter system; an archive inside an
 * archive is not unpacked (each level would multiply the zip-bomb budget).
 */
export function memberProblem(entryName: string): string | null {
  if (UNPRINTABLE.test(entryName)) return 'its name holds control or invisible characters';
  if (entryName.startsWith('/') || /^[A-Za-z]:[\\/]/.test(entryName) || entryName.includes('\\'))
    return 'its name is an absolute or Windows path';
  if (entryName.split('/').includes('..')) return 'its name climbs out of the archive ("..")';
  if (NESTED_ARCHIVE.test(entryName))
    return 'it is an archive inside the archive; deliver its files in the outer archive instead';
  return null;
}

/**
 * A pass-through that refuses, mid-stream, a gzip delivery expanding beyond the limits
 * (`compressedBytes` reports how much of the compressed input has been read so far).
 */
export function expansionGuard(
  fileName: string,
  limits: ArchiveLimits,
  compressedBytes: () => number,
): Transform {
  let produced = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      produced += chunk.length;
      if (produced > limits.maxUncompressedBytes) {
        done(
          new DomainError(
            'too-large',
            `"${fileName}" expands to more than ${megabytes(limits.maxUncompressedBytes)}, the most a compressed delivery may hold (plugin config channels.archives.maxUncompressedBytes)`,
            { code: 'archive-too-large', params: { limit: limits.maxUncompressedBytes } },
          ),
        );
        return;
      }
      const ratio = produced / Math.max(compressedBytes(), 1);
      if (produced >= limits.ratioCheckMinBytes && ratio > limits.maxCompressionRatio) {
        done(
          new DomainError(
            'too-large',
            `"${fileName}" was refused as a possible zip bomb: it expands ${Math.round(ratio)} times; at most ${limits.maxCompressionRatio} times is accepted`,
            {
              code: 'archive-ratio',
              params: { ratio: Math.round(ratio), limit: limits.maxCompressionRatio },
            },
          ),
        );
        return;
      }
      done(null, chunk);
    },
  });
}

/** The sentence for a gzip stream that is not one (truncated, corrupt). */
export function damagedGzip(fileName: string, reason: string): DomainError {
  return invalid(`"${fileName}" is not a readable gzip file: ${reason}`, [], 'archive-damaged', {
    file: fileName,
  });
}

const ZIP_CODES = new Set([
  'zip-damaged',
  'zip-too-many-entries',
  'zip-bomb-ratio',
  'zip-too-large',
  'zip-encrypted',
  'zip-bomb-overflow',
]);

/**
 * The zip reader (src/usage/zip-inspect.ts, shared with spreadsheet uploads) words its
 * refusals for workbooks; for a delivered archive the same refusal, by its code, in the
 * words of an archive. Anything else keeps its own message.
 */
export function archiveRefusal(archiveName: string, error: unknown): string {
  if (!(error instanceof DomainError)) return error instanceof Error ? error.message : String(error);
  const code = typeof error.details.code === 'string' ? error.details.code : '';
  if (!ZIP_CODES.has(code)) return error.message;
  const p = (error.details.params ?? {}) as Record<string, string | number | undefined>;
  const name = `"${archiveName}"`;
  switch (code) {
    case 'zip-damaged':
      return `${name} is not a readable zip archive: ${String(p.reason ?? 'its structure is damaged')}`;
    case 'zip-too-many-entries':
      return `${name} holds ${String(p.entries)} files; at most ${String(p.limit ?? DEFAULT_ARCHIVE_LIMITS.maxEntries)} are read from one archive (plugin config channels.archives.maxEntries)`;
    case 'zip-bomb-ratio':
      return `${name} was refused as a possible zip bomb: its file "${String(p.entry)}" expands ${String(p.ratio)} times; at most ${String(p.limit)} times is accepted`;
    case 'zip-too-large':
      return `${name} expands to ${megabytes(Number(p.uncompressedBytes))}, more than the ${megabytes(Number(p.limit))} a compressed delivery may hold (plugin config channels.archives.maxUncompressedBytes)`;
    case 'zip-encrypted':
      return `${name} is encrypted; deliver it without a password`;
    default:
      return `${name} was refused as a possible zip bomb: its file "${String(p.entry)}" expands beyond the size it declares`;
  }
}

/** What became of one member of a zip delivery (its own log entry). */
export type MemberOutcome = {
  name: string;
  status: LogStatus;
  totalRows: number;
  insertedRows: number;
  failedRows: number;
};

/**
 * The archive's own log entry once its members are read: the rows of all members
 * together, Completed only when every member is, Failed only when none gave a usable
 * row, and a sentence naming the members to look at. Entries that are not files
 * (folders, macOS metadata) are named too: nothing in a delivery goes unmentioned.
 */
export function archiveOutcome(
  archiveName: string,
  members: MemberOutcome[],
  notFiles: number,
): { status: LogStatus; totalRows: number; insertedRows: number; failedRows: number; error: string | null } {
  const sum = (pick: (m: MemberOutcome) => number) => members.reduce((n, m) => n + pick(m), 0);
  const done = (m: MemberOutcome) => m.status === 'Completed' || m.status === 'Skipped';
  const unusable = (m: MemberOutcome) => m.status === 'Failed';
  const status: LogStatus = members.every(done)
    ? 'Completed'
    : members.every(unusable)
      ? 'Failed'
      : 'Partial';
  const notes: string[] = [];
  const toLook = members.filter((m) => !done(m));
  if (toLook.length) {
    notes.push(
      `${toLook.length} of ${members.length} files in "${archiveName}" were not fully stored — ` +
        `${toLook.map((m) => `${m.name} (${m.status})`).join(', ')}; each has its own log entry`,
    );
  }
  if (notFiles > 0) notes.push(`${notFiles} folder or macOS metadata entries were not read`);
  return {
    status,
    totalRows: sum((m) => m.totalRows),
    insertedRows: sum((m) => m.insertedRows),
    failedRows: sum((m) => m.failedRows),
    error: notes.length ? notes.join('. ') : null,
  };
}

/** An error of Node's zlib (corrupt or truncated data) as the sentence a person reads; others unchanged. */
export function gzipFailure(fileName: string, error: Error): Error {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('Z_') ? damagedGzip(fileName, error.message) : error;
}
