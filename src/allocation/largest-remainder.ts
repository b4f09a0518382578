import { Dec, ZERO } from '../charging/decimal';
import { minorUnitDigits } from '../charging/money';
import { apportion } from '../common/apportion';

/**
 * Splits an amount of money among weights so that the parts, each a whole
 * number of minor units (cents), add up exactly to the amount — the
 * largest-remainder (Hamilton) method:
 *
 *   each part first gets its exact quota (amount × weight / Σ weights) cut
 *   down to whole cents; the cents still missing go, one each, to the parts
 *   with the largest cut-off fractions; equal fractions go to the earlier part
 *   (callers pass parts in a canonical order, so the result never depends on
 *   input order).
 *
 * The rounding is the shared `apportion` (src/common/apportion.ts), on the
 * currency's minor-unit grid. A negative amount (a credit) is split as its absolute value and every part
 * gets the minus sign, so a refund is shared exactly like a cost. Weights must
 * be ≥ 0 with a positive sum; the caller checks that and reports it in words.
 */
export function splitByLargestRemainder(amount: Dec, weights: readonly Dec[], currency: string): Dec[] {
  if (weights.length === 0) throw new Error('splitByLargestRemainder needs at least one weight');
  const total = weights.reduce((sum, w) => sum.add(w), ZERO);
  if (!total.isPositive() || total.isZero() || weights.some((w) => w.isNegative())) {
    throw new Error('splitByLargestRemainder needs non-negative weights with a positive sum');
  }
  const step = new Dec(10).pow(-minorUnitDigits(currency));
  const magnitude = amount.abs();
  if (!magnitude.div(step).isInteger())
    throw new Error(`splitByLargestRemainder: ${amount.toFixed()} is not whole ${currency} minor units`);
  const parts = apportion(
    magnitude,
    weights.map((w) => magnitude.mul(w).div(total)),
    step,
  );
  return parts.map((part) => (amount.isNegative() && !part.isZero() ? part.neg() : part));
}
