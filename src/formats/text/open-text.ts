import type { Readable } from 'node:stream';
import { createNewlineNormalizer, normalizeNewlines } from './newlines';
import { decodeWindows1252 } from './windows-1252';

/**
 * Opening a meter file as text: look at its first bytes once to refuse what is
 * not text (an .xlsx, a PDF, a zip, random binary), to find its encoding (BOM,
 * UTF-16, UTF-8 or Windows-1252) and to notice an empty file; then hand out the
 * whole file as UTF-8 chunks with LF line endings and no BOM, read lazily.
 */

/** What a channel may configure. `auto` = UTF-8 if the start of the file is valid UTF-8, else Windows-1252. */
export type EncodingChoice = 'auto' | 'utf-8' | 'windows-1252';
export const ENCODING_CHOICES = ['auto', 'utf-8', 'windows-1252'] as const;

export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface OpenedText {
  kind: 'text';
  encoding: TextEncodingName;
  /** The first bytes of the file, decoded, BOM removed, newlines as LF: for sniffing. */
  head: string;
  /** True when `head` is the whole file. */
  headIsWholeFile: boolean;
  /**
   * The whole file (head included) as UTF-8 bytes with LF newlines. Iterate it
   * once. A read error of the underlying stream is thrown from here.
   */
  chunks: AsyncIterable<Buffer>;
  /** Stops reading and destroys the source stream; safe to call more than once. */
  close(): Promise<void>;
}

export type OpenTextResult = OpenedText | { kind: 'empty' } | { kind: 'fatal'; error: string };

export interface OpenTextOptions {
  encoding?: EncodingChoice;
  /** How many bytes to look at before deciding. */
  headBytes?: number;
}

export const DEFAULT_HEAD_BYTES = 64 * 1024;

const BOM_UTF8 = [0xef, 0xbb, 0xbf];
const BOM_UTF16LE = [0xff, 0xfe];
const BOM_UTF16BE = [0xfe, 0xff];

export async function openText(stream: Readable, options: OpenTextOptions = {}): Promise<OpenTextResult> {
  const choice = options.encoding ?? 'auto';
  const headBytes = options.headBytes ?? DEFAULT_HEAD_BYTES;
  const source = stream[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await source.return?.();
    if (!stream.destroyed) stream.destroy();
  };

  const headChunks: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  try {
    while (headLength < headBytes) {
      const next = await source.next();
      if (next.done) {
        ended = true;
        break;
      }
      const chunk = toBuffer(next.value);
      if (!chunk) {
        await close();
        return {
          kind: 'fatal',
          error: 'The file stream did not deliver bytes (internal error: an object-mode stream was passed)',
        };
      }
      headChunks.push(chunk);
      headLength += chunk.length;
    }
  } catch (error) {
    await close();
    return { kind: 'fatal', error: `The file could not be read: ${messageOf(error)}` };
  }

  const head = Buffer.concat(headChunks, headLength);
  const detected = detectEncoding(head, choice);
  if ('error' in detected) {
    await close();
    return { kind: 'fatal', error: detected.error };
  }
  const { encoding, bomLength } = detected;
  const headText = normalizeNewlines(
    encoding === 'windows-1252'
      ? decodeWindows1252(head)
      : new TextDecoder(encoding).decode(head.subarray(bomLength), { stream: !ended }),
  );
  if (ended && headText.trim() === '') {
    await close();
    return { kind: 'empty' };
  }

  async function* chunks(): AsyncGenerator<Buffer> {
    const normalize = createNewlineNormalizer();
    const decoder = encoding === 'utf-16le' || encoding === 'utf-16be' ? new TextDecoder(encoding) : null;
    const convert = (bytes: Buffer, last: boolean): Buffer => {
      let utf8 = bytes;
      if (decoder) utf8 = Buffer.from(decoder.decode(bytes, { stream: !last }), 'utf8');
      else if (encoding === 'windows-1252') utf8 = Buffer.from(decodeWindows1252(bytes), 'utf8');
      return normalize(utf8);
    };
    try {
      const first = convert(head.subarray(bomLength), ended);
      if (first.length) yield first;
      while (!ended) {
        const next = await source.next();
        if (next.done) {
          ended = true;
          if (decoder) {
            const tail = convert(Buffer.alloc(0), true);
            if (tail.length) yield tail;
          }
          break;
        }
        const chunk = toBuffer(next.value);
        if (!chunk) throw new Error('the file stream delivered something other than bytes');
        const out = convert(chunk, false);
        if (out.length) yield out;
      }
    } finally {
      await close();
    }
  }

  return { kind: 'text', encoding, head: headText, headIsWholeFile: ended, chunks: chunks(), close };
}

type Detected = { encoding: TextEncodingName; bomLength: number } | { error: string };

/** Decides how to decode the file from its first bytes, or why it is not text at all. */
export function detectEncoding(head: Buffer, choice: EncodingChoice): Detected {
  if (startsWith(head, BOM_UTF8)) return { encoding: 'utf-8', bomLength: 3 };
  if (startsWith(head, BOM_UTF16LE)) return { encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(head, BOM_UTF16BE)) return { encoding: 'utf-16be', bomLength: 2 };

  const known = knownBinaryType(head);
  if (known) return { error: `This is not a text file: it looks like ${known}` };

  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bomLength: 0 };

  if (looksBinary(head)) {
    return {
      error:
        'This is not a text file: it contains binary data (NUL or control bytes). Upload the CSV/text export itself.',
    };
  }
  if (choice === 'utf-8' || choice === 'windows-1252') return { encoding: choice, bomLength: 0 };
  return { encoding: isValidUtf8Prefix(head) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

function knownBinaryType(head: Buffer): string | null {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    return 'a ZIP archive (an .xlsx workbook is one): export the sheet as CSV, or unzip it first';
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0]))
    return 'an old Office document (.xls): export the sheet as CSV';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'a PDF document';
  if (startsWith(head, [0x1f, 0x8b])) return 'a gzip-compressed file: decompress it first';
  return null;
}

/** UTF-16 without a BOM shows as ASCII letters alternating with NUL bytes. */
function utf16WithoutBom(head: Buffer): TextEncodingName | null {
  const sample = Math.min(head.length, 512) & ~1;
  if (sample < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < sample; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = sample / 2;
  if (oddZero === pairs && evenZero === 0) return 'utf-16le';
  if (evenZero === pairs && oddZero === 0) return 'utf-16be';
  return null;
}

/** Text never holds NUL, and control bytes other than tab, LF, FF, CR and the DOS end-of-file mark are rare. */
function looksBinary(head: Buffer): boolean {
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1a) control++;
  }
  return control > 8 && control > head.length / 100;
}

function isValidUtf8Prefix(head: Buffer): boolean {
  try {
    // stream: true tolerates a multi-byte sequence cut off at the end of the head.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  if (buffer.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buffer[i] !== bytes[i]) return false;
  return true;
}

function toBuffer(value: unknown): Buffer | null {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  return null;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
