import { z } from 'zod';
import type { FormatOptionField, ReadingKind } from '../format';
import type { DecimalSeparator, ThousandsSeparator } from '../decimal-value';
import { AMBIGUOUS_TIME_POLICIES, type AmbiguousTimePolicy } from '../local-time';
import { checkTimestampFormat, DEFAULT_TIMESTAMP_FORMATS } from '../timestamps';
import { ENCODING_CHOICES, type EncodingChoice } from '../text/open-text';
import { DEFAULT_COLUMN_NAMES, columnPosition, type ColumnMapping, type ColumnRef } from './column-mapping';
import type { CsvDelimiter } from './sniff-delimiter';

/**
 * The options of the `csv` format as a channel stores them: flat keys, so the
 * admin form can edit them field by field. Parsing turns them into
 * {@link CsvOptions}, with the column mapping resolved into one object and
 * every default filled in.
 */
export interface CsvOptions {
  hasHeader: boolean;
  skipLines: number;
  delimiter: 'auto' | CsvDelimiter;
  encoding: EncodingChoice;
  columns: ColumnMapping;
  timestampFormats: string[];
  decimalSeparator: DecimalSeparator;
  thousandsSeparator: ThousandsSeparator;
  readingKind: ReadingKind;
  allowNegative: boolean;
  ambiguousTimes: AmbiguousTimePolicy;
}

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

const columnRef = z.preprocess(
  blankToUndefined,
  z
    .union([
      z
        .number({ error: 'A column is a header name or a column number' })
        .int()
        .min(1, { error: 'Column numbers start at 1' })
        .max(10_000),
      z.string().trim().min(1).max(200, { error: 'A column name is at most 200 characters' }),
    ])
    .optional(),
);

const timestampFormats = z.preprocess(
  (value) => {
    const v = blankToUndefined(value);
    if (typeof v !== 'string') return v;
    return v
      .split(/[|\n]/)
      .map((f) => f.trim())
      .filter(Boolean);
  },
  z
    .array(z.string().trim().min(1).max(64, { error: 'A timestamp format is at most 64 characters' }))
    .min(1, { error: 'Give at least one timestamp format' })
    .max(10, { error: 'At most 10 timestamp formats' })
    .default(DEFAULT_TIMESTAMP_FORMATS)
    .superRefine((formats, ctx) => {
      for (const format of formats) {
        const problem = checkTimestampFormat(format);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    }),
);

/** The stored fields, before the cross-field checks and the mapping are applied. */
export const csvOptionsFields = z.strictObject({
  hasHeader: z.boolean({ error: 'hasHeader must be true or false' }).default(true),
  skipLines: z.number().int().min(0).max(1000, { error: 'Skip at most 1000 lines' }).default(0),
  delimiter: z
    .enum(['auto', ',', ';', '\t', '|'], { error: 'The delimiter is auto, comma, semicolon, tab or pipe' })
    .default('auto'),
  encoding: z.enum(ENCODING_CHOICES).default('auto'),
  meterNumberColumn: columnRef,
  registerColumn: columnRef,
  fixedRegister: z.preprocess(blankToUndefined, z.string().trim().min(1).max(64).optional()),
  timestampColumn: columnRef,
  dateColumn: columnRef,
  timeColumn: columnRef,
  valueColumn: columnRef,
  unitColumn: columnRef,
  qualityColumn: columnRef,
  timestampFormats,
  decimalSeparator: z.enum(['.', ',']).default('.'),
  thousandsSeparator: z.enum(['none', ',', '.', ' ', "'"]).default('none'),
  readingKind: z.enum(['cumulative', 'interval']).default('cumulative'),
  allowNegative: z.boolean().default(false),
  ambiguousTimes: z.enum(AMBIGUOUS_TIME_POLICIES).default('earlier'),
});

export const csvOptionsSchema = csvOptionsFields
  .superRefine((o, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (o.registerColumn !== undefined && o.fixedRegister !== undefined) {
      issue('fixedRegister', 'Set either a register column or a fixed register, not both');
    }
    if (o.timestampColumn !== undefined && (o.dateColumn !== undefined || o.timeColumn !== undefined)) {
      issue('timestampColumn', 'Set either a timestamp column or date/time columns, not both');
    }
    if (o.timeColumn !== undefined && o.dateColumn === undefined) {
      issue('dateColumn', 'A time column needs a date column');
    }
    if (o.allowNegative && o.readingKind === 'cumulative') {
      issue(
        'allowNegative',
        'Negative values can only be allowed for interval data: a register read is never negative',
      );
    }
    if (o.thousandsSeparator === o.decimalSeparator) {
      issue('thousandsSeparator', 'The thousands separator must differ from the decimal separator');
    }
    if (!o.hasHeader) {
      // Unset columns fall back to header names, which a file without a header cannot have.
      const checks: [string, ColumnRef | undefined, boolean][] = [
        ['meterNumberColumn', o.meterNumberColumn, true],
        ['registerColumn', o.registerColumn, o.fixedRegister === undefined],
        ['timestampColumn', o.timestampColumn, o.dateColumn === undefined],
        ['dateColumn', o.dateColumn, false],
        ['timeColumn', o.timeColumn, false],
        ['valueColumn', o.valueColumn, true],
        ['unitColumn', o.unitColumn, false],
        ['qualityColumn', o.qualityColumn, false],
      ];
      for (const [key, ref, neededWhenUnset] of checks) {
        const byName = ref === undefined ? neededWhenUnset : columnPosition(ref) === null;
        if (byName) issue(key, 'Without a header row, give this column as a number (1 = first column)');
      }
    }
  })
  .transform((o): CsvOptions => {
    const columns: ColumnMapping = {
      meterNumber: o.meterNumberColumn ?? DEFAULT_COLUMN_NAMES.meterNumber,
      register:
        o.fixedRegister !== undefined
          ? { fixed: o.fixedRegister }
          : { column: o.registerColumn ?? DEFAULT_COLUMN_NAMES.register },
      timestamp:
        o.dateColumn !== undefined
          ? { date: o.dateColumn, ...(o.timeColumn !== undefined ? { time: o.timeColumn } : {}) }
          : { column: o.timestampColumn ?? DEFAULT_COLUMN_NAMES.timestamp },
      value: o.valueColumn ?? DEFAULT_COLUMN_NAMES.value,
      ...(o.unitColumn !== undefined ? { unit: o.unitColumn } : {}),
      ...(o.qualityColumn !== undefined ? { quality: o.qualityColumn } : {}),
    };
    return {
      hasHeader: o.hasHeader,
      skipLines: o.skipLines,
      delimiter: o.delimiter,
      encoding: o.encoding,
      columns,
      timestampFormats: o.timestampFormats,
      decimalSeparator: o.decimalSeparator,
      thousandsSeparator: o.thousandsSeparator,
      readingKind: o.readingKind,
      allowNegative: o.allowNegative,
      ambiguousTimes: o.ambiguousTimes,
    };
  });

const COLUMN_HELP = 'A header name (case and spaces ignored) or a column number, 1 = first column.';

export const csvOptionFields: FormatOptionField[] = [
  { key: 'hasHeader', label: 'First line is a header row', type: 'boolean', default: true },
  {
    key: 'skipLines',
    label: 'Lines to skip at the top',
    type: 'number',
    default: 0,
    help: 'Title or preamble lines before the header (or before the data when there is no header).',
  },
  {
    key: 'delimiter',
    label: 'Delimiter',
    type: 'select',
    default: 'auto',
    options: [
      { value: 'auto', label: 'Detect from the first lines' },
      { value: ',', label: 'Comma (,)' },
      { value: ';', label: 'Semicolon (;)' },
      { value: '\t', label: 'Tab' },
      { value: '|', label: 'Pipe (|)' },
    ],
  },
  {
    key: 'encoding',
    label: 'Text encoding',
    type: 'select',
    default: 'auto',
    options: [
      { value: 'auto', label: 'Detect (UTF-8, else Windows-1252)' },
      { value: 'utf-8', label: 'UTF-8' },
      { value: 'windows-1252', label: 'Windows-1252 / Latin-1' },
    ],
    help: 'Files with a byte-order mark (UTF-8 or UTF-16) are always read by their mark.',
  },
  {
    key: 'meterNumberColumn',
    label: 'Meter number column',
    type: 'string',
    default: DEFAULT_COLUMN_NAMES.meterNumber,
    help: COLUMN_HELP,
  },
  {
    key: 'registerColumn',
    label: 'Register column',
    type: 'string',
    help: `${COLUMN_HELP} Empty: the "${DEFAULT_COLUMN_NAMES.register}" column, unless a fixed register is set.`,
  },
  {
    key: 'fixedRegister',
    label: 'Fixed register',
    type: 'string',
    help: 'Use this register for every row when the file has no register column (e.g. 1.8.0).',
  },
  {
    key: 'timestampColumn',
    label: 'Timestamp column',
    type: 'string',
    help: `${COLUMN_HELP} Empty: the "${DEFAULT_COLUMN_NAMES.timestamp}" column, unless date/time columns are set.`,
  },
  {
    key: 'dateColumn',
    label: 'Date column',
    type: 'string',
    help: 'When date and time are in separate columns. ' + COLUMN_HELP,
  },
  {
    key: 'timeColumn',
    label: 'Time column',
    type: 'string',
    help: 'Joined to the date with a space before parsing. ' + COLUMN_HELP,
  },
  {
    key: 'valueColumn',
    label: 'Value column',
    type: 'string',
    default: DEFAULT_COLUMN_NAMES.value,
    help: COLUMN_HELP,
  },
  {
    key: 'unitColumn',
    label: 'Unit column',
    type: 'string',
    help: `Optional. ${COLUMN_HELP} Empty: a "${DEFAULT_COLUMN_NAMES.unit}" column is used when the header has one.`,
  },
  {
    key: 'qualityColumn',
    label: 'Quality column',
    type: 'string',
    help: `Optional. ${COLUMN_HELP} Empty: a "${DEFAULT_COLUMN_NAMES.quality}" column is used when the header has one.`,
  },
  {
    key: 'timestampFormats',
    label: 'Timestamp formats',
    type: 'string',
    default: 'iso',
    help:
      'Tried in order, separated by |: iso (2024-03-31T14:30:00, with or without offset), excel-serial, unix-seconds, ' +
      'unix-milliseconds, or a Luxon format such as dd.MM.yyyy HH:mm or d-MMM-yyyy HH:mm. Times without an offset are read ' +
      "in the channel's time zone.",
  },
  {
    key: 'decimalSeparator',
    label: 'Decimal separator',
    type: 'select',
    default: '.',
    options: [
      { value: '.', label: 'Dot (12.5)' },
      { value: ',', label: 'Comma (12,5)' },
    ],
  },
  {
    key: 'thousandsSeparator',
    label: 'Thousands separator',
    type: 'select',
    default: 'none',
    options: [
      { value: 'none', label: 'None' },
      { value: ',', label: 'Comma (1,234.5)' },
      { value: '.', label: 'Dot (1.234,5)' },
      { value: ' ', label: 'Space (1 234,5)' },
      { value: "'", label: "Apostrophe (1'234.5)" },
    ],
  },
  {
    key: 'readingKind',
    label: 'Values are',
    type: 'select',
    default: 'cumulative',
    options: [
      { value: 'cumulative', label: 'Register reads (meter totals)' },
      { value: 'interval', label: 'Interval consumption (per period, stamped at its end)' },
    ],
  },
  {
    key: 'allowNegative',
    label: 'Allow negative interval values',
    type: 'boolean',
    default: false,
    help: 'Only for interval data, e.g. net energy of a meter that also exports. Register reads are never negative.',
  },
  {
    key: 'ambiguousTimes',
    label: 'Times that occur twice (end of daylight saving time)',
    type: 'select',
    default: 'earlier',
    options: [
      { value: 'earlier', label: 'First occurrence (summer time)' },
      { value: 'later', label: 'Second occurrence (winter time)' },
      { value: 'reject', label: 'Reject the row' },
    ],
  },
];
