import { DateTime, IANAZone } from 'luxon';
import { dayParts } from './calendar';

/**
 * Where calendar dates meet instants. A date's first moment is 00:00 local
 * in the building's IANA zone; a reading stamped exactly then is the opening
 * read of that date (and the closing read of the day before).
 */
const validZones = new Set<string>();

export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  if (validZones.has(zone)) return true;
  // Luxon answers by building an Intl formatter (~50 µs); a run asks once per billing point.
  if (!IANAZone.isValidZone(zone)) return false;
  if (validZones.size < 1000) validZones.add(zone);
  return true;
}

// Luxon needs ~8 µs per zone conversion; a charge run asks for the same few
// hundred midnights thousands of times. The cache is a pure memo (same zone
// and date, same answer), bounded so a long-lived server cannot grow it forever.
const MIDNIGHT_CACHE_LIMIT = 200_000;
const midnightCache = new Map<string, number>();

/**
 * The UTC epoch milliseconds of 00:00 local on the given date. Where a DST
 * change skips midnight (e.g. America/Sao_Paulo in 2018), the day starts at the
 * first local time that exists, as Luxon resolves it.
 */
export function startOfDay(zone: string, dayNumber: number): number {
  const key = `${zone}|${dayNumber}`;
  const cached = midnightCache.get(key);
  if (cached !== undefined) return cached;
  const { year, month, day } = dayParts(dayNumber);
  const millis = DateTime.fromObject({ year, month, day }, { zone }).toMillis();
  if (midnightCache.size >= MIDNIGHT_CACHE_LIMIT) midnightCache.clear();
  midnightCache.set(key, millis);
  return millis;
}

/**
 * The first moments of days firstDay … lastDay + 1: element i is where day
 * firstDay + i starts, the last element is where lastDay ends.
 */
export function dayStarts(zone: string, firstDay: number, lastDay: number): number[] {
  const starts: number[] = new Array<number>(lastDay - firstDay + 2);
  for (let i = 0; i < starts.length; i++) starts[i] = startOfDay(zone, firstDay + i);
  return starts;
}

/**
 * The index of the day (into `starts` from dayStarts) that contains an instant,
 * or -1 when the instant falls outside all of them. Binary search.
 */
export function dayIndexOf(starts: readonly number[], instant: number): number {
  if (starts.length < 2 || instant < starts[0] || instant >= starts[starts.length - 1]) return -1;
  let low = 0;
  let high = starts.length - 1; // starts[high] > instant always
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (starts[mid] <= instant) low = mid;
    else high = mid;
  }
  return low;
}
