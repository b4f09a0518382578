import { DateTime } from 'luxon';
import { median } from './register-validator';
import {
  estimate,
  isEstimateFailure,
  type EstimateFailure,
  type EstimationMethod,
  type GoodRead,
} from './estimation';

/**
 * Filling a gap (Ersatzwertbildung für fehlende Werte): the reads a meter should have
 * sent between the read before a gap and the read after it, each estimated with one
 * method. The instants follow the meter's usual rhythm — whole local days for a daily
 * meter (so 00:00 stays 00:00 across a DST change), else its usual spacing in ms.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The most reads one fill creates (a year of 15-minute data is 35,040). */
export const MAX_FILL = 40_000;

export type GapFailure = {
  code: 'no-rhythm' | 'no-gap' | 'gap-too-long' | EstimateFailure['code'];
  message: string;
};
export type FilledRead = { at: number; value: string; basis: string };

/** The meter's usual spacing: the median of the spacings between its reads (at least 2 of them). */
export function usualSpacing(times: readonly number[]): number | null {
  const spacings = times.slice(1).map((t, i) => t - times[i]);
  return spacings.length < 2 ? null : median(spacings);
}

/** The instants strictly between `from` and `to` the meter would have been read at. */
export function missingInstants(
  from: number,
  to: number,
  spacing: number,
  timeZone: string,
): number[] | GapFailure {
  const days = Math.round(spacing / DAY);
  const daily = days >= 1 && Math.abs(spacing - days * DAY) <= HOUR;
  const out: number[] = [];
  for (let k = 1; ; k++) {
    const at = daily
      ? DateTime.fromMillis(from, { zone: timeZone })
          .plus({ days: k * days })
          .toMillis()
      : from + k * spacing;
    // Closer to the read after the gap than half a step: that read is the one expected there.
    if (at >= to - spacing / 2) break;
    out.push(at);
    if (out.length > MAX_FILL)
      return {
        code: 'gap-too-long',
        message: `The gap would need more than ${MAX_FILL} estimated reads; fill it in parts or edit the reads`,
      };
  }
  if (out.length === 0) return { code: 'no-gap', message: 'There is no missing read before this one' };
  return out;
}

/**
 * Estimates each missing instant in turn; an estimate joins the history the next one
 * is made from (a cumulative register keeps moving forward from it). The first
 * instant no estimate fits refuses the whole fill: half a gap filled is no help.
 */
export function fillGap(
  method: EstimationMethod,
  history: readonly GoodRead[],
  instants: readonly number[],
  timeZone: string,
  kind: 'cumulative' | 'interval',
): FilledRead[] | GapFailure {
  const known = [...history];
  const out: FilledRead[] = [];
  for (const at of instants) {
    const result = estimate(method, known, at, timeZone, kind);
    if (isEstimateFailure(result))
      return { code: result.code, message: `${new Date(at).toISOString()}: ${result.message}` };
    out.push({ at, value: result.value.toString(), basis: result.basis });
    const i = known.findIndex((r) => r.at > at);
    known.splice(i === -1 ? known.length : i, 0, { at, value: result.value });
  }
  return out;
}

export const isGapFailure = <T>(r: T | GapFailure): r is GapFailure =>
  !Array.isArray(r) && typeof r === 'object' && r !== null && 'code' in r;
