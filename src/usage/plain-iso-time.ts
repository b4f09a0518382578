/**
 * The common shape of a usage record's time, read without a date library:
 *
 *   2021-06-12T14:31, 2021-06-12T14:31:00, 2021-06-12T14:31:00.5,
 *   2021-06-12T14:31:00.123Z, 2021-06-12T14:31:00+02:00 (or +0200),
 *   and the SQL style 2021-06-12 14:31:00(.123) without an offset.
 *
 * Why: a 100,000-row upload read every Dtu through Luxon's `DateTime.fromISO`, about
 * half a gigabyte of short-lived objects that showed up as the upload's peak memory.
 * This reader allocates one match array per text. It answers only for the shapes
 * above, with exactly Luxon's reading of them (tests/unit/usage/plain-iso-time.test.ts
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

const SHAPE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?| (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?)$/;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function readOffset(text: string | undefined): number | null | undefined {
  if (text === undefined) return null;
  if (text === 'Z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

export function readPlainIsoTime(text: string): PlainIsoTime | null {
  const m = SHAPE.exec(text);
  if (!m) return null;
  const sql = m[9] !== undefined;
  const year = Number(m[1]);
  // Date.UTC reads years 0–99 as 1900–1999; such texts are refused later anyway, by Luxon.
  if (year < 1000) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(sql ? m[9] : m[4]);
  const minute = Number(sql ? m[10] : m[5]);
  const second = Number((sql ? m[11] : m[6]) ?? 0);
  const fraction = sql ? m[12] : m[7];
  // ".5" is half a second: pad to milliseconds rather than reading 5 ms.
  const ms = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0'));
  const offsetMinutes = sql ? null : readOffset(m[8]);
  if (offsetMinutes === undefined) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const wallClockMs = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const wallClock = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(ms, 3)}`;
  return { wallClock, wallClockMs, offsetMinutes };
}
