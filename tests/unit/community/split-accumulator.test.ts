import fc from 'fast-check';
import { Dec } from '../../../src/charging/decimal';
import {
  joinRuns,
  splitCommunity,
  SplitAccumulator,
  type CommunitySetup,
  type IntervalReading,
} from '../../../src/community';

const Q = 15 * 60_000;
const wh = fc.integer({ min: 0, max: 5_000 }).map((n) => new Dec(n).div(1000));

/** A day of 96 intervals, two members and a production meter; some readings dropped. */
const day = fc.record({
  production: fc.array(wh, { minLength: 96, maxLength: 96 }),
  a: fc.array(wh, { minLength: 96, maxLength: 96 }),
  b: fc.array(wh, { minLength: 96, maxLength: 96 }),
  dropped: fc.array(fc.integer({ min: 0, max: 95 }), { maxLength: 6 }),
  window: fc.integer({ min: 1, max: 40 }),
});

const setupOf = (from: number, to: number): CommunitySetup => ({
  period: { from, to },
  intervalMinutes: 15,
  productionMeters: ['pv'],
  members: [
    { id: 'a', meters: ['ma'], from: 0, to: null },
    { id: 'b', meters: ['mb'], from: 30 * Q, to: null },
  ],
  connection: null,
  method: 'proportional',
  common: 'owner',
});
const figures = (split: ReturnType<SplitAccumulator['result']>) => ({
  totals: Object.fromEntries(
    Object.entries(split.totals).map(([k, v]) => [k, v instanceof Dec ? v.toFixed() : JSON.stringify(v)]),
  ),
  holders: [...split.holders].map(([h, b]) => [
    h,
    [...b].map(([k, p]) => [k, p.solar.toFixed(), p.grid.toFixed()]),
  ]),
  exceptions: split.exceptions,
  split: split.intervalsSplit,
  skipped: split.intervalsSkipped,
});

describe('splitting a period window by window', () => {
  it('gives the same figures and the same exception runs as one pass over the period', () => {
    fc.assert(
      fc.property(day, ({ production, a, b, dropped, window }) => {
        const readings: IntervalReading[] = [];
        for (let i = 0; i < 96; i += 1) {
          readings.push({ meter: 'pv', start: i * Q, kWh: production[i] });
          if (!dropped.includes(i)) readings.push({ meter: 'ma', start: i * Q, kWh: a[i] });
          readings.push({ meter: 'mb', start: i * Q, kWh: b[i] });
        }
        const bucket = (holder: string) => holder;
        const dayOf = (start: number) => (start < 48 * Q ? 'am' : 'pm');
        const once = new SplitAccumulator();
        once.add(splitCommunity(setupOf(0, 96 * Q), readings, bucket, dayOf));
        const windows = new SplitAccumulator();
        for (let from = 0; from < 96 * Q; from += window * Q) {
          const to = Math.min(96 * Q, from + window * Q);
          const inWindow = readings.filter((r) => r.start >= from && r.start < to);
          windows.add(splitCommunity(setupOf(from, to), inWindow, bucket, dayOf));
        }
        expect(figures(windows.result())).toEqual(figures(once.result()));
      }),
      { numRuns: 40 },
    );
  });

  it('joins runs of one meter and problem that meet at a window edge, and nothing else', () => {
    const run = (meter: string, problem: 'missing' | 'duplicate', from: number, to: number) => ({
      meter,
      problem,
      from: from * Q,
      to: to * Q,
      intervals: to - from,
    });
    expect(
      joinRuns([
        run('m', 'missing', 4, 8),
        run('m', 'missing', 0, 4),
        run('n', 'missing', 8, 9),
        run('m', 'duplicate', 8, 9),
      ]),
    ).toEqual([run('m', 'missing', 0, 8), run('m', 'duplicate', 8, 9), run('n', 'missing', 8, 9)]);
  });
});
