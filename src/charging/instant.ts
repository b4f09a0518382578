import { fractionMillis, isRealDate, isRealTimeOfDay, offsetMinutes, scanIso8601 } from '../common/time';

/**
 * Instants (moments in time) are carried as UTC epoch milliseconds. Input is
 * accepted as a Date, a whole number of epoch milliseconds, or ISO 8601 text
 * that says which zone it is in ("Z" or an offset). Text without a zone is
 * refused: it would mean a different moment on every server. The parser is
 * strict and hand-written (src/common/time/iso-8601.ts): Date.parse guesses at
 * anything, and Luxon's general parser is too slow for a million readings.
 */
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
  const parts = scanIso8601(input.trim());
  // An instant: a time of day, at most nanoseconds, and a zone right after it.
  if (
    !parts ||
    parts.timeSeparator === null ||
    parts.offset === null ||
    parts.spaceBeforeOffset ||
    (parts.fraction !== null && parts.fraction.length > 9)
  )
    return null;
  const { year, month, day, hour, minute } = parts;
  const second = parts.second ?? 0;
  if (!isRealDate(year, month, day) || !isRealTimeOfDay(parts)) return null;
  const offset = offsetMinutes(parts.offset, 18);
  if (offset === null) return null;
  // Sub-millisecond digits are dropped (truncated): instants are kept to the millisecond.
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, fractionMillis(parts.fraction));
  if (year < 100) {
    // Date.UTC reads years 0–99 as 1900–1999.
    const probe = new Date(ms);
    probe.setUTCFullYear(year);
    ms = probe.getTime();
  }
  return ms - offset * 60_000;
}

/** ISO 8601 UTC text of an instant, e.g. "2024-06-15T22:00:00.000Z". */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}
