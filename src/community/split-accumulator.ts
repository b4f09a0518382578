import { ZERO, type Dec } from '../charging/decimal';
import type { CommunitySplit, DayFigures, EnergyParts } from './community-split';
import type { IntervalException } from './interval-table';

const add = (a: Dec, b: Dec) => a.add(b);

/**
 * Joins the splits of consecutive windows of one period into the split of the
 * whole period. The glue splits a month window by window so that only one
 * window's readings are in memory at a time; every interval is split on its own,
 * so the sums are the same as one pass over the period. Exception runs that meet
 * at a window edge are joined again, so a gap is still reported once.
 */
export class SplitAccumulator {
  private readonly holders = new Map<string, Map<string, EnergyParts>>();
  private readonly exports = new Map<string, Dec>();
  private readonly days = new Map<string, DayFigures>();
  private readonly exceptions: IntervalException[] = [];
  private split = 0;
  private skipped = 0;
  private negativeIntervals = 0;
  private negativeKWh = ZERO;
  private measuredExport: Dec | null = null;
  private readonly totals = {
    production: ZERO,
    selfConsumed: ZERO,
    exported: ZERO,
    consumption: ZERO,
    common: ZERO,
  };

  add(next: CommunitySplit): void {
    for (const [holder, buckets] of next.holders) {
      let mine = this.holders.get(holder);
      if (!mine) this.holders.set(holder, (mine = new Map<string, EnergyParts>()));
      for (const [bucket, parts] of buckets) {
        const have = mine.get(bucket);
        mine.set(
          bucket,
          have
            ? {
                consumption: add(have.consumption, parts.consumption),
                common: add(have.common, parts.common),
                solar: add(have.solar, parts.solar),
                grid: add(have.grid, parts.grid),
              }
            : { ...parts },
        );
      }
    }
    for (const [bucket, kWh] of next.exports)
      this.exports.set(bucket, add(this.exports.get(bucket) ?? ZERO, kWh));
    for (const [key, day] of next.days) {
      const have = this.days.get(key);
      if (!have) {
        this.days.set(key, { ...day, members: new Map(day.members) });
        continue;
      }
      have.production = add(have.production, day.production);
      have.selfConsumed = add(have.selfConsumed, day.selfConsumed);
      have.exported = add(have.exported, day.exported);
      have.consumption = add(have.consumption, day.consumption);
      have.common = add(have.common, day.common);
      for (const [id, m] of day.members) {
        const was = have.members.get(id);
        have.members.set(id, was ? { solar: add(was.solar, m.solar), grid: add(was.grid, m.grid) } : m);
      }
    }
    this.exceptions.push(...next.exceptions);
    this.split += next.intervalsSplit;
    this.skipped += next.intervalsSkipped;
    const t = next.totals;
    this.totals.production = add(this.totals.production, t.production);
    this.totals.selfConsumed = add(this.totals.selfConsumed, t.selfConsumed);
    this.totals.exported = add(this.totals.exported, t.exported);
    this.totals.consumption = add(this.totals.consumption, t.consumption);
    this.totals.common = add(this.totals.common, t.common);
    this.negativeIntervals += t.negativeCommon.intervals;
    this.negativeKWh = add(this.negativeKWh, t.negativeCommon.kWh);
    if (t.measuredExport) this.measuredExport = add(this.measuredExport ?? ZERO, t.measuredExport);
  }

  result(): CommunitySplit {
    const t = this.totals;
    const used = t.consumption.add(t.common);
    return {
      holders: this.holders,
      exports: this.exports,
      days: this.days,
      exceptions: joinRuns(this.exceptions),
      intervalsSplit: this.split,
      intervalsSkipped: this.skipped,
      totals: {
        ...t,
        negativeCommon: { intervals: this.negativeIntervals, kWh: this.negativeKWh },
        measuredExport: this.measuredExport,
        selfConsumptionRate: t.production.isZero() ? null : t.selfConsumed.div(t.production),
        selfSufficiency: used.isZero() ? null : t.selfConsumed.div(used),
      },
    };
  }
}

/** Runs of one problem and meter that touch (one ends where the next starts) become one. */
export function joinRuns(runs: readonly IntervalException[]): IntervalException[] {
  const who = (r: IntervalException) => `${r.meter}\u0000${r.member ?? ''}`;
  const sorted = [...runs].sort(
    (a, b) => who(a).localeCompare(who(b)) || a.problem.localeCompare(b.problem) || a.from - b.from,
  );
  const joined: IntervalException[] = [];
  for (const run of sorted) {
    const last = joined[joined.length - 1];
    if (last && who(last) === who(run) && last.problem === run.problem && last.to === run.from) {
      joined[joined.length - 1] = { ...last, to: run.to, intervals: last.intervals + run.intervals };
    } else joined.push(run);
  }
  return joined.sort(
    (a, b) =>
      a.from - b.from ||
      a.meter.localeCompare(b.meter) ||
      (a.member ?? '').localeCompare(b.member ?? '') ||
      a.problem.localeCompare(b.problem),
  );
}
