import { ZERO, type Dec } from '../charging/decimal';
import { sumOf, toStep } from '../common/apportion';
import { KWH_STEP, splitProportionalWh, splitSolar, type SplitMethod } from './solar-split';
import { apportionWh, kWhOf, sumWh, whOf, type Wh } from './watt-hours';
import { IntervalTable, type IntervalReading, type IntervalException } from './interval-table';

/** The pseudo-consumer that answers for the common consumption when it goes to the owner. */
export const OWNER = '@owner';
/** The holder of exported energy, for the feed-in credit. */
export const EXPORT = '@export';

export interface CommunityMember {
  /** The billing point's id. */
  readonly id: string;
  /** Its consumption meters (series keys: meter and register), summed per interval. */
  readonly meters: readonly string[];
  /** Entry and exit instants (epoch ms): the member takes part in intervals starting in [from, to). */
  readonly from: number;
  readonly to: number | null;
  /** Its fixed share of production (fixed-shares method only). */
  readonly share?: Dec;
  /**
   * When given, each meter is asked only for intervals starting in its own
   * [from, to) (a meter replaced mid-period), instead of `meters` for all of them.
   */
  readonly meterSpans?: readonly MeterSpan[];
}

/** A meter series that counts for a member in the intervals starting in [from, to). */
export interface MeterSpan {
  readonly meter: string;
  readonly from: number;
  readonly to: number | null;
}

const metersAt = (member: CommunityMember, start: number): readonly string[] =>
  member.meterSpans
    ? member.meterSpans.filter((s) => s.from <= start && (s.to === null || start < s.to)).map((s) => s.meter)
    : member.meters;

export interface CommunitySetup {
  readonly period: { readonly from: number; readonly to: number };
  readonly intervalMinutes: number;
  readonly productionMeters: readonly string[];
  readonly members: readonly CommunityMember[];
  /** ZEV/vZEV: the grid connection's import and export series. */
  readonly connection: {
    readonly importMeters: readonly string[];
    readonly exportMeters: readonly string[];
  } | null;
  readonly method: 'proportional' | 'fixed-shares';
  /** Who answers for the common consumption (total − Σ members): the owner, or the members pro rata. */
  readonly common: 'owner' | 'pro-rata';
}

/**
 * Where an interval's parts are summed: the glue passes e.g. "party|band" so
 * that occupancy (whoever answers for the flat at that time) and time-of-use
 * bands come out of one pass. `holder` is a member id, OWNER or EXPORT.
 */
export type BucketOf = (holder: string, intervalStart: number) => string;

export interface EnergyParts {
  /** The holder's own metered consumption. */
  consumption: Dec;
  /** Its part of the common consumption (pro rata), or all of it (the owner). */
  common: Dec;
  solar: Dec;
  grid: Dec;
}

export interface DayFigures {
  production: Dec;
  selfConsumed: Dec;
  exported: Dec;
  consumption: Dec;
  common: Dec;
  members: Map<string, { solar: Dec; grid: Dec }>;
}

export interface CommunityTotals {
  production: Dec;
  selfConsumed: Dec;
  exported: Dec;
  /** Σ of the members' metered consumption. */
  consumption: Dec;
  /** Common consumption allocated (negative intervals count as zero). */
  common: Dec;
  /** Intervals whose common consumption came out negative (meters disagree), and their sum. */
  negativeCommon: { intervals: number; kWh: Dec };
  /** What the connection meter says was exported, beside the computed export. */
  measuredExport: Dec | null;
  /** S / P and S / (consumption + common); null when the divisor is zero. */
  selfConsumptionRate: Dec | null;
  selfSufficiency: Dec | null;
}

export interface CommunitySplit {
  /** holder → bucket → parts. */
  readonly holders: Map<string, Map<string, EnergyParts>>;
  /** bucket → exported kWh. */
  readonly exports: Map<string, Dec>;
  readonly days: Map<string, DayFigures>;
  readonly totals: CommunityTotals;
  /** Intervals that could not be split (a meter missing, duplicated, negative …): named here, never zeroed. */
  readonly exceptions: readonly IntervalException[];
  readonly intervalsSplit: number;
  readonly intervalsSkipped: number;
}

const activeAt = (member: CommunityMember, start: number) =>
  member.from <= start && (member.to === null || start < member.to);

type PartsWh = { consumption: Wh; common: Wh; solar: Wh; grid: Wh };
type DayWh = {
  production: Wh;
  selfConsumed: Wh;
  exported: Wh;
  consumption: Wh;
  common: Wh;
  members: Map<string, { solar: Wh; grid: Wh }>;
};

/**
 * Splits every interval of the period into solar and grid energy per member
 * (see docs/charging-rules.md, "Self-consumption communities"). Interval values
 * are taken to the watt-hour (half up) first; each interval's parts then sum
 * exactly. An interval in which any meter that should report is missing,
 * duplicated, misaligned or negative, or in which a member takes part with no
 * meter installed (`no-meter`), is not split at all and is named in
 * `exceptions` — a silent zero would move energy between neighbours.
 *
 * The arithmetic is on whole Wh (BigInt, ./watt-hours.ts): every value is on
 * the Wh grid once rounded, so sums, the pro-rata common consumption and the
 * proportional split are integer operations, exact, and the results are the
 * decimal ones (tests/unit/community/split-reference.test.ts checks it against
 * a decimal implementation). Only the fixed-shares water-filling divides by
 * shares that need not be whole, and runs in decimal (splitSolar).
 */
export function splitCommunity(
  setup: CommunitySetup,
  readings: Iterable<IntervalReading>,
  bucketOf: BucketOf,
  dayOf: (intervalStart: number) => string,
): CommunitySplit {
  const intervalMs = setup.intervalMinutes * 60_000;
  const table = new IntervalTable(setup.period, intervalMs, readings);
  const fixedShares: SplitMethod | null =
    setup.method === 'proportional'
      ? null
      : { kind: 'fixed-shares', shares: new Map(setup.members.map((m) => [m.id, m.share ?? ZERO])) };

  const holders = new Map<string, Map<string, PartsWh>>();
  const exports = new Map<string, Wh>();
  const days = new Map<string, DayWh>();
  const totals = {
    production: 0n,
    selfConsumed: 0n,
    exported: 0n,
    consumption: 0n,
    common: 0n,
    negativeIntervals: 0,
    negativeWh: 0n,
    measuredExport: 0n,
  };
  let split = 0;
  let skipped = 0;

  const partsOf = (holder: string, start: number) => {
    const bucket = bucketOf(holder, start);
    let byBucket = holders.get(holder);
    if (!byBucket) holders.set(holder, (byBucket = new Map<string, PartsWh>()));
    let parts = byBucket.get(bucket);
    if (!parts) byBucket.set(bucket, (parts = { consumption: 0n, common: 0n, solar: 0n, grid: 0n }));
    return parts;
  };

  for (let start = setup.period.from; start < setup.period.to; start += intervalMs) {
    const members = setup.members.filter((m) => activeAt(m, start));
    // Every meter that should report is looked up (so each missing one is named), then the interval is used or skipped.
    let complete = true;
    const value = (meters: readonly string[]): Wh => {
      let sum = 0n;
      let offGrid = false;
      const found: Dec[] = [];
      for (const meter of meters) {
        const hit = table.lookup(meter, start);
        if (!hit.ok) {
          complete = false;
          continue;
        }
        found.push(hit.kWh);
        const wh = whOf(hit.kWh);
        if (wh === null) offGrid = true;
        else sum += wh;
      }
      // A value with more than three decimals: the meters' sum is rounded half up to the Wh, as one value.
      return offGrid ? whOf(toStep(sumOf(found), KWH_STEP))! : sum;
    };
    const p = value(setup.productionMeters);
    const demands = members.map((m) => {
      const meters = metersAt(m, start);
      if (meters.length === 0) {
        table.noMeter(m.id, start);
        complete = false;
      }
      return value(meters);
    });
    const imported = setup.connection ? value(setup.connection.importMeters) : 0n;
    const measuredOut = setup.connection ? value(setup.connection.exportMeters) : 0n;
    if (!complete) {
      skipped += 1;
      continue;
    }
    split += 1;
    const memberSum = sumWh(demands);

    let common = 0n;
    if (setup.connection) {
      common = imported + p - measuredOut - memberSum;
      if (common < 0n) {
        totals.negativeIntervals += 1;
        totals.negativeWh += common;
        common = 0n;
      }
    }

    // Who consumes in this interval: the members, with the common consumption
    // either added to theirs pro rata (ties to the earlier member) or carried by
    // the owner as a consumer of its own.
    const commonShares =
      common > 0n && setup.common === 'pro-rata' && memberSum > 0n
        ? apportionWh(common, demands, (a, b) => a - b)
        : demands.map(() => 0n);
    const ownerCommon = common - sumWh(commonShares);
    const consumers = members.map((m) => ({ id: m.id }));
    const consumption = demands.map((d, i) => d + commonShares[i]);
    if (ownerCommon > 0n) {
      consumers.push({ id: OWNER });
      consumption.push(ownerCommon);
    }

    // With a connection meter the energy that really stayed inside is what the
    // panels made less what the meter saw leave; splitting that (rather than
    // min(P, ΣC)) makes the grid parts add up to the meter's import, so the
    // community's own grid bill is passed on exactly.
    const available = p > measuredOut ? p - measuredOut : 0n;
    const wanted = sumWh(consumption);
    const selfConsumed = available < wanted ? available : wanted;
    const solar = fixedShares
      ? splitSolar(
          kWhOf(available),
          consumers.map((c, i) => ({ id: c.id, kWh: kWhOf(consumption[i]) })),
          fixedShares,
        ).parts.map((part) => whOf(part.solar)!)
      : splitProportionalWh(selfConsumed, consumers, consumption);
    const exported = p - selfConsumed;
    const day = dayFigures(days, dayOf(start));
    consumers.forEach(({ id }, i) => {
      const grid = consumption[i] - solar[i];
      const parts = partsOf(id, start);
      parts.consumption += i < demands.length ? demands[i] : 0n;
      parts.common += i < demands.length ? commonShares[i] : ownerCommon;
      parts.solar += solar[i];
      parts.grid += grid;
      const member = day.members.get(id);
      if (member) {
        member.solar += solar[i];
        member.grid += grid;
      } else day.members.set(id, { solar: solar[i], grid });
    });
    const exportBucket = bucketOf(EXPORT, start);
    exports.set(exportBucket, (exports.get(exportBucket) ?? 0n) + exported);

    totals.measuredExport += measuredOut;
    day.production += p;
    day.selfConsumed += selfConsumed;
    day.exported += exported;
    day.consumption += memberSum;
    day.common += common;
    totals.production += p;
    totals.selfConsumed += selfConsumed;
    totals.exported += exported;
    totals.consumption += memberSum;
    totals.common += common;
  }

  const used = totals.consumption + totals.common;
  const ratio = (a: Wh, b: Wh) => (b === 0n ? null : kWhOf(a).div(kWhOf(b)));
  return {
    holders: mapValues(holders, (buckets) =>
      mapValues(buckets, (p) => ({
        consumption: kWhOf(p.consumption),
        common: kWhOf(p.common),
        solar: kWhOf(p.solar),
        grid: kWhOf(p.grid),
      })),
    ),
    exports: mapValues(exports, kWhOf),
    days: mapValues(days, (d) => ({
      production: kWhOf(d.production),
      selfConsumed: kWhOf(d.selfConsumed),
      exported: kWhOf(d.exported),
      consumption: kWhOf(d.consumption),
      common: kWhOf(d.common),
      members: mapValues(d.members, (m) => ({ solar: kWhOf(m.solar), grid: kWhOf(m.grid) })),
    })),
    exceptions: table.exceptions,
    intervalsSplit: split,
    intervalsSkipped: skipped,
    totals: {
      production: kWhOf(totals.production),
      selfConsumed: kWhOf(totals.selfConsumed),
      exported: kWhOf(totals.exported),
      consumption: kWhOf(totals.consumption),
      common: kWhOf(totals.common),
      negativeCommon: { intervals: totals.negativeIntervals, kWh: kWhOf(totals.negativeWh) },
      measuredExport: setup.connection ? kWhOf(totals.measuredExport) : null,
      selfConsumptionRate: ratio(totals.selfConsumed, totals.production),
      selfSufficiency: ratio(totals.selfConsumed, used),
    },
  };
}

const mapValues = <V, W>(map: Map<string, V>, f: (v: V) => W): Map<string, W> =>
  new Map([...map].map(([k, v]) => [k, f(v)]));

function dayFigures(days: Map<string, DayWh>, key: string): DayWh {
  let day = days.get(key);
  if (!day) {
    day = {
      production: 0n,
      selfConsumed: 0n,
      exported: 0n,
      consumption: 0n,
      common: 0n,
      members: new Map(),
    };
    days.set(key, day);
  }
  return day;
}
