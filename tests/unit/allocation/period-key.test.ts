import {
  periodKeyField,
  periodKeyOf,
  periodKeyProblem,
  rowsForPeriod,
} from '../../../src/allocation/period-key';

describe('period keys', () => {
  it('names a settlement period by its start and end, as the run is asked for it', () => {
    expect(periodKeyOf('2024-01-01', '2024-12-31')).toBe('2024-01-01..2024-12-31');
  });

  it.each([
    ['', null],
    ['2024-01-01..2024-12-31', null],
    ['2024-07-01..2024-07-01', null],
    ['2024', 'must be empty (the default) or a period written yyyy-MM-dd..yyyy-MM-dd'],
    ['2024-01-01 .. 2024-12-31', 'must be empty (the default) or a period written yyyy-MM-dd..yyyy-MM-dd'],
    ['2023-02-29..2023-12-31', 'must name two real dates (yyyy-MM-dd..yyyy-MM-dd)'],
    ['2024-12-31..2024-01-01', 'must not end before it starts'],
    ['2019-01-01..2024-12-31', 'must span at most 1830 days'],
  ])('%j → %s', (text, problem) => {
    expect(periodKeyProblem(text)).toBe(problem);
  });

  it('reads absent, null and blank as the default', () => {
    expect(periodKeyField.parse(undefined)).toBe('');
    expect(periodKeyField.parse(null)).toBe('');
    expect(periodKeyField.parse('  ')).toBe('');
    expect(periodKeyField.safeParse('2024').success).toBe(false);
  });

  it('takes per target the period row, else the default, never another period', () => {
    const rows = [
      { id: 1, point: 'A', periodKey: '' },
      { id: 2, point: 'A', periodKey: '2024-01-01..2024-12-31' },
      { id: 3, point: 'B', periodKey: '' },
      { id: 4, point: 'C', periodKey: '2023-01-01..2023-12-31' },
      // The period row first: the default after it must not win.
      { id: 5, point: 'D', periodKey: '2024-01-01..2024-12-31' },
      { id: 6, point: 'D', periodKey: '' },
    ];
    const chosen = rowsForPeriod(rows, (r) => r.point, '2024-01-01..2024-12-31');
    expect([...chosen.entries()].map(([point, r]) => [point, r.id])).toEqual([
      ['A', 2],
      ['B', 3],
      ['D', 5],
    ]);
  });
});
