import { Dec, ZERO } from './decimal';
import type { ParsedTier } from './input-schema';

/**
 * Graduated (block) tiers. Each tier prices the quantity between its lower
 * and upper bound: with tiers 0–10 @ 2.00 and 10+ @ 3.00, 14 units cost
 * 10 × 2.00 + 4 × 3.00. Bounds are quantities per month. A party answerable
 * for part of a month (a move) or several months gets the bounds times its
 * month fraction (pro-rata.ts), rounded half-up to 3 decimals — 15 days of a
 * 30-day June turn "up to 10" into "up to 5".
 *
 * A party's consumption of one utility climbs one ladder over the whole
 * period: pieces are priced in order (by day, then meter and register), each
 * starting where the previous one stopped, with the tiers of the rate valid
 * for that piece. So a price change mid-period changes prices, not the
 * allowance already used.
 */
export interface TierBand {
  /** 1-based. */
  index: number;
  from: Dec;
  /** null: open-ended. */
  to: Dec | null;
  unitPrice: Dec;
}

export const TIER_BOUND_DECIMALS = 3;

/** The rate's tiers with their bounds scaled by a month fraction. */
export function tierBands(tiers: readonly ParsedTier[], monthFraction: Dec): TierBand[] {
  const bands: TierBand[] = [];
  let from = ZERO;
  tiers.forEach((tier, i) => {
    const to =
      tier.upTo === null
        ? null
        : tier.upTo.mul(monthFraction).toDecimalPlaces(TIER_BOUND_DECIMALS, Dec.ROUND_HALF_UP);
    bands.push({ index: i + 1, from, to, unitPrice: tier.unitPrice });
    if (to !== null) from = to;
  });
  return bands;
}

export interface TierSlice {
  /** null when the rate has no tiers (one flat unit price). */
  tier: TierBand | null;
  quantity: Dec;
  unitPrice: Dec;
}

/**
 * Cuts the quantity lying between offset and offset + quantity on the ladder
 * into one slice per tier it touches. Σ slices = quantity exactly. A zero
 * quantity yields one zero slice in the tier the offset is in, so a line still
 * shows that the meter was read.
 */
export function sliceIntoTiers(
  offset: Dec,
  quantity: Dec,
  bands: readonly TierBand[],
  flatPrice: Dec,
): TierSlice[] {
  if (bands.length === 0) return [{ tier: null, quantity, unitPrice: flatPrice }];
  const end = offset.add(quantity);
  const slices: TierSlice[] = [];
  for (const band of bands) {
    const low = Dec.max(offset, band.from);
    const high = band.to === null ? end : Dec.min(end, band.to);
    if (low.lessThan(high)) slices.push({ tier: band, quantity: high.sub(low), unitPrice: band.unitPrice });
  }
  if (slices.length === 0) {
    // Zero quantity: the tier containing the offset (the last band whose lower bound it has reached).
    const band =
      [...bands]
        .reverse()
        .find((b) => offset.greaterThanOrEqualTo(b.from) && (b.to === null || offset.lessThan(b.to))) ??
      bands[bands.length - 1];
    slices.push({ tier: band, quantity: ZERO, unitPrice: band.unitPrice });
  }
  return slices;
}
