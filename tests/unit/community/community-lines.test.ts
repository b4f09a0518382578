import fc from 'fast-check';
import { Dec, ZERO } from '../../../src/charging/decimal';
import type { TariffRate } from '../../../src/charging/tariffs/tariff-rate';
import {
  capAtCharging,
  communityLines,
  splitCommunity,
  type CommunityPricing,
  type CommunitySetup,
  type IntervalReading,
} from '../../../src/community';

const d = (v: string) => new Dec(v);
const banded = (hi: string, lo: string) => [
  { band: 'HT', price: d(hi) },
  { band: 'NT', price: d(lo) },
];
const gridRate: TariffRate = {
  components: [
    {
      name: 'Energy',
      unitPrice: null,
      bandPrices: banded('0.30', '0.20'),
      vatRate: d('8.1'),
      fixedFeePerMonth: null,
    },
    {
      name: 'Grid usage',
      unitPrice: null,
      bandPrices: banded('0.10', '0.05'),
      vatRate: d('8.1'),
      fixedFeePerMonth: null,
    },
  ],
  demand: null,
  usesBands: true,
};
const pricing: CommunityPricing = {
  communityId: 'c1',
  community: 'LEG-1',
  utilityType: 'ELECTRICITY',
  currency: 'CHF',
  solarPrices: new Map([['*', d('0.15')]]),
  solarVatRate: d('8.1'),
  grid: { rateId: 'r1', rateScope: 'default', tariff: gridRate },
  legDiscount: null,
  feedInCredit: null,
};
const span = { periodStart: '2026-06-01', periodEnd: '2026-06-30', days: 30, partyRole: 'occupant' as const };
const brief = (
  lines: { energy: string; component?: string; band?: string; quantity: string; amount: string }[],
) => lines.map((l) => [l.energy, l.component ?? null, l.band ?? null, l.quantity, l.amount]);

describe('community lines', () => {
  it('LEG: the local kWh pay the grid-usage component, and the 40 % discount on it is a line of its own', () => {
    // Solar HT 100 kWh, NT 20; grid HT 50, NT 80.
    //   solar HT 100 × 0.15 = 15.00        solar NT 20 × 0.15 = 3.00
    //   Energy HT 50 × 0.30 = 15.00        Energy NT 80 × 0.20 = 16.00
    //   Grid usage HT 50 × 0.10 = 5.00     Grid usage NT 80 × 0.05 = 4.00
    //   local grid usage HT 100 × 0.10 = 10.00, discount −(100 × 0.10 × 0.40) = −4.00
    //   local grid usage NT 20 × 0.05 = 1.00,   discount −(20 × 0.05 × 0.40) = −0.40
    const result = communityLines(
      { ...pricing, legDiscount: { rate: d('0.4'), component: 'Grid usage' } },
      {
        solar: new Map([
          ['HT', d('100')],
          ['NT', d('20')],
        ]),
        grid: new Map([
          ['HT', d('50')],
          ['NT', d('80')],
        ]),
        exported: new Map(),
      },
      span,
    );
    if (!result.ok) throw new Error(result.problem.message);
    expect(brief(result.lines)).toEqual([
      ['solar', null, 'HT', '100', '15.00'],
      ['solar', null, 'NT', '20', '3.00'],
      ['grid', 'Energy', 'HT', '50', '15.00'],
      ['grid', 'Energy', 'NT', '80', '16.00'],
      ['grid', 'Grid usage', 'HT', '50', '5.00'],
      ['grid', 'Grid usage', 'NT', '80', '4.00'],
      ['local-grid-usage', 'Grid usage', 'HT', '100', '10.00'],
      ['leg-discount', 'Grid usage', 'HT', '100', '-4.00'],
      ['local-grid-usage', 'Grid usage', 'NT', '20', '1.00'],
      ['leg-discount', 'Grid usage', 'NT', '20', '-0.40'],
    ]);
    expect(result.lines.find((l) => l.energy === 'leg-discount')!.unitPrice).toBe('-0.04');
  });

  it('refuses a band without a solar price, naming the band', () => {
    const result = communityLines(
      { ...pricing, solarPrices: new Map([['HT', d('0.15')]]) },
      { solar: new Map([['NT', d('1')]]), grid: new Map(), exported: new Map() },
      span,
    );
    expect(result).toEqual({
      ok: false,
      problem: {
        reason: 'no-solar-price-for-band',
        params: { band: 'NT' },
        message: 'community LEG-1 has no solar price for band NT',
      },
    });
  });
});

describe('the EnV art. 16 cap at charging', () => {
  const solar = new Map([['*', d('0.25')]]);
  const year = { from: '2026-01-01', to: '2026-12-31', prices: new Map([['*', d('0.30')]]) };
  it('refuses a flat-method price above 80 % of the standard product: 0.30 × 0.8 = 0.24 < 0.25', () => {
    expect(capAtCharging(solar, [year], { kind: 'flat' }, '2026-06-01', '2026-06-30')).toEqual([
      expect.objectContaining({ kind: 'solar-price-above-cap', band: '*', price: d('0.25'), cap: d('0.24') }),
    ]);
    expect(
      capAtCharging(new Map([['*', d('0.24')]]), [year], { kind: 'flat' }, '2026-06-01', '2026-06-30'),
    ).toEqual([]);
  });
  it('refuses days no standard product covers, and accepts two periods that meet', () => {
    const ok = new Map([['*', d('0.2')]]);
    const h1 = { ...year, to: '2026-06-15' };
    expect(capAtCharging(ok, [h1], { kind: 'flat' }, '2026-06-01', '2026-06-30')).toEqual([
      { kind: 'solar-price-unchecked', band: null, period: null },
    ]);
    expect(
      capAtCharging(
        ok,
        [h1, { ...year, from: '2026-06-16', to: null }],
        { kind: 'flat' },
        '2026-06-01',
        '2026-06-30',
      ),
    ).toEqual([]);
  });
});

describe('invariant: a member is billed exactly its metered consumption', () => {
  const T0 = Date.UTC(2026, 5, 1, 8, 0);
  const Q = 15 * 60_000;
  const wh = fc.integer({ min: 0, max: 20_000 }).map((n) => new Dec(n).div(1000));
  it('Σ quantities of its metered solar and grid lines = Σ its interval readings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(wh, fc.array(wh, { minLength: 3, maxLength: 3 })), { minLength: 1, maxLength: 12 }),
        (intervals) => {
          const setup: CommunitySetup = {
            period: { from: T0, to: T0 + intervals.length * Q },
            intervalMinutes: 15,
            productionMeters: ['PV'],
            members: ['a', 'b', 'c'].map((id) => ({ id, meters: [`m${id}`], from: T0, to: null })),
            connection: null,
            method: 'proportional',
            common: 'owner',
          };
          const readings: IntervalReading[] = intervals.flatMap(([p, cs], i) => [
            { meter: 'PV', start: T0 + i * Q, kWh: p },
            ...cs.map((kWh, k) => ({ meter: `m${'abc'[k]}`, start: T0 + i * Q, kWh })),
          ]);
          // Alternate bands so that lines are split per band.
          const band = (start: number) => (((start - T0) / Q) % 2 === 0 ? 'HT' : 'NT');
          const result = splitCommunity(
            setup,
            readings,
            (_h, start) => band(start),
            () => 'day',
          );
          ['a', 'b', 'c'].forEach((id, k) => {
            const buckets = result.holders.get(id)!;
            const solar = new Map([...buckets].map(([b, parts]) => [b, parts.solar]));
            const grid = new Map([...buckets].map(([b, parts]) => [b, parts.grid]));
            const lines = communityLines(pricing, { solar, grid, exported: new Map() }, span);
            if (!lines.ok) throw new Error(lines.problem.message);
            const billed = lines.lines.filter((l) => l.metered).reduce((s, l) => s.add(l.quantity), ZERO);
            const metered = intervals.reduce((s, [, cs]) => s.add(cs[k]), ZERO);
            expect(billed.toFixed(3)).toBe(metered.toFixed(3));
          });
        },
      ),
    );
  });
});
