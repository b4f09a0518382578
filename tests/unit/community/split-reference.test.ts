import fc from 'fast-check';
import { Dec, ZERO } from '../../../src/charging/decimal';
import { sumOf, toStep } from '../../../src/common/apportion';
import {
  EXPORT,
  KWH_STEP,
  OWNER,
  splitCommunity,
  type CommunitySetup,
  type IntervalReading,
} from '../../../src/community';

/**
 * splitCommunity works on whole Wh in integers (src/community/watt-hours.ts). This is the
 * rule written out the plain way, in decimal, interval by interval — values rounded half up
 * to the Wh, common = import + P − export − ΣCᵢ (negative: reported, nothing allocated),
 * pro rata or to the owner, S = min(P − export, ΣC), sᵢ = S·Cᵢ/ΣC by largest remainder —
 * and the engine must give exactly its figures on random communities.
 */
const Q = 15 * 60_000;
const T0 = Date.UTC(2026, 2, 1);

/**
 * Largest remainder in decimal: ⌊total·wᵢ/W⌋ Wh each, the Wh left to the largest exact
 * remainders (total·wᵢ mod W, compared as whole numbers of µWh²), ties by `tie`.
 */
function largestRemainder(total: Dec, weights: Dec[], tie: (a: number, b: number) => number): Dec[] {
  const sum = sumOf(weights);
  if (total.isZero() || sum.isZero()) return weights.map(() => ZERO);
  const units = total.div(KWH_STEP);
  const shares = weights.map((w) => units.mul(w).div(sum).floor());
  const remainders = weights.map((w) => units.mul(w).mul(1000).mod(sum.mul(1000)));
  let left = units.sub(sumOf(shares)).toNumber();
  const order = weights.map((_, i) => i).sort((a, b) => remainders[b].comparedTo(remainders[a]) || tie(a, b));
  for (const i of order) {
    if (left <= 0 || remainders[i].isZero()) break;
    shares[i] = shares[i].add(1);
    left -= 1;
  }
  return shares.map((s) => s.mul(KWH_STEP));
}

function referenceSplit(
  setup: CommunitySetup,
  readings: IntervalReading[],
  bucketOf: (holder: string, start: number) => string,
  dayOf: (start: number) => string,
) {
  const value = (meters: readonly string[], start: number) =>
    toStep(
      sumOf(readings.filter((r) => meters.includes(r.meter) && r.start === start).map((r) => r.kWh)),
      KWH_STEP,
    );
  const out = new Map<string, Dec>();
  const add = (key: string, kWh: Dec) => out.set(key, (out.get(key) ?? ZERO).add(kWh));
  for (let start = setup.period.from; start < setup.period.to; start += Q) {
    const members = setup.members.filter((m) => m.from <= start && (m.to === null || start < m.to));
    const p = value(setup.productionMeters, start);
    const c = members.map((m) => value(m.meters, start));
    const memberSum = sumOf(c);
    const exported = setup.connection ? value(setup.connection.exportMeters, start) : ZERO;
    let common = setup.connection
      ? value(setup.connection.importMeters, start).add(p).sub(exported).sub(memberSum)
      : ZERO;
    if (common.isNegative()) {
      add('negative', common);
      common = ZERO;
    }
    const shares =
      setup.common === 'pro-rata' ? largestRemainder(common, c, (a, b) => a - b) : c.map(() => ZERO);
    const ownerCommon = common.sub(sumOf(shares));
    const ids = members.map((m) => m.id);
    const consumption = c.map((ci, i) => ci.add(shares[i]));
    if (ownerCommon.gt(0)) {
      ids.push(OWNER);
      consumption.push(ownerCommon);
    }
    const selfConsumed = Dec.min(Dec.max(ZERO, p.sub(exported)), sumOf(consumption));
    const solar = largestRemainder(selfConsumed, consumption, (a, b) => (ids[a] < ids[b] ? -1 : 1));
    const day = dayOf(start);
    ids.forEach((id, i) => {
      const bucket = `${id}/${bucketOf(id, start)}`;
      add(`${bucket}/consumption`, i < c.length ? c[i] : ZERO);
      add(`${bucket}/common`, i < c.length ? shares[i] : ownerCommon);
      add(`${bucket}/solar`, solar[i]);
      add(`${bucket}/grid`, consumption[i].sub(solar[i]));
      add(`day/${day}/${id}/solar`, solar[i]);
      add(`day/${day}/${id}/grid`, consumption[i].sub(solar[i]));
    });
    add(`export/${bucketOf(EXPORT, start)}`, p.sub(selfConsumed));
    for (const [name, kWh] of [
      ['production', p],
      ['selfConsumed', selfConsumed],
      ['exported', p.sub(selfConsumed)],
      ['consumption', memberSum],
      ['common', common],
    ] as const) {
      add(`day/${day}/${name}`, kWh);
      add(name, kWh);
    }
  }
  return out;
}

/** The engine's result in the reference's shape (zero sums left out on both sides). */
function flatten(result: ReturnType<typeof splitCommunity>) {
  const out = new Map<string, Dec>();
  const put = (key: string, kWh: Dec) => out.set(key, kWh);
  for (const [holder, buckets] of result.holders)
    for (const [bucket, parts] of buckets)
      for (const name of ['consumption', 'common', 'solar', 'grid'] as const)
        put(`${holder}/${bucket}/${name}`, parts[name]);
  for (const [bucket, kWh] of result.exports) put(`export/${bucket}`, kWh);
  for (const [key, day] of result.days) {
    for (const name of ['production', 'selfConsumed', 'exported', 'consumption', 'common'] as const)
      put(`day/${key}/${name}`, day[name]);
    for (const [id, m] of day.members) {
      put(`day/${key}/${id}/solar`, m.solar);
      put(`day/${key}/${id}/grid`, m.grid);
    }
  }
  for (const name of ['production', 'selfConsumed', 'exported', 'consumption', 'common'] as const)
    put(name, result.totals[name]);
  put('negative', result.totals.negativeCommon.kWh);
  return out;
}

const text = (m: Map<string, Dec>) =>
  Object.fromEntries(
    [...m]
      .filter(([, v]) => !v.isZero())
      .map(([k, v]) => [k, v.toFixed(3)])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );

// A few Wh make equal remainders (ties) common; larger values; values with a fourth decimal (rounded to the Wh).
const kWh = fc.constantFrom(
  fc.integer({ min: 0, max: 12 }).map((n) => new Dec(n).div(1000)),
  fc.integer({ min: 0, max: 20_000 }).map((n) => new Dec(n).div(1000)),
  fc.integer({ min: 0, max: 200_000 }).map((n) => new Dec(n).div(10_000)),
);
const community = fc
  .record({
    intervals: fc.integer({ min: 1, max: 8 }),
    members: fc.uniqueArray(
      fc.record({
        id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
        from: fc.integer({ min: 0, max: 3 }),
        stays: fc.option(fc.integer({ min: 1, max: 8 })),
      }),
      { minLength: 1, maxLength: 6, selector: (m) => m.id },
    ),
    connection: fc.boolean(),
    // Mostly the import covers the members (a common consumption to share); else it may come out negative.
    importCovers: fc.oneof(
      { arbitrary: fc.constant(true), weight: 3 },
      { arbitrary: fc.constant(false), weight: 1 },
    ),
    common: fc.constantFrom<CommunitySetup['common']>('owner', 'pro-rata'),
    scale: kWh,
  })
  .chain((shape) =>
    fc
      .array(shape.scale, {
        minLength: shape.intervals * (shape.members.length + 4),
        maxLength: shape.intervals * (shape.members.length + 4),
      })
      .map((values) => ({ shape, values })),
  );

describe('the integer split against the decimal rule', () => {
  it('gives exactly the decimal figures per holder and bucket, per day, export and totals', () => {
    fc.assert(
      fc.property(community, ({ shape, values }) => {
        const meters = ['PV', 'PV2', 'IMP', 'EXP', ...shape.members.map((m) => `m-${m.id}`)];
        const readings: IntervalReading[] = [];
        for (let i = 0; i < shape.intervals; i++) {
          const at = (k: number) => values[i * meters.length + k];
          const members = shape.importCovers
            ? meters.slice(4).reduce((sum, _, k) => sum.add(at(k + 4)), ZERO)
            : ZERO;
          meters.forEach((meter, k) =>
            readings.push({ meter, start: T0 + i * Q, kWh: meter === 'IMP' ? at(k).add(members) : at(k) }),
          );
        }
        const setup: CommunitySetup = {
          period: { from: T0, to: T0 + shape.intervals * Q },
          intervalMinutes: 15,
          productionMeters: ['PV', 'PV2'],
          members: shape.members.map((m) => ({
            id: m.id,
            meters: [`m-${m.id}`],
            from: T0 + m.from * Q,
            to: m.stays === null ? null : T0 + (m.from + m.stays) * Q,
          })),
          connection: shape.connection ? { importMeters: ['IMP'], exportMeters: ['EXP'] } : null,
          method: 'proportional',
          common: shape.common,
        };
        const bucketOf = (_holder: string, start: number) => `b${((start - T0) / Q) % 2}`;
        const dayOf = (start: number) => `d${Math.floor((start - T0) / Q / 3)}`;
        const result = splitCommunity(setup, readings, bucketOf, dayOf);
        expect(result.exceptions).toEqual([]);
        expect(text(flatten(result))).toEqual(text(referenceSplit(setup, readings, bucketOf, dayOf)));
      }),
      { numRuns: 300 },
    );
  });
});
