import { Dec, ZERO } from '../charging/decimal';

/**
 * Rounds exact shares to a grid (0.01 CHF, 0.001 kWh …) so that they still add
 * up exactly to their rounded total — the largest-remainder (Hamilton) method:
 * every share is first cut down to the grid, and the steps still missing go,
 * one each, to the shares with the largest cut-off fractions; equal fractions
 * go to the earlier share (callers list shares in a canonical order, so the
 * result never depends on input order).
 *
 * `total` must already lie on the grid and the exact shares must add up to it
 * (up to the division noise of 100-digit arithmetic). Because a share only
 * ever gains one step when it had a fraction cut off, a rounded share never
 * exceeds a cap that lies on the grid and that the exact share respected —
 * the property the solar split relies on (a member's solar part never
 * exceeds its consumption).
 */
export function apportion(total: Dec, exactShares: readonly Dec[], step: Dec): Dec[] {
  if (exactShares.length === 0) return [];
  const units = total.div(step);
  if (!units.isInteger())
    throw new Error(`apportion: ${total.toFixed()} is not a multiple of ${step.toFixed()}`);
  const quotas = exactShares.map((share) => share.div(step));
  const floors = quotas.map((q) => q.floor());
  let missing = units
    .sub(floors.reduce((sum, f) => sum.add(f), ZERO))
    .toDecimalPlaces(0)
    .toNumber();
  const order = quotas
    .map((q, index) => ({ index, fraction: q.sub(floors[index]) }))
    .sort((a, b) => b.fraction.comparedTo(a.fraction) || a.index - b.index);
  for (const { index, fraction } of order) {
    if (missing <= 0 || fraction.isZero()) break;
    floors[index] = floors[index].add(1);
    missing -= 1;
  }
  if (missing !== 0) throw new Error('apportion: the exact shares do not add up to the total');
  // -0 would print as "-0.000": a zero share is plain zero.
  return floors.map((f) => (f.isZero() ? ZERO : f.mul(step)));
}

/** Rounds a quantity half-up to the grid step (e.g. 0.0125 kWh → 0.013 at step 0.001). */
export const toStep = (value: Dec, step: Dec): Dec => value.div(step).toDecimalPlaces(0).mul(step);

export const sumOf = (values: Iterable<Dec>): Dec => {
  let sum = ZERO;
  for (const v of values) sum = sum.add(v);
  return sum;
};
