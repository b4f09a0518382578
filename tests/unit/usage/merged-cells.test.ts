import {
  coveringMerge,
  createMergeScanner,
  MAX_MERGES,
  parseMergeRef,
  type MergeScan,
} from '../../../src/usage/merged-cells';
import { columnLetters, parseCellRef } from '../../../src/usage/raw-row';

describe('merged-cell scan of sheet XML', () => {
  const xml =
    '<worksheet><sheetData><row r="1"><c r="A1"/></row></sheetData>' +
    '<mergeCells count="3"><mergeCell ref="A3:A5"/><x:mergeCell ref="$D$2:$C$2" /><mergeCell ref="AA10:AB12"/></mergeCells></worksheet>';

  it('finds every range, whatever the namespace prefix or reference style', () => {
    const scan: MergeScan = { ranges: [], truncated: false };
    createMergeScanner(scan)(Buffer.from(xml));
    expect(scan.ranges.map((r) => r.ref)).toEqual(['A3:A5', 'C2:D2', 'AA10:AB12']);
  });

  it('finds each range exactly once however the bytes are split into chunks', () => {
    for (let size = 1; size <= 40; size++) {
      const scan: MergeScan = { ranges: [], truncated: false };
      const feed = createMergeScanner(scan);
      for (let at = 0; at < xml.length; at += size) feed(Buffer.from(xml.slice(at, at + size)));
      expect(scan.ranges.map((r) => r.ref)).toEqual(['A3:A5', 'C2:D2', 'AA10:AB12']);
    }
  });

  it('stops collecting at the cap and says so', () => {
    const scan: MergeScan = { ranges: [], truncated: false };
    createMergeScanner(scan)(Buffer.from('<mergeCell ref="A1:A2"/>'.repeat(MAX_MERGES + 5)));
    expect(scan.ranges).toHaveLength(MAX_MERGES);
    expect(scan.truncated).toBe(true);
  });

  it('knows which cells a range covers beyond its top-left one', () => {
    const ranges = [parseMergeRef('B2:C4')!];
    expect(coveringMerge(ranges, 2, 2)).toBeUndefined(); // the top-left cell holds the value
    expect(coveringMerge(ranges, 3, 4)?.ref).toBe('B2:C4');
    expect(coveringMerge(ranges, 4, 3)).toBeUndefined();
    expect(parseMergeRef('nonsense')).toBeUndefined();
  });

  it('converts column letters both ways', () => {
    for (const [n, letters] of [
      [1, 'A'],
      [26, 'Z'],
      [27, 'AA'],
      [702, 'ZZ'],
      [703, 'AAA'],
      [16384, 'XFD'],
    ] as const) {
      expect(columnLetters(n)).toBe(letters);
      expect(parseCellRef(`${letters}7`)).toEqual({ column: n, row: 7 });
    }
  });
});
