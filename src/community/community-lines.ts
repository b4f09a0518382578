import { ZERO, type Dec } from '../charging/decimal';
import { lineAmount, lineVat, moneyText, roundToMinorUnit } from '../charging/money';
import { componentLines } from '../charging/tariffs/component-lines';
import type { TariffRate } from '../charging/tariffs/tariff-rate';
import type { CommunityEnergy, CommunityLine, PartyRole, RateScope } from '../charging/types';
import { ALL_BANDS } from './community-record';
import { legGridDiscount, priceCapBreaches, type PriceCapMethod } from './price-cap';
import { refuse, type CommunityRefusal } from './community-refusals';

/**
 * A community's energy as invoice lines (docs/charging-rules.md, "Self-consumption
 * communities — invoice lines"). The split (community-split.ts) gives each party
 * its solar and grid kWh per time-of-use band; here they are priced:
 * - solar: the internal solar price of the band (or of every band, "*");
 * - grid: the grid rate, per component and band exactly as a meter's consumption
 *   would be (component-lines.ts);
 * - LEG: the solar kWh travelled over the public grid, so they also pay the grid-usage
 *   component, and the discount on it is a line of its own (negative);
 * - feed-in: the exported kWh credited to the recipient at the feed-in credit (negative).
 * Each line is rounded on its own, like every other invoice line.
 */

export interface CommunityPricing {
  readonly communityId: string;
  readonly community: string;
  readonly utilityType: string;
  readonly currency: string;
  readonly solarPrices: ReadonlyMap<string, Dec>;
  /** VAT of the solar energy: the grid rate's (energy is energy, whoever makes it). */
  readonly solarVatRate: Dec;
  readonly grid: { readonly rateId: string; readonly rateScope: RateScope; readonly tariff: TariffRate };
  /** LEG only: the discount (a fraction, 0.4 for 40 %) on the named grid-usage component. */
  readonly legDiscount: { readonly rate: Dec; readonly component: string } | null;
  readonly feedInCredit: Dec | null;
}

/** One party's energy of the period, per band ("*" when the grid rate has no calendar). */
export interface PartyEnergy {
  readonly solar: ReadonlyMap<string, Dec>;
  readonly grid: ReadonlyMap<string, Dec>;
  readonly exported: ReadonlyMap<string, Dec>;
}

export interface LineSpan {
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly days: number;
  readonly partyRole: PartyRole;
}

export type CommunityLinesResult =
  { ok: true; lines: CommunityLine[] } | { ok: false; problem: CommunityRefusal };

const positive = (m: ReadonlyMap<string, Dec>) =>
  [...m.entries()].filter(([, kWh]) => kWh.gt(ZERO)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export function communityLines(
  pricing: CommunityPricing,
  energy: PartyEnergy,
  span: LineSpan,
): CommunityLinesResult {
  const { currency, grid } = pricing;
  const lines: CommunityLine[] = [];
  const base = (
    energyKind: CommunityEnergy,
    band: string,
    quantity: Dec,
    unitPrice: Dec,
    amount: Dec,
    vatRate: Dec,
    metered: boolean,
    component: string | null,
    rate: { rateId: string; rateScope: RateScope },
  ): CommunityLine => ({
    kind: 'community',
    utilityType: pricing.utilityType,
    communityId: pricing.communityId,
    community: pricing.community,
    energy: energyKind,
    metered,
    periodStart: span.periodStart,
    periodEnd: span.periodEnd,
    days: span.days,
    partyRole: span.partyRole,
    quantity: quantity.toFixed(),
    unit: 'kWh',
    rateId: rate.rateId,
    rateScope: rate.rateScope,
    tier: null,
    unitPrice: unitPrice.toFixed(),
    amount: moneyText(amount, currency),
    vatRate: vatRate.toFixed(),
    vatAmount: moneyText(lineVat(amount, vatRate, currency), currency),
    currency,
    ...(component ? { component } : {}),
    ...(band !== ALL_BANDS ? { band } : {}),
  });
  const community = { rateId: pricing.communityId, rateScope: grid.rateScope };

  for (const [band, kWh] of positive(energy.solar)) {
    const price = pricing.solarPrices.get(band) ?? pricing.solarPrices.get(ALL_BANDS);
    if (price === undefined)
      return { ok: false, problem: refuse.noSolarPriceForBand(pricing.community, band) };
    const amount = lineAmount(kWh, price, currency);
    lines.push(base('solar', band, kWh, price, amount, pricing.solarVatRate, true, null, community));
  }

  const gridBands = positive(energy.grid);
  if (gridBands.length) {
    const total = gridBands.reduce((s, [, kWh]) => s.add(kWh), ZERO);
    const byBand = grid.tariff.usesBands
      ? gridBands.map(([band, quantity]) => ({ band, quantity, minutes: 0 }))
      : null;
    if (byBand?.some((b) => b.band === ALL_BANDS))
      return { ok: false, problem: refuse.gridRateBandsWithoutCalendar(grid.rateId) };
    const first = grid.tariff.components[0];
    for (const l of componentLines(grid.tariff, total, byBand, currency))
      lines.push(
        base(
          'grid',
          l.band ?? ALL_BANDS,
          l.quantity,
          l.unitPrice,
          l.amount,
          l.vatRate,
          l.component === first.name,
          l.component,
          grid,
        ),
      );
  }

  if (pricing.legDiscount) {
    const { component: name, rate } = pricing.legDiscount;
    const component = grid.tariff.components.find((c) => c.name === name);
    if (!component) return { ok: false, problem: refuse.noLegComponent(grid.rateId, name) };
    for (const [band, kWh] of positive(energy.solar)) {
      const price = component.bandPrices
        ? component.bandPrices.find((p) => p.band === band)?.price
        : (component.unitPrice ?? undefined);
      if (price === undefined)
        return { ok: false, problem: refuse.legComponentNoBandPrice(grid.rateId, name, band) };
      const usage = lineAmount(kWh, price, currency);
      lines.push(base('local-grid-usage', band, kWh, price, usage, component.vatRate, false, name, grid));
      const discount = roundToMinorUnit(legGridDiscount(kWh, price, rate), currency);
      lines.push(
        base(
          'leg-discount',
          band,
          kWh,
          price.mul(rate).neg(),
          discount,
          component.vatRate,
          false,
          name,
          grid,
        ),
      );
    }
  }

  if (pricing.feedInCredit) {
    for (const [band, kWh] of positive(energy.exported)) {
      const unitPrice = pricing.feedInCredit.neg();
      // The feed-in credit is a payment to the producer, not a supply by the community: no VAT.
      lines.push(
        base(
          'feed-in',
          band,
          kWh,
          unitPrice,
          lineAmount(kWh, unitPrice, currency),
          ZERO,
          true,
          null,
          community,
        ),
      );
    }
  }
  return { ok: true, lines };
}

export interface StandardPeriod {
  readonly from: string;
  readonly to: string | null;
  readonly prices: ReadonlyMap<string, Dec>;
}

export type CapRefusal =
  | {
      readonly kind: 'solar-price-above-cap';
      readonly band: string;
      readonly price: Dec;
      readonly standardPrice: Dec;
      readonly cap: Dec;
      readonly period: { readonly from: string; readonly to: string | null };
    }
  | {
      readonly kind: 'solar-price-unchecked';
      readonly band: string | null;
      readonly period: null | { readonly from: string; readonly to: string | null };
    };

/**
 * EnV art. 16 at charging: every standard-product period overlapping the charged
 * days must allow each solar price. Days not covered by any period (or a band the
 * standard product does not price) cannot be checked and are refused as well: a
 * tenant must never be billed above a cap nobody could compute.
 */
export function capAtCharging(
  solarPrices: ReadonlyMap<string, Dec>,
  periods: readonly StandardPeriod[],
  method: PriceCapMethod,
  periodStart: string,
  periodEnd: string,
): CapRefusal[] {
  if (solarPrices.size === 0) return [];
  const overlapping = periods
    .filter((p) => p.from <= periodEnd && (p.to === null || p.to >= periodStart))
    .sort((a, b) => (a.from < b.from ? -1 : 1));
  const refusals: CapRefusal[] = [];
  // The periods must cover every charged day.
  let covered = periodStart;
  for (const p of overlapping) {
    if (p.from > covered) break;
    if (p.to === null || p.to >= periodEnd) {
      covered = '';
      break;
    }
    covered = nextDay(p.to);
  }
  if (covered !== '') refusals.push({ kind: 'solar-price-unchecked', band: null, period: null });
  for (const p of overlapping) {
    const { breaches, unchecked } = priceCapBreaches(solarPrices, p.prices, method);
    const period = { from: p.from, to: p.to };
    for (const b of breaches) refusals.push({ kind: 'solar-price-above-cap', ...b, period });
    for (const band of unchecked) refusals.push({ kind: 'solar-price-unchecked', band, period });
  }
  return refusals;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
