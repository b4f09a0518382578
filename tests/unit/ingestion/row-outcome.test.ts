import { classifyAgainstStored, readingKey, sameValue } from '../../../src/ingestion/row-outcome';
import { finalStatus } from '../../../src/ingestion/log-status';

describe('row outcomes', () => {
  test('a reading not stored yet is inserted; the same value again is a duplicate; another value is a conflict', () => {
    expect(classifyAgainstStored('12.5', undefined)).toBe('inserted');
    expect(classifyAgainstStored('12.5', '12.50')).toBe('duplicate');
    expect(classifyAgainstStored('12.6', '12.5')).toBe('conflict');
  });

  test('values compare as decimals, exactly', () => {
    expect(sameValue('1.0', '1')).toBe(true);
    expect(sameValue('0.1', '0.10000000000000000001')).toBe(false);
  });

  test('keys separate meter, register and time unambiguously', () => {
    expect(readingKey('A', 'B1', 5)).not.toBe(readingKey('AB', '1', 5));
  });
});

describe('log status', () => {
  const counts = (inserted: number, duplicate: number, conflict: number, rejected: number) => ({
    inserted,
    duplicate,
    conflict,
    rejected,
  });
  test.each([
    [counts(10, 0, 0, 0), null, 'Completed'],
    [counts(0, 10, 0, 0), null, 'Completed'],
    [counts(0, 0, 0, 0), null, 'Completed'],
    [counts(8, 0, 1, 1), null, 'Partial'],
    [counts(0, 0, 0, 3), null, 'Failed'],
    [counts(0, 0, 0, 0), 'The file is empty', 'Failed'],
    [counts(5, 0, 0, 0), 'connection lost', 'Partial'],
  ] as const)('%j with fatal %s → %s', (c, fatal, status) => {
    expect(finalStatus(c, fatal)).toBe(status);
  });
});
