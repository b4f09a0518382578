import {
  aggregate,
  compareUsageRecords,
  Dec,
  dedupeUsageRecords,
  deviceContributions,
  metricMatches,
  parseInt64,
  type ParsedUsageMetric,
  type ParsedUsageRecord,
} from '../../../src/charging';

function record(
  at: number,
  intCounter: string | null,
  extra: Partial<ParsedUsageRecord> = {},
): ParsedUsageRecord {
  return {
    eGroup: 'WM-ACME5',
    eId: 'Type-1',
    deviceId: 'dev-1',
    eventRef: null,
    at,
    values: {
      intCounter: intCounter === null ? null : new Dec(intCounter),
      intCounter2: null,
      intCounter3: null,
      intCounter4: null,
      intCounter5: null,
      temperature: null,
    },
    badge: null,
    ...extra,
  };
}
const metric = (
  aggregation: ParsedUsageMetric['aggregation'],
  extra: Partial<ParsedUsageMetric> = {},
): ParsedUsageMetric => ({
  code: 'LITRES',
  eGroup: 'WM-ACME5',
  eId: 'Type-1',
  field: 'intCounter',
  aggregation,
  unit: 'l',
  ...extra,
});
const quantity = (m: ParsedUsageMetric, records: ParsedUsageRecord[], from = 10, to = 100) =>
  aggregate(
    m.aggregation,
    deviceContributions(m, records, from, to).contributions.map((c) => c.value),
  ).toFixed();

describe('usage metrics', () => {
  const records = [
    record(5, '1000'),
    record(10, '1010'),
    record(20, '1030'),
    record(30, null),
    record(40, '1035'),
    record(100, '2000'),
  ];

  it('matches records by eGroup, and by eId only when the metric names one', () => {
    expect(metricMatches(metric('count'), record(1, '1'))).toBe(true);
    expect(metricMatches(metric('count'), record(1, '1', { eId: 'Type-2' }))).toBe(false);
    expect(metricMatches(metric('count', { eId: null }), record(1, '1', { eId: 'Type-2' }))).toBe(true);
    expect(metricMatches(metric('count'), record(1, '1', { eGroup: 'OTHER' }))).toBe(false);
  });

  it('counts records in [from, to), whether or not the field is set', () => {
    // at 10, 20, 30, 40 (5 is before, 100 is the end, excluded)
    expect(quantity(metric('count'), records)).toBe('4');
  });

  it('sums, takes the max and the latest of the field, skipping records without it', () => {
    expect(quantity(metric('sum'), records)).toBe('3075'); // 1010 + 1030 + 1035
    expect(quantity(metric('max'), records)).toBe('1035');
    expect(quantity(metric('latest'), records)).toBe('1035');
  });

  it('measures a cumulative counter by its growth since the record before the period', () => {
    // baseline 1000 (at 5) → 1035 (at 40): 10 + 20 + 5 = 35
    expect(quantity(metric('delta'), records)).toBe('35');
  });

  it('has no baseline for a device whose first record is in the period', () => {
    // 1010 is the baseline; 1030 − 1010 + 1035 − 1030 = 25
    expect(quantity(metric('delta'), records.slice(1))).toBe('25');
  });

  it('reports a counter going backwards and resumes from the new value', () => {
    const reset = [record(10, '500'), record(20, '520'), record(30, '3'), record(40, '10')];
    const result = deviceContributions(metric('delta'), reset, 0, 100);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].record.at).toBe(30);
    // 20 + (10 − 3) = 27: the drop itself counts nothing
    expect(
      aggregate(
        'delta',
        result.contributions.map((c) => c.value),
      ).toFixed(),
    ).toBe('27');
  });

  it('keeps 64-bit counters exact', () => {
    const big = [
      record(10, parseInt64('9223372036854775000')!.toFixed()),
      record(20, parseInt64('9223372036854775807')!.toFixed()),
    ];
    expect(quantity(metric('delta'), big, 0)).toBe('807');
    expect(quantity(metric('sum'), big, 0)).toBe('18446744073709550807');
    expect(parseInt64('9223372036854775808')).toBeNull();
    // eslint-disable-next-line no-loss-of-precision -- the point: a number JS has already rounded
    expect(parseInt64(9007199254740993)).toBeNull(); // not a safe integer: already rounded by JS
    expect(parseInt64(12n)!.toFixed()).toBe('12');
  });

  it('counts a repeated event once and reports a repeat with different content', () => {
    const sorted = [
      record(10, '5', { eventRef: 'e1' }),
      record(10, '5', { eventRef: 'e1' }),
      record(11, '6', { eventRef: 'e1' }),
      record(12, '7'),
      record(12, '7'),
    ].sort(compareUsageRecords);
    const { records: kept, conflicts } = dedupeUsageRecords(sorted);
    expect(kept.map((r) => r.at)).toEqual([10, 12, 12]); // records without a reference never collide
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0].dropped.at).toBe(11);
  });
});
