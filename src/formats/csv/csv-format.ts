import type { Readable } from 'node:stream';
import { defineFormat, fatal, type FormatContext, type ParsedRow } from '../format';
import { resolveTimeZone } from '../local-time';
import { openText } from '../text/open-text';
import { createTimestampParser } from '../timestamps';
import { resolveColumns } from './column-mapping';
import { csvOptionFields, csvOptionsSchema, type CsvOptions } from './csv-options';
import { DEFAULT_MAX_RECORD_BYTES, readCsvRecords } from './csv-records';
import { createCsvRowReader } from './csv-row';
import { delimiterName, sniffDelimiter, type CsvDelimiter } from './sniff-delimiter';

/**
 * The `csv` meter-file format: one reading per row.
 *
 * Default layout: a header row with `meter_number, register, timestamp, value`
 * (plus `unit` and `quality` when present), timestamps in ISO 8601. Everything
 * else — column names or numbers, no header, a fixed register, separate date and
 * time columns, delimiter, decimal comma, timestamp formats — is a channel option.
 *
 * What happens to bad input:
 * - empty file, binary file, a header without the expected columns (often the
 *   wrong delimiter), an unknown time zone: one fatal outcome;
 * - a header with no rows: no outcomes at all (not an error);
 * - a bad row (too few columns, empty meter number, impossible or DST-gap
 *   timestamp, non-numeric or negative value): a rejected row with its line;
 * - extra columns: ignored; but a row with more non-empty fields than its header
 *   is rejected, since "12,5" in a comma file would otherwise read as 12;
 * - a quote that is never closed: the rows before it are delivered, then one
 *   rejected row for the broken rest of the file;
 * - a row longer than 256 KB (a 10 MB line): the rows before it are delivered,
 *   then a fatal outcome — memory stays flat;
 * - the same row twice: delivered twice. De-duplication is the pipeline's job
 *   (meter-reading's unique index on meter, register and time).
 */
export const csvFormat = defineFormat<CsvOptions>({
  id: 'csv',
  label: 'CSV (one reading per row)',
  description:
    'Delimited text with one reading per row: meter number, register, timestamp and value, by header name or column number.',
  optionsSchema: csvOptionsSchema,
  optionFields: csvOptionFields,
  parse: parseCsv,
});

const HEAD_BYTES = 64 * 1024;
/** A batch holds a read chunk's rows; only the lines an unclosed quote swallows could make more. */
const MAX_BATCH_ROWS = 2000;

async function* parseCsv(
  stream: Readable,
  options: CsvOptions,
  context: FormatContext,
): AsyncGenerator<ParsedRow[]> {
  if (!resolveTimeZone(context.timeZone)) {
    stream.destroy();
    yield [fatal(`The channel's time zone "${context.timeZone}" is not a known IANA time zone`)];
    return;
  }
  const opened = await openText(stream, { encoding: options.encoding, headBytes: HEAD_BYTES });
  if (opened.kind === 'fatal') {
    yield [fatal(opened.error)];
    return;
  }
  if (opened.kind === 'empty') {
    yield [fatal('The file is empty')];
    return;
  }

  try {
    const headLines = opened.head.split('\n');
    // The last line of a partial head may be cut off: only complete lines count.
    const completeLines = opened.headIsWholeFile ? headLines : headLines.slice(0, -1);
    const sample = completeLines.slice(options.skipLines).filter((l) => l.trim() !== '');
    if (sample.length === 0) {
      if (opened.headIsWholeFile) {
        yield [
          fatal(
            options.skipLines > 0
              ? `The file has nothing after the ${options.skipLines} skipped line(s)`
              : 'The file is empty',
          ),
        ];
      } else {
        yield [
          fatal(
            `The first line is longer than ${HEAD_BYTES / 1024} KB: this is not a meter CSV file (or its lines do not end with line breaks)`,
            options.skipLines + 1,
          ),
        ];
      }
      return;
    }

    const sniffed = sniffDelimiter(sample);
    const delimiter: CsvDelimiter = options.delimiter === 'auto' ? (sniffed ?? ',') : options.delimiter;
    const parseTimestamp = createTimestampParser({
      formats: options.timestampFormats,
      timeZone: context.timeZone,
      ambiguous: options.ambiguousTimes,
    });

    let readRow: ReturnType<typeof createCsvRowReader> | null = null;
    const rowRules = (
      columns: Parameters<typeof createCsvRowReader>[0]['columns'],
      headerWidth: number | null,
    ) =>
      createCsvRowReader({
        columns,
        parseTimestamp,
        decimal: {
          decimalSeparator: options.decimalSeparator,
          thousandsSeparator: options.thousandsSeparator,
        },
        readingKind: options.readingKind,
        allowNegative: options.allowNegative,
        delimiter,
        hasHeader: options.hasHeader,
        headerWidth,
      });

    if (!options.hasHeader) {
      const resolved = resolveColumns(options.columns, null);
      if (!resolved.ok) {
        yield [fatal(resolved.error)];
        return;
      }
      readRow = rowRules(resolved.columns, null);
    }

    let firstDataRow = true;
    for await (const events of readCsvRecords(opened.chunks, {
      delimiter,
      skipLines: options.skipLines,
      maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
    })) {
      const rows: ParsedRow[] = [];
      for (const event of events) {
        if (event.kind === 'record') {
          if (readRow === null) {
            const header = event.fields.map((name) => name.trim());
            const resolved = resolveColumns(options.columns, header);
            if (!resolved.ok) {
              rows.push(
                fatal(
                  resolved.error + delimiterHint(options.delimiter, delimiter, sniffed, header),
                  event.line,
                ),
              );
              yield rows;
              return;
            }
            readRow = rowRules(resolved.columns, header.length);
            continue;
          }
          rows.push(readRow(event.fields, event.line, firstDataRow));
          firstDataRow = false;
        } else if (event.kind === 'unclosed-quote') {
          rows.push({
            kind: 'rejected',
            line: event.line,
            raw: '',
            error:
              `A quoted field starting on or after line ${event.line} is never closed, so everything up to the end of the ` +
              `file (line ${event.lastLine}) reads as one broken value. Close the quote (") and import the file again; ` +
              `the rows before line ${event.line} were read.`,
          });
          // Every line the open quote swallowed gets its own outcome, so none is missing from the log.
          for (let line = event.line + 1; line <= event.lastLine; line++) {
            // Those can be millions of lines: handed on a batch at a time, never all at once.
            if (rows.length >= MAX_BATCH_ROWS) yield rows.splice(0);
            rows.push({
              kind: 'rejected',
              line,
              raw: '',
              error: `Line ${line} lies inside the quoted field opened on or after line ${event.line}, which is never closed, so it was not read as a row. Close the quote (") and import the file again.`,
            });
          }
        } else {
          rows.push(fatal(event.error, event.line));
          yield rows;
          return;
        }
      }
      if (rows.length) yield rows;
    }
  } finally {
    await opened.close();
  }
}

/** When the header does not fit, the delimiter is the usual culprit: say what the file seems to use. */
function delimiterHint(
  configured: CsvOptions['delimiter'],
  used: CsvDelimiter,
  sniffed: CsvDelimiter | null,
  header: string[],
): string {
  if (configured !== 'auto' && sniffed && sniffed !== used) {
    return ` — the file seems to be delimited by ${delimiterName(sniffed)}, but the channel is set to ${delimiterName(used)}`;
  }
  if (header.length === 1)
    return ` — the header row has a single column: check the delimiter (${delimiterName(used)} was used)`;
  return '';
}
