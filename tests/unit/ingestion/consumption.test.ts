import {
  bucketsBetween,
  ConsumptionBuckets,
  consumptionSeries,
  sumSeries,
} from '../../../src/ingestion/consumption';

const at = (iso: string) => Date.parse(iso);
const cum = (iso: string, value: string) => ({ readingAt: at(iso), value, kind: 'cumulative' as const });

describe('consumption series', () => {
  test('a bucket counts its estimated and edited reads; the read opening the range counts nowhere', () => {
    const { buckets } = consumptionSeries(
      [
        { ...cum('2024-01-01T00:00:00Z', '10'), quality: 'estimated' as const },
        cum('2024-01-01T12:00:00Z', '12'),
        { ...cum('2024-01-02T06:00:00Z', '15'), quality: 'estimated' as const },
        { ...cum('2024-01-02T18:00:00Z', '16'), quality: 'edited' as const },
        cum('2024-01-03T06:00:00Z', '20'),
      ],
      {
        period: 'day',
        timeZone: 'UTC',
        range: { from: at('2024-01-01T00:00:00Z'), to: at('2024-01-04T00:00:00Z') },
      },
    );
    // The 00:00 read of 1 Jan only opens the range: its value starts the first difference (12 − 10 = 2).
    expect(buckets.map((b) => [b.period, b.quantity, b.reads, b.estimated, b.edited])).toEqual([
      ['2024-01-01', '2', 1, 0, 0],
      ['2024-01-02', '4', 2, 1, 1],
      ['2024-01-03', '4', 1, 0, 0],
    ]);
  });

  test('daily differences of cumulative reads; a 00:00 read closes the previous day', () => {
    // Zurich is UTC+1 in January: local midnight of the 2nd is 2024-01-01T23:00Z.
    const { buckets } = consumptionSeries(
      [
        cum('2023-12-31T23:00:00Z', '100'),
        cum('2024-01-01T23:00:00Z', '112.5'),
        cum('2024-01-02T12:00:00Z', '115'),
      ],
      { period: 'day', timeZone: 'Europe/Zurich' },
    );
    // 112.5 − 100 = 12.5 belongs to Jan 1 (the read at 00:00 of Jan 2 closes Jan 1); 115 − 112.5 = 2.5 to Jan 2.
    expect(buckets.map((b) => [b.period, b.quantity])).toEqual([
      ['2024-01-01', '12.5'],
      ['2024-01-02', '2.5'],
    ]);
  });

  test('monthly buckets, multiplier applied exactly', () => {
    const { buckets } = consumptionSeries(
      [
        cum('2024-01-01T00:00:00Z', '0'),
        cum('2024-01-20T00:00:00Z', '0.1'),
        cum('2024-02-10T00:00:00Z', '0.3'),
      ],
      {
        period: 'month',
        timeZone: 'UTC',
        multiplier: '3',
      },
    );
    expect(buckets.map((b) => [b.period, b.quantity])).toEqual([
      ['2024-01', '0.3'],
      ['2024-02', '0.6'],
    ]);
  });

  test('a register that wraps counts the way round the dial; without a rollover value the drop is reported, not negative', () => {
    const reads = [cum('2024-01-01T12:00:00Z', '99990'), cum('2024-01-02T12:00:00Z', '15')];
    expect(
      consumptionSeries(reads, { period: 'day', timeZone: 'UTC', rolloverAt: '100000' }).buckets[0].quantity,
    ).toBe('25');
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

describe('consumption series: rules shared with charging', () => {
  const day = { period: 'day' as const, timeZone: 'UTC' };

  test('a drop of more than half the dial is not a rollover: the step is left out and reported', () => {
    // 40000 → 10: round the dial would be 60010 of 100000, more than half.
    const result = consumptionSeries(
      [
        cum('2024-01-01T12:00:00Z', '40000'),
        cum('2024-01-02T12:00:00Z', '10'),
        cum('2024-01-03T12:00:00Z', '12'),
      ],
      { ...day, rolloverAt: '100000' },
    );
    expect(result.buckets.map((b) => [b.period, b.quantity])).toEqual([['2024-01-03', '2']]);
    expect(result.warnings[0]).toContain('went down');
  });

  test('a read the dial cannot show is ignored and reported; the next read continues from the last good one', () => {
    const result = consumptionSeries(
      [
        cum('2024-01-01T12:00:00Z', '10'),
        cum('2024-01-02T12:00:00Z', '100000'),
        cum('2024-01-03T12:00:00Z', '15'),
      ],
      { ...day, rolloverAt: '100000' },
    );
    expect(result.buckets.map((b) => [b.period, b.quantity])).toEqual([['2024-01-03', '5']]);
    expect(result.warnings[0]).toContain('cannot be on a register rolling over at 100000');
  });

  test('the same read twice counts once; two values at one instant keep the first and warn', () => {
    const same = consumptionSeries(
      [cum('2024-01-01T12:00:00Z', '1'), cum('2024-01-02T12:00:00Z', '3'), cum('2024-01-02T12:00:00Z', '3')],
      day,
    );
    expect(same).toEqual({
      buckets: [expect.objectContaining({ period: '2024-01-02', quantity: '2', reads: 1 })],
      warnings: [],
    });
    const clash = consumptionSeries(
      [cum('2024-01-01T12:00:00Z', '1'), cum('2024-01-02T12:00:00Z', '3'), cum('2024-01-02T12:00:00Z', '4')],
      day,
    );
    expect(clash.buckets[0].quantity).toBe('2');
    expect(clash.warnings[0]).toContain('Two values');
  });

  test('interval reads on a cumulative register are ignored and reported', () => {
    const result = consumptionSeries(
      [
        cum('2024-01-01T12:00:00Z', '1'),
        { readingAt: at('2024-01-01T13:00:00Z'), value: '5', kind: 'interval' },
        cum('2024-01-02T12:00:00Z', '2'),
      ],
      day,
    );
    expect(result.buckets.map((b) => b.quantity)).toEqual(['1']);
    expect(result.warnings[0]).toContain('interval read');
  });

  test('a range fills every bucket (empty ones null) and keeps out consumption attributed outside it', () => {
    const range = { from: at('2024-01-02T00:00:00Z'), to: at('2024-01-05T00:00:00Z') };
    const result = consumptionSeries(
      // The read at 00:00 of Jan 2 closes Jan 1 (outside); the one at 00:00 of Jan 5 closes Jan 4 (inside).
      [
        cum('2024-01-01T00:00:00Z', '0'),
        cum('2024-01-02T00:00:00Z', '10'),
        cum('2024-01-03T06:00:00Z', '13'),
        cum('2024-01-05T00:00:00Z', '20'),
      ],
      { ...day, range },
    );
    expect(result.buckets.map((b) => [b.period, b.quantity])).toEqual([
      ['2024-01-02', null],
      ['2024-01-03', '3'],
      ['2024-01-04', '7'],
    ]);
    expect(result.buckets[1]).toMatchObject({ start: '2024-01-03T00:00:00.000Z', reads: 1 });
  });

  test('a read exactly at "to" closes the last day of the range; one a second later is outside', () => {
    const range = { from: at('2024-01-01T00:00:00Z'), to: at('2024-01-03T00:00:00Z') };
    const { buckets } = consumptionSeries(
      [cum('2024-01-01T00:00:00Z', '0'), cum('2024-01-03T00:00:00Z', '8'), cum('2024-01-03T00:00:01Z', '9')],
      { ...day, range },
    );
    expect(buckets.map((b) => [b.period, b.quantity])).toEqual([
      ['2024-01-01', null],
      ['2024-01-02', '8'],
    ]);
  });

  test('days follow the zone across a DST change: the 23-hour day of 31 March 2024 in Zurich', () => {
    const buckets = bucketsBetween(
      at('2024-03-30T23:00:00Z'),
      at('2024-04-01T22:00:00Z'),
      'day',
      'Europe/Zurich',
    );
    expect(buckets.map((b) => [b.key, (b.end - b.start) / 3_600_000])).toEqual([
      ['2024-03-31', 23],
      ['2024-04-01', 24],
    ]);
    expect(
      bucketsBetween(at('2024-01-31T23:00:00Z'), at('2024-03-31T22:00:00Z'), 'month', 'Europe/Zurich').map(
        (b) => b.key,
      ),
    ).toEqual(['2024-02', '2024-03']);
  });

  test('reads streamed out of order are refused (the server pages them in order)', () => {
    const acc = new ConsumptionBuckets(day);
    acc.add(cum('2024-01-02T00:00:00Z', '1'));
    expect(() => acc.add(cum('2024-01-01T00:00:00Z', '0'))).toThrow('ascending');
  });

  test('series of several meters add up bucket by bucket; empty stays null only when all are empty', () => {
    const none = { estimated: 0, edited: 0 };
    const a = [
      { period: '2024-01', start: 's1', quantity: '1.5', reads: 2, estimated: 1, edited: 0 },
      { period: '2024-02', start: 's2', quantity: null, reads: 0, ...none },
      { period: '2024-03', start: 's3', quantity: null, reads: 0, ...none },
    ];
    const b = [
      { period: '2024-01', start: 's1', quantity: '2', reads: 1, estimated: 0, edited: 1 },
      { period: '2024-02', start: 's2', quantity: '0.25', reads: 1, estimated: 1, edited: 0 },
      { period: '2024-03', start: 's3', quantity: null, reads: 0, ...none },
    ];
    expect(sumSeries([a, b]).map((x) => [x.period, x.quantity, x.reads, x.estimated, x.edited])).toEqual([
      ['2024-01', '3.5', 3, 1, 1],
      ['2024-02', '0.25', 1, 1, 0],
      ['2024-03', null, 0, 0, 0],
    ]);
  });
});
