import fc from 'fast-check';
import { Dec } from '../../../src/charging/decimal';
import {
  checkDays,
  daysBetween,
  runningTotal,
  sumCheckMessage,
  valuesAt,
  type MeterDays,
} from '../../../src/validation/sum-check';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1); // 00:00 UTC
const reads = (values: (number | string)[], step = DAY) =>
  values.map((v, i) => ({ at: T0 + i * step, value: new Dec(v) }));
const meter = (totals: (number | null)[], counts: (day: string) => boolean = () => true): MeterDays => ({
  meterNumber: 'M',
  multiplier: new Dec(1),
  registers: [totals.map((v) => (v === null ? null : new Dec(v)))],
  counts,
});

describe('days and values', () => {
  it('lists the days whose end falls in the span, starting with the day before it', () => {
    const days = daysBetween(T0, T0 + 2 * DAY, 'UTC');
    expect(days.map((d) => d.day)).toEqual(['2025-12-31', '2026-01-01', '2026-01-02']);
  });
  it('keeps local days across a DST change (Zurich, 29 March 2026 has 23 hours)', () => {
    const from = Date.parse('2026-03-29T00:00:00+01:00');
    const days = daysBetween(from, Date.parse('2026-03-30T00:00:00+02:00'), 'Europe/Zurich');
    const [, sunday] = days;
    expect([sunday.day, (sunday.end - sunday.start) / 3_600_000]).toEqual(['2026-03-29', 23]);
  });
  it('interpolates between reads and knows nothing outside them', () => {
    // Reads at T0 (100) and T0 + 1 day (110): half a day later = 105.
    const v = valuesAt(reads([100, 110]), [T0 - 1, T0, T0 + DAY / 2]);
    expect(v.map((x) => x?.toString() ?? null)).toEqual([null, '100', '105']);
  });
  it('sums interval reads into a running total', () => {
    expect(runningTotal(reads([1, 2, 3]), 'interval').map((r) => r.value.toString())).toEqual([
      '1',
      '3',
      '6',
    ]);
  });
});

describe('checkDays', () => {
  const days = daysBetween(T0 + DAY, T0 + 3 * DAY, 'UTC'); // 1, 2, 3 January
  it('main 10 vs 4 + 5 = 9: 10 % off, beyond 5 %; main 10 vs 5 + 5: ok', () => {
    // Day boundaries: 1, 2, 3, 4 January.
    const main = meter([0, 10, 20, 30]);
    const a = meter([0, 4, 9, 14]);
    const b = meter([0, 5, 10, 15]);
    const v = checkDays(days, main, [a, b], 5);
    expect(v.map((x) => [x.day, x.main.toString(), x.sum.toString(), x.ok])).toEqual([
      ['2026-01-01', '10', '9', false],
      ['2026-01-02', '10', '10', true],
      ['2026-01-03', '10', '10', true],
    ]);
    expect(sumCheckMessage(v[0], 5)).toBe(
      '2026-01-01: main meter 10, sub-meters together 9 (10 % off, tolerance 5 %)',
    );
  });
  it('skips a day a meter has no value for, and one with a negative use', () => {
    const v = checkDays(days, meter([0, 10, 5, 15]), [meter([0, null, 4, 9])], 5);
    // Day 1: the sub-meter has no value; day 2: the main meter went back; day 3: 10 vs 5.
    expect(v.map((x) => [x.day, x.ok])).toEqual([['2026-01-03', false]]);
  });
  it('counts a sub-meter only on the days it is installed at the building', () => {
    const moved = meter([0, 10, 20, 30], (day) => day < '2026-01-03');
    const v = checkDays(days, meter([0, 10, 20, 30]), [moved], 5);
    // 3 January: the sub-meter is gone, so the main meter's 10 has nothing beside it: 100 % off.
    expect(v.map((x) => [x.day, x.ok])).toEqual([
      ['2026-01-01', true],
      ['2026-01-02', true],
      ['2026-01-03', false],
    ]);
  });
  it('applies the multipliers', () => {
    const main = { ...meter([0, 1, 2, 3]), multiplier: new Dec(10) };
    expect(checkDays(days, main, [meter([0, 10, 20, 30])], 0).every((v) => v.ok)).toBe(true);
  });
  it('property: a main meter that is exactly the sum of its sub-meters always passes at 0 % tolerance', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 6,
        }),
        (daily) => {
          const totals = daily.map((uses) =>
            [0, ...uses].map((_, i, a) => a.slice(0, i + 1).reduce((x, y) => x + y)),
          );
          const main = totals[0].map((_, i) => totals.reduce((s, t) => s + t[i], 0));
          return checkDays(
            days,
            meter(main),
            totals.map((t) => meter(t)),
            0,
          ).every((v) => v.ok);
        },
      ),
    );
  });
});
