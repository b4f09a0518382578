import { columnLetters, parseCellRef } from './raw-row';

/**
 * Merged cells in an .xlsx.
 *
 * A merged range stores its value in the top-left cell only; the other cells are
 * empty in the file — that is also what Excel does when the range is unmerged. The
 * importer keeps exactly that meaning and does not copy the value down or across:
 * a DeviceId merged over three rows visually "belongs" to all three, but a merged
 * EventRef or IntCounter copied into three rows would make two of them duplicates
 * or charge the same count three times. Guessing is worse than refusing, so rows
 * whose required cell is empty because of a merge are rejected with a message
 * naming the range, and the report warns about merges in the data.
 *
 * The streaming reader can't tell us about merges in time: `<mergeCells>` is written
 * after all rows in the sheet XML (the sheet scanner stops at `</sheetData>`). The zip
 * verification pass inflates every part anyway, so it scans the sheet XML for
 * `<mergeCell ref="…">` on the way, and the ranges are known before the first row.
 */
export type MergeRange = { ref: string; top: number; left: number; bottom: number; right: number };

/** Enough for any real sheet; beyond it the scan stops collecting (and says so) rather than grow without bound. */
export const MAX_MERGES = 10_000;

/** A whole `<mergeCell … ref="A7:A9" …>` tag, up to its `>`: a tag cut at a chunk edge is not matched until complete. */
const MERGE_TAG =
  /<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Za-z$0-9]+(?::[A-Za-z$0-9]+)?)["'][^>]*>/g;
const MAX_CARRY = 4096;

export function parseMergeRef(ref: string): MergeRange | undefined {
  const [from, to = from] = ref.split(':');
  const a = parseCellRef(from);
  const b = parseCellRef(to);
  if (!a || !b) return undefined;
  return {
    ref: `${columnLetters(Math.min(a.column, b.column))}${Math.min(a.row, b.row)}:${columnLetters(Math.max(a.column, b.column))}${Math.max(a.row, b.row)}`,
    top: Math.min(a.row, b.row),
    left: Math.min(a.column, b.column),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.column, b.column),
  };
}

export type MergeScan = { ranges: MergeRange[]; truncated: boolean };

/** A consumer for a sheet part's inflated bytes that collects its merged ranges. */
export function createMergeScanner(into: MergeScan): (chunk: Buffer) => void {
  let carry = '';
  return (chunk) => {
    // latin1 maps bytes 1:1, so the ASCII tag and reference survive any UTF-8 split at a chunk edge.
    const text = carry + chunk.toString('latin1');
    MERGE_TAG.lastIndex = 0;
    for (let match = MERGE_TAG.exec(text); match; match = MERGE_TAG.exec(text)) {
      if (into.ranges.length >= MAX_MERGES) {
        into.truncated = true;
        break;
      }
      const range = parseMergeRef(match[1]);
      if (range) into.ranges.push(range);
    }
    // Anything after the last complete tag may be the start of the next one.
    const lastClose = text.lastIndexOf('>');
    carry = text.slice(lastClose + 1).slice(-MAX_CARRY);
  };
}

/** The merged range covering a cell without being its top-left cell, if any. */
export function coveringMerge(
  ranges: readonly MergeRange[],
  column: number,
  row: number,
): MergeRange | undefined {
  return ranges.find(
    (r) =>
      row >= r.top &&
      row <= r.bottom &&
      column >= r.left &&
      column <= r.right &&
      !(row === r.top && column === r.left),
  );
}
