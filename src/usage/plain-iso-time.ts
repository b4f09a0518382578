import {
  daysInMonth,
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

/**
 * The commonest Dtu texts — `2021-06-12T14:31:00Z`, with a fraction of one to three
 * digits, `Z`, a `±hh:mm` offset or none — read character by character, answered as the
 * instant's ISO text in UTC (`2021-06-12T14:31:00.000Z`, as `Date#toISOString` writes
 * it); null for any other text, which then takes the general path (readPlainIsoTime,
 * then Luxon), and for an instant outside the years 1000–9999. It never refuses: a
 * text it declines (a 30th of February, hour 24, a space around it) is judged by the
 * general path, so the answer is the same with or without it
 * (tests/unit/usage/plain-iso-time.test.ts checks that property).
 *
 * Why: a 1,000-record batch read its Dtu texts in ~2.5 ms through the regular
 * expression, the parts object, the wall-clock text and `toISOString` (~0.6 µs alone:
 * V8 formats through its date cache); this takes ~0.1 ms for texts in UTC
 * (bench/README.md, "Usage records"). A text with an offset still goes through
 * `toISOString`.
 */
export function readCommonUtcTime(text: string): string | null {
  const length = text.length;
  if (length < 19 || length > 29) return null;
  if (
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== 84 /* T */ ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON
  )
    return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  // digitsAt answers -1 for a non-digit; as in readPlainIsoTime, years before 1000 are Luxon's.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  let at = 19;
  let ms = 0;
  if (at < length && text.charCodeAt(at) === 46 /* . */) {
    at += 1;
    let digits = 0;
    for (; digits < 3 && at < length; digits++, at++) {
      const digit = text.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9) break;
      ms = ms * 10 + digit;
    }
    if (digits === 0) return null;
    ms *= digits === 1 ? 100 : digits === 2 ? 10 : 1;
  }
  const millis = ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : String(ms);
  if (at === length || (at === length - 1 && text.charCodeAt(at) === 90) /* Z */)
    return `${text.slice(0, 19)}.${millis}Z`;
  if (at !== length - 6 || text.charCodeAt(at + 3) !== COLON) return null;
  const sign = text.charCodeAt(at);
  const hours = digitsAt(text, at + 1, 2);
  const minutes = digitsAt(text, at + 4, 2);
  if ((sign !== 43 /* + */ && sign !== DASH) || hours < 0 || hours > 23 || minutes < 0 || minutes > 59)
    return null;
  const offsetMs = (sign === DASH ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  const instant = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs);
  const utcYear = instant.getUTCFullYear();
  return utcYear < 1000 || utcYear > 9999 ? null : instant.toISOString();
}

const DASH = 45;
const COLON = 58;

/** The decimal number in `count` ASCII digits at `start`, or -1 when one of them is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
