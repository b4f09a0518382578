import { Dec, ZERO } from './decimal';
import type { ReadingKind } from './types';

/**
 * The reads of one register of one meter installation, sorted by time and
 * ready for lookups by binary search. Built once per register in linear time
 * (after one sort), so every later question — what did it read at this
 * boundary, how much flowed between these two instants — is O(log n).
 *
 * Cumulative registers are *unwrapped*: each time the register rolls over
 * (drops past its rollover value back towards zero) the rollover value is
 * added to every later read, so consumption is always a plain difference.
 */
export interface SeriesRead {
  at: number;
  value: Dec;
}

export interface RegisterSeries {
  kind: ReadingKind;
  /** Ascending, no duplicates. */
  times: number[];
  /** Cumulative: unwrapped register values. Interval: the consumption of the interval ending at times[i]. */
  values: Dec[];
  /** Cumulative: the register's rollover value, when it has one. */
  rolloverAt: Dec | null;
  /** Interval: prefix sums, prefix[i] = values[0] + … + values[i-1] (length n + 1). */
  prefix: Dec[];
  /** Interval: the interval length (given, or the shortest spacing between reads); null when unknowable. */
  intervalMs: number | null;
}

export type SeriesProblem =
  | { kind: 'conflicting-reads'; at: number; values: [Dec, Dec] }
  | { kind: 'mixed-kinds' }
  | { kind: 'out-of-range'; at: number; value: Dec; rolloverAt: Dec };

export interface SeriesBuild {
  /** Null when the register cannot be trusted at all (conflicting duplicates, mixed kinds). */
  series: RegisterSeries | null;
  problems: SeriesProblem[];
}

export interface SeriesOptions {
  rolloverAt: Dec | null;
  intervalMs: number | null;
}

export function buildRegisterSeries(
  reads: readonly (SeriesRead & { kind: ReadingKind })[],
  options: SeriesOptions,
): SeriesBuild {
  const problems: SeriesProblem[] = [];
  if (reads.length === 0) return { series: emptySeries('cumulative', options), problems };
  const kind = reads[0].kind;
  if (reads.some((read) => read.kind !== kind)) return { series: null, problems: [{ kind: 'mixed-kinds' }] };

  const sorted = [...reads].sort((a, b) => a.at - b.at || a.value.comparedTo(b.value));
  const times: number[] = [];
  const raw: Dec[] = [];
  for (const read of sorted) {
    const last = times.length - 1;
    if (last >= 0 && times[last] === read.at) {
      // The same read delivered twice is harmless; two different values for one instant is not.
      if (!raw[last].equals(read.value)) {
        return {
          series: null,
          problems: [{ kind: 'conflicting-reads', at: read.at, values: [raw[last], read.value] }],
        };
      }
      continue;
    }
    const rolloverAt = kind === 'cumulative' ? options.rolloverAt : null;
    if (rolloverAt && (read.value.isNegative() || read.value.greaterThanOrEqualTo(rolloverAt))) {
      // A register with N digits cannot show N+1: the read is wrong, not the meter.
      problems.push({ kind: 'out-of-range', at: read.at, value: read.value, rolloverAt });
      continue;
    }
    times.push(read.at);
    raw.push(read.value);
  }

  if (kind === 'interval') {
    const prefix: Dec[] = new Array<Dec>(raw.length + 1);
    prefix[0] = ZERO;
    for (let i = 0; i < raw.length; i++) prefix[i + 1] = prefix[i].add(raw[i]);
    return {
      series: {
        kind,
        times,
        values: raw,
        rolloverAt: null,
        prefix,
        intervalMs: options.intervalMs ?? shortestSpacing(times),
      },
      problems,
    };
  }
  return {
    series: {
      kind,
      times,
      values: unwrap(raw, options.rolloverAt),
      rolloverAt: options.rolloverAt,
      prefix: [],
      intervalMs: null,
    },
    problems,
  };
}

function emptySeries(kind: ReadingKind, options: SeriesOptions): RegisterSeries {
  return {
    kind,
    times: [],
    values: [],
    rolloverAt: options.rolloverAt,
    prefix: [ZERO],
    intervalMs: options.intervalMs,
  };
}

/**
 * Rollover rule: a read lower than the one before it is a rollover when going
 * round the dial (next + rolloverAt − previous) is less than half the dial.
 * Otherwise the register really went backwards (a reset, a wrong read) and
 * the drop is kept, so it shows up as negative consumption — an exception —
 * instead of being billed as almost a whole dial of consumption.
 */
export function isRollover(previous: Dec, next: Dec, rolloverAt: Dec): boolean {
  return next.lessThan(previous) && next.add(rolloverAt).sub(previous).mul(2).lessThan(rolloverAt);
}

function unwrap(raw: readonly Dec[], rolloverAt: Dec | null): Dec[] {
  if (!rolloverAt) return [...raw];
  const values: Dec[] = new Array<Dec>(raw.length);
  let offset = ZERO;
  for (let i = 0; i < raw.length; i++) {
    if (i > 0 && isRollover(raw[i - 1], raw[i], rolloverAt)) offset = offset.add(rolloverAt);
    values[i] = offset.isZero() ? raw[i] : raw[i].add(offset);
  }
  return values;
}

function shortestSpacing(times: readonly number[]): number | null {
  let shortest = Infinity;
  for (let i = 1; i < times.length; i++) shortest = Math.min(shortest, times[i] - times[i - 1]);
  return Number.isFinite(shortest) ? shortest : null;
}

/** What the register shows for an unwrapped value: the value modulo the rollover value. */
export function registerDisplay(series: RegisterSeries, unwrapped: Dec): Dec {
  return series.rolloverAt ? unwrapped.mod(series.rolloverAt) : unwrapped;
}

/** How many times the register wrapped between two unwrapped values. */
export function rolloversBetween(series: RegisterSeries, from: Dec, to: Dec): number {
  if (!series.rolloverAt) return 0;
  const wraps = to.div(series.rolloverAt).floor().sub(from.div(series.rolloverAt).floor());
  return Math.max(0, wraps.toNumber());
}

/** First index with times[i] >= at (times.length when none). */
export function lowerBound(times: readonly number[], at: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[mid] < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** First index with times[i] > at (times.length when none). */
export function upperBound(times: readonly number[], at: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[mid] <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}
