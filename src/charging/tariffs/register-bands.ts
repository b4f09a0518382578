import type { TariffCalendar } from './tariff-calendar';

/**
 * Cumulative meters under a band rate. A meter with one register per band
 * (a register → band mapping on the device or its type, e.g. 1.8.1 → HT,
 * 1.8.2 → NT — which OBIS register is HT differs by operator, so it is a
 * mapping, never an assumption) bills each register at its band's price.
 * A cumulative register without a band cannot be split by time — its reads
 * do not say when the energy was used — so it is an exception naming the
 * meter, never a guess. Interval registers need no mapping: each interval is
 * placed by its time.
 */

export type RegisterBandMap = Readonly<Record<string, string>>;

export type RegisterBandResult =
  | { ok: true; band: string | null }
  | {
      ok: false;
      code: 'band-register-unmapped' | 'band-not-in-calendar';
      params: Record<string, string>;
      message: string;
    };

export function registerBand(
  meterNumber: string,
  register: string,
  readingKind: 'cumulative' | 'interval',
  mapping: RegisterBandMap | null,
  calendar: TariffCalendar,
  rateId: string,
): RegisterBandResult {
  if (readingKind === 'interval') return { ok: true, band: null };
  const band = mapping?.[register];
  if (band === undefined) {
    return {
      ok: false,
      code: 'band-register-unmapped',
      params: { meter: meterNumber, register, rate: rateId },
      message: `Meter ${meterNumber} register ${register} is cumulative and rate ${rateId} prices by time-of-use band: it needs interval data or band registers (a register → band mapping such as 1.8.1 → HT)`,
    };
  }
  if (!calendar.bands.includes(band)) {
    return {
      ok: false,
      code: 'band-not-in-calendar',
      params: {
        meter: meterNumber,
        register,
        band,
        calendar: calendar.code,
        rate: rateId,
        bands: calendar.bands.join(', '),
      },
      message: `Meter ${meterNumber} register ${register} maps to band ${band}, which calendar ${calendar.code} of rate ${rateId} does not have (its bands: ${calendar.bands.join(', ')})`,
    };
  }
  return { ok: true, band };
}

/** Demand needs power per interval; a cumulative register cannot give it. */
export function demandNeedsIntervals(meterNumber: string, register: string, rateId: string): string {
  return `Meter ${meterNumber} register ${register} has no interval data, and rate ${rateId} has a demand price: the demand charge needs interval readings`;
}
