import { Dec } from './decimal';
import { lowerBound, type RegisterSeries } from './register-series';

/**
 * What a cumulative register read at an instant: the real read stamped at that
 * instant, else a straight line between the read just before and the read just
 * after (flagged estimated). With a read on one side only there is nothing to
 * interpolate between, and extrapolating would be a guess: that is a missing read.
 */
export type RegisterValue =
  | { found: true; at: number; value: Dec; estimated: boolean }
  | { found: false; at: number; missing: 'before' | 'after' };

/** Decimal places estimated reads are kept to, at least; more when the real reads have more. */
export const ESTIMATE_MIN_DECIMALS = 3;

/**
 * Linear interpolation between (t0, v0) and (t1, v1) at t, t0 < t < t1,
 * rounded half-up to max(3, decimals of v0, decimals of v1) places.
 *
 * Why round at all: an estimate like 100 + 10 × 1/3 has no finite decimal
 * form, and the split of a bill must add up *exactly*. Rounding each boundary
 * value once, then taking differences, keeps every part an exact decimal and
 * the parts telescoping to the whole. Why that many places: when v0 and v1 are
 * themselves representable at that precision, rounding is monotone and keeps
 * the estimate within [v0, v1], so monotone reads give monotone estimates.
 */
export function interpolate(t0: number, v0: Dec, t1: number, v1: Dec, t: number): Dec {
  const places = Math.max(ESTIMATE_MIN_DECIMALS, v0.decimalPlaces(), v1.decimalPlaces());
  const exact = v0.add(
    v1
      .sub(v0)
      .mul(t - t0)
      .div(t1 - t0),
  );
  return exact.toDecimalPlaces(places, Dec.ROUND_HALF_UP);
}

/** The register's (unwrapped) value at an instant. O(log n). */
export function registerValueAt(series: RegisterSeries, at: number): RegisterValue {
  const { times, values } = series;
  const i = lowerBound(times, at);
  if (i < times.length && times[i] === at) return { found: true, at, value: values[i], estimated: false };
  if (i === 0) return { found: false, at, missing: 'before' };
  if (i === times.length) return { found: false, at, missing: 'after' };
  return {
    found: true,
    at,
    value: interpolate(times[i - 1], values[i - 1], times[i], values[i], at),
    estimated: true,
  };
}
