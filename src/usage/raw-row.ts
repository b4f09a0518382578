/**
 * A spreadsheet row as read from the file, before any usage-record rule applies:
 * the same shape whether it came from an .xlsx (typed cells) or a CSV (text only).
 * Only non-empty cells are present.
 */
export type RawCell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  /** An Excel date cell, as the wall-clock time typed into it (ISO without offset). */
  | { kind: 'date'; wallClock: string }
  | { kind: 'boolean'; value: boolean }
  /** An Excel error, a formula without a saved result, or another unusable cell; `problem` follows the cell's label. */
  | { kind: 'unusable'; problem: string };

export type RawRow = {
  /** The row number the user sees in Excel (1-based; for CSV, the record number). */
  number: number;
  /** Column number (1-based) → cell. */
  cells: Map<number, RawCell>;
};

/** Column number → spreadsheet letters: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let letters = '';
  let n = column;
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** "AB12" → { column: 28, row: 12 }, or undefined when it isn't a cell reference. */
export function parseCellRef(ref: string): { column: number; row: number } | undefined {
  const match = /^\$?([A-Z]{1,3})\$?([0-9]{1,7})$/.exec(ref.toUpperCase());
  if (!match) return undefined;
  let column = 0;
  for (const letter of match[1]) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { column, row: Number(match[2]) };
}
