import { DomainError } from '../../common/errors';
import type { Dec } from '../decimal';
import { parseTariffCalendar, type TariffCalendar } from './tariff-calendar';
import { parseTariffRate, type TariffRate } from './tariff-rate';

/**
 * The time-of-use part of a rate as the invoice builder reads it: the rate's
 * calendar (compiled once per calendar object, so a run over 10,000 billing
 * points sharing one rate compiles it once) and its components and demand price
 * checked against that calendar (tariff-rate.ts).
 *
 * Null for a plain rate (no calendar, band prices, components or demand price):
 * it is priced by its unit price or tiers exactly as before.
 */
export interface RateTariff {
  calendar: TariffCalendar | null;
  rate: TariffRate;
  /** True when components or band prices price consumption (instead of the unit price or tiers). */
  byComponents: boolean;
}

export interface RawRateTariff {
  tariffCalendar?: unknown;
  bandPrices?: unknown;
  components?: unknown;
  demandPricePerKw?: unknown;
  demandBands?: unknown;
  unitPrice: Dec;
  vatRate: Dec;
}

export type Problem = { path: (string | number)[]; message: string };
export type RateTariffResult = { ok: true; tariff: RateTariff | null } | { ok: false; problems: Problem[] };

const compiled = new WeakMap<object, TariffCalendar>();

function compileCalendar(input: unknown): TariffCalendar {
  if (typeof input === 'object' && input !== null) {
    let calendar = compiled.get(input);
    if (!calendar) {
      calendar = parseTariffCalendar(input);
      compiled.set(input, calendar);
    }
    return calendar;
  }
  return parseTariffCalendar(input);
}

const given = (value: unknown) => value !== null && value !== undefined;

function problemsOf(error: unknown, prefix: (string | number)[]): Problem[] {
  if (!(error instanceof DomainError)) throw error;
  const errors = (error.details.errors ?? []) as { path: string[]; message: string }[];
  return errors.length
    ? errors.map((e) => ({ path: [...prefix, ...e.path], message: e.message }))
    : [{ path: prefix, message: error.message }];
}

export function parseRateTariff(
  raw: RawRateTariff,
  target: 'utility' | 'metric',
  hasTiers: boolean,
): RateTariffResult {
  const tariffGiven =
    given(raw.bandPrices) || given(raw.components) || given(raw.demandPricePerKw) || given(raw.demandBands);
  if (!tariffGiven && !given(raw.tariffCalendar)) return { ok: true, tariff: null };
  let calendar: TariffCalendar | null = null;
  if (given(raw.tariffCalendar)) {
    try {
      calendar = compileCalendar(raw.tariffCalendar);
    } catch (error) {
      return { ok: false, problems: problemsOf(error, ['tariffCalendar']) };
    }
  }
  let rate: TariffRate;
  try {
    rate = parseTariffRate(
      {
        bandPrices: raw.bandPrices,
        components: raw.components,
        demandPricePerKw: raw.demandPricePerKw,
        demandBands: raw.demandBands,
      },
      calendar,
      { unitPrice: raw.unitPrice, vatRate: raw.vatRate, hasTiers },
    );
  } catch (error) {
    return { ok: false, problems: problemsOf(error, []) };
  }
  // A usage record has no interval or register band: time-of-use prices and demand need meter readings.
  if (target === 'metric' && (rate.usesBands || rate.demand)) {
    return {
      ok: false,
      problems: [
        {
          path: [rate.demand ? 'demandPricePerKw' : 'bandPrices'],
          message:
            'Band prices and demand charges price meter readings; a usage-metric rate cannot have them',
        },
      ],
    };
  }
  const byComponents = rate.usesBands || rate.components.some((c) => c.name !== null);
  if (!byComponents && !rate.demand) return { ok: true, tariff: null };
  return { ok: true, tariff: { calendar, rate, byComponents } };
}
