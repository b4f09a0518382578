import { daysInMonth } from '../common/time';

/**
 * Calendar dates as day numbers: whole days since 1970-01-01 in the proleptic
 * Gregorian calendar. A day number names a *date*, not a moment; which
 * moment a date starts at depends on the building's time zone (see
 * time-zone.ts). Day numbers make "is this date inside that range" and
 * "how many days" plain integer arithmetic.
 */
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

/** Day number of a yyyy-MM-dd date, or null when the text is not a real date (2024-02-30). */
export function parseCalendarDate(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const match = DATE_TEXT.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (
    year < MIN_YEAR ||
    year > MAX_YEAR ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month)
  ) {
    return null;
  }
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function dayParts(dayNumber: number): DateParts {
  const date = new Date(dayNumber * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function dayNumberOf(parts: DateParts): number {
  return Date.UTC(parts.year, parts.month - 1, parts.day) / MS_PER_DAY;
}

const formatted = new Map<number, string>();

/** yyyy-MM-dd of a day number (memoized: a run formats the same few hundred days over and over). */
export function formatDay(dayNumber: number): string {
  let text = formatted.get(dayNumber);
  if (text === undefined) {
    text = new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
    if (formatted.size > 100_000) formatted.clear();
    formatted.set(dayNumber, text);
  }
  return text;
}

/** The one daysInMonth, re-exported for the charging rules that already import it from here. */
export { daysInMonth };

/** yyyy-MM of a day number. */
export function formatMonth(dayNumber: number): string {
  return formatDay(dayNumber).slice(0, 7);
}
