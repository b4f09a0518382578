import { Dec, ZERO } from '../charging/decimal';
import { roundToMinorUnit } from '../charging/money';
import { monthFraction, monthShares } from '../charging/pro-rata';
import type { ParsedAdvance, ParsedAllocationInput } from './input-schema';

/**
 * Advance payments (akonto). An advance is a monthly amount a party owes for
 * one billing point and one category group from a date (to a date, or open);
 * a change of amount is a new advance from the day it applies.
 *
 * Due over the period = monthly amount × the month fraction of the advance's
 * days inside the period (charging's pro rata: Σ covered days / days in the
 * month, a whole month exactly 1), rounded to the minor unit per advance.
 * With advanceBasis "paid" the payments recorded in the period count instead.
 */
export function advanceDue(
  advance: ParsedAdvance,
  periodStartDay: number,
  periodEndDay: number,
  currency: string,
): Dec {
  const from = Math.max(advance.fromDay, periodStartDay);
  const to = Math.min(advance.toDay ?? periodEndDay, periodEndDay);
  if (from > to) return ZERO;
  return roundToMinorUnit(advance.monthlyAmount.mul(monthFraction(monthShares(from, to))), currency);
}

export type AdvanceKey = string;
export const advanceKey = (billingPointId: string, partyId: string, group: string): AdvanceKey =>
  JSON.stringify([billingPointId, partyId, group]);

export interface AdvanceTotals {
  due: Map<AdvanceKey, Dec>;
  paid: Map<AdvanceKey, Dec>;
}

export function advanceTotals(input: ParsedAllocationInput): AdvanceTotals {
  const due = new Map<AdvanceKey, Dec>();
  const paid = new Map<AdvanceKey, Dec>();
  const add = (map: Map<AdvanceKey, Dec>, key: AdvanceKey, amount: Dec) =>
    map.set(key, (map.get(key) ?? ZERO).add(amount));
  for (const advance of input.advances) {
    const key = advanceKey(advance.billingPointId, advance.partyId, advance.group);
    add(due, key, advanceDue(advance, input.periodStartDay, input.periodEndDay, input.currency));
  }
  for (const payment of input.payments) {
    if (payment.date < input.periodStartDay || payment.date > input.periodEndDay) continue;
    add(paid, advanceKey(payment.billingPointId, payment.partyId, payment.group), payment.amount);
  }
  return { due, paid };
}

/**
 * The next period's suggested monthly advance for a billing point and group:
 * this period's cost of the point in that group ÷ the period's months (its
 * month fraction), rounded up to the rounding step (default one minor unit) so
 * the advances cover the cost; a credit or zero suggests 0.
 */
export function suggestedMonthlyAdvance(cost: Dec, months: Dec, step: Dec): Dec {
  if (!cost.isPositive() || cost.isZero()) return ZERO;
  return cost.div(months).div(step).ceil().mul(step);
}
