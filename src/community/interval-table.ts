import type { Dec } from '../charging/decimal';

/** One meter's energy in one interval (kWh), the interval named by its start (epoch ms). */
export interface IntervalReading {
  /** The series key: meter and register, as the glue names it (e.g. "CH1001…:1.8.0"). */
  readonly meter: string;
  readonly start: number;
  readonly kWh: Dec;
}

/**
 * `no-meter`: a member takes part in the interval but none of its billing point's
 * meters is installed then; its consumption is unknown, not zero (a zero would hand
 * its solar share to the neighbours). Such a run names the member, its `meter` is ''.
 */
export type IntervalProblem = 'missing' | 'duplicate' | 'misaligned' | 'negative' | 'no-meter';

/** A meter's intervals that cannot be used, as a run of consecutive intervals [from, to). */
export interface IntervalException {
  readonly problem: IntervalProblem;
  readonly meter: string;
  /** The member (billing point id) of a `no-meter` run. */
  readonly member?: string;
  readonly from: number;
  readonly to: number;
  readonly intervals: number;
}

export type Lookup = { readonly ok: true; readonly kWh: Dec } | { readonly ok: false };

/**
 * The period's readings by meter and interval. Readings outside the period are
 * not this period's concern; a reading whose start is off the interval grid, a
 * negative interval value and a second reading of the same meter and interval
 * make that interval unusable and are reported (in runs, so a day-long gap is
 * one line, not 96).
 */
export class IntervalTable {
  private readonly values = new Map<string, Map<number, Dec>>();
  private readonly broken = new Map<string, Set<number>>();
  private readonly runs: RunCollector;

  constructor(
    private readonly period: { readonly from: number; readonly to: number },
    private readonly intervalMs: number,
    readings: Iterable<IntervalReading>,
  ) {
    this.runs = new RunCollector(intervalMs);
    for (const reading of readings) this.add(reading);
  }

  private add({ meter, start, kWh }: IntervalReading) {
    if (start < this.period.from || start >= this.period.to) return;
    const offset = (start - this.period.from) % this.intervalMs;
    if (offset !== 0) {
      this.runs.note('misaligned', meter, start - offset);
      this.markBroken(meter, start - offset);
      return;
    }
    let byStart = this.values.get(meter);
    if (!byStart) this.values.set(meter, (byStart = new Map<number, Dec>()));
    if (byStart.has(start)) {
      this.runs.note('duplicate', meter, start);
      this.markBroken(meter, start);
      return;
    }
    byStart.set(start, kWh);
    if (kWh.isNegative()) {
      this.runs.note('negative', meter, start);
      this.markBroken(meter, start);
    }
  }

  private markBroken(meter: string, start: number) {
    let set = this.broken.get(meter);
    if (!set) this.broken.set(meter, (set = new Set()));
    set.add(start);
  }

  /** A meter's value in the interval; a missing one is recorded as an exception here. */
  lookup(meter: string, start: number): Lookup {
    if (this.broken.get(meter)?.has(start)) return { ok: false };
    const kWh = this.values.get(meter)?.get(start);
    if (kWh === undefined) {
      this.runs.note('missing', meter, start);
      return { ok: false };
    }
    return { ok: true, kWh };
  }

  /** Records that `member` takes part at `start` without any meter installed. */
  noMeter(member: string, start: number): void {
    this.runs.note('no-meter', '', start, member);
  }

  get exceptions(): IntervalException[] {
    return this.runs.list();
  }
}

/** Collects problem intervals and reports them as runs of consecutive intervals per problem and meter. */
class RunCollector {
  private readonly starts = new Map<
    string,
    { problem: IntervalProblem; meter: string; member?: string; starts: Set<number> }
  >();

  constructor(private readonly intervalMs: number) {}

  note(problem: IntervalProblem, meter: string, start: number, member?: string) {
    const key = `${problem}\u0000${meter}\u0000${member ?? ''}`;
    let entry = this.starts.get(key);
    if (!entry)
      this.starts.set(key, (entry = { problem, meter, ...(member ? { member } : {}), starts: new Set() }));
    entry.starts.add(start);
  }

  list(): IntervalException[] {
    const runs: IntervalException[] = [];
    for (const { problem, meter, member, starts } of this.starts.values()) {
      const who = member ? { member } : {};
      let run: { from: number; to: number; intervals: number } | null = null;
      for (const start of [...starts].sort((a, b) => a - b)) {
        if (run && run.to === start) {
          run.to += this.intervalMs;
          run.intervals += 1;
          continue;
        }
        if (run) runs.push({ problem, meter, ...who, ...run });
        run = { from: start, to: start + this.intervalMs, intervals: 1 };
      }
      if (run) runs.push({ problem, meter, ...who, ...run });
    }
    return runs.sort(
      (a, b) =>
        a.from - b.from ||
        a.meter.localeCompare(b.meter) ||
        (a.member ?? '').localeCompare(b.member ?? '') ||
        a.problem.localeCompare(b.problem),
    );
  }
}
