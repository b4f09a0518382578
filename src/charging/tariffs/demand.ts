import { DateTime } from 'luxon';
import { Dec } from '../decimal';
import { lineAmount, lineVat } from '../money';
import { bandOfInstant } from './band-clock';
import type { TariffCalendar } from './tariff-calendar';
import type { DemandPrice } from './tariff-rate';

/**
 * The demand charge: per local calendar month, the highest average power of
 * any interval — kWh × 60 / interval minutes = kW — priced per kW. The month
 * and the band of an interval are those of its start (the interval ending at
 * 19:00 is the 18:45 interval, in June when it starts in June). With demand
 * bands only intervals starting in them count. A tie goes to the earliest
 * interval. Power is rounded half-up to 3 decimals, the precision quantities
 * are stored with; the line's amount is that kW × the price.
 */

export interface DemandInterval {
  /** Epoch ms of the interval's end (its reading time). */
  end: number;
  minutes: number;
  /** kWh consumed in the interval. */
  quantity: Dec;
}

export interface DemandLine {
  /** yyyy-MM, local. */
  month: string;
  peakKw: Dec;
  /** Where the peak interval starts: UTC ISO and local "yyyy-MM-dd HH:mm". */
  peakStart: string;
  peakStartLocal: string;
  peakQuantity: Dec;
  intervalMinutes: number;
  unitPrice: Dec;
  amount: Dec;
  vatRate: Dec;
  vatAmount: Dec;
}

export function demandLines(
  intervals: readonly DemandInterval[],
  price: DemandPrice,
  calendar: TariffCalendar | null,
  zone: string,
  currency: string,
): DemandLine[] {
  const peaks = new Map<string, { kw: Dec; start: number; interval: DemandInterval }>();
  const sorted = [...intervals].sort((a, b) => a.end - b.end);
  for (const interval of sorted) {
    const start = interval.end - interval.minutes * 60_000;
    if (price.bands && calendar && !price.bands.includes(bandOfInstant(calendar, zone, start))) continue;
    const month = DateTime.fromMillis(start, { zone }).toFormat('yyyy-MM');
    const kw = interval.quantity.mul(60).div(interval.minutes).toDecimalPlaces(3, Dec.ROUND_HALF_UP);
    const peak = peaks.get(month);
    if (!peak || kw.greaterThan(peak.kw)) peaks.set(month, { kw, start, interval });
  }
  return [...peaks]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, peak]) => {
      const amount = lineAmount(peak.kw, price.pricePerKw, currency);
      return {
        month,
        peakKw: peak.kw,
        peakStart: new Date(peak.start).toISOString(),
        peakStartLocal: DateTime.fromMillis(peak.start, { zone }).toFormat('yyyy-MM-dd HH:mm'),
        peakQuantity: peak.interval.quantity,
        intervalMinutes: peak.interval.minutes,
        unitPrice: price.pricePerKw,
        amount,
        vatRate: price.vatRate,
        vatAmount: lineVat(amount, price.vatRate, currency),
      };
    });
}

/** The line text naming the peak, e.g. "Peak demand 2024-06: 12.400 kW in the interval starting 2024-06-12 18:45". */
export function demandDescription(line: DemandLine, zone: string): string {
  return `Peak demand ${line.month}: ${line.peakKw.toFixed(3)} kW in the ${line.intervalMinutes}-minute interval starting ${line.peakStartLocal} ${zone}`;
}
