import { Dec, ZERO } from '../charging/decimal';

/**
 * EnV art. 16 (in force since 1 Jan 2023): what a landlord may charge tenants
 * for the solar energy produced and consumed inside the community.
 * - flat method: at most 80 % of the local grid operator's standard
 *   electricity product for the same period (per band where the product has bands);
 * - cost method: the installation's actual costs per kWh plus at most half of
 *   the saving against the standard product. When the costs exceed the
 *   standard product there is no saving to share; we then cap at the standard
 *   product itself, because a tenant inside the community may never pay more
 *   for solar than outside it (the rule before 2023, and the intent the
 *   Federal Council gave the new text). Source: lawbrary.ch/law/art/ENV-v2024.07-de-art-16.
 */
export type PriceCapMethod = { readonly kind: 'flat' } | { readonly kind: 'cost'; readonly costPerKWh: Dec };

export const FLAT_CAP_SHARE = new Dec('0.8');

export function solarPriceCap(standardPrice: Dec, method: PriceCapMethod): Dec {
  if (method.kind === 'flat') return standardPrice.mul(FLAT_CAP_SHARE);
  const saving = Dec.max(ZERO, standardPrice.sub(method.costPerKWh));
  return Dec.min(standardPrice, method.costPerKWh.add(saving.div(2)));
}

export interface PriceCapBreach {
  readonly band: string;
  readonly price: Dec;
  readonly standardPrice: Dec;
  readonly cap: Dec;
}

/**
 * Compares the internal solar price with the cap band by band. A band of the
 * solar price that the standard product does not price cannot be checked and
 * is named as such by the caller (returned in `unchecked`), never passed.
 */
export function priceCapBreaches(
  solarPrices: ReadonlyMap<string, Dec>,
  standardPrices: ReadonlyMap<string, Dec>,
  method: PriceCapMethod,
): { breaches: PriceCapBreach[]; unchecked: string[] } {
  const breaches: PriceCapBreach[] = [];
  const unchecked: string[] = [];
  for (const [band, price] of solarPrices) {
    const standardPrice = standardPrices.get(band) ?? standardPrices.get('*');
    if (standardPrice === undefined) {
      unchecked.push(band);
      continue;
    }
    const cap = solarPriceCap(standardPrice, method);
    if (price.gt(cap)) breaches.push({ band, price, standardPrice, cap });
  }
  return { breaches, unchecked };
}

/**
 * LEG (from 2026): the locally consumed share pays a reduced grid-usage tariff.
 * The reduction is its own invoice line: local kWh × the grid-usage price ×
 * the discount rate (e.g. 40 % on one network level, 20 % across levels),
 * as a negative amount, not yet rounded (the invoice builder rounds lines).
 */
export function legGridDiscount(localKWh: Dec, gridUsagePrice: Dec, discountRate: Dec): Dec {
  return localKWh.mul(gridUsagePrice).mul(discountRate).neg();
}
