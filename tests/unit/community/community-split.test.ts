import { Dec } from '../../../src/charging/decimal';
import {
  EXPORT,
  OWNER,
  splitCommunity,
  SplitAccumulator,
  type CommunitySetup,
  type IntervalReading,
} from '../../../src/community';

const T0 = Date.UTC(2026, 5, 1, 10, 0); // 1 June 2026 10:00 UTC
const Q = 15 * 60_000;
const at = (i: number) => T0 + i * Q;

const base: CommunitySetup = {
  period: { from: T0, to: at(4) },
  intervalMinutes: 15,
  productionMeters: ['PV'],
  members: [
    { id: 'A', meters: ['mA'], from: T0, to: null },
    { id: 'B', meters: ['mB'], from: T0, to: null },
    // C moves out at the start of the fourth interval.
    { id: 'C', meters: ['mC'], from: T0, to: at(3) },
  ],
  connection: null,
  method: 'proportional',
  common: 'owner',
};

/** rows: [meter, interval index, kWh] */
const readings = (rows: [string, number, string][]): IntervalReading[] =>
  rows.map(([meter, i, kWh]) => ({ meter, start: at(i), kWh: new Dec(kWh) }));

// The four intervals of the worked examples: deficit, surplus, zero production, C gone.
const month = readings([
  ['PV', 0, '3'],
  ['mA', 0, '2'],
  ['mB', 0, '1.5'],
  ['mC', 0, '0.5'],
  ['PV', 1, '5'],
  ['mA', 1, '1'],
  ['mB', 1, '0.8'],
  ['mC', 1, '0.2'],
  ['PV', 2, '0'],
  ['mA', 2, '1'],
  ['mB', 2, '0.8'],
  ['mC', 2, '0.2'],
  ['PV', 3, '0.7'],
  ['mA', 3, '0.4'],
  ['mB', 3, '0.6'],
]);

const byHour = (holder: string, start: number) =>
  `${holder === EXPORT ? 'export' : 'all'}|${start < at(2) ? 'HT' : 'NT'}`;
const oneDay = () => '2026-06-01';
const fixed = (n: Dec | undefined) => n?.toFixed(3);

function parts(result: ReturnType<typeof splitCommunity>, holder: string) {
  return Object.fromEntries(
    [...(result.holders.get(holder) ?? new Map())].map(([bucket, p]) => [
      bucket,
      [p.consumption, p.common, p.solar, p.grid].map(fixed),
    ]),
  );
}

describe('a community over four intervals (proportional)', () => {
  const result = splitCommunity(base, month, byHour, oneDay);

  it('sums each member by bucket: interval parts from the worked examples', () => {
    // A: HT = intervals 0+1: solar 1.500 + 1.000, grid 0.500 + 0; NT = 2+3: solar 0 + 0.280, grid 1 + 0.120.
    expect(parts(result, 'A')).toEqual({
      'all|HT': ['3.000', '0.000', '2.500', '0.500'],
      'all|NT': ['1.400', '0.000', '0.280', '1.120'],
    });
    // B: HT solar 1.125 + 0.800, grid 0.375; NT solar 0.420, grid 0.800 + 0.180.
    expect(parts(result, 'B')).toEqual({
      'all|HT': ['2.300', '0.000', '1.925', '0.375'],
      'all|NT': ['1.400', '0.000', '0.420', '0.980'],
    });
    // C moved out before interval 3: only its three intervals, and no "missing" for the fourth.
    expect(parts(result, 'C')).toEqual({
      'all|HT': ['0.700', '0.000', '0.575', '0.125'],
      'all|NT': ['0.200', '0.000', '0.000', '0.200'],
    });
    expect(result.exceptions).toEqual([]);
  });

  it('reports production, self-consumption and export, and the two ratios', () => {
    // P = 3 + 5 + 0 + 0.7 = 8.7; S = 3 + 2 + 0 + 0.7 = 5.7; export 3.0; consumption 4 + 2 + 2 + 1 = 9.
    expect(fixed(result.totals.production)).toBe('8.700');
    expect(fixed(result.totals.selfConsumed)).toBe('5.700');
    expect(fixed(result.totals.exported)).toBe('3.000');
    expect(fixed(result.totals.consumption)).toBe('9.000');
    expect(result.exports.get('export|HT')?.toFixed(3)).toBe('3.000');
    // S/P = 5.7 / 8.7 = 0.6551…; S/total = 5.7 / 9 = 0.6333…
    expect(result.totals.selfConsumptionRate?.toFixed(4)).toBe('0.6552');
    expect(result.totals.selfSufficiency?.toFixed(4)).toBe('0.6333');
    expect(result.intervalsSplit).toBe(4);
    const day = result.days.get('2026-06-01')!;
    expect(fixed(day.production)).toBe('8.700');
    expect(fixed(day.members.get('A')!.solar)).toBe('2.780');
  });

  it('a missing interval is named with its meter and skipped, never a silent zero', () => {
    const gap = splitCommunity(
      base,
      month.filter((r) => !(r.meter === 'mB' && r.start === at(1))),
      byHour,
      oneDay,
    );
    expect(gap.exceptions).toEqual([
      { problem: 'missing', meter: 'mB', from: at(1), to: at(2), intervals: 1 },
    ]);
    expect(gap.intervalsSkipped).toBe(1);
    // Interval 1 is not split for anyone: A's HT is interval 0 only.
    expect(parts(gap, 'A')['all|HT']).toEqual(['2.000', '0.000', '1.500', '0.500']);
    expect(fixed(gap.totals.production)).toBe('3.700');
  });

  it('consecutive missing intervals are one run; duplicates, negatives and misaligned starts are named too', () => {
    const broken = splitCommunity(
      base,
      [
        ...month.filter((r) => r.meter !== 'PV' || r.start < at(2)),
        ...readings([['mA', 0, '2']]),
        ...readings([['mB', 1, '0.8']]),
        { meter: 'mC', start: at(0) + 60_000, kWh: new Dec('0.1') },
      ],
      byHour,
      oneDay,
    );
    const summary = broken.exceptions.map((e) => [e.problem, e.meter, (e.from - T0) / Q, e.intervals]);
    expect(summary).toEqual([
      ['duplicate', 'mA', 0, 1],
      ['misaligned', 'mC', 0, 1],
      ['duplicate', 'mB', 1, 1],
      ['missing', 'PV', 2, 2],
    ]);
    expect(broken.intervalsSplit).toBe(0);
  });

  it('a negative interval value makes the interval unusable and is named', () => {
    const negative = splitCommunity(
      base,
      month.map((r) => (r.meter === 'mC' && r.start === at(2) ? { ...r, kWh: new Dec('-0.2') } : r)),
      byHour,
      oneDay,
    );
    expect(negative.exceptions).toEqual([
      { problem: 'negative', meter: 'mC', from: at(2), to: at(3), intervals: 1 },
    ]);
    expect(negative.intervalsSplit).toBe(3);
  });
});

describe('with a connection meter', () => {
  // One interval: P 2.000, A 1.000, B 0.500; the connection meter saw 0.300 in and 0.200 out.
  // Total = import + P − export = 0.3 + 2.0 − 0.2 = 2.100; common = 2.100 − 1.500 = 0.600.
  // Energy that stayed inside = P − export = 1.800.
  const setup: CommunitySetup = {
    ...base,
    period: { from: T0, to: at(1) },
    members: base.members.slice(0, 2),
    connection: { importMeters: ['IMP'], exportMeters: ['EXP'] },
  };
  const one = readings([
    ['PV', 0, '2'],
    ['mA', 0, '1'],
    ['mB', 0, '0.5'],
    ['IMP', 0, '0.3'],
    ['EXP', 0, '0.2'],
  ]);

  it('owner: the common consumption is a consumer of its own', () => {
    // S = 1.800 among A 1.0, B 0.5, owner 0.6 (Σ 2.1): 0.857142…, 0.428571…, 0.514285… →
    // floors 857 + 428 + 514 = 1,799 Wh, the missing 1 Wh to the largest fraction (B, .571).
    const result = splitCommunity(setup, one, byHour, oneDay);
    expect(parts(result, 'A')['all|HT']).toEqual(['1.000', '0.000', '0.857', '0.143']);
    expect(parts(result, 'B')['all|HT']).toEqual(['0.500', '0.000', '0.429', '0.071']);
    expect(parts(result, OWNER)['all|HT']).toEqual(['0.000', '0.600', '0.514', '0.086']);
    // The grid parts add up to the meter's import: 0.143 + 0.071 + 0.086 = 0.300.
    expect(fixed(result.totals.exported)).toBe('0.200');
    expect(fixed(result.totals.measuredExport ?? undefined)).toBe('0.200');
    expect(fixed(result.totals.common)).toBe('0.600');
  });

  it('pro rata: the common consumption is added to the members by their consumption', () => {
    // common 0.600 by 1.0 : 0.5 → A 0.400, B 0.200; S 1.800 by 1.4 : 0.7 → A 1.200, B 0.600.
    const result = splitCommunity({ ...setup, common: 'pro-rata' }, one, byHour, oneDay);
    expect(parts(result, 'A')['all|HT']).toEqual(['1.000', '0.400', '1.200', '0.200']);
    expect(parts(result, 'B')['all|HT']).toEqual(['0.500', '0.200', '0.600', '0.100']);
    expect(result.holders.has(OWNER)).toBe(false);
  });

  it('a negative common consumption is reported, not hidden, and allocates nothing', () => {
    // P 1.000, no export, import 0.200: total 1.200 < Σ members 1.500 → common −0.300.
    const result = splitCommunity(
      setup,
      readings([
        ['PV', 0, '1'],
        ['mA', 0, '1'],
        ['mB', 0, '0.5'],
        ['IMP', 0, '0.2'],
        ['EXP', 0, '0'],
      ]),
      byHour,
      oneDay,
    );
    expect(result.totals.negativeCommon.intervals).toBe(1);
    expect(fixed(result.totals.negativeCommon.kWh)).toBe('-0.300');
    // S = 1.000 by 1.0 : 0.5 → 0.666… and 0.333… → 666 + 333 = 999, 1 Wh to A (.666 > .333).
    expect(parts(result, 'A')['all|HT']).toEqual(['1.000', '0.000', '0.667', '0.333']);
    expect(parts(result, 'B')['all|HT']).toEqual(['0.500', '0.000', '0.333', '0.167']);
  });
});

describe('a member without a meter installed', () => {
  // A joins on day one, but its meter is installed only from the third interval on:
  // intervals 0 and 1 have no meter for A. B is metered throughout.
  const setup: CommunitySetup = {
    period: { from: T0, to: at(4) },
    intervalMinutes: 15,
    productionMeters: ['PV'],
    members: [
      { id: 'A', meters: ['mA'], meterSpans: [{ meter: 'mA', from: at(2), to: null }], from: T0, to: null },
      { id: 'B', meters: ['mB'], from: T0, to: null },
    ],
    connection: null,
    method: 'proportional',
    common: 'owner',
  };
  const data = readings([
    ['PV', 0, '2'],
    ['mB', 0, '1'],
    ['PV', 1, '2'],
    ['mB', 1, '1'],
    ['PV', 2, '1'],
    ['mA', 2, '1'],
    ['mB', 2, '1'],
    ['PV', 3, '1'],
    ['mA', 3, '0.5'],
    ['mB', 3, '0.5'],
  ]);

  it('is a no-meter exception naming the member and the intervals, not a silent zero', () => {
    const result = splitCommunity(setup, data, byHour, oneDay);
    expect(result.exceptions).toEqual([
      { problem: 'no-meter', meter: '', member: 'A', from: at(0), to: at(2), intervals: 2 },
    ]);
    // Intervals 0 and 1 are not split: B does not get all of the 2 kWh produced there.
    expect(result.intervalsSkipped).toBe(2);
    expect(result.intervalsSplit).toBe(2);
    // Interval 2: S = 1 by 1 : 1 → 0.5 each; interval 3: S = 1 = ΣC → A 0.5, B 0.5.
    expect(parts(result, 'A')['all|NT']).toEqual(['1.500', '0.000', '1.000', '0.500']);
    expect(parts(result, 'B')['all|NT']).toEqual(['1.500', '0.000', '1.000', '0.500']);
    expect(parts(result, 'B')['all|HT']).toBeUndefined();
    expect(fixed(result.totals.production)).toBe('2.000');
  });

  it('a member with no meter at all is named for its whole membership', () => {
    const result = splitCommunity(
      { ...setup, members: [{ id: 'A', meters: [], from: at(1), to: at(3) }, setup.members[1]] },
      data,
      byHour,
      oneDay,
    );
    expect(result.exceptions).toEqual([
      { problem: 'no-meter', meter: '', member: 'A', from: at(1), to: at(3), intervals: 2 },
    ]);
    expect(result.intervalsSplit).toBe(2);
  });

  it('runs of the same member meet again across split windows', () => {
    const acc = new SplitAccumulator();
    acc.add(splitCommunity({ ...setup, period: { from: T0, to: at(1) } }, data, byHour, oneDay));
    acc.add(splitCommunity({ ...setup, period: { from: at(1), to: at(4) } }, data, byHour, oneDay));
    expect(acc.result().exceptions).toEqual([
      { problem: 'no-meter', meter: '', member: 'A', from: at(0), to: at(2), intervals: 2 },
    ]);
  });
});
