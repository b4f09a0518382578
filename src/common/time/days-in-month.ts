/**
 * Days in a month of the proleptic Gregorian calendar (month 1–12). Arithmetic rather
 * than `Date.UTC(year, month, 0)`: Date.UTC reads years 0–99 as 1900–1999, which made
 * February of year 0 (a leap year) 28 days long.
 */
const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return MONTH_LENGTHS[month - 1] ?? 0;
}
