import ExcelJS from 'exceljs';
import { invalid } from '../common/errors';
import type { RawCell, RawRow } from './raw-row';
import { excelDateToWallClock, excelSerialToWallClock } from './usage-time';

/**
 * Rows of an .xlsx read with exceljs's streaming WorkbookReader: memory stays flat
 * whatever the number of rows (the shared-strings table aside, which zip-inspect
 * bounds). Only the first visible sheet is read — the one Excel opens on.
 *
 * Cells are turned into `RawCell`s here, where exceljs's quirks are known:
 * - a date-formatted number arrives as a JS Date whose UTC fields are the typed
 *   wall-clock time (1900 or 1904 date system, from the workbook);
 * - a formula cell carries its cached result; the streaming reader loses the type
 *   of an error result (#DIV/0!, #REF! arrive as NaN) and gives cells that share a
 *   formula a plain `{ formula: '', result }` object;
 * - `cell.value` of a formula drops falsy results (0, ""), so `cell.result` is read.
 */
export type XlsxSource = {
  sheetName: string;
  /** The zip part holding the sheet, e.g. "xl/worksheets/sheet1.xml" (to match its merged cells). */
  sheetPart: string | undefined;
  otherSheets: string[];
  /** The workbook counts dates from 1904 (old Mac Excel) rather than 1900. */
  date1904: boolean;
  rows: AsyncGenerator<RawRow>;
};

type SheetModel = { name: string; state?: string };
type ReaderInternals = {
  model?: { sheets?: SheetModel[] };
  properties?: { model?: { date1904?: boolean } };
  stream?: { destroy(): void };
};

const FORMULA = 6;

export async function openXlsxRows(path: string): Promise<XlsxSource> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles carry the number formats that make a number a date.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  const internals = reader as unknown as ReaderInternals;
  let sheetFile: string | undefined;
  // exceljs announces each worksheet part just before it yields the sheet's reader.
  // (WorkbookReader is an EventEmitter at runtime; its typings omit it.)
  (reader as unknown as NodeJS.EventEmitter).on('entry', (entry: { type: string; id?: string }) => {
    if (entry.type === 'worksheet') sheetFile = entry.id;
  });
  const sheets = reader[Symbol.asyncIterator]();
  /**
   * exceljs copies every sheet that precedes xl/sharedStrings.xml in the zip (Excel
   * and exceljs both write them in that order) to a temporary file, and deletes
   * each only when its own iteration moves past it. So the workbook is run to its
   * end — skipping the other sheets and closing their copies — rather than
   * abandoned, which would leave temporary files behind until the process exits.
   */
  const close = async () => {
    try {
      for (;;) {
        const next = await sheets.next();
        if (next.done) break;
        releaseSkipped(next.value);
      }
    } catch {
      // Abandoning a broken workbook: nothing more to read; the source is released below.
    } finally {
      internals.stream?.destroy();
    }
  };

  try {
    for (;;) {
      const next = await sheets.next();
      if (next.done) break;
      const sheet = next.value as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
      const names = (internals.model?.sheets ?? [])
        .filter((s) => s.state !== 'hidden' && s.state !== 'veryHidden')
        .map((s) => s.name);
      // Without a workbook model (a part order exceljs can't resolve) the first sheet found is read.
      if (names.length && sheet.name !== names[0]) {
        releaseSkipped(sheet);
        continue;
      }
      const date1904 = internals.properties?.model?.date1904 === true;
      return {
        sheetName: sheet.name,
        sheetPart: sheetFile === undefined ? undefined : `xl/worksheets/sheet${sheetFile}.xml`,
        otherSheets: (internals.model?.sheets ?? []).map((s) => s.name).filter((name) => name !== sheet.name),
        date1904,
        rows: sheetRows(sheet, date1904, close),
      };
    }
  } catch (error) {
    await close();
    throw unreadable(error);
  }
  await close();
  throw invalid('The workbook has no worksheet to read');
}

/** A sheet we won't read: close the copy exceljs opened for it (it deletes the copy when iteration moves on). */
function releaseSkipped(sheet: unknown): void {
  const source = (sheet as { iterator?: { destroy?: () => void; on?: (event: string, listener: () => void) => void } })
    .iterator;
  if (!source || typeof source.destroy !== 'function') return;
  // The copy's open may still be in flight when exceljs deletes the copy: that ENOENT is expected, not a crash.
  source.on?.('error', () => undefined);
  source.destroy();
}

function unreadable(error: unknown): Error {
  if (error instanceof Error && error.name === 'ValidationError') return error;
  return invalid(`The workbook could not be read: ${(error as Error).message ?? String(error)}`);
}

async function* sheetRows(
  sheet: AsyncIterable<ExcelJS.Row>,
  date1904: boolean,
  close: () => Promise<void>,
): AsyncGenerator<RawRow> {
  try {
    for await (const row of sheet) {
      const cells = new Map<number, RawCell>();
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        const raw = toRawCell(cell, date1904);
        if (raw) cells.set(column, raw);
      });
      yield { number: row.number, cells };
    }
  } catch (error) {
    throw unreadable(error);
  } finally {
    await close();
  }
}

function text(value: string): RawCell | undefined {
  return value.trim() === '' ? undefined : { kind: 'text', text: value };
}

function toRawCell(cell: ExcelJS.Cell, date1904: boolean): RawCell | undefined {
  const value = cell.value as unknown;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return text(value);
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'number') return { kind: 'number', value };
  if (value instanceof Date) return dateCell(value);
  if (typeof value !== 'object')
    return { kind: 'unusable', problem: 'holds a value that is not text, a number or a date' };

  const object = value as Record<string, unknown>;
  if ('formula' in object || 'sharedFormula' in object) {
    const result = cell.type === FORMULA ? (cell.result as unknown) : object.result;
    const formula = typeof object.formula === 'string' && object.formula ? ` (=${object.formula})` : '';
    return formulaResult(result, formula, cell.numFmt, date1904);
  }
  if ('error' in object) return { kind: 'unusable', problem: `holds the Excel error ${String(object.error)}` };
  if (Array.isArray(object.richText)) {
    return text(
      (object.richText as Array<{ text?: unknown }>)
        .map((run) => (typeof run.text === 'string' ? run.text : ''))
        .join(''),
    );
  }
  if ('text' in object) {
    // A hyperlink: its shown text, which may itself be rich text.
    const shownText = object.text as unknown;
    if (typeof shownText === 'string') return text(shownText);
    if (shownText && typeof shownText === 'object' && Array.isArray((shownText as { richText?: unknown }).richText)) {
      return text((shownText as { richText: Array<{ text?: string }> }).richText.map((run) => run.text ?? '').join(''));
    }
  }
  return { kind: 'unusable', problem: 'holds a value that is not text, a number or a date' };
}

function dateCell(date: Date): RawCell {
  const wallClock = excelDateToWallClock(date);
  return wallClock
    ? { kind: 'date', wallClock }
    : { kind: 'unusable', problem: 'holds a date Excel itself cannot show' };
}

function formulaResult(
  result: unknown,
  formula: string,
  numFmt: string | undefined,
  date1904: boolean,
): RawCell | undefined {
  if (result === undefined || result === null) {
    return {
      kind: 'unusable',
      problem: `holds a formula${formula} without a saved result; open the file in Excel and save it again, or paste the values`,
    };
  }
  if (typeof result === 'number') {
    if (Number.isNaN(result)) {
      return {
        kind: 'unusable',
        problem: `holds a formula${formula} whose result is an Excel error (such as #DIV/0! or #REF!)`,
      };
    }
    if (isDateFormat(numFmt)) {
      const wallClock = excelSerialToWallClock(result, date1904);
      return wallClock
        ? { kind: 'date', wallClock }
        : { kind: 'unusable', problem: `holds a formula${formula} whose date is out of range` };
    }
    return { kind: 'number', value: result };
  }
  if (typeof result === 'string') return text(result);
  if (typeof result === 'boolean') return { kind: 'boolean', value: result };
  if (result instanceof Date) return dateCell(result);
  if (typeof result === 'object' && 'error' in (result as object)) {
    return {
      kind: 'unusable',
      problem: `holds a formula${formula} whose result is the Excel error ${String((result as { error: unknown }).error)}`,
    };
  }
  return { kind: 'unusable', problem: `holds a formula${formula} with a result that is not text, a number or a date` };
}

/**
 * Whether an Excel number format shows a date or time: after removing quoted
 * literals and [bracketed] colours/locales/conditions, it contains y, m, d, h or s.
 * "General", "0.00" and "@" don't; "dd-mmm-yyyy hh:mm" and "[$-409]h:mm AM/PM" do.
 */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  if (/^general$/i.test(bare.trim())) return false;
  return /[ymdhs]/i.test(bare);
}
