import type { Rate } from '../../api/billing-client';
import { parseDecimalInput } from '../../utils/format';

/**
 * A rate's prices as the rate form edits them, and back to the API body.
 * How the energy is priced is one choice: one unit price, graduated tiers,
 * band prices on a calendar, or price components (each with a unit price or
 * band prices). The server checks the whole; the form only sends what was typed.
 */
export type PriceMode = 'unit' | 'tiers' | 'bands' | 'components';

export type ComponentDraft = {
  name: string;
  byBand: boolean;
  unitPrice: string;
  bandPrices: Record<string, string>;
  vatRate: string;
  fixedFeePerMonth: string;
};

export type RateDraft = {
  validFrom: string;
  validTo: string;
  mode: PriceMode;
  unitPrice: string;
  tiers: { upTo: string; unitPrice: string }[];
  tariffCalendar: string;
  bandPrices: Record<string, string>;
  components: ComponentDraft[];
  demandPricePerKw: string;
  demandBands: string[];
  fixedFeePerMonth: string;
  vatRate: string;
  currency: string;
};

export const emptyComponent = (vatRate: string): ComponentDraft => ({
  name: '',
  byBand: false,
  unitPrice: '',
  bandPrices: {},
  vatRate,
  fixedFeePerMonth: '',
});

export function emptyDraft(validFrom: string, vatRate = '8.1', currency = 'CHF'): RateDraft {
  return {
    validFrom,
    validTo: '',
    mode: 'unit',
    unitPrice: '',
    tiers: [
      { upTo: '', unitPrice: '' },
      { upTo: '', unitPrice: '' },
    ],
    tariffCalendar: '',
    bandPrices: {},
    components: [],
    demandPricePerKw: '',
    demandBands: [],
    fixedFeePerMonth: '',
    vatRate,
    currency,
  };
}

/** The form's starting point from a stored rate: its prices, calendar, VAT and currency (and, to edit it, its dates). */
export function draftFromRate(
  rate: Rate,
  validFrom = rate.validFrom,
  validTo = rate.validTo ?? '',
): RateDraft {
  const mode: PriceMode = rate.components?.length
    ? 'components'
    : rate.bandPrices
      ? 'bands'
      : rate.tiers?.length
        ? 'tiers'
        : 'unit';
  return {
    ...emptyDraft(validFrom, rate.vatRate, rate.currency),
    validTo,
    mode,
    unitPrice: rate.unitPrice ?? '',
    tiers: rate.tiers?.length
      ? rate.tiers.map((tier) => ({ upTo: tier.upTo ?? '', unitPrice: tier.unitPrice }))
      : emptyDraft(validFrom).tiers,
    tariffCalendar: rate.tariffCalendar ?? '',
    bandPrices: { ...(rate.bandPrices ?? {}) },
    components: (rate.components ?? []).map((c) => ({
      name: c.name,
      byBand: c.bandPrices !== null,
      unitPrice: c.unitPrice ?? '',
      bandPrices: { ...(c.bandPrices ?? {}) },
      vatRate: c.vatRate,
      fixedFeePerMonth: c.fixedFeePerMonth ?? '',
    })),
    demandPricePerKw: rate.demandPricePerKw ?? '',
    demandBands: rate.demandBands ?? [],
    fixedFeePerMonth: rate.fixedFeePerMonth ?? '',
  };
}

/** Only the bands the calendar has, each price as the API reads it ("0,30" typed in German is 0.30). */
const pricesFor = (prices: Record<string, string>, bands: readonly string[], locale: string) =>
  Object.fromEntries(bands.map((band) => [band, parseDecimalInput(prices[band] ?? '', locale)]));

const decimalOrNull = (text: string, locale: string) => parseDecimalInput(text, locale) || null;

/**
 * The price part of a rate body: every pricing field is sent, so switching
 * from components back to one unit price clears the components on the server.
 */
export function priceBody(draft: RateDraft, bands: readonly string[], locale: string) {
  const usesCalendar = draft.mode === 'bands' || draft.mode === 'components';
  const calendar = usesCalendar && draft.tariffCalendar ? draft.tariffCalendar : null;
  return {
    validFrom: draft.validFrom,
    validTo: draft.validTo || null,
    unitPrice: draft.mode === 'unit' ? parseDecimalInput(draft.unitPrice, locale) : null,
    tiers:
      draft.mode === 'tiers'
        ? draft.tiers.map((tier) => ({
            upTo: decimalOrNull(tier.upTo, locale),
            unitPrice: parseDecimalInput(tier.unitPrice, locale),
          }))
        : null,
    tariffCalendar: calendar ?? (draft.demandBands.length ? draft.tariffCalendar || null : null),
    bandPrices: draft.mode === 'bands' ? pricesFor(draft.bandPrices, bands, locale) : null,
    components:
      draft.mode === 'components'
        ? draft.components.map((c) => ({
            name: c.name,
            unitPrice: c.byBand ? null : parseDecimalInput(c.unitPrice, locale),
            bandPrices: c.byBand ? pricesFor(c.bandPrices, bands, locale) : null,
            vatRate: parseDecimalInput(c.vatRate, locale),
            fixedFeePerMonth: decimalOrNull(c.fixedFeePerMonth, locale),
          }))
        : null,
    demandPricePerKw: decimalOrNull(draft.demandPricePerKw, locale),
    demandBands: draft.demandPricePerKw && draft.demandBands.length ? draft.demandBands : null,
    fixedFeePerMonth: decimalOrNull(draft.fixedFeePerMonth, locale),
    vatRate: parseDecimalInput(draft.vatRate, locale),
    currency: draft.currency.trim().toUpperCase(),
  };
}
