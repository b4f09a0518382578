import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { invalid } from '../common/errors';
import type { RawCell, RawRow } from './raw-row';
import { decodeWindows1252 } from '../formats/text/windows-1252';
import { sniffDelimiter as sniffFromLines, type CsvDelimiter } from '../formats/csv/sniff-delimiter';

/**
 * CSV files as people actually produce them: Excel's "CSV UTF-8" (with a BOM),
 * Excel's plain "CSV" (Windows-1252 on Western systems, `;` as separator where the
 * decimal comma is used), "Unicode text" (UTF-16 with tabs), and exports from other
 * systems in UTF-8 without BOM.
 *
 * csv-parse 7.0.3's `delimiter_auto` throws on any non-ASCII byte (a BOM, "m³"), so the
 * delimiter is sniffed from the header line (with the meter-file formats' sniffer), and the
 * bytes are decoded here too.
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = CsvDelimiter;

/** Largest single record accepted: a hostile 1 GB quoted field must not be buffered. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/**
 * UTF-8 if every byte of the file is valid UTF-8 (checked in one streaming pass, so a
 * "é" in row 90,000 counts), otherwise Windows-1252 — the superset of Latin-1 that
 * Excel writes on Western Windows. A BOM decides by itself.
 */
export async function detectTextEncoding(path: string): Promise<TextEncodingName> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const bytes = chunk as Buffer;
    if (first) {
      first = false;
      if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
      if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
    }
    try {
      decoder.decode(bytes, { stream: true });
    } catch {
      return 'windows-1252';
    }
  }
  try {
    decoder.decode();
  } catch {
    return 'windows-1252';
  }
  return 'utf-8';
}

// Node's TextDecoder reads "windows-1252" as ISO-8859-1 (0x80 → U+0080, not €): the
// formats layer has the exact single-byte decoder; uploads share it.
export { decodeWindows1252 };

async function* decodedChunks(path: string, encoding: TextEncodingName): AsyncGenerator<string> {
  // TextDecoder drops a leading BOM (ignoreBOM: false), for UTF-8 and UTF-16 alike.
  const decoder = encoding === 'windows-1252' ? undefined : new TextDecoder(encoding);
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    const text = decoder
      ? decoder.decode(chunk as Buffer, { stream: true })
      : decodeWindows1252(chunk as Buffer);
    if (text) yield text;
  }
  const rest = decoder?.decode();
  if (rest) yield rest;
}

/**
 * The delimiter used in the header line alone: header names contain none of the
 * candidates, while data rows may (a decimal comma in a `;` file). A one-column file
 * falls back to the comma.
 */
export function sniffDelimiter(text: string): Delimiter {
  return sniffFromLines([headerLine(text)]) ?? ',';
}

/** Text up to the first line break outside quotes (a quoted header name may hold one). */
function headerLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) return text.slice(0, i);
  }
  return text;
}

const SNIFF_CHARS = 64 * 1024;

export type CsvSource = {
  delimiter: Delimiter;
  rows: AsyncGenerator<RawRow>;
};

/**
 * Excel honours (and some exports write) a first line "sep=;" naming the delimiter.
 * Excel doesn't show that line, so it is not a row here either: row numbers stay
 * the ones the user sees.
 */
const SEPARATOR_HINT = /^sep=([,;\t|])\r?\n/i;

/** Opens the CSV: sniffs the delimiter from its beginning, then streams its records. */
export async function openCsvRows(path: string, encoding: TextEncodingName): Promise<CsvSource> {
  const chunks = decodedChunks(path, encoding);
  let head = '';
  // Two line breaks: a "sep=" hint line may come before the header.
  while (head.length < SNIFF_CHARS && (head.match(/\n/g)?.length ?? 0) < 2) {
    const next = await chunks.next();
    if (next.done) break;
    head += next.value;
  }
  const hint = SEPARATOR_HINT.exec(head);
  if (hint) head = head.slice(hint[0].length);
  const delimiter = hint ? (hint[1] as Delimiter) : sniffDelimiter(head);
  async function* everything(): AsyncGenerator<string> {
    if (head) yield head;
    yield* chunks;
  }
  return { delimiter, rows: csvRecords(everything(), delimiter) };
}

async function* csvRecords(text: AsyncGenerator<string>, delimiter: Delimiter): AsyncGenerator<RawRow> {
  const source = Readable.from(text);
  const parser = parse({
    delimiter,
    // Rows may be shorter or longer than the header: missing trailing cells are empty.
    relax_column_count: true,
    // A stray quote inside an unquoted value ("BS-1792 "Alpha"") is kept as text.
    relax_quotes: true,
    // Empty lines are rows in Excel's view too: keep them so row numbers match, and count them.
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
  });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let number = 0;
  try {
    for await (const record of parser) {
      number += 1;
      const cells = new Map<number, RawCell>();
      (record as string[]).forEach((value, index) => {
        if (value.trim() !== '') cells.set(index + 1, { kind: 'text', text: value });
      });
      yield { number, cells };
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'CSV_QUOTE_NOT_CLOSED') {
      throw invalid(
        `A quoted field (") opened in row ${number + 1} is never closed, so the rest of the file reads as part of one value. ` +
          'Close the quote and upload the file again; nothing from this file was imported.',
      );
    }
    throw invalid(`The CSV file could not be read after row ${number}: ${(error as Error).message}`);
  } finally {
    source.destroy();
    parser.destroy();
  }
}
