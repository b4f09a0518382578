import { DomainError } from '../common/errors';
import type { RawRow } from './raw-row';
import { emptyScannedCell, toRawCell, type CellContext, type ScannedCell } from './xlsx-cells';
import { MAX_CELL_RAW_CHARACTERS } from './xlsx-parts';
import {
  attributeEnd,
  findAttribute,
  isTagNamed,
  XmlScanner,
  type XmlHandler,
  type XmlTag,
} from './xlsx-xml';

/**
 * The rows of a worksheet part, from its text fed chunk by chunk (`push`), each
 * call answering the rows it completed. Synchronous and I/O-free: the caller owns
 * the stream (and its backpressure); tests feed it any chunking they like.
 *
 * Only `<sheetData>` is read; scanning stops at its end (merged cells, which come
 * after it, are collected during the zip check — see merged-cells.ts). Rows and
 * cells may carry their reference (`r="7"`, `r="B7"`) or not, in which case they
 * follow the previous one. Every `<row>` in the file is answered, even one without
 * a value (Excel writes formatted empty rows), so the importer can count it.
 *
 * Per cell, it allocates the strings it keeps and the `RawCell`: the cell being
 * read is one reused record, and tags are compared in place (see xlsx-xml.ts).
 */
export type SheetScanLimits = {
  /** Raw characters of one row's cells; a row beyond it is refused (memory bound). */
  maxRowCharacters: number;
};

export const DEFAULT_SHEET_SCAN_LIMITS: SheetScanLimits = {
  maxRowCharacters: 16 * 1024 * 1024,
};

/** XFD, Excel's last column. */
export const MAX_COLUMN = 16_384;

/** Which raw text of the current cell the character data goes to. */
const Capture = { None: 0, Value: 1, Formula: 2, Inline: 3 } as const;
type Capture = (typeof Capture)[keyof typeof Capture];

export class SheetScanner implements XmlHandler {
  private readonly xml: XmlScanner;
  private ready: RawRow[] = [];
  private inSheetData = false;
  private row: RawRow | undefined;
  private lastRow = 0;
  private lastColumn = 0;
  private rowCharacters = 0;
  private inCell = false;
  private readonly cell: ScannedCell = emptyScannedCell();
  private capture: Capture = Capture.None;
  private inInline = false;
  private phonetic = 0;
  /** `</sheetData>` was read: nothing after it matters. */
  finished = false;

  constructor(
    private readonly context: CellContext,
    part: string,
    private readonly limits: SheetScanLimits = DEFAULT_SHEET_SCAN_LIMITS,
  ) {
    this.xml = new XmlScanner(this, part);
  }

  /** Feeds the next piece of the part's text; answers the rows completed by it. */
  push(chunk: string): RawRow[] {
    this.xml.push(chunk);
    return this.take();
  }

  /** The part has ended; answers the last rows, or throws if it ended mid-way. */
  end(): RawRow[] {
    this.xml.end();
    if (this.inSheetData) throw this.xml.damaged('it ends before the end of its rows');
    return this.take();
  }

  private take(): RawRow[] {
    const rows = this.ready;
    if (rows.length) this.ready = [];
    return rows;
  }

  tag(text: string, tag: XmlTag): void {
    const length = tag.nameEnd - tag.nameStart;
    const first = text.charCodeAt(tag.nameStart);
    if (length === 1) {
      if (first === 0x63 /* c */) return this.cellTag(text, tag);
      if (!this.inCell) return;
      if (first === 0x76 /* v */) return this.valueTag(tag, Capture.Value);
      if (first === 0x66 /* f */) return this.valueTag(tag, Capture.Formula);
      if (first === 0x74 /* t */ && this.inInline && this.phonetic <= 0)
        return this.valueTag(tag, Capture.Inline);
      return;
    }
    if (isTagNamed(text, tag, 'row')) {
      if (this.inCell) this.closeCell(); // a cell left open: the row's end ends it
      return this.rowTag(text, tag);
    }
    if (this.inCell) {
      if (isTagNamed(text, tag, 'is')) {
        this.inInline = !tag.closing && !tag.selfClosing;
        if (!tag.closing) this.cell.hasInline = true;
      } else if (isTagNamed(text, tag, 'rPh') && !tag.selfClosing) {
        this.phonetic += tag.closing ? -1 : 1;
      }
      return;
    }
    if (isTagNamed(text, tag, 'sheetData')) {
      if (tag.closing || tag.selfClosing) {
        this.inSheetData = false;
        this.finished = true;
        this.xml.stopped = true;
      } else {
        this.inSheetData = true;
      }
    }
  }

  text(text: string, start: number, end: number): void {
    if (this.capture === Capture.None || this.cell.tooLong) return;
    const length = end - start;
    this.rowCharacters += length;
    if (this.rowCharacters > this.limits.maxRowCharacters) {
      throw new DomainError(
        'too-large',
        `Row ${this.row?.number ?? this.lastRow} of the sheet holds more than ${this.limits.maxRowCharacters.toLocaleString('en-US')} characters; split it or remove the long texts`,
        { row: this.row?.number ?? this.lastRow },
      );
    }
    const cell = this.cell;
    const piece = text.slice(start, end);
    if (this.capture === Capture.Value) cell.value += piece;
    else if (this.capture === Capture.Formula) cell.formula += piece;
    else cell.inline += piece;
    if (cell.value.length + cell.formula.length + cell.inline.length > MAX_CELL_RAW_CHARACTERS) {
      // Keep nothing of it: the cell is reported as too long, and memory stays bounded.
      cell.tooLong = true;
      cell.value = cell.formula = cell.inline = '';
    }
  }

  private rowTag(text: string, tag: XmlTag): void {
    if (!this.inSheetData) return;
    if (tag.closing) {
      if (this.row) this.ready.push(this.row);
      this.row = undefined;
      return;
    }
    if (this.row) this.ready.push(this.row); // an unclosed row: the next one ends it
    const number = rowNumber(text, findAttribute(text, tag, 'r')) ?? this.lastRow + 1;
    this.lastRow = number;
    this.lastColumn = 0;
    this.rowCharacters = 0;
    const row: RawRow = { number, cells: new Map() };
    if (tag.selfClosing) this.ready.push(row);
    else this.row = row;
  }

  private cellTag(text: string, tag: XmlTag): void {
    if (!this.row) return;
    if (tag.closing) {
      if (this.inCell) this.closeCell();
      return;
    }
    if (this.inCell) this.closeCell();
    const column = columnOf(text, findAttribute(text, tag, 'r')) ?? this.lastColumn + 1;
    if (column > MAX_COLUMN) {
      throw this.xml.damaged(`row ${this.row.number} has a cell beyond column XFD, the last Excel has`);
    }
    this.lastColumn = column;
    if (tag.selfClosing) return;
    const cell = this.cell;
    cell.column = column;
    cell.type = cellType(text, findAttribute(text, tag, 't'));
    cell.style = unsignedAt(text, findAttribute(text, tag, 's')) ?? 0;
    cell.hasFormula = cell.hasValue = cell.hasInline = cell.tooLong = false;
    cell.formula = cell.value = cell.inline = '';
    this.inCell = true;
    this.inInline = false;
    this.phonetic = 0;
    this.capture = Capture.None;
  }

  private closeCell(): void {
    this.inCell = false;
    this.capture = Capture.None;
    const raw = toRawCell(this.cell, this.context);
    if (raw) this.row?.cells.set(this.cell.column, raw);
  }

  private valueTag(tag: XmlTag, capture: Capture): void {
    if (tag.closing) {
      this.capture = Capture.None;
      return;
    }
    if (capture === Capture.Value) this.cell.hasValue = true;
    else if (capture === Capture.Formula) this.cell.hasFormula = true;
    this.capture = tag.selfClosing ? Capture.None : capture;
  }
}

/** The digits of an attribute value read in place (no string made); undefined when it isn't a whole number. */
function unsignedAt(text: string, start: number): number | undefined {
  if (start < 0) return undefined;
  const end = attributeEnd(text, start);
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return end > start ? value : undefined;
}

/** A row's `r`; undefined when absent or not a row number (the row then follows the previous one). */
function rowNumber(text: string, start: number): number | undefined {
  const number = unsignedAt(text, start);
  return number !== undefined && number > 0 ? number : undefined;
}

/** A cell's `r` ("AB12", "$AB$12") → 28, from its letters, read in place; undefined when it has none. */
function columnOf(text: string, start: number): number | undefined {
  if (start < 0) return undefined;
  const end = attributeEnd(text, start);
  let column = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i) | 0x20; // lower case
    if (code >= 0x61 && code <= 0x7a) column = column * 26 + (code - 0x60);
    else if (code !== 0x24 /* $ */ || column > 0) break;
  }
  return column > 0 ? column : undefined;
}

const CELL_TYPES = ['s', 'n', 'b', 'e', 'd', 'str', 'inlineStr'] as const;

/** A cell's `t`, as one of the shared constants when it is a known type (most cells: no string made). */
function cellType(text: string, start: number): string | undefined {
  if (start < 0) return undefined;
  const end = attributeEnd(text, start);
  for (const type of CELL_TYPES) if (end - start === type.length && text.startsWith(type, start)) return type;
  return text.slice(start, end);
}
