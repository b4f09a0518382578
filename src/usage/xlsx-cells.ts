import { fractionMillis, isRealDate, isRealTimeOfDay, scanIso8601 } from '../common/time';
import type { RawCell } from './raw-row';
import { excelSerialToWallClock } from './usage-time';
import { MAX_CELL_CHARACTERS, type DateStyles, type SharedStrings } from './xlsx-parts';
import { decodeCellText, decodeXmlText } from './xlsx-xml';

/**
 * One `<c>` element of a sheet as the scanner collected it — raw text, entities not
 * yet decoded — and its meaning as a `RawCell`.
 *
 * The cell's type (`t`) says how to read its value `<v>`:
 * - "s" an index into the shared strings; "inlineStr" the text in `<is>` (plain `<t>`
 *   or rich-text runs); "str" a formula's text result;
 * - "b" a boolean (1/0); "e" an Excel error (#DIV/0!, #REF!…); "d" an ISO 8601 date;
 * - "n" or absent: a number — a date when the cell's style has a date format
 *   (a serial in the workbook's 1900 or 1904 date system).
 * A formula cell (`<f>`, possibly empty for cells sharing another cell's formula)
 * carries its cached result in `<v>`; without one, nothing can be read.
 */
export type ScannedCell = {
  column: number;
  /** The `t` attribute, undefined when absent. */
  type: string | undefined;
  /** The `s` attribute: index into the workbook's cell styles. */
  style: number;
  hasFormula: boolean;
  formula: string;
  hasValue: boolean;
  value: string;
  hasInline: boolean;
  inline: string;
  /** The cell's text ran past what an Excel cell can hold; it was not kept. */
  tooLong: boolean;
};

export type CellContext = {
  sharedStrings: SharedStrings;
  dateStyles: DateStyles;
  date1904: boolean;
};

export function emptyScannedCell(): ScannedCell {
  return {
    column: 0,
    type: undefined,
    style: 0,
    hasFormula: false,
    formula: '',
    hasValue: false,
    value: '',
    hasInline: false,
    inline: '',
    tooLong: false,
  };
}

const NOT_A_VALUE = 'holds a value that is not text, a number or a date';
const TOO_LONG = `holds more than ${MAX_CELL_CHARACTERS.toLocaleString('en-US')} characters, more than an Excel cell can`;

function unusable(problem: string): RawCell {
  return { kind: 'unusable', problem };
}

function text(value: string): RawCell | undefined {
  if (value.length > MAX_CELL_CHARACTERS) return unusable(TOO_LONG);
  return value.trim() === '' ? undefined : { kind: 'text', text: value };
}

/** The cell as the importer reads it; undefined for an empty cell. */
export function toRawCell(cell: ScannedCell, context: CellContext): RawCell | undefined {
  if (cell.tooLong) return unusable(TOO_LONG);
  if (cell.hasFormula) {
    const source = decodeXmlText(cell.formula);
    const formula = source ? ` (=${source})` : '';
    if (!cell.hasValue && !cell.hasInline) {
      return unusable(
        `holds a formula${formula} without a saved result; open the file in Excel and save it again, or paste the values`,
      );
    }
    if (cell.type === 'e') {
      return unusable(`holds a formula${formula} whose result is an Excel error (such as #DIV/0! or #REF!)`);
    }
    return valueCell(cell, context, {
      notAValue: `holds a formula${formula} with a result that is not text, a number or a date`,
      badDate: `holds a formula${formula} whose date is out of range`,
    });
  }
  if (!cell.hasValue && !cell.hasInline) return undefined;
  if (cell.type === 'e') return unusable(`holds the Excel error ${decodeXmlText(cell.value).trim()}`);
  return valueCell(cell, context, PLAIN_CELL_PROBLEMS);
}

type ValueProblems = { notAValue: string; badDate: string };
const PLAIN_CELL_PROBLEMS: ValueProblems = {
  notAValue: NOT_A_VALUE,
  badDate: 'holds a date Excel itself cannot show',
};

/** A cell's value (a plain cell's, or a formula's cached result) by its type. */
function valueCell(cell: ScannedCell, context: CellContext, problems: ValueProblems): RawCell | undefined {
  switch (cell.type) {
    case 's':
      return sharedString(cell.value, context.sharedStrings);
    case 'inlineStr':
    case 'str':
      return text(decodeCellText(cell.hasInline ? cell.inline : cell.value));
    case 'b':
      return booleanCell(cell.value) ?? unusable(problems.notAValue);
    case 'd':
      return isoDateCell(cell.value);
    default: {
      if (cell.hasInline) return text(decodeCellText(cell.inline));
      const value = numberOf(cell.value);
      if (value === undefined) return unusable(problems.notAValue);
      if (context.dateStyles[cell.style] !== true) return { kind: 'number', value };
      const wallClock = excelSerialToWallClock(value, context.date1904);
      return wallClock ? { kind: 'date', wallClock } : unusable(problems.badDate);
    }
  }
}

function sharedString(index: string, strings: SharedStrings): RawCell | undefined {
  const at = numberOf(index);
  const value = at !== undefined && Number.isInteger(at) && at >= 0 ? strings[at] : undefined;
  if (value === undefined) return unusable('refers to a shared text the workbook does not have');
  if (value === null) return unusable(TOO_LONG);
  return text(value);
}

function numberOf(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function booleanCell(raw: string): RawCell | undefined {
  const value = raw.trim();
  if (value === '1' || value === 'true') return { kind: 'boolean', value: true };
  if (value === '0' || value === 'false') return { kind: 'boolean', value: false };
  return undefined;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * A cell of type "d": an ISO 8601 date and time, read as the wall clock written
 * (a spreadsheet date has no zone; a trailing Z or offset is ignored, as Excel does).
 */
function isoDateCell(raw: string): RawCell {
  const parts = scanIso8601(raw.trim());
  // The shapes Excel writes: "T" or a space, a dot before the fraction, "Z" or a full offset.
  if (
    parts &&
    parts.timeSeparator !== 't' &&
    parts.fractionSeparator !== ',' &&
    !parts.spaceBeforeOffset &&
    (parts.offset === null || parts.offset === 'Z' || /^[+-]\d{2}:?\d{2}$/.test(parts.offset)) &&
    // 31 June is refused, not rolled over to 1 July.
    isRealDate(parts.year, parts.month, parts.day) &&
    isRealTimeOfDay(parts)
  ) {
    const { year, month, day, hour, minute } = parts;
    const time = `${pad(hour, 2)}:${pad(minute, 2)}:${pad(parts.second ?? 0, 2)}.${pad(fractionMillis(parts.fraction), 3)}`;
    return { kind: 'date', wallClock: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${time}` };
  }
  return unusable('holds a date Excel itself cannot show');
}
