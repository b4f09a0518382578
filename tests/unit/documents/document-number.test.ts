import fc from 'fast-check';
import {
  formatDocumentNumber,
  parseNumberPattern,
  patternLengthProblem,
} from '../../../src/documents/document-number';

describe('document numbers', () => {
  test('worked examples: the year and the padded sequence', () => {
    // {YYYY}-{SEQ:6}, year 2026, number 123: "2026" + "-" + "000123" (123 padded to 6 digits).
    expect(formatDocumentNumber('{YYYY}-{SEQ:6}', 2026, 123)).toBe('2026-000123');
    // {YY}: 2026 mod 100 = 26; 2005 mod 100 = 5, padded to "05".
    expect(formatDocumentNumber('R{YY}/{SEQ:4}', 2026, 7)).toBe('R26/0007');
    expect(formatDocumentNumber('R{YY}/{SEQ:4}', 2005, 7)).toBe('R05/0007');
    // A sequence wider than its padding is written in full, never cut.
    expect(formatDocumentNumber('{YYYY}.{SEQ:2}', 2026, 12345)).toBe('2026.12345');
    expect(formatDocumentNumber('CN-{YYYY}-{SEQ}', 2026, 1)).toBe('CN-2026-1');
  });

  test.each([
    ['', 'empty'],
    ['{YYYY}', 'exactly one {SEQ}'],
    ['{SEQ:6}', 'exactly one {YYYY}'],
    ['{YYYY}-{SEQ}-{SEQ}', 'exactly one {SEQ}'],
    ['{YYYY} {SEQ}', 'only letters, digits'],
    ['{YYYY}-{SEQ:0}', 'width must be 1 to 12'],
    ['{YYYY}-{SEQ:13}', 'width must be 1 to 12'],
    ['{YYYY}-{NR}-{SEQ}', 'only letters, digits'],
    ['=cmd|{YYYY}{SEQ}', 'only letters, digits'],
  ])('pattern %j is refused (%s)', (pattern, reason) => {
    const parsed = parseNumberPattern(pattern);
    expect('error' in parsed && parsed.error).toContain(reason);
  });

  test('a pattern whose numbers could outgrow the stored column is refused', () => {
    // 30 literal characters + 4 (year) + 12 (widest sequence) = 46 > 40.
    expect(patternLengthProblem('ABCDEFGHIJABCDEFGHIJABCDEFGHIJ{YYYY}{SEQ}')).toContain('46 characters');
    expect(patternLengthProblem('{YYYY}-{SEQ:6}')).toBeNull();
  });

  test('property: distinct sequences of a year give distinct numbers, in order for a fixed width', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2999 }),
        fc.integer({ min: 1, max: 999_999 }),
        fc.integer({ min: 1, max: 999_999 }),
        (year, a, b) => {
          const na = formatDocumentNumber('{YYYY}-{SEQ:6}', year, a);
          const nb = formatDocumentNumber('{YYYY}-{SEQ:6}', year, b);
          expect(na === nb).toBe(a === b);
          // Padded to the same width, text order is number order (sortable in any list).
          expect(na < nb).toBe(a < b);
          expect(na.length).toBe(11);
        },
      ),
    );
  });
});
