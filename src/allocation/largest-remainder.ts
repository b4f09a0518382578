import { Dec, ZERO } from '../charging/decimal';
import { minorUnitDigits } from '../charging/money';

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
 * A negative amount (a credit) is split as its absolute value and every part
 * gets the minus sign, so a refund is shared exactly like a cost. Weights must
 * be ≥ 0 with a positive sum; the caller checks that and reports it in words.
 */
export function splitByLargestRemainder(amount: Dec, weights: readonly Dec[], currency: string): Dec[] {
  if (weights.length === 0) throw new Error('splitByLargestRemainder needs at least one weight');
  const total = weights.reduce((sum, w) => sum.add(w), ZERO);
  if (!total.isPositive() || total.isZero() || weights.some((w) => w.isNegative())) {
    throw new Error('splitByLargestRemainder needs non-negative weights with a positive sum');
  }
  const scale = new Dec(10).pow(minorUnitDigits(currency));
  const units = amount.abs().mul(scale);
  if (!units.isInteger())
    throw new Error(`splitByLargestRemainder: ${amount.toFixed()} is not whole ${currency} minor units`);
  const quotas = weights.map((w) => units.mul(w).div(total));
  const floors = quotas.map((q) => q.floor());
  let missing = units.sub(floors.reduce((sum, f) => sum.add(f), ZERO)).toNumber();
  const order = quotas
    .map((q, index) => ({ index, fraction: q.sub(floors[index]) }))
    .sort((a, b) => b.fraction.comparedTo(a.fraction) || a.index - b.index);
  for (const { index } of order) {
    if (missing <= 0) break;
    floors[index] = floors[index].add(1);
    missing -= 1;
  }
  // -0 would print as "-0.00" on a statement: a zero part is plain zero.
  return floors.map((f) => (f.isZero() ? ZERO : amount.isNegative() ? f.div(scale).neg() : f.div(scale)));
}
