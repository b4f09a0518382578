/**
 * The one reader of ISO 8601 date-times ("2024-06-01", "2024-06-01T14:30",
 * "2024-06-01 14:30:00.5", "2024-06-01T14:30:00,123456+02:00", …), by hand: one regular
 * expression, one match, no date library. Date.parse guesses at anything, and Luxon's
 * general parser costs an object graph per text (half a gigabyte over a 100,000-row
 * upload), so the everyday shapes are read here and only the rare ones (week dates,
 * ordinal dates, basic format) go to Luxon, by the callers that accept them.
 *
 * It reads the widest shape any caller accepts and reports what it saw; each caller keeps
 * its own rule of what it accepts (src/charging/instant.ts wants an offset, the meter-file
 * formats take a date alone, usage times take at most milliseconds, a spreadsheet's date
 * cell ignores the offset) and answers with its own words. The field checks every caller
 * shares are here too: a real date, a real time of day, an offset within bounds.
 */
import { daysInMonth } from './days-in-month';

export type Iso8601Parts = {
  year: number;
  month: number;
  day: number;
  /** What separates date and time ("T", "t" or a space); null for a date alone. */
  timeSeparator: string | null;
  hour: number;
  minute: number;
  /** null when the text gives no seconds. */
  second: number | null;
  /** "." or ","; null without a fraction of a second. */
  fractionSeparator: string | null;
  /** The fraction's digits as written (any number of them); null without one. */
  fraction: string | null;
  /** Whether white space stands between the time (or date) and the offset. */
  spaceBeforeOffset: boolean;
  /** "Z", "z", "+02", "+0200" or "+02:00" as written; null without one. */
  offset: string | null;
};

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:([Tt ])(\d{2}):(\d{2})(?::(\d{2})(?:([.,])(\d+))?)?)?(\s*)([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** The parts of an ISO 8601 date or date-time, or null when the text has no such shape. Fields are not checked. */
export function scanIso8601(text: string): Iso8601Parts | null {
  const m = ISO_8601.exec(text);
  if (!m) return null;
  const hasTime = m[4] !== undefined;
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    timeSeparator: hasTime ? m[4] : null,
    hour: hasTime ? Number(m[5]) : 0,
    minute: hasTime ? Number(m[6]) : 0,
    second: m[7] === undefined ? null : Number(m[7]),
    fractionSeparator: m[8] ?? null,
    fraction: m[9] ?? null,
    spaceBeforeOffset: m[10] !== '',
    offset: m[11] ?? null,
  };
}

/** Whether year-month-day names a day of the proleptic Gregorian calendar. */
export const isRealDate = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);

/** Whether the time of day is one a clock shows (no hour 24, no leap second). */
export const isRealTimeOfDay = (parts: Pick<Iso8601Parts, 'hour' | 'minute' | 'second'>): boolean =>
  parts.hour <= 23 && parts.minute <= 59 && (parts.second ?? 0) <= 59;

/** The fraction's first three digits as milliseconds (".5" is 500 ms); further digits are dropped, not rounded. */
export const fractionMillis = (fraction: string | null): number =>
  fraction === null ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));

/**
 * The offset in minutes east of UTC, or null when it is out of bounds: more than
 * `maxHours` hours (callers differ: ±18 h is what ISO 8601 and java.time allow, Luxon reads
 * up to 23) or more than 59 minutes.
 */
export function offsetMinutes(offset: string, maxHours: number): number | null {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > maxHours || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}
