import { CsvError, Parser, type Options as CsvParseOptions } from 'csv-parse';
import { messageOf } from '../text/open-text';
import type { CsvDelimiter } from './sniff-delimiter';

/**
 * CSV records from a byte stream, through csv-parse's streaming parser, each with
 * the line it starts on.
 *
 * The input must be UTF-8 with LF newlines (text/open-text.ts does that): with
 * one record delimiter, csv-parse's line counter is right, and the start line of
 * a record is its end line minus the newlines inside its quoted fields.
 *
 * Records are collected synchronously as the parser pushes them while a chunk is
 * written, so every record before a parse error is delivered (iterating the
 * stream itself would drop the buffered ones when the error destroys it), and at
 * most one chunk's records are held at a time. They are handed on a chunk at a
 * time, as one array: a yield per record cost an async generator's promises per
 * record, each through the async-context hooks Strapi installs — a tenth of an
 * ingestion's time (bench/ingestion/RESULTS.md). (Collecting in `on_record` would
 * do the same, but csv-parse then builds an info object per record: 15% of the
 * time of a whole import.)
 *
 * Parse options: quotes are relaxed (a stray quote inside a field stays in the
 * field and the row is judged by the caller, instead of stopping the file),
 * rows may have any number of fields, empty lines and rows of only empty fields
 * are skipped, no `cast` (5× slower; values are checked by the caller), and a
 * record may not grow beyond `maxRecordBytes` — a 10 MB line or a quote that is
 * never closed stops there instead of eating memory.
 */
export type CsvRecordEvent =
  | { kind: 'record'; line: number; fields: string[] }
  /** A quoted field opened on or after `line` is never closed: the rest of the file is one broken value. */
  | { kind: 'unclosed-quote'; line: number; lastLine: number }
  /** Reading stopped at `line`; the records before it were delivered. */
  | { kind: 'stopped'; line: number; error: string };

export interface CsvRecordOptions {
  delimiter: CsvDelimiter;
  /** Lines dropped (unparsed) before the first record; line numbers still count them. */
  skipLines: number;
  maxRecordBytes: number;
}

export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024;

export async function* readCsvRecords(
  chunks: AsyncIterable<Buffer>,
  options: CsvRecordOptions,
): AsyncGenerator<CsvRecordEvent[]> {
  const lineOffset = options.skipLines;
  let queue: CsvRecordEvent[] = [];
  let lastLine = lineOffset;
  let failure: unknown = null;

  const parser = new RecordCollector(
    {
      delimiter: options.delimiter,
      record_delimiter: '\n',
      quote: '"',
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      max_record_size: options.maxRecordBytes,
    },
    (fields) => {
      const endLine = parser.info.lines + lineOffset;
      let inner = 0;
      for (let i = 0; i < fields.length; i++) {
        if (fields[i].indexOf('\n') !== -1) inner += fields[i].split('\n').length - 1;
      }
      queue.push({ kind: 'record', line: endLine - inner, fields });
      lastLine = endLine;
    },
  );
  parser.on('error', (error) => {
    failure ??= error;
  });
  const finished = new Promise<void>((resolve) => {
    parser.once('close', resolve);
    parser.once('end', resolve);
    parser.once('error', () => resolve());
  });
  parser.resume();

  const write = (chunk: Buffer) =>
    new Promise<void>((resolve) => {
      parser.write(chunk, (error) => {
        if (error) failure ??= error;
        resolve();
      });
    });

  /** The records parsed so far, taken from the queue to be handed on as one batch. */
  const take = () => {
    const batch = queue;
    queue = [];
    return batch;
  };

  let endsWithNewline = true;
  try {
    try {
      let skipping = options.skipLines;
      for await (let chunk of chunks) {
        if (skipping > 0) {
          ({ chunk, skipping } = skipLeadingLines(chunk, skipping));
          if (chunk.length === 0) continue;
        }
        endsWithNewline = chunk[chunk.length - 1] === 0x0a;
        await write(chunk);
        if (queue.length) yield take();
        if (failure) break;
      }
    } catch (error) {
      // The source failed (I/O): what was parsed so far stands. The last complete
      // line is still inside the parser (it waits for more bytes); flush it, but
      // never a cut-off line, whose value could be cut short ("1234" → "12").
      if (endsWithNewline && !failure) {
        parser.end();
        await finished;
      } else {
        parser.destroy();
      }
      if (queue.length) yield take();
      yield [
        {
          kind: 'stopped',
          line: lastLine + 1,
          error: `The file could not be read to the end: ${messageOf(error)}`,
        },
      ];
      return;
    }

    if (!failure) parser.end();
    await finished;
    if (queue.length) yield take();
    if (failure) yield [describeFailure(failure, lastLine, lineOffset, options.maxRecordBytes)];
  } finally {
    // Also when the consumer stops early.
    if (!parser.destroyed) parser.destroy();
  }
}

function describeFailure(
  error: unknown,
  lastLine: number,
  lineOffset: number,
  maxRecordBytes: number,
): CsvRecordEvent {
  const line = lastLine + 1;
  const parserLine = (error as { lines?: number }).lines;
  const fileLine = parserLine === undefined ? undefined : parserLine + lineOffset;
  if (error instanceof CsvError || (error as { code?: string }).code?.startsWith('CSV_')) {
    const code = (error as CsvError).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') return { kind: 'unclosed-quote', line, lastLine: fileLine ?? line };
    if (code === 'CSV_MAX_RECORD_SIZE') {
      return {
        kind: 'stopped',
        line,
        error:
          // No "Line N:" here: the outcome carries the line, and whoever shows it prefixes it.
          `A row is longer than ${Math.round(maxRecordBytes / 1024)} KB — either the file is not a meter CSV, ` +
          `or a quote (") opened on this line is never closed. The rows before line ${line} were read; the rest of the file was not.`,
      };
    }
  }
  return { kind: 'stopped', line, error: `The CSV could not be read past line ${line}: ${messageOf(error)}` };
}

/** Drops the first `count` lines of the byte stream (a preamble), across chunks. */
function skipLeadingLines(chunk: Buffer, count: number): { chunk: Buffer; skipping: number } {
  let from = 0;
  let skipping = count;
  while (skipping > 0) {
    const lf = chunk.indexOf(0x0a, from);
    if (lf === -1) return { chunk: Buffer.alloc(0), skipping };
    from = lf + 1;
    skipping--;
  }
  return { chunk: chunk.subarray(from), skipping };
}

/** csv-parse's stream, with each record handed to a callback the moment it is parsed instead of buffered. */
class RecordCollector extends Parser {
  constructor(
    options: CsvParseOptions,
    private readonly onRecord: (fields: string[]) => void,
  ) {
    super(options);
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(null, encoding);
    this.onRecord(chunk as string[]);
    return true;
  }
}
