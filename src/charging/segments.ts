import type { ResponsibilityRun } from './occupancy-split';
import type { RateRun } from './rate-resolution';

/**
 * A charging segment: a run of days over which both the responsible party and
 * the rate stay the same. Every consumption line covers one segment (or less,
 * when the meter was installed or removed inside it).
 */
export interface ChargingSegment {
  fromDay: number;
  toDay: number;
  responsibility: ResponsibilityRun;
  rate: RateRun;
}

/** Intersects two run lists that each cover the same days in order. Linear (a merge). */
export function chargingSegments(
  responsibility: readonly ResponsibilityRun[],
  rates: readonly RateRun[],
): ChargingSegment[] {
  const segments: ChargingSegment[] = [];
  let i = 0;
  let j = 0;
  while (i < responsibility.length && j < rates.length) {
    const a = responsibility[i];
    const b = rates[j];
    const fromDay = Math.max(a.fromDay, b.fromDay);
    const toDay = Math.min(a.toDay, b.toDay);
    if (fromDay <= toDay) segments.push({ fromDay, toDay, responsibility: a, rate: b });
    if (a.toDay <= b.toDay) i++;
    else j++;
  }
  return segments;
}
