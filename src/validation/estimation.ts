import { DateTime } from 'luxon';
import { Dec } from '../charging/decimal';

/**
 * Replacement values (Ersatzwerte) for a read that cannot be trusted, from the
 * register's good reads. Every estimate names its method so the invoice and the
 * audit trail can say how the figure came about.
 *
 * `history` is the register's good reads (valid, accepted, edited or estimated —
 * never a suspect one) around the instants a method needs, ascending, cumulative
 * values. The glue loads only those neighbourhoods, never the whole register.
 */
export const ESTIMATION_METHODS = [
  'linear-interpolation',
  'same-weekday-average',
  'last-year-scaled',
] as const;
export type EstimationMethod = (typeof ESTIMATION_METHODS)[number];

export type GoodRead = { at: number; value: Dec };
export type Estimate = { value: Dec; method: EstimationMethod; basis: string };
export type EstimateFailure = { code: 'no-good-reads' | 'estimate-out-of-order'; message: string };

const DAY = 86_400_000;
/** How many past weeks the weekday average looks at. */
export const WEEKDAY_WEEKS = 4;
/** The period before the estimate whose consumption this year vs last year scales last year's figure. */
export const SCALE_WINDOW_DAYS = 28;

/** The good reads right before and after `at` (exclusive), or null. */
export function neighbours(
  history: readonly GoodRead[],
  at: number,
): { before: GoodRead | null; after: GoodRead | null } {
  let before: GoodRead | null = null;
  let after: GoodRead | null = null;
  for (const r of history) {
    if (r.at < at) before = r;
    else if (r.at > at && after === null) after = r;
  }
  return { before, after };
}

/** The register's value at an instant: a read there, or interpolated between good reads; null outside them. */
export function valueAt(history: readonly GoodRead[], at: number): Dec | null {
  const exact = history.find((r) => r.at === at);
  if (exact) return exact.value;
  const { before, after } = neighbours(history, at);
  if (!before || !after) return null;
  return before.value.add(
    after.value
      .sub(before.value)
      .mul(at - before.at)
      .div(after.at - before.at),
  );
}

/** Consumption between two instants from the history, or null when either end is outside it. */
function flowBetween(history: readonly GoodRead[], from: number, to: number): Dec | null {
  const a = valueAt(history, from);
  const b = valueAt(history, to);
  return a === null || b === null ? null : b.sub(a);
}

export function estimate(
  method: EstimationMethod,
  history: readonly GoodRead[],
  at: number,
  timeZone = 'UTC',
  kind: 'cumulative' | 'interval' = 'cumulative',
): Estimate | EstimateFailure {
  if (kind === 'interval') return estimateInterval(method, history, at, timeZone);
  const { before, after } = neighbours(history, at);
  let result: Estimate | EstimateFailure;
  if (method === 'linear-interpolation') {
    if (!before || !after)
      return {
        code: 'no-good-reads',
        message: 'Linear interpolation needs a good read before and after this one',
      };
    const value = valueAt(history, at)!;
    result = { value, method, basis: `between ${before.value.toString()} and ${after.value.toString()}` };
  } else if (method === 'same-weekday-average') {
    if (!before)
      return { code: 'no-good-reads', message: 'No good read before this one to add the average to' };
    const samples: Dec[] = [];
    for (let k = 1; k <= WEEKDAY_WEEKS; k++) {
      const flow = flowBetween(history, before.at - k * 7 * DAY, at - k * 7 * DAY);
      if (flow !== null) samples.push(flow);
    }
    if (samples.length === 0)
      return {
        code: 'no-good-reads',
        message: `No good reads on the same weekday in the last ${WEEKDAY_WEEKS} weeks`,
      };
    const mean = samples.reduce((a, b) => a.add(b)).div(samples.length);
    result = {
      value: before.value.add(mean),
      method,
      basis: `average of ${samples.length} weeks: ${mean.toString()}`,
    };
  } else {
    if (!before)
      return { code: 'no-good-reads', message: 'No good read before this one to add last year’s figure to' };
    const yearAgo = (ms: number) => yearBefore(ms, timeZone);
    const lastYear = flowBetween(history, yearAgo(before.at), yearAgo(at));
    if (lastYear === null)
      return { code: 'no-good-reads', message: 'No good reads for the same period last year' };
    // Scale by how this year's recent use compares with the same weeks last year (1 when unknown).
    const recent = flowBetween(history, before.at - SCALE_WINDOW_DAYS * DAY, before.at);
    const recentLastYear = flowBetween(
      history,
      yearAgo(before.at - SCALE_WINDOW_DAYS * DAY),
      yearAgo(before.at),
    );
    const scale =
      recent !== null && recentLastYear !== null && recentLastYear.greaterThan(0)
        ? recent.div(recentLastYear)
        : new Dec(1);
    result = {
      value: before.value.add(lastYear.mul(scale)),
      method,
      basis: `last year ${lastYear.toString()} × ${scale.toDecimalPlaces(4).toString()}`,
    };
  }
  // A cumulative register only moves forward: an estimate must fit between its neighbours.
  if (before && result.value.lessThan(before.value))
    return { code: 'estimate-out-of-order', message: 'The estimate would be below the read before it' };
  if (after && result.value.greaterThan(after.value))
    return {
      code: 'estimate-out-of-order',
      message: 'The estimate would be above the read after it; choose another method or edit the value',
    };
  return { ...result, value: result.value.toDecimalPlaces(6) };
}

const yearBefore = (ms: number, timeZone: string) =>
  DateTime.fromMillis(ms, { zone: timeZone }).minus({ years: 1 }).toMillis();

/** Interval registers: each read is its own interval's consumption, so the methods average values, not flows. */
function estimateInterval(
  method: EstimationMethod,
  history: readonly GoodRead[],
  at: number,
  timeZone: string,
): Estimate | EstimateFailure {
  if (method === 'linear-interpolation') {
    const value = valueAt(history, at);
    if (value === null)
      return {
        code: 'no-good-reads',
        message: 'Linear interpolation needs a good read before and after this one',
      };
    return { value: value.toDecimalPlaces(6), method, basis: 'between the neighbouring intervals' };
  }
  if (method === 'same-weekday-average') {
    const samples: Dec[] = [];
    for (let k = 1; k <= WEEKDAY_WEEKS; k++) {
      const hit = history.find((r) => r.at === at - k * 7 * DAY);
      if (hit) samples.push(hit.value);
    }
    if (samples.length === 0)
      return {
        code: 'no-good-reads',
        message: `No good reads on the same weekday in the last ${WEEKDAY_WEEKS} weeks`,
      };
    const mean = samples.reduce((a, b) => a.add(b)).div(samples.length);
    return { value: mean.toDecimalPlaces(6), method, basis: `average of ${samples.length} weeks` };
  }
  const hit = history.find((r) => r.at === yearBefore(at, timeZone));
  if (!hit) return { code: 'no-good-reads', message: 'No good reads for the same period last year' };
  return { value: hit.value, method, basis: 'the same interval last year' };
}

export const isEstimateFailure = (r: Estimate | EstimateFailure): r is EstimateFailure => 'code' in r;
