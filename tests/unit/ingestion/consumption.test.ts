import { consumptionSeries } from '../../../src/ingestion/consumption';

const at = (iso: string) => Date.parse(iso);
const cum = (iso: string, value: string) => ({ readingAt: at(iso), value, kind: 'cumulative' as const });

describe('consumption series', () => {
  test('daily differences of cumulative reads; a 00:00 read closes the previous day', () => {
    // Zurich is UTC+1 in January: local midnight of the 2nd is 2024-01-01T23:00Z.
    const { buckets } = consumptionSeries(
      [cum('2023-12-31T23:00:00Z', '100'), cum('2024-01-01T23:00:00Z', '112.5'), cum('2024-01-02T12:00:00Z', '115')],
      { period: 'day', timeZone: 'Europe/Zurich' },
    );
    // 112.5 − 100 = 12.5 belongs to Jan 1 (the read at 00:00 of Jan 2 closes Jan 1); 115 − 112.5 = 2.5 to Jan 2.
    expect(buckets.map((b) => [b.period, b.quantity])).toEqual([
      ['2024-01-01', '12.5'],
      ['2024-01-02', '2.5'],
    ]);
  });

  test('monthly buckets, multiplier applied exactly', () => {
    const { buckets } = consumptionSeries([cum('2024-01-01T00:00:00Z', '0'), cum('2024-01-20T00:00:00Z', '0.1'), cum('2024-02-10T00:00:00Z', '0.3')], {
      period: 'month',
      timeZone: 'UTC',
      multiplier: '3',
    });
    expect(buckets.map((b) => [b.period, b.quantity])).toEqual([
      ['2024-01', '0.3'],
      ['2024-02', '0.6'],
    ]);
  });

  test('a register that wraps counts the way round the dial; without a rollover value the drop is reported, not negative', () => {
    const reads = [cum('2024-01-01T12:00:00Z', '99990'), cum('2024-01-02T12:00:00Z', '15')];
    expect(consumptionSeries(reads, { period: 'day', timeZone: 'UTC', rolloverAt: '100000' }).buckets[0].quantity).toBe('25');
    const noRollover = consumptionSeries(reads, { period: 'day', timeZone: 'UTC' });
    expect(noRollover.buckets).toEqual([]);
    expect(noRollover.warnings[0]).toContain('went down');
  });

  test('interval readings are summed, not differenced', () => {
    const { buckets } = consumptionSeries(
      [
        { readingAt: at('2024-01-01T00:30:00Z'), value: '1.5', kind: 'interval' },
        { readingAt: at('2024-01-01T01:00:00Z'), value: '2', kind: 'interval' },
      ],
      { period: 'day', timeZone: 'UTC' },
    );
    expect(buckets.map((b) => b.quantity)).toEqual(['3.5']);
  });
});
