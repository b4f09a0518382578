import { DateTime } from 'luxon';
import { dayNumberOf, dayParts, formatDay, formatMonth } from '../charging/calendar';
import { Dec, decimalText, ZERO } from '../charging/decimal';
import { startOfDay } from '../charging/time-zone';
import {
  addScaled,
  compareScaled,
  mulScaled,
  parseScaled,
  scaledText,
  subScaled,
  type Scaled,
} from './scaled-decimal';

/**
 * Consumption per calendar day or month of one register — the display series
 * behind the admin's charts and the resident API (the charging engine does the
 * exact, period-accurate version with interpolation):
 * - cumulative reads: the difference between consecutive reads, given to the bucket
 *   in which the later read falls. Buckets are (start, end]: a read at 00:00 local
 *   closes the previous day, as the charging rules say a 00:00 read is that day's
 *   opening read. Rollover and bad reads follow src/charging: a drop is a rollover
 *   when going round the dial is less than half of it (`isRollover`); any other drop
 *   is left out and reported; a read the dial cannot show (≥ rolloverAt, negative)
 *   is ignored and reported;
 * - interval reads: the sum of the intervals ending in the bucket.
 * Quantities are multiplied by the device's multiplier, in exact decimals (scaled
 * integers, src/ingestion/scaled-decimal.ts: a year of 15-minute reads is 35,040 of them).
 * Each bucket also counts its reads that the VEE step estimated or a person edited
 * (`quality`), so a chart can say which bars rest on values nobody read off a meter.
 *
 * Reads are fed in ascending time order (`ConsumptionBuckets.add`), so a caller can
 * stream a long history through it in pages without holding it all.
 */
export const CONSUMPTION_PERIODS = ['day', 'month'] as const;
export type ConsumptionPeriod = (typeof CONSUMPTION_PERIODS)[number];
/** How a read's effective value came about, when not read off the meter (src/validation). */
export type ReadCorrection = 'estimated' | 'edited';
export type SeriesReading = {
  readingAt: number;
  /** The effective value: the raw one, or the VEE step's estimate or edit. */
  value: string;
  kind: 'cumulative' | 'interval';
  quality?: ReadCorrection | null;
};
/**
 * quantity null: no consumption could be attributed to the bucket (no reads), as opposed to '0'.
 * estimated / edited: how many of its `reads` carry an estimated or edited value.
 */
export type ConsumptionBucket = {
  period: string;
  start: string;
  quantity: string | null;
  reads: number;
  estimated: number;
  edited: number;
};
type Tally<Q> = { quantity: Q; reads: number; estimated: number; edited: number };
export type SeriesResult = { buckets: ConsumptionBucket[]; warnings: string[] };

export type SeriesOptions = {
  period: ConsumptionPeriod;
  timeZone: string;
  multiplier?: string;
  rolloverAt?: string | null;
  /**
   * Only consumption attributed to instants in (from, to] counts (with bucket-aligned
   * bounds: exactly the buckets from `from` up to `to`), and every bucket of the range
   * is answered, empty ones with quantity null — the shape a chart wants.
   */
  range?: { from: number; to: number };
};

const MAX_WARNINGS = 20;
const NONE = parseScaled('0');

type Bucket = { key: string; start: number; end: number };

/** The bucket (start, end] an instant is attributed to, in the zone's calendar. */
export function bucketOf(instant: number, period: ConsumptionPeriod, timeZone: string): Bucket {
  // One millisecond earlier decides the calendar date: an instant at 00:00 belongs to the day before.
  const local = DateTime.fromMillis(instant - 1, { zone: timeZone });
  const first =
    period === 'day'
      ? dayNumberOf({ year: local.year, month: local.month, day: local.day })
      : dayNumberOf({ year: local.year, month: local.month, day: 1 });
  const next = period === 'day' ? first + 1 : nextMonthStart(first);
  return {
    key: period === 'day' ? formatDay(first) : formatMonth(first),
    start: startOfDay(timeZone, first),
    end: startOfDay(timeZone, next),
  };
}

function nextMonthStart(firstOfMonth: number): number {
  const { year, month } = dayParts(firstOfMonth);
  return month === 12
    ? dayNumberOf({ year: year + 1, month: 1, day: 1 })
    : dayNumberOf({ year, month: month + 1, day: 1 });
}

/** Every bucket of (from, to], in order. */
export function bucketsBetween(
  from: number,
  to: number,
  period: ConsumptionPeriod,
  timeZone: string,
): Bucket[] {
  const out: Bucket[] = [];
  if (to <= from) return out;
  let b = bucketOf(from + 1, period, timeZone);
  for (;;) {
    out.push(b);
    if (b.end >= to) return out;
    b = bucketOf(b.end + 1, period, timeZone);
  }
}

const iso = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO()!;

export class ConsumptionBuckets {
  private readonly buckets = new Map<string, Tally<Scaled> & { bucket: Bucket }>();
  private readonly warnings: string[] = [];
  private dropped = 0;
  private current: Bucket | null = null;
  /** The range's buckets, in order (computed once: a zone conversion each), and where reads are. */
  private readonly ranged: Bucket[] | null;
  private next = 0;
  private kind: SeriesReading['kind'] | null = null;
  private previous: { at: number; value: Scaled } | null = null;
  private lastAt = -Infinity;
  private readonly rolloverAt: Scaled | null;
  private readonly multiplier: Scaled;

  constructor(private readonly options: SeriesOptions) {
    this.rolloverAt = options.rolloverAt ? parseScaled(options.rolloverAt) : null;
    this.multiplier = parseScaled(options.multiplier ?? '1');
    const { range, period, timeZone } = options;
    this.ranged = range ? bucketsBetween(range.from, range.to, period, timeZone) : null;
  }

  /** Reads must come in ascending time order; an out-of-order read is a programming error. */
  add(read: SeriesReading): void {
    if (read.readingAt < this.lastAt)
      throw new Error('ConsumptionBuckets.add: reads must be in ascending time order');
    this.lastAt = read.readingAt;
    const value = parseScaled(read.value);
    if (this.kind === null) this.kind = read.kind;
    else if (read.kind !== this.kind) {
      this.warn(`A ${read.kind} read at ${this.when(read.readingAt)} on a ${this.kind} register is ignored`);
      return;
    }
    if (read.kind === 'interval') {
      if (this.previous && this.previous.at === read.readingAt) {
        if (compareScaled(this.previous.value, value) !== 0)
          this.warn(
            `Two values at ${this.when(read.readingAt)} (${scaledText(this.previous.value)}, ${read.value}); the second is ignored`,
          );
        return;
      }
      this.previous = { at: read.readingAt, value };
      this.attribute(read, value);
      return;
    }
    if (this.rolloverAt && (value.negative || compareScaled(value, this.rolloverAt) >= 0)) {
      this.warn(
        `The read ${read.value} at ${this.when(read.readingAt)} cannot be on a register rolling over at ${scaledText(this.rolloverAt)}; it is ignored`,
      );
      return;
    }
    const previous = this.previous;
    if (previous && previous.at === read.readingAt) {
      if (compareScaled(previous.value, value) !== 0)
        this.warn(
          `Two values at ${this.when(read.readingAt)} (${scaledText(previous.value)}, ${read.value}); the second is ignored`,
        );
      return;
    }
    this.previous = { at: read.readingAt, value };
    if (!previous) return;
    const step = subScaled(value, previous.value);
    if (step.n < 0n) {
      // A rollover (src/charging's isRollover) when going round the dial is less than half of it.
      const dial = this.rolloverAt;
      const round = dial && addScaled(step, dial);
      if (dial && round && compareScaled(addScaled(round, round), dial) < 0) {
        this.attribute(read, round);
      } else {
        this.warn(
          `The register went down at ${this.when(read.readingAt)} (${scaledText(previous.value)} → ${read.value}); that step is left out`,
        );
      }
      return;
    }
    this.attribute(read, step);
  }

  result(): SeriesResult {
    const { timeZone } = this.options;
    const present = [...this.buckets.values()].sort((a, b) => a.bucket.start - b.bucket.start);
    const all = this.ranged
      ? this.ranged.map(
          (bucket) =>
            this.buckets.get(bucket.key) ?? { bucket, quantity: null, reads: 0, estimated: 0, edited: 0 },
        )
      : present;
    const buckets = all.map((b) => ({
      period: b.bucket.key,
      start: iso(b.bucket.start, timeZone),
      quantity: b.quantity === null ? null : scaledText(mulScaled(b.quantity, this.multiplier)),
      reads: b.reads,
      estimated: b.estimated,
      edited: b.edited,
    }));
    const warnings = this.dropped ? [...this.warnings, `… and ${this.dropped} more`] : [...this.warnings];
    return { buckets, warnings };
  }

  private attribute(read: SeriesReading, quantity: Scaled) {
    const at = read.readingAt;
    const range = this.options.range;
    if (range && (at <= range.from || at > range.to)) return;
    // Reads come in order, so the bucket of the previous read usually holds this one too.
    if (!this.current || at <= this.current.start || at > this.current.end) {
      // Within a range, reads (in time order) walk its buckets; the range covers every one.
      if (this.ranged) {
        while (at > this.ranged[this.next].end) this.next++;
        this.current = this.ranged[this.next];
      } else this.current = bucketOf(at, this.options.period, this.options.timeZone);
    }
    const entry = this.buckets.get(this.current.key) ?? {
      bucket: this.current,
      quantity: NONE,
      reads: 0,
      estimated: 0,
      edited: 0,
    };
    entry.quantity = addScaled(entry.quantity, quantity);
    entry.reads++;
    if (read.quality === 'estimated') entry.estimated++;
    else if (read.quality === 'edited') entry.edited++;
    this.buckets.set(this.current.key, entry);
  }

  private warn(message: string) {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    else this.dropped++;
  }

  private when(ms: number) {
    return new Date(ms).toISOString();
  }
}

/** The whole series of a list of reads (any order). */
export function consumptionSeries(readings: SeriesReading[], options: SeriesOptions): SeriesResult {
  const acc = new ConsumptionBuckets(options);
  for (const r of [...readings].sort((a, b) => a.readingAt - b.readingAt)) acc.add(r);
  return acc.result();
}

/** Adds series of the same period and zone bucket by bucket (a billing point's meters of one utility). */
export function sumSeries(series: ConsumptionBucket[][]): ConsumptionBucket[] {
  const byPeriod = new Map<string, Tally<Dec | null> & { start: string }>();
  for (const buckets of series) {
    for (const b of buckets) {
      const entry = byPeriod.get(b.period) ?? {
        start: b.start,
        quantity: null,
        reads: 0,
        estimated: 0,
        edited: 0,
      };
      if (b.quantity !== null) entry.quantity = (entry.quantity ?? ZERO).add(b.quantity);
      entry.reads += b.reads;
      entry.estimated += b.estimated;
      entry.edited += b.edited;
      byPeriod.set(b.period, entry);
    }
  }
  return [...byPeriod.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, e]) => ({
      period,
      start: e.start,
      quantity: e.quantity === null ? null : decimalText(e.quantity),
      reads: e.reads,
      estimated: e.estimated,
      edited: e.edited,
    }));
}
