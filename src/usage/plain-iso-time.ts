import {
  fractionMillis,
  isRealDate,
  isRealTimeOfDay,
  offsetMinutes,
  scanIso8601,
  type Iso8601Parts,
} from '../common/time';

/**
 * The common shape of a usage record's time, read without a date library:
 *
 *   2021-06-12T14:31, 2021-06-12T14:31:00, 2021-06-12T14:31:00.5,
 *   2021-06-12T14:31:00.123Z, 2021-06-12T14:31:00+02:00 (or +0200),
 *   and the SQL style 2021-06-12 14:31:00(.123) without an offset.
 *
 * Why: a 100,000-row upload read every Dtu through Luxon's `DateTime.fromISO`, about
 * half a gigabyte of short-lived objects that showed up as the upload's peak memory.
 * This reader (the shared one, src/common/time/iso-8601.ts) allocates one match
 * array and one small object per text. It answers only for the shapes above, with exactly Luxon's reading of them (tests/unit/usage/plain-iso-time.test.ts
 * compares the two over every shape and boundary); anything else — week dates,
 * ordinal dates, hour 24, more than millisecond precision, a date alone — returns
 * null and goes to Luxon as before.
 */
export type PlainIsoTime = {
  /** The wall-clock time as written, "yyyy-MM-ddTHH:mm:ss.SSS". */
  wallClock: string;
  /** The wall-clock fields read as UTC, in epoch milliseconds. */
  wallClockMs: number;
  /** The written offset in minutes east of UTC; null when the text has none. */
  offsetMinutes: number | null;
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function readPlainIsoTime(text: string): PlainIsoTime | null {
  const parts = scanIso8601(text);
  if (!parts || !isPlainShape(parts)) return null;
  const { year, month, day, hour, minute } = parts;
  // Date.UTC reads years 0–99 as 1900–1999; such texts are refused later anyway, by Luxon.
  if (year < 1000) return null;
  const second = parts.second ?? 0;
  // ".5" is half a second: pad to milliseconds rather than reading 5 ms.
  const ms = fractionMillis(parts.fraction);
  // Luxon reads offsets up to ±23:59.
  const offset = parts.offset === null ? null : offsetMinutes(parts.offset, 23);
  if (parts.offset !== null && offset === null) return null;
  if (!isRealDate(year, month, day) || !isRealTimeOfDay(parts)) return null;
  const wallClockMs = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const wallClock = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(ms, 3)}`;
  return { wallClock, wallClockMs, offsetMinutes: offset };
}

/**
 * The shapes answered here: "T" and a time (seconds optional) with an optional "Z" or
 * offset right after it, or the SQL style "yyyy-MM-dd HH:mm:ss" without an offset; a
 * fraction of at most three digits after a dot. Anything else is Luxon's to read.
 */
function isPlainShape(parts: Iso8601Parts): boolean {
  if (parts.spaceBeforeOffset || parts.offset === 'z') return false;
  if (parts.fraction !== null && (parts.fractionSeparator !== '.' || parts.fraction.length > 3)) return false;
  if (parts.timeSeparator === 'T') return true;
  return parts.timeSeparator === ' ' && parts.second !== null && parts.offset === null;
}
