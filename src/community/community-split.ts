import { Dec, ZERO } from '../charging/decimal';
import { apportion, sumOf, toStep } from '../common/apportion';
import { KWH_STEP, splitSolar, type Demand, type SplitMethod } from './solar-split';
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

const emptyParts = (): EnergyParts => ({ consumption: ZERO, common: ZERO, solar: ZERO, grid: ZERO });

/**
 * Splits every interval of the period into solar and grid energy per member
 * (see docs/charging-rules.md, "Self-consumption communities"). Interval values
 * are taken to the watt-hour (half up) first; each interval's parts then sum
 * exactly. An interval in which any meter that should report is missing,
 * duplicated, misaligned or negative, or in which a member takes part with no
 * meter installed (`no-meter`), is not split at all and is named in
 * `exceptions` — a silent zero would move energy between neighbours.
 */
export function splitCommunity(
  setup: CommunitySetup,
  readings: Iterable<IntervalReading>,
  bucketOf: BucketOf,
  dayOf: (intervalStart: number) => string,
): CommunitySplit {
  const intervalMs = setup.intervalMinutes * 60_000;
  const table = new IntervalTable(setup.period, intervalMs, readings);
  const method: SplitMethod =
    setup.method === 'proportional'
      ? { kind: 'proportional' }
      : { kind: 'fixed-shares', shares: new Map(setup.members.map((m) => [m.id, m.share ?? ZERO])) };

  const holders = new Map<string, Map<string, EnergyParts>>();
  const exports = new Map<string, Dec>();
  const days = new Map<string, DayFigures>();
  const totals = {
    production: ZERO,
    selfConsumed: ZERO,
    exported: ZERO,
    consumption: ZERO,
    common: ZERO,
    negativeIntervals: 0,
    negativeKWh: ZERO,
    measuredExport: ZERO,
  };
  let split = 0;
  let skipped = 0;

  const partsOf = (holder: string, start: number) => {
    const bucket = bucketOf(holder, start);
    let byBucket = holders.get(holder);
    if (!byBucket) holders.set(holder, (byBucket = new Map<string, EnergyParts>()));
    let parts = byBucket.get(bucket);
    if (!parts) byBucket.set(bucket, (parts = emptyParts()));
    return parts;
  };

  for (let start = setup.period.from; start < setup.period.to; start += intervalMs) {
    const members = setup.members.filter((m) => activeAt(m, start));
    // Every meter that should report is looked up (so each missing one is named), then the interval is used or skipped.
    let complete = true;
    const value = (meters: readonly string[]) =>
      meters.reduce((sum, meter) => {
        const found = table.lookup(meter, start);
        if (!found.ok) complete = false;
        return found.ok ? sum.add(found.kWh) : sum;
      }, ZERO);
    const production = value(setup.productionMeters);
    const memberValues = members.map((m) => {
      const meters = metersAt(m, start);
      if (meters.length === 0) {
        table.noMeter(m.id, start);
        complete = false;
      }
      return value(meters);
    });
    const imported = setup.connection ? value(setup.connection.importMeters) : ZERO;
    const exportedMeasured = setup.connection ? value(setup.connection.exportMeters) : ZERO;
    if (!complete) {
      skipped += 1;
      continue;
    }
    split += 1;
    const demands: Demand[] = members.map((m, i) => ({ id: m.id, kWh: toStep(memberValues[i], KWH_STEP) }));
    const p = toStep(production, KWH_STEP);
    const memberSum = sumOf(demands.map((d) => d.kWh));

    let common = ZERO;
    if (setup.connection) {
      const total = toStep(imported, KWH_STEP).add(p).sub(toStep(exportedMeasured, KWH_STEP));
      common = total.sub(memberSum);
      if (common.isNegative()) {
        totals.negativeIntervals += 1;
        totals.negativeKWh = totals.negativeKWh.add(common);
        common = ZERO;
      }
    }

    // Who consumes in this interval: the members, with the common consumption
    // either added to theirs pro rata or carried by the owner as a consumer of its own.
    const commonShares =
      common.gt(ZERO) && setup.common === 'pro-rata' && memberSum.gt(ZERO)
        ? apportion(
            common,
            demands.map((d) => common.mul(d.kWh).div(memberSum)),
            KWH_STEP,
          )
        : demands.map(() => ZERO);
    const ownerCommon = common.sub(sumOf(commonShares));
    const consumers: Demand[] = demands.map((d, i) => ({ id: d.id, kWh: d.kWh.add(commonShares[i]) }));
    if (ownerCommon.gt(ZERO)) consumers.push({ id: OWNER, kWh: ownerCommon });

    // With a connection meter the energy that really stayed inside is what the
    // panels made less what the meter saw leave; splitting that (rather than
    // min(P, ΣC)) makes the grid parts add up to the meter's import, so the
    // community's own grid bill is passed on exactly.
    const measuredOut = setup.connection ? toStep(exportedMeasured, KWH_STEP) : ZERO;
    const available = Dec.max(ZERO, p.sub(measuredOut));
    const shared = splitSolar(available, consumers, method);
    const result = { ...shared, exported: p.sub(shared.selfConsumed) };
    const day = dayFigures(days, dayOf(start));
    result.parts.forEach((part, i) => {
      const parts = partsOf(part.id, start);
      const own = i < demands.length ? demands[i].kWh : ZERO;
      parts.consumption = parts.consumption.add(own);
      parts.common = parts.common.add(i < demands.length ? commonShares[i] : ownerCommon);
      parts.solar = parts.solar.add(part.solar);
      parts.grid = parts.grid.add(part.grid);
      const member = day.members.get(part.id) ?? { solar: ZERO, grid: ZERO };
      day.members.set(part.id, { solar: member.solar.add(part.solar), grid: member.grid.add(part.grid) });
    });
    const exportBucket = bucketOf(EXPORT, start);
    exports.set(exportBucket, (exports.get(exportBucket) ?? ZERO).add(result.exported));

    totals.measuredExport = totals.measuredExport.add(measuredOut);
    day.production = day.production.add(p);
    day.selfConsumed = day.selfConsumed.add(result.selfConsumed);
    day.exported = day.exported.add(result.exported);
    day.consumption = day.consumption.add(memberSum);
    day.common = day.common.add(common);
    totals.production = totals.production.add(p);
    totals.selfConsumed = totals.selfConsumed.add(result.selfConsumed);
    totals.exported = totals.exported.add(result.exported);
    totals.consumption = totals.consumption.add(memberSum);
    totals.common = totals.common.add(common);
  }

  const used = totals.consumption.add(totals.common);
  return {
    holders,
    exports,
    days,
    exceptions: table.exceptions,
    intervalsSplit: split,
    intervalsSkipped: skipped,
    totals: {
      production: totals.production,
      selfConsumed: totals.selfConsumed,
      exported: totals.exported,
      consumption: totals.consumption,
      common: totals.common,
      negativeCommon: { intervals: totals.negativeIntervals, kWh: totals.negativeKWh },
      measuredExport: setup.connection ? totals.measuredExport : null,
      selfConsumptionRate: totals.production.isZero() ? null : totals.selfConsumed.div(totals.production),
      selfSufficiency: used.isZero() ? null : totals.selfConsumed.div(used),
    },
  };
}

function dayFigures(days: Map<string, DayFigures>, key: string): DayFigures {
  let day = days.get(key);
  if (!day) {
    day = {
      production: ZERO,
      selfConsumed: ZERO,
      exported: ZERO,
      consumption: ZERO,
      common: ZERO,
      members: new Map(),
    };
    days.set(key, day);
  }
  return day;
}
