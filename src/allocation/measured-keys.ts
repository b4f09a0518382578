import { Dec, ZERO, decimalText } from '../charging/decimal';
import type { ParsedAllocationPoint, ParsedMeasurement } from './input-schema';
import type { MeasuredKey } from './keys';
import { estimatedConsumptionNote, missingMeterNote, type SettlementNote } from './settlement-notes';

/**
 * A billing point's measured key (its heat, hot-water or cold-water
 * consumption over the period) is the sum of its measurements. Measurements
 * must cover every day of the period; days no measurement covers are missing.
 *
 * A missing part is either an exception — the categories shared by that key
 * are not allocated until the figure is there — or, when the settlement is
 * configured to estimate, estimated from the area key:
 *
 *   estimate = building intensity × the point's heated area × missing days,
 *   building intensity = Σ consumption ÷ Σ (area × period days) over the
 *   points measured on every day of the period,
 *
 * rounded half-up to 3 decimals and named on the statement. Without any
 * completely measured point there is nothing to estimate from: exception.
 */
export const ESTIMATE_DECIMALS = 3;

export interface MeasuredValue {
  billingPointId: string;
  key: MeasuredKey;
  measured: Dec;
  /** null when nothing was estimated. */
  estimate: Dec | null;
  /** measured + estimate, or null when the value is missing (an exception). */
  value: Dec | null;
  missingRanges: { fromDay: number; toDay: number }[];
  missingDays: number;
}

export interface MeasuredKeyNote extends SettlementNote {
  code: 'missing-meter' | 'estimated-consumption';
  billingPointId: string;
  key: MeasuredKey;
}

export interface MeasuredKeyResult {
  values: Map<string, MeasuredValue>;
  notes: MeasuredKeyNote[];
}

export function measuredKeyValues(
  key: MeasuredKey,
  points: readonly ParsedAllocationPoint[],
  measurements: readonly ParsedMeasurement[],
  periodStartDay: number,
  periodEndDay: number,
  estimate: boolean,
): MeasuredKeyResult {
  const periodDays = periodEndDay - periodStartDay + 1;
  const values = new Map<string, MeasuredValue>();
  for (const point of points) {
    const own = measurements
      .filter((m) => m.billingPointId === point.id && m.key === key)
      .sort((a, b) => a.fromDay - b.fromDay);
    const measured = own.reduce((sum, m) => sum.add(m.consumption), ZERO);
    const missingRanges: { fromDay: number; toDay: number }[] = [];
    let day = periodStartDay;
    for (const m of own) {
      if (m.fromDay > day) missingRanges.push({ fromDay: day, toDay: m.fromDay - 1 });
      day = Math.max(day, m.toDay + 1);
    }
    if (day <= periodEndDay) missingRanges.push({ fromDay: day, toDay: periodEndDay });
    const missingDays = missingRanges.reduce((n, r) => n + r.toDay - r.fromDay + 1, 0);
    values.set(point.id, {
      billingPointId: point.id,
      key,
      measured,
      estimate: null,
      value: missingDays === 0 ? measured : null,
      missingRanges,
      missingDays,
    });
  }

  const notes: MeasuredKeyNote[] = [];
  const incomplete = points.filter((p) => values.get(p.id)!.missingDays > 0);
  if (incomplete.length === 0) return { values, notes };

  const complete = points.filter((p) => values.get(p.id)!.missingDays === 0);
  const completeArea = complete.reduce((sum, p) => sum.add(p.keys.area), ZERO);
  const completeConsumption = complete.reduce((sum, p) => sum.add(values.get(p.id)!.measured), ZERO);
  const canEstimate = estimate && complete.length > 0;
  const intensity = canEstimate ? completeConsumption.div(completeArea.mul(periodDays)) : null;

  for (const point of incomplete) {
    const value = values.get(point.id)!;
    const about = { billingPointId: point.id, key };
    if (intensity === null) {
      notes.push({
        ...about,
        ...missingMeterNote(
          point.code,
          key,
          value.missingRanges,
          value.missingDays,
          estimate ? 'nothing-to-estimate-from' : 'estimating-off',
        ),
        code: 'missing-meter',
      });
      continue;
    }
    const estimated = intensity
      .mul(point.keys.area)
      .mul(value.missingDays)
      .toDecimalPlaces(ESTIMATE_DECIMALS, Dec.ROUND_HALF_UP);
    value.estimate = estimated;
    value.value = value.measured.add(estimated);
    notes.push({
      ...about,
      ...estimatedConsumptionNote(point.code, key, value.missingRanges, value.missingDays, {
        estimate: decimalText(estimated),
        area: decimalText(point.keys.area),
        intensity: decimalText(intensity.toDecimalPlaces(6, Dec.ROUND_HALF_UP)),
      }),
      code: 'estimated-consumption',
    });
  }
  return { values, notes };
}
