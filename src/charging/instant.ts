/**
 * Instants (moments in time) are carried as UTC epoch milliseconds. Input is
 * accepted as a Date, a whole number of epoch milliseconds, or ISO 8601 text
 * that says which zone it is in ("Z" or an offset). Text without a zone is
 * refused: it would mean a different moment on every server. The parser is
 * strict and hand-written: Date.parse guesses at anything, and Luxon's
 * general parser is too slow for a million readings.
 */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** ±8.64e15 ms is the range a JS Date can hold. */
const MAX_EPOCH_MS = 8.64e15;

export function parseInstant(input: unknown): number | null {
  if (input instanceof Date) {
    const ms = input.getTime();
    return Number.isFinite(ms) ? ms : null;
  }
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) && Math.abs(input) <= MAX_EPOCH_MS ? input : null;
  }
  if (typeof input !== 'string' || input.length > 40) return null;
  const m = ISO_INSTANT.exec(input.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Sub-millisecond digits are dropped (truncated): instants are kept to the millisecond.
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > monthLength(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return null;
  }
  const offsetMinutes = parseOffset(m[8]);
  if (offsetMinutes === null) return null;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (year < 100) {
    // Date.UTC reads years 0–99 as 1900–1999.
    const probe = new Date(ms);
    probe.setUTCFullYear(year);
    ms = probe.getTime();
  }
  return ms - offsetMinutes * 60_000;
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function monthLength(year: number, month: number): number {
  if (month !== 2) return MONTH_LENGTHS[month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

function parseOffset(text: string): number | null {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 18 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/** ISO 8601 UTC text of an instant, e.g. "2024-06-15T22:00:00.000Z". */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}
