import { Dec, ZERO } from '../decimal';
import type { BandDuration } from './band-clock';
import { bandDurations } from './band-clock';
import type { TariffCalendar } from './tariff-calendar';

/**
 * An interval's quantity split across the bands it touches, pro rata by time.
 *
 * The parts are rounded to the stored precision — the quantity's own decimals,
 * at least 3 (the precision estimates are stored with) — by the largest
 * remainder method: each part is cut down to that precision, then the units
 * still missing go one each to the parts with the largest cut-off remainders
 * (ties: the band met first). So the parts always add up exactly to the
 * metered quantity, and no part is off by more than one unit of the last place.
 */

export interface BandQuantity {
  band: string;
  quantity: Dec;
  /** Minutes of the interval in this band (may be fractional for odd interval ends). */
  minutes: number;
}

export function storedPlaces(quantity: Dec): number {
  return Math.max(3, quantity.decimalPlaces());
}

/** Splits quantity over durations (ms per band) by the largest remainder at `places` decimals. */
export function splitByDuration(
  quantity: Dec,
  durations: readonly BandDuration[],
  places = storedPlaces(quantity),
): BandQuantity[] {
  const parts = durations.filter((d) => d.ms > 0);
  if (parts.length === 0) return [];
  const total = parts.reduce((sum, d) => sum + d.ms, 0);
  if (parts.length === 1) return [{ band: parts[0].band, quantity, minutes: total / 60_000 }];
  const negative = quantity.isNegative();
  const magnitude = quantity.abs();
  const unit = new Dec(1).div(new Dec(10).pow(places));
  const shares = parts.map((part, order) => {
    const exact = magnitude.mul(part.ms).div(total);
    const floor = exact.toDecimalPlaces(places, Dec.ROUND_DOWN);
    return { part, order, floor, remainder: exact.minus(floor) };
  });
  const floored = shares.reduce((sum, s) => sum.plus(s.floor), ZERO);
  let missing = magnitude.minus(floored).div(unit).round().toNumber();
  const byRemainder = [...shares].sort((a, b) => b.remainder.comparedTo(a.remainder) || a.order - b.order);
  for (const share of byRemainder) {
    if (missing <= 0) break;
    share.floor = share.floor.plus(unit);
    missing--;
  }
  return shares.map((s) => ({
    band: s.part.band,
    quantity: negative ? s.floor.neg() : s.floor,
    minutes: s.part.ms / 60_000,
  }));
}

/**
 * One interval reading split into bands: the interval is [end − minutes, end),
 * the consumption of the interval ending at its reading time (NEM12 convention).
 */
export function splitInterval(
  calendar: TariffCalendar,
  zone: string,
  intervalEnd: number,
  intervalMinutes: number,
  quantity: Dec,
): BandQuantity[] {
  const start = intervalEnd - intervalMinutes * 60_000;
  return splitByDuration(quantity, bandDurations(calendar, zone, start, intervalEnd));
}

/** Band totals of many intervals, bands sorted by code. Sums of exact parts, so they add up to the total. */
export function sumByBand(parts: Iterable<BandQuantity>): BandQuantity[] {
  const totals = new Map<string, BandQuantity>();
  for (const part of parts) {
    const total = totals.get(part.band);
    if (total) {
      total.quantity = total.quantity.plus(part.quantity);
      total.minutes += part.minutes;
    } else totals.set(part.band, { ...part });
  }
  return [...totals.values()].sort((a, b) => (a.band < b.band ? -1 : a.band > b.band ? 1 : 0));
}
