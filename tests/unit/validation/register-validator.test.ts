import fc from 'fast-check';
import { Dec } from '../../../src/charging/decimal';
import { DEFAULT_RULES, resolveRules, type ResolvedRules } from '../../../src/validation/rule-config';
import { RegisterValidator, sumCheck, type ReadingFlag } from '../../../src/validation/register-validator';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const always = () => true;

function run(
  values: (number | string)[],
  options: {
    kind?: 'cumulative' | 'interval';
    step?: number;
    rules?: ResolvedRules;
    rolloverAt?: string;
    occupied?: (a: number, b: number) => boolean;
    times?: number[];
  } = {},
): ReadingFlag[] {
  const v = new RegisterValidator({
    rules: options.rules ?? DEFAULT_RULES,
    kind: options.kind ?? 'cumulative',
    rolloverAt: options.rolloverAt ? new Dec(options.rolloverAt) : null,
    flagFrom: T0,
    occupied: options.occupied ?? always,
  });
  const flags: ReadingFlag[] = [];
  values.forEach((value, i) => {
    const f = v.add({
      id: i + 1,
      at: options.times?.[i] ?? T0 + i * (options.step ?? DAY),
      value: new Dec(value),
      state: 'valid',
    });
    if (f) flags.push(f);
  });
  return flags;
}
const rulesOf = (flags: ReadingFlag[]) => flags.map((f) => [f.readingId, f.rule]);
/** Daily cumulative reads growing by `daily` each day, as text. */
const growing = (start: number, daily: number[]) => {
  const out = [start];
  for (const d of daily) out.push(out[out.length - 1] + d);
  return out;
};

describe('spike', () => {
  it('fires above k × the recent median: 10 days of 2 m³, then 15 m³ (7.5 × 2 > 5 × 2)', () => {
    const reads = growing(100, [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 15, 2]);
    // Read 12 is 100 + 10×2 + 15 = 135: 15 / median 2 = 7.5 > k = 5. Read 13 (137) is measured
    // from the last good read 120 (17 over 2 days = 8.5/day, 4.25 × the median): no spike.
    expect(rulesOf(run(reads))).toEqual([[12, 'spike']]);
  });
  it('does not fire at exactly k × the median (10 m³ = 5 × 2)', () => {
    expect(run(growing(100, [2, 2, 2, 2, 2, 10]))).toEqual([]);
  });
  it('fires above an absolute limit even without history', () => {
    const rules = resolveRules({ devices: { M: { spike: { absoluteLimit: '50' } } } }, { meterNumber: 'M' });
    expect(rulesOf(run([0, 51], { rules }))).toEqual([[2, 'spike']]);
  });
  it('a rollover is no spike: 99998 → 3 on a 100000 dial is 5 m³', () => {
    const reads = [99_980, 99_985, 99_990, 99_993, 99_998, 3, 8];
    expect(run(reads, { rolloverAt: '100000' })).toEqual([]);
  });
});

describe('negative / backwards', () => {
  it('fires when the register goes back without a rollover, and the next read is measured from the last good one', () => {
    expect(rulesOf(run([100, 102, 90, 104]))).toEqual([[3, 'backwards']]);
  });
  it('a drop where going round the dial would be more than half of it is no rollover', () => {
    // 60001 → 50000 on a 100000 dial: round the dial is 50000 + 100000 − 60001 = 89999 > 50000.
    expect(rulesOf(run([60_000, 60_001, 50_000], { rolloverAt: '100000' }))).toEqual([[3, 'backwards']]);
    // 60001 → 5000: 5000 + 100000 − 60001 = 44999 < 50000, a rollover (and no spike: no history yet).
    expect(run([60_000, 60_001, 5_000], { rolloverAt: '100000' })).toEqual([]);
  });
  it('a negative interval value fires', () => {
    expect(rulesOf(run([1, 2, -1], { kind: 'interval' }))).toEqual([[3, 'backwards']]);
  });
});

describe('zero and stuck', () => {
  const flat = Array.from({ length: 40 }, () => 500);
  it('stuck fires once on the read that completes 7 days of the same value (occupied)', () => {
    // Reads 1..8 are 7 days apart from read 1: 8 reads, 7 unchanged intervals.
    expect(rulesOf(run(flat))).toEqual([[8, 'stuck']]);
  });
  it('a vacant flat’s zero is no alarm', () => {
    expect(run(flat, { occupied: () => false })).toEqual([]);
  });
  it('zero fires after 30 days of no consumption when stuck is off', () => {
    const rules = resolveRules({ devices: { M: { stuck: { enabled: false } } } }, { meterNumber: 'M' });
    expect(rulesOf(run(flat, { rules }))).toEqual([[31, 'zero']]);
  });
  it('zero sees sparse reads too: two monthly reads with the same value, 31 days apart', () => {
    expect(rulesOf(run([500, 500], { step: 31 * DAY }))).toEqual([[2, 'zero']]);
  });
  it('an interval register repeating one non-zero value is stuck; varying values are not', () => {
    // Interval read i covers the day before it: reads 1..7 are 7 identical days.
    expect(
      rulesOf(
        run(
          Array.from({ length: 9 }, () => '1.5'),
          { kind: 'interval' },
        ),
      ),
    ).toEqual([[7, 'stuck']]);
    expect(run([1, 2, 1, 2, 1, 2, 1, 2, 1], { kind: 'interval' })).toEqual([]);
  });
});

describe('gap', () => {
  it('fires on the read after a silence longer than 72 h on a daily meter', () => {
    const times = [0, 1, 2, 3, 7, 8].map((d) => T0 + d * DAY);
    expect(rulesOf(run(growing(0, [1, 1, 1, 4, 1]), { times }))).toEqual([[5, 'gap']]);
  });
  it('monthly reads are no gap', () => {
    expect(
      run(growing(0, [30, 31, 30]), {
        step: 30 * DAY,
        rules: { ...DEFAULT_RULES, zero: { ...DEFAULT_RULES.zero, enabled: false } },
      }),
    ).toEqual([]);
  });
});

describe('continuous flow (leak)', () => {
  const water = resolveRules({}, { meterNumber: 'W', utilityType: 'WATER' });
  it('fires when hourly water use never drops to zero for 24 h', () => {
    const hourly = Array.from({ length: 30 }, () => '0.01');
    expect(rulesOf(run(hourly, { kind: 'interval', step: HOUR, rules: water }))).toEqual([
      [25, 'continuous-flow'],
    ]);
  });
  it('one quiet hour a night resets it', () => {
    const hourly = Array.from({ length: 48 }, (_, i) => (i % 20 === 0 ? '0' : '0.01'));
    expect(run(hourly, { kind: 'interval', step: HOUR, rules: water })).toEqual([]);
  });
  it('is off for electricity by default', () => {
    const hourly = Array.from({ length: 30 }, () => '0.01');
    expect(run(hourly, { kind: 'interval', step: HOUR })).toEqual([]);
  });
});

describe('high / low limits', () => {
  it('fires per day above the high limit', () => {
    const rules = resolveRules(
      { deviceTypes: { T: { limits: { enabled: true, highPerDay: '5' } } } },
      { meterNumber: 'M', deviceType: 'T' },
    );
    // 12 m³ over 2 days = 6 per day > 5.
    expect(rulesOf(run([0, 4, 16], { rules, times: [T0, T0 + DAY, T0 + 3 * DAY] }))).toEqual([[3, 'limits']]);
  });
});

describe('sum check', () => {
  it('main 100 vs sub-meters 40 + 45 = 85: 15 % off, beyond 5 %', () => {
    const r = sumCheck(new Dec(100), [new Dec(40), new Dec(45)], 5);
    expect([r.ok, r.difference.toString(), r.percent!.toString()]).toEqual([false, '15', '15']);
  });
  it('main 100 vs 48 + 49 = 97: 3 %, within 5 %', () => {
    expect(sumCheck(new Dec(100), [new Dec(48), new Dec(49)], 5).ok).toBe(true);
  });
  it('property: the difference and the sub-meters add up to the main meter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(fc.integer({ min: 0, max: 1e6 }), { maxLength: 20 }),
        (main, subs) => {
          const r = sumCheck(
            new Dec(main),
            subs.map((s) => new Dec(s)),
            5,
          );
          return r.sum.add(r.difference).equals(main);
        },
      ),
    );
  });
});

describe('properties', () => {
  it('a steadily rising register is never flagged, whatever the (positive) daily use', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 60 }), (daily) => {
        // Daily use varies at most 4 × the smallest: below k = 5 × any median.
        return run(growing(1000, daily)).length === 0;
      }),
    );
  });
  it('at most one flag per read, and only reads from flagFrom on', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 200 }), { minLength: 2, maxLength: 80 }), (values) => {
        const flags = run(values);
        return new Set(flags.map((f) => f.readingId)).size === flags.length && flags.every((f) => f.at >= T0);
      }),
    );
  });
  it('a person’s decision is final: accepted reads are never flagged', () => {
    const v = new RegisterValidator({
      rules: DEFAULT_RULES,
      kind: 'cumulative',
      rolloverAt: null,
      flagFrom: T0,
      occupied: always,
    });
    v.add({ id: 1, at: T0, value: new Dec(100), state: 'valid' });
    expect(v.add({ id: 2, at: T0 + DAY, value: new Dec(50), state: 'accepted' })).toBeNull();
    // The accepted read is the new reference: 52 is 2 more, not a backwards step from 100.
    expect(v.add({ id: 3, at: T0 + 2 * DAY, value: new Dec(52), state: 'valid' })).toBeNull();
  });
});
