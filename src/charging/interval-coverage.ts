import { upperBound, type RegisterSeries } from './register-series';

/**
 * Interval data (NEM12 and the like) only adds up to a period's consumption if
 * no interval is missing. An interval reading covers (readingAt − length,
 * readingAt]; a gap is a range (from, to] where interval ends should be but
 * are not. Every interval of a register has the same length: the meter's
 * configured interval, else the shortest spacing between its reads.
 */
export interface IntervalGap {
  /** Exclusive. */
  from: number;
  /** Inclusive. */
  to: number;
}

/** The gaps in a register's interval data within (start, end]. Linear in the reads inside. */
export function intervalGaps(series: RegisterSeries, start: number, end: number): IntervalGap[] {
  const { times } = series;
  const first = upperBound(times, start);
  const last = upperBound(times, end) - 1;
  if (first > last) return [{ from: start, to: end }];
  const length = series.intervalMs;
  // One read and no configured length: nothing to measure the coverage with, so none is claimed missing.
  if (length === null) return [];
  const gaps: IntervalGap[] = [];
  if (times[first] - length > start) gaps.push({ from: start, to: times[first] - length });
  for (let i = first; i < last; i++) {
    if (times[i + 1] - times[i] > length) gaps.push({ from: times[i], to: times[i + 1] - length });
  }
  if (times[last] + length <= end) gaps.push({ from: times[last], to: end });
  return gaps;
}

/** The first gap overlapping (start, end], if any. */
export function gapWithin(gaps: readonly IntervalGap[], start: number, end: number): IntervalGap | undefined {
  return gaps.find((gap) => Math.max(start, gap.from) < Math.min(end, gap.to));
}
