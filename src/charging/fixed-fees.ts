import type { ChargingContext, FeePiece } from './charging-context';
import type { ParsedMeter, ParsedRate, RateTarget } from './input-schema';

/**
 * Fixed monthly fees. A rate's fixedFeePerMonth is owed for each day the
 * billing point is supplied — a meter of that utility type is installed there,
 * or, for a usage metric, a device that reports the metric is — by whoever
 * answers for the billing point that day, pro rata by days (pro-rata.ts).
 * Badge holders pay per use, not the fee. A meter replaced mid-month is one
 * supply, not two: supply days are a union.
 */
export function feePieces(
  ctx: ChargingContext,
  reportingDevices: ReadonlyMap<string, ReadonlySet<string>>,
): FeePiece[] {
  const supplies = new Map<string, { target: RateTarget; meters: ParsedMeter[] }>();
  const meters = [...ctx.input.meters].sort((a, b) =>
    a.meterNumber < b.meterNumber ? -1 : a.meterNumber > b.meterNumber ? 1 : 0,
  );
  for (const meter of meters) {
    if (meter.utilityType && meter.registers.length > 0) {
      const key = `utility:${meter.utilityType}`;
      const supply = supplies.get(key) ?? {
        target: { kind: 'utility', code: meter.utilityType },
        meters: [],
      };
      supply.meters.push(meter);
      supplies.set(key, supply);
    }
  }
  for (const [code, deviceIds] of reportingDevices) {
    supplies.set(`metric:${code}`, {
      target: { kind: 'metric', code },
      meters: meters.filter((meter) => deviceIds.has(meter.meterNumber)),
    });
  }

  const pieces: FeePiece[] = [];
  for (const key of [...supplies.keys()].sort()) {
    const { target, meters: supplying } = supplies.get(key)!;
    const days = supplyDays(supplying, ctx.firstDay, ctx.lastDay);
    if (days.length === 0) continue;
    let d = 0;
    for (const segment of ctx.segments(target)) {
      while (d < days.length && days[d].toDay < segment.fromDay) d++;
      for (let k = d; k < days.length && days[k].fromDay <= segment.toDay; k++) {
        const fromDay = Math.max(segment.fromDay, days[k].fromDay);
        const toDay = Math.min(segment.toDay, days[k].toDay);
        if (fromDay > toDay) continue;
        const resolution = segment.rate.resolution;
        // A missing rate is reported once by the consumption or usage side; only found rates with a fee matter here.
        if (resolution.kind !== 'found' || !hasFee(resolution.rate)) continue;
        pieces.push({
          kind: 'fixed-fee',
          partyId: segment.responsibility.partyId,
          role: segment.responsibility.role,
          target,
          rate: resolution.rate,
          fromDay,
          toDay,
        });
      }
    }
  }
  return pieces;
}

/** A fee of the rate itself or of one of its price components. */
function hasFee(rate: ParsedRate): boolean {
  return (
    rate.fixedFeePerMonth !== null ||
    (rate.tariff?.rate.components.some((c) => c.fixedFeePerMonth !== null) ?? false)
  );
}

/** The union of the meters' installation days inside firstDay … lastDay, as sorted disjoint runs. */
export function supplyDays(
  meters: readonly ParsedMeter[],
  firstDay: number,
  lastDay: number,
): { fromDay: number; toDay: number }[] {
  const runs = meters
    .flatMap((meter) => meter.installations)
    .map((inst) => ({
      fromDay: Math.max(inst.fromDay, firstDay),
      toDay: Math.min(inst.toDay ?? lastDay, lastDay),
    }))
    .filter((run) => run.fromDay <= run.toDay)
    .sort((a, b) => a.fromDay - b.fromDay || a.toDay - b.toDay);
  const merged: { fromDay: number; toDay: number }[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && run.fromDay <= last.toDay + 1) last.toDay = Math.max(last.toDay, run.toDay);
    else merged.push({ ...run });
  }
  return merged;
}
