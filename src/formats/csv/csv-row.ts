import { meterNumberProblem, registerProblem } from '../../common/identifiers';
import { parseDecimal, type DecimalStyle } from '../decimal-value';
import { rejectedRow, type MeterReadingRecord, type ParsedRow, type ReadingKind } from '../format';
import type { TimestampParser } from '../timestamps';
import type { ResolvedColumns } from './column-mapping';
import { delimiterName } from './sniff-delimiter';

/**
 * One CSV record → one reading, or one rejected row saying what to fix. This is
 * the hot path of a CSV import: no luxon, no decimal.js, no regex compilation
 * per row (see timestamps.ts and decimal-value.ts for their fast paths).
 */
export interface CsvRowRules {
  columns: ResolvedColumns;
  parseTimestamp: TimestampParser;
  decimal: DecimalStyle;
  readingKind: ReadingKind;
  allowNegative: boolean;
  /** Used to rebuild the row's text for a rejection. */
  delimiter: string;
  /** When the file has no header, a failing first row probably IS a header: say so. */
  hasHeader: boolean;
  /**
   * The header's column count. A row with more (non-empty) fields than its header
   * is malformed, not "extra columns": typically "12,5" with a comma delimiter,
   * which would otherwise silently read as 12.
   */
  headerWidth: number | null;
}

/**
 * The readings table's `unit` and `quality` columns (server/database/bulk-tables.ts).
 * A longer value is refused here: MariaDB would otherwise store it cut short.
 */
export const MAX_UNIT_LENGTH = 16;
export const MAX_QUALITY_LENGTH = 8;
const REPLACEMENT_CHARACTER = '\uFFFD';

export type CsvRowReader = (fields: string[], line: number, firstDataRow: boolean) => ParsedRow;

export function createCsvRowReader(rules: CsvRowRules): CsvRowReader {
  const { columns: c, parseTimestamp, decimal, readingKind, delimiter } = rules;
  const negativeAllowed = rules.allowNegative && readingKind === 'interval';
  const used = [c.meterNumber, c.register, c.timestamp, c.date, c.time, c.value, c.unit, c.quality].filter(
    (i): i is number => i !== null,
  );

  return (fields, line, firstDataRow) => {
    const reject = (error: string) => {
      const hint =
        firstDataRow && !rules.hasHeader
          ? ' (if the first line is a header row, turn on "First line is a header row")'
          : '';
      return rejectedRow(line, fields.join(delimiter), error + hint);
    };

    if (fields.length < c.minWidth) {
      const missing = [...c.labels.entries()].filter(
        ([index]) => index >= fields.length && index < c.minWidth,
      );
      return reject(
        `The row has ${fields.length} column${fields.length === 1 ? '' : 's'} but needs at least ${c.minWidth}: ` +
          missing.map(([index, label]) => `${label} (column ${index + 1})`).join(', ') +
          ' is missing',
      );
    }
    if (
      rules.headerWidth !== null &&
      fields.length > rules.headerWidth &&
      hasNonBlank(fields, rules.headerWidth)
    ) {
      return reject(
        `The row has ${fields.length} fields but the header has ${rules.headerWidth}: a value probably contains an unquoted ` +
          `${delimiterName(delimiter)} (e.g. a decimal comma). Quote such values, or use another delimiter`,
      );
    }
    for (const index of used) {
      const field = fields[index];
      if (field !== undefined && field.indexOf(REPLACEMENT_CHARACTER) !== -1) {
        return reject(
          `The ${c.labels.get(index)} column contains bytes that are not valid UTF-8: ` +
            "the file is probably in another encoding — set the channel's text encoding (e.g. Windows-1252)",
        );
      }
    }

    const meterNumber = fields[c.meterNumber].trim();
    const meterProblem = meterNumberProblem(meterNumber);
    if (meterProblem) return reject(`The meter number ${meterProblem}`);

    const register = c.register === null ? (c.fixedRegister as string) : fields[c.register].trim();
    const registerIssue = registerProblem(register);
    if (registerIssue) return reject(`The register ${registerIssue}`);

    const timestampText =
      c.timestamp !== null
        ? fields[c.timestamp]
        : c.time !== null
          ? `${fields[c.date as number].trim()} ${fields[c.time].trim()}`
          : fields[c.date as number];
    const timestamp = parseTimestamp(timestampText);
    if (!timestamp.ok) return reject(timestamp.error);

    const parsed = parseDecimal(fields[c.value], decimal);
    if (!parsed.ok) return reject(parsed.error);
    if (parsed.negative && !negativeAllowed) {
      return reject(
        readingKind === 'cumulative'
          ? `Negative value ${parsed.value}: a register read (the meter's total) cannot be negative`
          : `Negative value ${parsed.value}: negative interval values are not allowed for this channel (allow them in its options if the meter also exports)`,
      );
    }

    const reading: MeterReadingRecord = {
      meterNumber,
      register,
      readingAt: timestamp.date,
      value: parsed.value,
      readingKind,
    };
    if (c.unit !== null) {
      const unit = (fields[c.unit] ?? '').trim();
      if (unit.length > MAX_UNIT_LENGTH)
        return reject(`The unit is longer than ${MAX_UNIT_LENGTH} characters`);
      if (unit !== '') reading.unit = unit;
    }
    if (c.quality !== null) {
      const quality = (fields[c.quality] ?? '').trim();
      if (quality.length > MAX_QUALITY_LENGTH)
        return reject(`The quality is longer than ${MAX_QUALITY_LENGTH} characters`);
      if (quality !== '') reading.quality = quality;
    }
    return { kind: 'reading', line, reading };
  };
}

function hasNonBlank(fields: string[], from: number): boolean {
  for (let i = from; i < fields.length; i++) if (fields[i].trim() !== '') return true;
  return false;
}
