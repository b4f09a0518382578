import fc from 'fast-check';
import { Dec } from '../../../src/charging/decimal';
import { estimate, isEstimateFailure, type GoodRead } from '../../../src/validation/estimation';
import { correctionSchema } from '../../../src/validation/corrections';
import {
  resolveRules,
  settingsProblems,
  validationSettingsSchema,
} from '../../../src/validation/rule-config';

const DAY = 86_400_000;
const T = Date.parse('2026-03-10T00:00:00Z'); // a Tuesday
const read = (at: number, value: number | string): GoodRead => ({ at, value: new Dec(value) });
const value = (r: ReturnType<typeof estimate>) => (isEstimateFailure(r) ? r.code : r.value.toString());

describe('estimation methods', () => {
  it('linear interpolation: 100 at day 0, 130 at day 3 → day 1 is 100 + 30 × 1/3 = 110', () => {
    const history = [read(T - DAY, 100), read(T + 2 * DAY, 130)];
    const r = estimate('linear-interpolation', history, T);
    expect([value(r), !isEstimateFailure(r) && r.method]).toEqual(['110', 'linear-interpolation']);
  });
  it('same weekday average: the 4 past Tuesdays used 2, 3, 4, 3 → 3; estimate = 500 (Monday) + 3 = 503', () => {
    const history: GoodRead[] = [];
    const uses = [2, 3, 4, 3];
    uses.forEach((use, i) => {
      const k = i + 1;
      history.push(read(T - k * 7 * DAY - DAY, 1000 * k), read(T - k * 7 * DAY, 1000 * k + use));
    });
    history.sort((a, b) => a.at - b.at);
    history.push(read(T - DAY, 500));
    // The past weeks' absolute values don't matter, only their Monday→Tuesday flow.
    expect(
      value(
        estimate(
          'same-weekday-average',
          history.sort((a, b) => a.at - b.at),
          T,
        ),
      ),
    ).toBe('503');
  });
  it('same period last year scaled: last year 10 m³, recent 28 days 56 vs 40 last year → 10 × 1.4 = 14; 200 + 14 = 214', () => {
    const ly = (ms: number) => ms - 365 * DAY; // 2025 is no leap year: one calendar year is 365 days here
    const history = [
      read(ly(T - 29 * DAY), 0),
      read(ly(T - DAY), 40),
      read(ly(T), 50),
      read(T - 29 * DAY, 144),
      read(T - DAY, 200),
    ];
    expect(value(estimate('last-year-scaled', history, T))).toBe('214');
  });
  it('no good reads on either side → no-good-reads, for every method', () => {
    expect(value(estimate('linear-interpolation', [read(T - DAY, 1)], T))).toBe('no-good-reads');
    expect(value(estimate('same-weekday-average', [], T))).toBe('no-good-reads');
    expect(value(estimate('last-year-scaled', [read(T - DAY, 1)], T))).toBe('no-good-reads');
  });
  it('an estimate above the next good read is refused, not billed', () => {
    const history = [
      read(T - 7 * DAY - DAY, 0),
      read(T - 7 * DAY, 50),
      read(T - DAY, 100),
      read(T + DAY, 120),
    ];
    expect(value(estimate('same-weekday-average', history, T))).toBe('estimate-out-of-order');
  });
  it('property: interpolation always lies between its neighbours', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 99 }),
        (a, use, pct) => {
          const r = estimate(
            'linear-interpolation',
            [read(T, a), read(T + 100 * DAY, a + use)],
            T + pct * DAY,
          );
          return !isEstimateFailure(r) && r.value.gte(a) && r.value.lte(a + use);
        },
      ),
    );
  });
});

describe('rule settings', () => {
  const problems = (input: unknown) => {
    const r = validationSettingsSchema.safeParse(input);
    return r.success
      ? settingsProblems(r.data).map((p) => p.path.join('.'))
      : r.error.issues.map((i) => i.path.join('.'));
  };
  it('refuses k ≤ 1, N < 1, a tolerance above 100 % and unknown fields', () => {
    expect(problems({ utilityTypes: { WATER: { spike: { factor: 1 } } } })).toEqual([
      'utilityTypes.WATER.spike.factor',
    ]);
    expect(problems({ devices: { M: { stuck: { days: 0 } } } })).toEqual(['devices.M.stuck.days']);
    expect(problems({ devices: { M: { zero: { days: 1.5 } } } })).toEqual(['devices.M.zero.days']);
    expect(problems({ deviceTypes: { T: { 'sum-check': { tolerancePercent: 101 } } } })).toEqual([
      'deviceTypes.T.sum-check.tolerancePercent',
    ]);
    expect(problems({ devices: { M: { spike: { k: 3 } } } })).toEqual(['devices.M.spike']);
    expect(problems({ devices: { M: { limits: { lowPerDay: '5', highPerDay: '2' } } } })).toEqual([
      'devices.M.limits.lowPerDay',
    ]);
  });
  it('device overrides device type overrides utility type overrides the defaults, field by field', () => {
    const rules = resolveRules(
      {
        utilityTypes: { WATER: { spike: { factor: 3, baselineReads: 7 } } },
        deviceTypes: { WM: { spike: { factor: 4 } } },
        devices: { 'W-1': { spike: { severity: 'error' } } },
      },
      { meterNumber: 'W-1', utilityType: 'WATER', deviceType: 'WM' },
    );
    expect(rules.spike).toEqual({
      enabled: true,
      severity: 'error',
      factor: 4,
      baselineReads: 7,
      absoluteLimit: null,
    });
    expect(rules['continuous-flow'].enabled).toBe(true); // water's built-in default
  });
});

describe('correction requests', () => {
  const problems = (input: unknown) => {
    const r = correctionSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  it('an edit needs a reason and a value, and applies to one reading', () => {
    expect(problems({ action: 'edit', readings: [1], value: '12.5' })).toEqual([
      'reason: an edit needs a reason',
    ]);
    expect(problems({ action: 'edit', readings: [1], value: '12.5', reason: '   ' })).toEqual([
      'reason: an edit needs a reason',
    ]);
    expect(problems({ action: 'edit', readings: [1, 2], value: 'abc', reason: 'x' })).toEqual([
      'value: value must be a decimal number ≥ 0',
      'readings: an edit applies to one reading at a time',
    ]);
  });
  it('duplicates, hostile text and wrong shapes are refused', () => {
    expect(problems({ action: 'accept', readings: [3, 3] })).toEqual([
      'readings.1: reading 3 is listed twice',
    ]);
    expect(problems({ action: 'accept', readings: [1], reason: 'ok\u202e' })[0]).toMatch(
      /^reason: contains a control/,
    );
    expect(problems({ action: 'estimate', readings: [1] })[0]).toMatch(/^method:/);
    expect(problems({ action: 'drop', readings: 'all' }).length).toBe(2);
    expect(problems({ action: 'accept', readings: Array.from({ length: 501 }, (_, i) => i + 1) })[0]).toMatch(
      /at most 500/,
    );
  });
});
