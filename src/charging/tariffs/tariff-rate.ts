import { z } from 'zod';
import { parseInput } from '../../common/validate';
import type { Dec } from '../decimal';
import type { TariffCalendar } from './tariff-calendar';
import { bandCode, name, nonNegativeDecimal, percentage } from './schema-parts';

/**
 * The time-of-use part of a rate: band prices, price components and a demand
 * price, checked against the rate's calendar.
 *
 * - Band prices (`{ HT: "0.30", NT: "0.20" }`) need a calendar, and must name
 *   exactly the calendar's bands: a price for a band the calendar lacks is a
 *   typo, and a band without a price would leave consumption unpriced.
 * - Components (energy, grid, levy…) each carry a unit price or band prices,
 *   a VAT rate and an optional fixed monthly fee; when a rate has components
 *   they replace its own unit price and band prices (its fixed fee stays, as
 *   the rate's basic fee). Each component is billed as its own line.
 * - A demand price is per kW of the month's peak (demand.ts), optionally
 *   counting only intervals that start in some bands.
 * - Tiers do not combine with band prices or components: a graduated ladder
 *   per band has no agreed meaning, so it is refused rather than guessed.
 */

export interface TariffRateInput {
  bandPrices?: Record<string, string | number> | null;
  components?: RateComponentInput[] | null;
  demandPricePerKw?: string | number | null;
  demandBands?: string[] | null;
}

export interface RateComponentInput {
  name: string;
  unitPrice?: string | number | null;
  bandPrices?: Record<string, string | number> | null;
  vatRate: string | number;
  fixedFeePerMonth?: string | number | null;
}

export interface RateComponent {
  /** null for a rate without components: its single implicit component prints as the rate's own line. */
  name: string | null;
  unitPrice: Dec | null;
  /** Sorted by band. */
  bandPrices: { band: string; price: Dec }[] | null;
  vatRate: Dec;
  fixedFeePerMonth: Dec | null;
}

export interface DemandPrice {
  pricePerKw: Dec;
  /** Only intervals starting in these bands count; null = every interval. */
  bands: string[] | null;
  vatRate: Dec;
}

export interface TariffRate {
  components: RateComponent[];
  demand: DemandPrice | null;
  /** True when some component prices by band (quantities must then be split into bands). */
  usesBands: boolean;
}

/** The rate's plain figures, already validated by the charging input schema or the rate API. */
export interface BaseRate {
  unitPrice: Dec;
  vatRate: Dec;
  hasTiers: boolean;
}

const bandPrices = (what: string) =>
  z.record(bandCode(`${what} band`), nonNegativeDecimal(`${what}`), {
    error: `${what} must be an object of band → price, e.g. {"HT":"0.30","NT":"0.20"}`,
  });

const componentSchema = z
  .object(
    {
      name: name('Component name', 64),
      unitPrice: nonNegativeDecimal('Component unit price').nullish(),
      bandPrices: bandPrices('Component band prices').nullish(),
      vatRate: percentage('Component VAT rate'),
      fixedFeePerMonth: nonNegativeDecimal('Component fixed fee per month').nullish(),
    },
    { error: 'Each component must be an object with a name, a price and a VAT rate' },
  )
  .superRefine((component, ctx) => {
    const priced = (component.unitPrice ? 1 : 0) + (component.bandPrices ? 1 : 0);
    if (priced !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['unitPrice'],
        message: `Component "${component.name}" needs exactly one of unitPrice and bandPrices`,
      });
    }
  });

/** The tariff fields of a rate body (also what the OpenAPI description shows for them). */
export const tariffRateFields = {
  bandPrices: bandPrices('Band prices').nullish(),
  components: z.array(componentSchema, { error: 'Components must be a list' }).max(20).nullish(),
  demandPricePerKw: nonNegativeDecimal('Demand price per kW').nullish(),
  demandBands: z.array(bandCode('Demand band')).max(20).nullish(),
};

const tariffSchema = z.object(tariffRateFields, { error: 'The tariff part of a rate must be an object' });

/**
 * Validates a rate's tariff part against its calendar (null: the rate has none)
 * and returns the components to bill. A DomainError (400) names the field.
 */
export function parseTariffRate(input: unknown, calendar: TariffCalendar | null, base: BaseRate): TariffRate {
  const parsed = parseInput(
    tariffSchema.superRefine((tariff, ctx) => {
      const checkBands = (prices: Record<string, Dec> | null | undefined, path: (string | number)[]) => {
        if (!prices) return;
        if (!calendar) {
          ctx.addIssue({ code: 'custom', path, message: 'Band prices need a tariff calendar on the rate' });
          return;
        }
        for (const band of Object.keys(prices)) {
          if (!calendar.bands.includes(band)) {
            ctx.addIssue({
              code: 'custom',
              path: [...path, band],
              message: `Band "${band}" is not a band of calendar ${calendar.code} (its bands: ${calendar.bands.join(', ')})`,
            });
          }
        }
        for (const band of calendar.bands) {
          if (!(band in prices)) {
            ctx.addIssue({
              code: 'custom',
              path,
              message: `Band "${band}" of calendar ${calendar.code} has no price`,
            });
          }
        }
      };
      checkBands(tariff.bandPrices, ['bandPrices']);
      const names = new Set<string>();
      tariff.components?.forEach((component, index) => {
        checkBands(component.bandPrices, ['components', index, 'bandPrices']);
        if (names.has(component.name.toLowerCase())) {
          ctx.addIssue({
            code: 'custom',
            path: ['components', index, 'name'],
            message: `Component "${component.name}" is listed twice`,
          });
        }
        names.add(component.name.toLowerCase());
      });
      for (const band of tariff.demandBands ?? []) {
        if (!calendar || !calendar.bands.includes(band)) {
          ctx.addIssue({
            code: 'custom',
            path: ['demandBands'],
            message: calendar
              ? `Demand band "${band}" is not a band of calendar ${calendar.code}`
              : 'Demand bands need a tariff calendar on the rate',
          });
        }
      }
      if (tariff.demandBands?.length && !tariff.demandPricePerKw) {
        ctx.addIssue({
          code: 'custom',
          path: ['demandBands'],
          message: 'Demand bands need a demand price per kW',
        });
      }
      const banded = Boolean(tariff.bandPrices) || Boolean(tariff.components?.length);
      if (banded && base.hasTiers) {
        ctx.addIssue({
          code: 'custom',
          path: [tariff.bandPrices ? 'bandPrices' : 'components'],
          message: 'Tiers cannot be combined with band prices or components',
        });
      }
    }),
    input ?? {},
  );

  const sortPrices = (prices: Record<string, Dec> | null | undefined) =>
    prices
      ? Object.entries(prices)
          .map(([band, price]) => ({ band, price }))
          .sort((a, b) => (a.band < b.band ? -1 : 1))
      : null;

  const components: RateComponent[] = parsed.components?.length
    ? parsed.components.map((c) => ({
        name: c.name,
        unitPrice: c.unitPrice ?? null,
        bandPrices: sortPrices(c.bandPrices),
        vatRate: c.vatRate,
        fixedFeePerMonth: c.fixedFeePerMonth ?? null,
      }))
    : [
        {
          name: null,
          unitPrice: parsed.bandPrices ? null : base.unitPrice,
          bandPrices: sortPrices(parsed.bandPrices),
          vatRate: base.vatRate,
          fixedFeePerMonth: null,
        },
      ];
  return {
    components,
    demand: parsed.demandPricePerKw
      ? {
          pricePerKw: parsed.demandPricePerKw,
          bands: parsed.demandBands?.length ? parsed.demandBands : null,
          vatRate: base.vatRate,
        }
      : null,
    usesBands: components.some((c) => c.bandPrices !== null),
  };
}
