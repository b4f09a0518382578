import { Dec, ZERO } from './decimal';
import { dayNumberOf, dayParts, daysInMonth, formatMonth } from './calendar';

/**
 * Pro rata by days. Something priced per month (a fixed fee, a tier's
 * allowance) is owed, for a run of days, the share of each calendar month the
 * run covers: Σ covered days / days in that month. June 1–15 is 15/30 = 0.5;
 * January 20 – February 10 is 12/31 + 10/29 in 2024; a whole month is exactly 1
 * and a quarter exactly 3, whatever the months' lengths.
 */
export interface MonthShare {
  /** yyyy-MM */
  month: string;
  days: number;
  daysInMonth: number;
}

/** The month-by-month shares of the days firstDay … lastDay (inclusive). Linear in months. */
export function monthShares(firstDay: number, lastDay: number): MonthShare[] {
  const shares: MonthShare[] = [];
  let day = firstDay;
  while (day <= lastDay) {
    const { year, month } = dayParts(day);
    const length = daysInMonth(year, month);
    const monthLast = dayNumberOf({ year, month, day: length });
    const runEnd = Math.min(monthLast, lastDay);
    shares.push({ month: formatMonth(day), days: runEnd - day + 1, daysInMonth: length });
    day = runEnd + 1;
  }
  return shares;
}

/**
 * Σ days / daysInMonth: the number of months the days are worth. Shares of the
 * same month (several runs of days) are added up before dividing, so 10/30 +
 * 5/30 is exactly 15/30, not the sum of two rounded thirds.
 */
export function monthFraction(shares: readonly MonthShare[]): Dec {
  const byMonth = new Map<string, { days: number; daysInMonth: number }>();
  for (const share of shares) {
    const seen = byMonth.get(share.month);
    if (seen) seen.days += share.days;
    else byMonth.set(share.month, { days: share.days, daysInMonth: share.daysInMonth });
  }
  let total = ZERO;
  for (const month of [...byMonth.keys()].sort()) {
    const { days, daysInMonth: length } = byMonth.get(month)!;
    total = days === length ? total.add(1) : total.add(new Dec(days).div(length));
  }
  return total;
}
