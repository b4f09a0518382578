import fc from 'fast-check';
import { compileFilePattern, filePatternProblem, FILE_PATTERN_MAX_LENGTH } from '../../../src/channels';

const matches = (pattern: string, name: string, caseInsensitive = false) =>
  compileFilePattern(pattern, { caseInsensitive }).matches(name);

describe('file patterns', () => {
  it.each([
    ['*.csv', 'readings.csv', true],
    ['*.csv', 'readings.csv.bak', false],
    ['*.csv', 'readings.CSV', false],
    ['*', 'anything.txt', true],
    ['readings_????-??-??.csv', 'readings_2024-03-01.csv', true],
    ['readings_????-??-??.csv', 'readings_2024-3-01.csv', false],
    ['meter[0-9].csv', 'meter7.csv', true],
    ['meter[0-9].csv', 'meterA.csv', false],
    ['meter[!0-9].csv', 'meterA.csv', true],
    ['meter[^0-9].csv', 'meter5.csv', false],
    ['[abc]*', 'b-file', true],
    ['[]]x', ']x', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axxb', false],
    ['*a*b*c', 'xxaxxbxxc', true],
    ['*a*b*c', 'xxaxxbxx', false],
    ['**.csv', 'x.csv', true],
    ['data', 'data', true],
    ['data', 'data2', false],
    ['?', '', false],
    ['*', '', true],
    ['Zähler_*.csv', 'Zähler_1.csv', true],
    ['m³?.csv', 'm³1.csv', true],
  ])('%s against %s → %s', (pattern, name, expected) => {
    expect(matches(pattern, name)).toBe(expected);
  });

  it('matches regardless of case when asked', () => {
    expect(matches('*.csv', 'READINGS.CSV', true)).toBe(true);
    expect(matches('Meter[A-C].csv', 'meterb.CSV', true)).toBe(true);
    expect(matches('*.csv', 'READINGS.CSV', false)).toBe(false);
  });

  it('never lets a wildcard match a leading dot (half-uploaded hidden files)', () => {
    expect(matches('*.csv', '.upload.csv')).toBe(false);
    expect(matches('?upload.csv', '.upload.csv')).toBe(false);
    expect(matches('[.]upload.csv', '.upload.csv')).toBe(false);
    expect(matches('.*.csv', '.upload.csv')).toBe(true);
    expect(matches('*', '.hidden')).toBe(false);
  });

  it.each([
    ['', 'empty'],
    ['in/*.csv', 'must not contain "/"'],
    ['*.[csv', 'without a closing "]"'],
    ['*.csv]', 'without a matching "["'],
    ['[z-a]', 'reversed range'],
    ['a\\', 'lone "\\"'],
    ['a\u0000b', 'control character'],
    ['x'.repeat(FILE_PATTERN_MAX_LENGTH + 1), `at most ${FILE_PATTERN_MAX_LENGTH}`],
  ])('refuses %j with a message naming the problem', (pattern, message) => {
    expect(filePatternProblem(pattern)).toContain(message);
  });

  it('accepts good patterns', () => {
    expect(filePatternProblem('*.csv')).toBeNull();
  });

  it('a hostile many-star pattern against a long name completes (no exponential backtracking)', () => {
    const pattern = `${'*a'.repeat(40)}*b`;
    const name = 'a'.repeat(5000);
    expect(matches(pattern, name)).toBe(false);
  });

  it('agrees with a reference regular expression on random patterns and names', () => {
    const alphabet = fc.constantFrom('a', 'b', '.', '-');
    const patternChar = fc.constantFrom('a', 'b', '.', '-', '*', '?');
    fc.assert(
      fc.property(
        fc.array(patternChar, { minLength: 1, maxLength: 8 }),
        fc.array(alphabet, { maxLength: 10 }),
        (p, n) => {
          const pattern = p.join('');
          const name = n.join('');
          const body = p.map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c === '.' ? '\\.' : c)).join('');
          let expected = new RegExp(`^${body}$`, 's').test(name);
          if (name.startsWith('.') && !pattern.startsWith('.')) expected = false;
          return matches(pattern, name) === expected;
        },
      ),
      { numRuns: 2000 },
    );
  });
});
