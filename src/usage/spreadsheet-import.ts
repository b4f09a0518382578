import { open, stat } from 'node:fs/promises';
import Decimal from 'decimal.js';
import { DomainError, invalid, type FieldProblem } from '../common/errors';
import { detectTextEncoding, openCsvRows, type Delimiter, type TextEncodingName } from './csv-rows';
import { requireXlsxParts, sniffFileKind } from './file-kind';
import { readEventGroup, readIdentifier, ID_MAX_LENGTH } from './identifiers';
import { coveringMerge, createMergeScanner, type MergeRange, type MergeScan } from './merged-cells';
import { columnLetters, type RawCell, type RawRow } from './raw-row';
import { COUNTER_FIELDS, REQUIRED_FIELDS, usageFieldForHeader, type UsageField } from './usage-fields';
import { summarize, validateUsageFields, type UsageRecordInput } from './usage-record';
import { excelSerialToWallClock } from './usage-time';
import { openXlsxRows } from './xlsx-rows';
import {
  checkZipBombLimits,
  DEFAULT_ZIP_LIMITS,
  readZipDirectory,
  verifyZipEntries,
  type ZipLimits,
} from './zip-inspect';

/**
 * Usage records uploaded as a spreadsheet (guide, "Recording Usage Records (via Excel
 * Spreadsheet load)"): an .xlsx or a CSV whose first non-empty row is a header of
 * the guide's columns — DeviceId, eGroup, eId, Dtu, DtDevice, SrcIp, EventRef,
 * IntCounter … IntCounter5, Temperature, EventDataJ — in any order, any case,
 * unused ones omitted.
 *
 * `openUsageSpreadsheet` does everything that can refuse the file as a whole before
 * the first row — size, kind, zip-bomb checks, encoding, header — then streams one
 * outcome per data row. Memory stays flat: rows are read, judged and handed on one
 * at a time, and the caller writes them in chunks.
 *
 * Rows are judged by the same rules as the REST API (usage-record.ts); this module
 * only turns cells into the values those rules read, and names problems by column
 * header and cell ("IntCounter (H5) must be a whole number").
 */
export type SpreadsheetImportOptions = {
  /** The uploader's name for the file: only to say so when an ".xlsx" is not a workbook. */
  fileName?: string;
  /** Stamps Dtu for rows without one: the import time is when the server recorded them. */
  now: Date;
  /** Largest upload accepted, in bytes; default 50 MB. */
  maxFileBytes?: number;
  /** Most data rows accepted; default 200,000. Exceeding it stops the import with a 413. */
  maxRows?: number;
  /** Zip-bomb limits for .xlsx; default 200 MB uncompressed, ratio 100. */
  zipLimits?: Partial<ZipLimits>;
  /**
   * Values for the whole file where a row has none — e.g. a photocopier's monthly
   * sheet where every row is eGroup "COPIER", eId "MONTHLY". A cell in the row wins.
   */
  defaults?: { eGroup?: string; eId?: string; deviceId?: string };
};

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 200_000;

export type SpreadsheetRowOutcome = {
  /** The row number the user sees (Excel's row number; for CSV, the record number). */
  row: number;
  record?: UsageRecordInput;
  error?: string;
};

export type SpreadsheetColumn = { column: string; header: string; field: UsageField };

export type SpreadsheetReport = {
  format: 'xlsx' | 'csv';
  /** The sheet read (xlsx). */
  sheetName: string | null;
  /** How the CSV's bytes were decoded. */
  encoding: TextEncodingName | null;
  delimiter: Delimiter | null;
  headerRow: number;
  columns: SpreadsheetColumn[];
  /** Things the uploader should know that didn't stop the import, each said once. */
  warnings: string[];
  dataRows: number;
  acceptedRows: number;
  rejectedRows: number;
  /** Blank rows between and after the data, skipped. */
  emptyRows: number;
  /** True once every row has been read. */
  finished: boolean;
};

export interface UsageSpreadsheet extends AsyncIterable<SpreadsheetRowOutcome> {
  /** Filled in as rows are read; complete when `finished` is true. */
  readonly report: Readonly<SpreadsheetReport>;
  /** Releases the file when the caller stops before the end (a for-await `break` does this too). */
  close(): Promise<void>;
}

const TIME_FIELDS: ReadonlySet<UsageField> = new Set(['dt', 'dtu']);
const COUNTERS: ReadonlySet<UsageField> = new Set(COUNTER_FIELDS);
const TEXT_FIELDS: ReadonlySet<UsageField> = new Set([
  'eGroup',
  'eId',
  'deviceId',
  'eventRef',
  'srcIp',
  'badge',
]);

/** Excel keeps 15 significant digits; a longer integer typed into a number cell has already been rounded. */
const EXCEL_EXACT_INTEGER_LIMIT = 1e15;
const LISTED_MAX = 10;
const DECIMAL_COMMA = /^\s*[+-]?[0-9]*,[0-9]+\s*$/;
/** The guide's spelling of the required columns, for messages about the header. */
const GUIDE_HEADERS = { deviceId: 'DeviceId', eGroup: 'eGroup', eId: 'eId' } as const;

export async function openUsageSpreadsheet(
  path: string,
  options: SpreadsheetImportOptions,
): Promise<UsageSpreadsheet> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const defaults = readDefaults(options.defaults ?? {});

  const size = (await stat(path)).size;
  if (size > maxFileBytes) {
    throw new DomainError(
      'too-large',
      `The file is ${formatBytes(size)}; at most ${formatBytes(maxFileBytes)} can be imported. Split it into smaller files.`,
      { size, limit: maxFileBytes },
    );
  }

  const report: SpreadsheetReport = {
    format: 'csv',
    sheetName: null,
    encoding: null,
    delimiter: null,
    headerRow: 0,
    columns: [],
    warnings: [],
    dataRows: 0,
    acceptedRows: 0,
    rejectedRows: 0,
    emptyRows: 0,
    finished: false,
  };

  const notWorkbook = notAWorkbook(options.fileName);
  const sayNotWorkbook = (error: unknown) =>
    error instanceof DomainError && notWorkbook && report.warnings.includes(notWorkbook)
      ? new DomainError(error.kind, `${notWorkbook}. ${error.message}`, error.details)
      : error;
  let source: Source;
  try {
    source = await openSource(path, size, options, report);
  } catch (error) {
    throw sayNotWorkbook(error);
  }
  const { rows, merges } = source;

  let layout: Layout;
  try {
    layout = await readHeader(rows, report, defaults);
  } catch (error) {
    await rows.return(undefined);
    throw sayNotWorkbook(error);
  }
  const dataMerges = merges
    .filter((range) => range.bottom > report.headerRow)
    .sort((a, b) => a.top - b.top || a.left - b.left);
  if (dataMerges.length) {
    report.warnings.push(
      `Merged cells ${listed(dataMerges.map((r) => r.ref))}: only the top-left cell of a merged range holds a value; ` +
        'the other cells are read as empty (values are not copied into them)',
    );
  }

  const outcomes = judgeRows(
    rows,
    layout,
    // Where ";" separates values, "," is the decimal mark (Excel's CSV in most of Europe).
    {
      now: options.now,
      maxRows,
      defaults,
      date1904: source.date1904,
      decimalComma: report.delimiter === ';',
    },
    report,
    merges,
  );
  return {
    report,
    [Symbol.asyncIterator]: () => outcomes,
    close: async () => {
      await outcomes.return(undefined);
      // If iteration never started, the generator above never ran its cleanup: release the file here.
      await rows.return(undefined);
    },
  };
}

/** For a file named like a workbook (.xlsx, .xlsm, .xltx) whose bytes are not a zip: the sentence saying so. */
function notAWorkbook(fileName: string | undefined): string | null {
  if (!fileName || !/\.xl[st][xm]$/i.test(fileName)) return null;
  return `"${fileName}" is not an Excel workbook: an .xlsx file is a zip package, and this file's bytes are text, so it was read as CSV`;
}

type Source = { rows: AsyncGenerator<RawRow>; merges: MergeRange[]; date1904: boolean };

/** Decides what the file is by its bytes and opens it as rows; every whole-file refusal happens here. */
async function openSource(
  path: string,
  size: number,
  options: SpreadsheetImportOptions,
  report: SpreadsheetReport,
): Promise<Source> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 8192));
    await handle.read(head, 0, head.length, 0);
    if (sniffFileKind(head) !== 'zip') {
      await handle.close();
      const notWorkbook = notAWorkbook(options.fileName);
      // Judged by its bytes: read as the CSV it is, but say so (first, should reading it fail).
      if (notWorkbook) report.warnings.push(notWorkbook);
      return await openCsv(path, report);
    }
    report.format = 'xlsx';
    const directory = await readZipDirectory(handle, size);
    requireXlsxParts(directory.entries);
    checkZipBombLimits(directory, { ...DEFAULT_ZIP_LIMITS, ...options.zipLimits });
    const scans = new Map<string, MergeScan>();
    await verifyZipEntries(path, handle, directory, (name) => {
      if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) return undefined;
      const scan: MergeScan = { ranges: [], truncated: false };
      scans.set(name, scan);
      return createMergeScanner(scan);
    });
    await handle.close();
    return await openXlsx(path, scans, report);
  } finally {
    // Already closed on the paths that got this far; closing twice is harmless.
    await handle.close().catch(() => undefined);
  }
}

async function openXlsx(
  path: string,
  scans: Map<string, MergeScan>,
  report: SpreadsheetReport,
): Promise<Source> {
  const xlsx = await openXlsxRows(path);
  report.sheetName = xlsx.sheetName;
  const scan = xlsx.sheetPart ? scans.get(xlsx.sheetPart) : undefined;
  const merges = scan?.ranges ?? [];
  if (scan?.truncated) {
    report.warnings.push(
      `The sheet has more than ${merges.length} merged ranges; only the first were checked`,
    );
  }
  if (xlsx.otherSheets.length) {
    const others = listed(xlsx.otherSheets.map((name) => JSON.stringify(name)));
    report.warnings.push(
      `Only the first sheet, ${JSON.stringify(xlsx.sheetName)}, was read; the workbook also has ${others}`,
    );
  }
  return { rows: xlsx.rows, merges, date1904: xlsx.date1904 };
}

async function openCsv(path: string, report: SpreadsheetReport): Promise<Source> {
  report.encoding = await detectTextEncoding(path);
  if (report.encoding === 'windows-1252') {
    report.warnings.push(
      'The file is not valid UTF-8, so it was read as Windows-1252 (Latin-1); check accented text',
    );
  }
  const csv = await openCsvRows(path, report.encoding);
  report.delimiter = csv.delimiter;
  return { rows: csv.rows, merges: [], date1904: false };
}

type Defaults = Partial<Record<'eGroup' | 'eId' | 'deviceId', string>>;

/** The file-wide values come from the upload form: people typed them, so the record rules apply. */
function readDefaults(raw: NonNullable<SpreadsheetImportOptions['defaults']>): Defaults {
  const problems: FieldProblem[] = [];
  const defaults: Defaults = {};
  for (const field of ['eGroup', 'eId', 'deviceId'] as const) {
    if (raw[field] === undefined) continue;
    const result =
      field === 'eGroup'
        ? readEventGroup(raw[field])
        : readIdentifier(raw[field], { required: true, max: ID_MAX_LENGTH });
    if (result.ok) defaults[field] = result.value as string;
    else
      problems.push({
        path: ['defaults', field],
        message: `The ${field} chosen for the whole file ${result.message}`,
      });
  }
  if (problems.length) throw invalid(summarize(problems), problems);
  return defaults;
}

type Layout = {
  /** Column number → field, for recognised columns. */
  fields: Map<number, UsageField>;
  /** Column number → header text, for every headed column. */
  headers: Map<number, string>;
};

async function readHeader(
  rows: AsyncGenerator<RawRow>,
  report: SpreadsheetReport,
  defaults: Defaults,
): Promise<Layout> {
  let header: RawRow | undefined;
  for (;;) {
    const next = await rows.next();
    if (next.done) break;
    if (next.value.cells.size > 0) {
      header = next.value;
      break;
    }
  }
  const expected =
    'DeviceId, eGroup, eId, Dtu, DtDevice, SrcIp, EventRef, IntCounter … IntCounter5, Temperature, EventDataJ';
  if (!header) throw invalid(`The file has no header row; its first row must name the columns (${expected})`);
  report.headerRow = header.number;

  const fields = new Map<number, UsageField>();
  const headers = new Map<number, string>();
  const columnOf = new Map<UsageField, number>();
  const ignored: string[] = [];
  for (const [column, cell] of [...header.cells].sort(([a], [b]) => a - b)) {
    const text = headerText(cell);
    headers.set(column, text);
    const field = usageFieldForHeader(text);
    if (!field) {
      ignored.push(`${JSON.stringify(text)} (${columnLetters(column)})`);
      continue;
    }
    const earlier = columnOf.get(field);
    if (earlier !== undefined) {
      throw invalid(
        `Columns ${columnLetters(earlier)} (${JSON.stringify(headers.get(earlier))}) and ${columnLetters(column)} ` +
          `(${JSON.stringify(text)}) are both ${field}; keep only one`,
      );
    }
    columnOf.set(field, column);
    fields.set(column, field);
    report.columns.push({ column: columnLetters(column), header: text, field });
  }
  if (fields.size === 0) {
    throw invalid(
      `Row ${header.number} is not a header of usage-record columns: none of its cells names one (expected ${expected})`,
    );
  }
  const missing = REQUIRED_FIELDS.filter(
    (field) => !columnOf.has(field) && defaults[field] === undefined,
  ).map((field) => GUIDE_HEADERS[field]);
  if (missing.length) {
    throw invalid(
      `The sheet has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}: add ${missing.length > 1 ? 'them' : 'it'}, ` +
        'or choose a value for the whole file',
    );
  }
  if (ignored.length)
    report.warnings.push(`Columns that are not usage-record fields were ignored: ${listed(ignored)}`);
  return { fields, headers };
}

function headerText(cell: RawCell): string {
  switch (cell.kind) {
    case 'text':
      return cell.text.trim();
    case 'number':
      return String(cell.value);
    case 'date':
      return cell.wallClock;
    case 'boolean':
      return cell.value ? 'TRUE' : 'FALSE';
    case 'unusable':
      return '(unusable cell)';
  }
}

type JudgeOptions = {
  now: Date;
  maxRows: number;
  defaults: Defaults;
  date1904: boolean;
  decimalComma: boolean;
};

async function* judgeRows(
  rows: AsyncGenerator<RawRow>,
  layout: Layout,
  options: JudgeOptions,
  report: SpreadsheetReport,
  merges: readonly MergeRange[],
): AsyncGenerator<SpreadsheetRowOutcome> {
  let previous = report.headerRow;
  const unheaded = new Set<number>();
  try {
    for await (const raw of rows) {
      // Rows absent from an .xlsx are blank rows the user sees all the same.
      if (raw.number > previous + 1) report.emptyRows += raw.number - previous - 1;
      previous = raw.number;
      if (raw.cells.size === 0) {
        report.emptyRows += 1;
        continue;
      }
      report.dataRows += 1;
      if (report.dataRows > options.maxRows) {
        throw new DomainError(
          'too-large',
          `The file has more than ${options.maxRows} data rows; split it into files of at most ${options.maxRows} rows`,
          { limit: options.maxRows },
        );
      }
      for (const column of raw.cells.keys()) if (!layout.headers.has(column)) unheaded.add(column);
      const outcome = judgeRow(raw, layout, options, merges);
      if (outcome.record) report.acceptedRows += 1;
      else report.rejectedRows += 1;
      yield outcome;
    }
    if (unheaded.size) {
      report.warnings.push(
        `Column${unheaded.size > 1 ? 's' : ''} ${listed([...unheaded].sort((a, b) => a - b).map(columnLetters))} ` +
          `${unheaded.size > 1 ? 'have' : 'has'} values but no header and ${unheaded.size > 1 ? 'were' : 'was'} ignored`,
      );
    }
    report.finished = true;
  } finally {
    await rows.return(undefined);
  }
}

function judgeRow(
  raw: RawRow,
  layout: Layout,
  options: JudgeOptions,
  merges: readonly MergeRange[],
): SpreadsheetRowOutcome {
  const values: Partial<Record<UsageField, unknown>> = {};
  const cellProblems: FieldProblem[] = [];
  const columnOf = new Map<UsageField, number>();
  for (const [column, field] of layout.fields) {
    columnOf.set(field, column);
    const cell = raw.cells.get(column);
    if (!cell) continue;
    const converted = cellValue(field, cell, options);
    if ('problem' in converted)
      cellProblems.push({ path: [field], message: `${label(field)} ${converted.problem}` });
    else values[field] = converted.value;
  }
  for (const field of REQUIRED_FIELDS) {
    if (values[field] === undefined && options.defaults[field] !== undefined)
      values[field] = options.defaults[field];
  }

  function label(field: UsageField): string {
    const column = columnOf.get(field);
    if (column === undefined) return field;
    return `${layout.headers.get(column)} (${columnLetters(column)}${raw.number})`;
  }

  const result = validateUsageFields({ values, sentAs: {}, problems: [] }, { now: options.now, label });
  if (result.ok && cellProblems.length === 0) return { row: raw.number, record: result.record };

  // A cell already reported as unusable is not reported again as "required".
  const reported = new Set(cellProblems.map((problem) => problem.path[0]));
  const problems = [
    ...cellProblems,
    ...(result.ok ? [] : result.errors.filter((problem) => !reported.has(problem.path[0]))),
  ];
  const messages = problems.map((problem) => {
    const field = problem.path[0] as UsageField;
    const column = columnOf.get(field);
    const merge =
      column !== undefined && !raw.cells.has(column) ? coveringMerge(merges, column, raw.number) : undefined;
    if (!merge) return problem.message;
    const anchor = `${columnLetters(merge.left)}${merge.top}`;
    return `${problem.message} — the cell is inside the merged range ${merge.ref}, whose value is only in ${anchor}; unmerge the cells and fill in every row`;
  });
  return { row: raw.number, error: messages.join('; ') };
}

type Converted = { value: unknown } | { problem: string };

/** A cell → the value the record rules read for `field`, or why the cell can't be used there. */
function cellValue(field: UsageField, cell: RawCell, { date1904, decimalComma }: JudgeOptions): Converted {
  if (cell.kind === 'unusable') return { problem: cell.problem };
  if (cell.kind === 'boolean')
    return { problem: `holds ${cell.value ? 'TRUE' : 'FALSE'}, which is not a value for this column` };

  if (TIME_FIELDS.has(field)) {
    if (cell.kind === 'date') return { value: cell.wallClock };
    if (cell.kind === 'number') return serial(cell.value, String(cell.value), date1904);
    // A serial pasted as text, or exported to CSV from an unformatted date column.
    if (/^\s*[0-9]+(?:\.[0-9]+)?\s*$/.test(cell.text)) {
      const asSerial = serial(Number(cell.text), cell.text.trim(), date1904);
      if ('value' in asSerial) return asSerial;
    }
    return { value: cell.text };
  }

  if (cell.kind === 'date') {
    return {
      problem: 'holds a date, which is not a value for this column (format the column as Text or General)',
    };
  }

  if (COUNTERS.has(field)) {
    if (cell.kind === 'text') return { value: cell.text };
    if (Number.isInteger(cell.value) && Math.abs(cell.value) >= EXCEL_EXACT_INTEGER_LIMIT)
      return { problem: tooManyDigits(cell.value) };
    return { value: cell.value };
  }

  if (field === 'temperature') {
    if (cell.kind === 'number') return { value: excelNumberText(cell.value) };
    return { value: decimalComma && DECIMAL_COMMA.test(cell.text) ? cell.text.replace(',', '.') : cell.text };
  }

  if (TEXT_FIELDS.has(field)) {
    if (cell.kind === 'text') return { value: cell.text };
    if (Math.abs(cell.value) >= EXCEL_EXACT_INTEGER_LIMIT) return { problem: tooManyDigits(cell.value) };
    return { value: excelNumberText(cell.value) };
  }

  // eventData: JSON can only be text.
  return { value: cell.kind === 'text' ? cell.text : cell.value };
}

/** An Excel serial in a date column; serials before 1970 are small numbers typed by mistake, not dates. */
function serial(value: number, shownAs: string, date1904: boolean): Converted {
  const wallClock = excelSerialToWallClock(value, date1904);
  if (wallClock && wallClock >= '1970') return { value: wallClock };
  return {
    problem: `holds the number ${shownAs}, which is not a date (expected a date like 12-jun-2021 14:31)`,
  };
}

function tooManyDigits(value: number): string {
  return (
    `holds the number ${value.toPrecision(15)}, which has more digits than Excel keeps exactly (15); ` +
    'format the column as Text and type the value again'
  );
}

/** A number cell as Excel shows it: 15 significant digits, no exponent (0.1+0.2 → "0.3"). */
function excelNumberText(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  const decimal = new Decimal(value.toPrecision(15));
  return decimal.isZero() ? '0' : decimal.toFixed();
}

function listed(items: readonly string[]): string {
  if (items.length <= LISTED_MAX) return items.join(', ');
  return `${items.slice(0, LISTED_MAX).join(', ')} and ${items.length - LISTED_MAX} more`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
