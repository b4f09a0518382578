import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { coded, DomainError, invalid } from '../common/errors';

/**
 * A small reader for the zip container of an .xlsx: it refuses hostile files before
 * anything is parsed, and then streams single parts to the sheet reader
 * (`locateZipEntry` + `openZipEntry`, used by xlsx-package.ts).
 *
 * An .xlsx is a zip of XML parts. A few kilobytes of deflate can expand to gigabytes
 * of zeros (a "zip bomb"). Defences, in order of cost:
 *
 * 1. `readZipDirectory` + `checkZipBombLimits`: read only the central directory at the
 *    end of the file and refuse, without inflating a byte, archives whose declared
 *    total size or per-entry compression ratio is out of bounds. This stops an
 *    honest bomb in microseconds.
 * 2. `verifyZipEntries`: the declared sizes may lie. Walk the entries in file order
 *    exactly as a streaming zip reader would (no gaps, no overlaps — overlapping entries
 *    are the classic non-recursive bomb — and local headers agreeing with the
 *    directory), then inflate each entry into nothing with a hard cap at its declared
 *    size, checking its CRC-32 and that the deflate stream ends exactly where the
 *    directory says. After this pass the declared sizes are facts, so the limits of
 *    step 1 bound what the sheet reader will inflate — `openZipEntry` stops at the
 *    declared size as well. Memory stays flat; CPU is one inflate.
 *
 * ZIP64 is understood (sizes and offsets beyond 4 GiB are refused by the limits anyway);
 * multi-disk archives, encryption and compression methods other than stored/deflate
 * are refused — no spreadsheet writer produces them.
 */
export type ZipEntry = {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
};

export type ZipDirectory = {
  entries: ZipEntry[];
  /** Where the central directory starts: the entries' data must end exactly here. */
  centralDirectoryOffset: number;
};

export type ZipLimits = {
  /** Sum of the entries' uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed, per entry, for entries of at least `ratioCheckMinBytes`. */
  maxCompressionRatio: number;
  /**
   * Small parts may legitimately compress far better than 100:1 (a 2 MB run of
   * identical empty rows does); only entries at least this large are ratio-checked.
   * Their total stays bounded by `maxUncompressedBytes`.
   */
  ratioCheckMinBytes: number;
  maxEntries: number;
};

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 100,
  ratioCheckMinBytes: 1024 * 1024,
  maxEntries: 10_000,
};

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_DESCRIPTOR = 0x08074b50;

const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;
const MAX_CENTRAL_DIRECTORY_BYTES = 16 * 1024 * 1024;

const FLAG_ENCRYPTED = 0x0001;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;

function damaged(reason: string): DomainError {
  return invalid(
    `The file is not a readable .xlsx workbook: its zip structure is damaged (${reason})`,
    [],
    'zip-damaged',
    {
      reason,
    },
  );
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw damaged(`unexpected end of file at byte ${position + done}`);
    done += bytesRead;
  }
  return buffer;
}

function safeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged(`${what} is impossibly large`);
  return Number(value);
}

/** Reads the central directory (and nothing else) of the zip file open as `file`. */
export async function readZipDirectory(file: FileHandle, fileSize: number): Promise<ZipDirectory> {
  if (fileSize < EOCD_SIZE) throw damaged('too short to be a zip archive');
  const tailLength = Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
  const tailStart = fileSize - tailLength;
  const tail = await readAt(file, tailStart, tailLength);

  // The end record is the last 22 bytes plus a comment of the length it declares;
  // requiring the lengths to add up exactly avoids matching the signature inside a comment.
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged('no end-of-directory record');

  const diskNumber = tail.readUInt16LE(eocd + 4);
  const directoryDisk = tail.readUInt16LE(eocd + 6);
  let entryCount = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (diskNumber !== 0 || directoryDisk !== 0) throw damaged('split across several files');
  let directoryEnd = tailStart + eocd;

  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locatorAt = tailStart + eocd - 20;
    if (locatorAt < 0) throw damaged('ZIP64 locator missing');
    const locator = await readAt(file, locatorAt, 20);
    if (locator.readUInt32LE(0) !== SIG_ZIP64_LOCATOR) throw damaged('ZIP64 locator missing');
    const recordAt = safeNumber(locator.readBigUInt64LE(8), 'ZIP64 record offset');
    if (recordAt + 56 > locatorAt) throw damaged('ZIP64 record out of place');
    const record = await readAt(file, recordAt, 56);
    if (record.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw damaged('ZIP64 record missing');
    entryCount = safeNumber(record.readBigUInt64LE(32), 'entry count');
    directorySize = safeNumber(record.readBigUInt64LE(40), 'directory size');
    directoryOffset = safeNumber(record.readBigUInt64LE(48), 'directory offset');
    directoryEnd = recordAt;
  }

  if (entryCount > DEFAULT_ZIP_LIMITS.maxEntries * 10 || directorySize > MAX_CENTRAL_DIRECTORY_BYTES) {
    throw new DomainError(
      'too-large',
      `The workbook has too many parts (${entryCount}) to be a spreadsheet`,
      { entries: entryCount, ...coded('zip-too-many-entries', { entries: entryCount }) },
    );
  }
  if (directoryOffset + directorySize > directoryEnd) throw damaged('directory overlaps its end record');

  const directory = await readAt(file, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < entryCount; n++) {
    if (at + CENTRAL_HEADER_SIZE > directory.length || directory.readUInt32LE(at) !== SIG_CENTRAL) {
      throw damaged(`directory entry ${n + 1} is malformed`);
    }
    const flags = directory.readUInt16LE(at + 8);
    const method = directory.readUInt16LE(at + 10);
    const crc32 = directory.readUInt32LE(at + 16);
    let compressedSize = directory.readUInt32LE(at + 20);
    let uncompressedSize = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const startDisk = directory.readUInt16LE(at + 34);
    let localHeaderOffset = directory.readUInt32LE(at + 42);
    const nameStart = at + CENTRAL_HEADER_SIZE;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > directory.length) throw damaged(`directory entry ${n + 1} runs past the directory`);
    const name = directory.toString('utf8', nameStart, extraStart);

    // ZIP64 extended information: 8-byte values for exactly the fields saturated above, in this order.
    if (
      uncompressedSize === 0xffffffff ||
      compressedSize === 0xffffffff ||
      localHeaderOffset === 0xffffffff
    ) {
      const zip64 = findExtra(directory.subarray(extraStart, extraStart + extraLength), 0x0001);
      if (!zip64) throw damaged(`entry "${name}" lacks its ZIP64 sizes`);
      let p = 0;
      const next64 = (what: string) => {
        if (p + 8 > zip64.length) throw damaged(`entry "${name}" has a short ZIP64 field`);
        const value = safeNumber(zip64.readBigUInt64LE(p), what);
        p += 8;
        return value;
      };
      if (uncompressedSize === 0xffffffff) uncompressedSize = next64('uncompressed size');
      if (compressedSize === 0xffffffff) compressedSize = next64('compressed size');
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = next64('entry offset');
    }
    if (startDisk !== 0 && startDisk !== 0xffff) throw damaged('split across several files');
    entries.push({
      name,
      flags,
      method,
      crc32,
      compressedSize,
      uncompressedSize,
      localHeaderOffset,
    });
    at = next;
  }
  return { entries, centralDirectoryOffset: directoryOffset };
}

function findExtra(extra: Buffer, id: number): Buffer | undefined {
  let p = 0;
  while (p + 4 <= extra.length) {
    const headerId = extra.readUInt16LE(p);
    const size = extra.readUInt16LE(p + 2);
    if (p + 4 + size > extra.length) return undefined;
    if (headerId === id) return extra.subarray(p + 4, p + 4 + size);
    p += 4 + size;
  }
  return undefined;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Step 1: the declared sizes, without inflating. Throws a 'too-large' DomainError
 * (HTTP 413) naming the limit that was exceeded.
 */
export function checkZipBombLimits(directory: ZipDirectory, limits: ZipLimits = DEFAULT_ZIP_LIMITS): void {
  const { entries } = directory;
  if (entries.length > limits.maxEntries) {
    throw new DomainError(
      'too-large',
      `The workbook has ${entries.length} parts; at most ${limits.maxEntries} are accepted`,
      {
        entries: entries.length,
        limit: limits.maxEntries,
        ...coded('zip-too-many-entries', { entries: entries.length, limit: limits.maxEntries }),
      },
    );
  }
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize >= limits.ratioCheckMinBytes && ratio > limits.maxCompressionRatio) {
      throw new DomainError(
        'too-large',
        `The workbook was refused as a possible zip bomb: its part "${entry.name}" expands ${Math.round(ratio)} times ` +
          `(${megabytes(entry.compressedSize)} → ${megabytes(entry.uncompressedSize)}); at most ${limits.maxCompressionRatio} times is accepted`,
        {
          entry: entry.name,
          ratio: Math.round(ratio),
          limit: limits.maxCompressionRatio,
          ...coded('zip-bomb-ratio', {
            entry: entry.name,
            ratio: Math.round(ratio),
            limit: limits.maxCompressionRatio,
          }),
        },
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw new DomainError(
      'too-large',
      `The workbook was refused: it expands to ${megabytes(total)}, more than the ${megabytes(limits.maxUncompressedBytes)} accepted`,
      {
        uncompressedBytes: total,
        limit: limits.maxUncompressedBytes,
        ...coded('zip-too-large', { uncompressedBytes: total, limit: limits.maxUncompressedBytes }),
      },
    );
  }
}

/** Receives the inflated bytes of one entry during verification (e.g. to look for merged cells). */
export type EntryObserver = (chunk: Buffer) => void;

/**
 * Step 2: walk and inflate every entry with a cap at its declared size (see top).
 * `observe` may return a consumer for an entry's inflated bytes.
 */
export async function verifyZipEntries(
  path: string,
  file: FileHandle,
  directory: ZipDirectory,
  observe: (entryName: string) => EntryObserver | undefined = () => undefined,
): Promise<void> {
  const inFileOrder = [...directory.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  // A streaming reader starts at byte 0 and reads entry after entry until the directory.
  let expectedOffset = 0;
  for (const entry of inFileOrder) {
    if (entry.localHeaderOffset !== expectedOffset) {
      throw damaged(
        entry.localHeaderOffset < expectedOffset
          ? `entry "${entry.name}" overlaps the previous one`
          : `unexplained bytes before entry "${entry.name}"`,
      );
    }
    requireReadableEntry(entry);
    const {
      flags: localFlags,
      compressedSize: localCompressed,
      dataStart,
    } = await readLocalHeader(file, entry);
    const dataEnd = dataStart + entry.compressedSize;
    // unzipper trusts the local compressed size unless a data descriptor follows and it is 0.
    const sizeInLocalHeader = !(localFlags & FLAG_DATA_DESCRIPTOR) || localCompressed !== 0;
    if (sizeInLocalHeader && localCompressed !== 0xffffffff && localCompressed !== entry.compressedSize) {
      throw damaged(`entry "${entry.name}" declares two different sizes`);
    }
    let entryEnd = dataEnd;
    if (dataEnd > directory.centralDirectoryOffset)
      throw damaged(`entry "${entry.name}" runs into the directory`);
    if (localFlags & FLAG_DATA_DESCRIPTOR) {
      const room = Math.min(24, directory.centralDirectoryOffset - dataEnd);
      entryEnd += descriptorLength(await readAt(file, dataEnd, room), entry, sizeInLocalHeader);
    }
    if (entryEnd > directory.centralDirectoryOffset)
      throw damaged(`entry "${entry.name}" runs into the directory`);

    await inflateAndCheck(path, entry, dataStart, !sizeInLocalHeader, observe(entry.name));
    expectedOffset = entryEnd;
  }
  if (expectedOffset !== directory.centralDirectoryOffset)
    throw damaged('unexplained bytes before the directory');
}

/** Length of the data descriptor after an entry: [signature] crc32, sizes (4 or 8 bytes each). */
function descriptorLength(probe: Buffer, entry: ZipEntry, sizeKnown: boolean): number {
  const mismatched = damaged(`entry "${entry.name}" has a missing or mismatched data descriptor`);
  if (probe.length < 12) throw mismatched;
  const signed = probe.readUInt32LE(0) === SIG_DESCRIPTOR;
  // Without a known size, unzipper finds the end of the entry by searching for this signature.
  if (!signed && !sizeKnown) throw damaged(`entry "${entry.name}" has an unsigned data descriptor`);
  const base = signed ? 4 : 0;
  if (probe.length < base + 12 || probe.readUInt32LE(base) !== entry.crc32) throw mismatched;
  if (
    probe.readUInt32LE(base + 4) === entry.compressedSize &&
    probe.readUInt32LE(base + 8) === entry.uncompressedSize
  ) {
    return base + 12;
  }
  if (
    probe.length >= base + 20 &&
    probe.readBigUInt64LE(base + 4) === BigInt(entry.compressedSize) &&
    probe.readBigUInt64LE(base + 12) === BigInt(entry.uncompressedSize)
  ) {
    return base + 20;
  }
  throw mismatched;
}

const DESCRIPTOR_SIGNATURE = Buffer.from([0x50, 0x4b, 0x07, 0x08]);

/** Refuses entries no spreadsheet writer produces and no reader here can open. */
function requireReadableEntry(entry: ZipEntry): void {
  if (entry.flags & FLAG_ENCRYPTED)
    throw invalid(
      'The workbook is encrypted; remove its password in Excel and upload it again',
      [],
      'zip-encrypted',
    );
  if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
    throw damaged(
      `entry "${entry.name}" uses compression method ${entry.method}, which spreadsheets don't use`,
    );
  }
}

type LocalHeader = { flags: number; compressedSize: number; dataStart: number };

/** An entry's local header, which must agree with the directory; `dataStart` is where its bytes begin. */
async function readLocalHeader(file: FileHandle, entry: ZipEntry): Promise<LocalHeader> {
  const local = await readAt(file, entry.localHeaderOffset, LOCAL_HEADER_SIZE);
  if (local.readUInt32LE(0) !== SIG_LOCAL) throw damaged(`entry "${entry.name}" has no local header`);
  const nameLength = local.readUInt16LE(26);
  const extraLength = local.readUInt16LE(28);
  const localName = (await readAt(file, entry.localHeaderOffset + LOCAL_HEADER_SIZE, nameLength)).toString(
    'utf8',
  );
  if (localName !== entry.name || local.readUInt16LE(8) !== entry.method)
    throw damaged(`entry "${entry.name}" disagrees with its local header`);
  return {
    flags: local.readUInt16LE(6),
    compressedSize: local.readUInt32LE(18),
    dataStart: entry.localHeaderOffset + LOCAL_HEADER_SIZE + nameLength + extraLength,
  };
}

/** One entry of a zip, located: what `openZipEntry` needs to stream it later without the directory. */
export type LocatedEntry = ZipEntry & { dataStart: number };

/**
 * Locates an entry for `openZipEntry`: the checks a reader needs before inflating
 * it (a readable method, a local header agreeing with the directory). The sizes
 * are those of the directory: callers check them against the zip-bomb limits first
 * (`checkZipBombLimits`), and `openZipEntry` never inflates more than declared.
 */
export async function locateZipEntry(file: FileHandle, entry: ZipEntry): Promise<LocatedEntry> {
  requireReadableEntry(entry);
  const { dataStart } = await readLocalHeader(file, entry);
  return { ...entry, dataStart };
}

/**
 * The inflated bytes of one entry, streamed: the file is read only as fast as the
 * consumer pulls (backpressure through the async iterator), and stopping early
 * (`return()` or a throw in the consumer's loop) closes the file. It throws the
 * moment the entry inflates beyond its declared size, and, when read to the end,
 * checks that the compressed stream ends exactly at its declared length and that
 * it produced exactly the declared size.
 */
export async function* openZipEntry(
  path: string,
  entry: LocatedEntry,
  inspectCompressed?: (data: Buffer, stop: (error: Error) => void) => void,
): AsyncGenerator<Buffer> {
  if (entry.compressedSize === 0) {
    if (entry.uncompressedSize !== 0) throw damaged(`entry "${entry.name}" is empty but declares content`);
    return;
  }
  if (entry.method === METHOD_STORED && entry.compressedSize !== entry.uncompressedSize) {
    throw damaged(`stored entry "${entry.name}" declares two different sizes`);
  }
  const input = createReadStream(path, {
    start: entry.dataStart,
    end: entry.dataStart + entry.compressedSize - 1,
  });
  const inflater = entry.method === METHOD_DEFLATE ? zlib.createInflateRaw() : undefined;
  let produced = 0;
  try {
    let source: AsyncIterable<unknown> = input;
    if (inflater) {
      if (inspectCompressed) {
        input.on('data', (data: string | Buffer) =>
          inspectCompressed(data as Buffer, (error) => inflater.destroy(error)),
        );
      }
      input.on('error', (error) => inflater.destroy(error));
      input.pipe(inflater);
      source = inflater;
    }
    for await (const data of source) {
      const chunk = data as Buffer;
      produced += chunk.length;
      if (produced > entry.uncompressedSize) {
        throw new DomainError(
          'too-large',
          `The workbook was refused as a possible zip bomb: its part "${entry.name}" expands beyond the ${entry.uncompressedSize} bytes it declares`,
          { entry: entry.name, ...coded('zip-bomb-overflow', { entry: entry.name }) },
        );
      }
      yield chunk;
    }
    if (inflater && inflater.bytesWritten !== entry.compressedSize)
      throw damaged(`entry "${entry.name}" ends before its declared length`);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw damaged(`entry "${entry.name}" could not be decompressed: ${(error as Error).message}`);
  } finally {
    input.destroy();
    inflater?.destroy();
  }
  if (produced !== entry.uncompressedSize) throw damaged(`entry "${entry.name}" is shorter than it declares`);
}

/**
 * Inflates one entry into nothing, stopping the moment it produces more than it
 * declared. Checks size, CRC-32 (when Node has zlib.crc32, i.e. ≥ 20.15) and that
 * the compressed stream is exactly `compressedSize` bytes long.
 */
async function inflateAndCheck(
  path: string,
  entry: ZipEntry,
  dataStart: number,
  searchedByReaders: boolean,
  observer: EntryObserver | undefined,
): Promise<void> {
  const crc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;
  let carry = Buffer.alloc(0);
  // A reader that searches for the descriptor would stop early at this signature and
  // read what follows as a new entry — an entry this check never saw.
  const guardDescriptor = (compressed: Buffer, stop: (error: Error) => void) => {
    const window = Buffer.concat([carry, compressed]);
    if (window.indexOf(DESCRIPTOR_SIGNATURE) >= 0) {
      stop(damaged(`entry "${entry.name}" contains a data descriptor signature`));
    }
    carry = window.subarray(Math.max(0, window.length - 3));
  };
  let crc = 0;
  for await (const chunk of openZipEntry(
    path,
    { ...entry, dataStart },
    searchedByReaders ? guardDescriptor : undefined,
  )) {
    if (crc32) crc = crc32(chunk, crc);
    observer?.(chunk);
  }
  if (crc32 && crc >>> 0 !== entry.crc32) throw damaged(`entry "${entry.name}" fails its checksum`);
}
