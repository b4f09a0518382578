import type { ChargingContext } from './charging-context';
import type { MeasuredPart } from './consumption';
import type { Dec } from './decimal';
import type { ParsedMeter, ParsedRate } from './input-schema';
import { upperBound, type RegisterSeries } from './register-series';
import { splitInterval, sumByBand, type BandQuantity } from './tariffs/band-split';
import type { DemandInterval } from './tariffs/demand';
import { demandNeedsIntervals, registerBand } from './tariffs/register-bands';

/**
 * What a time-of-use rate needs from one measured part of a register, beside
 * its quantity: the quantity per band (interval data placed by time and split
 * pro rata at band changes; a cumulative register by its register → band
 * mapping) and, for a demand price, the part's intervals.
 *
 * A cumulative register without a band under a band price cannot be split —
 * its reads don't say when energy was used — so the part is reported
 * (needs-band-data) and not charged. A demand price on a cumulative register is
 * reported (needs-interval-data); its energy is still charged.
 */
export interface TariffQuantities {
  /** Sums exactly to the part's quantity; null when the rate does not price by band. */
  bands: BandQuantity[] | null;
  /** The part's intervals with their quantities × multiplier; null without a demand price or interval data. */
  intervals: DemandInterval[] | null;
}

export function tariffQuantities(
  ctx: ChargingContext,
  meter: ParsedMeter,
  register: string,
  series: RegisterSeries,
  part: MeasuredPart,
  rate: ParsedRate,
): TariffQuantities | null {
  const tariff = rate.tariff;
  if (!tariff) return { bands: null, intervals: null };
  const subject = {
    meterNumber: meter.meterNumber,
    register,
    ...(meter.utilityType ? { utilityType: meter.utilityType } : {}),
    fromDate: ctx.exceptions.day(ctx.dayOf(part.start) ?? ctx.firstDay),
    toDate: ctx.exceptions.day(ctx.dayOf(part.end - 1) ?? ctx.lastDay),
  };
  const { calendar } = tariff;
  const usesBands = tariff.rate.usesBands && calendar !== null;
  if (series.kind === 'cumulative') {
    if (tariff.rate.demand) {
      ctx.exceptions.add(
        'needs-interval-data',
        'demand-needs-intervals',
        { meter: meter.meterNumber, register, rate: rate.id },
        demandNeedsIntervals(meter.meterNumber, register, rate.id),
        subject,
      );
    }
    if (!usesBands) return { bands: null, intervals: null };
    const found = registerBand(
      meter.meterNumber,
      register,
      'cumulative',
      meter.registerBands,
      calendar,
      rate.id,
    );
    if (!found.ok) {
      ctx.exceptions.add(
        'needs-band-data',
        found.code,
        found.params,
        `${found.message}; it was not charged`,
        subject,
      );
      return null;
    }
    return { bands: [{ band: found.band!, quantity: part.quantity, minutes: 0 }], intervals: null };
  }

  const minutes = series.intervalMs === null ? null : series.intervalMs / 60_000;
  if (minutes === null || !Number.isInteger(minutes)) {
    ctx.exceptions.add(
      'needs-interval-data',
      'interval-length-unknown',
      { meter: meter.meterNumber, register, rate: rate.id },
      `Meter ${meter.meterNumber} register ${register}: the interval length is unknown (set the meter’s interval minutes), so rate ${rate.id} cannot place its intervals in time; it was not charged`,
      subject,
    );
    return null;
  }
  const first = upperBound(series.times, part.start);
  const afterLast = upperBound(series.times, part.end);
  const quantities: Dec[] = [];
  for (let i = first; i < afterLast; i++) quantities.push(series.values[i].mul(meter.multiplier));
  const bands = usesBands
    ? sumByBand(
        quantities.flatMap((quantity, k) =>
          splitInterval(calendar, ctx.zone, series.times[first + k], minutes, quantity),
        ),
      )
    : null;
  const intervals = tariff.rate.demand
    ? quantities.map((quantity, k) => ({ end: series.times[first + k], minutes, quantity }))
    : null;
  return { bands, intervals };
}
