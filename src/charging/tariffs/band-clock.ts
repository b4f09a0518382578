import { IANAZone } from 'luxon';
import { bandAt, type TariffCalendar } from './tariff-calendar';

/**
 * Which band each real millisecond of an interval falls in. Bands are defined
 * in local wall-clock time, so the walk converts instants to local time with
 * the zone's offset at that instant: on a 23-hour day the skipped hour belongs
 * to no band, on a 25-hour day the repeated hour is counted twice (it is
 * really consumed twice), both in the band its wall-clock time names.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

// Offsets per zone and UTC hour. A whole hour with one offset is cached as a
// number; an hour with a transition inside it is marked null and asked exactly.
const OFFSET_CACHE_LIMIT = 200_000;
const offsetCache = new Map<string, number | null>();

function offsetMinutes(zone: IANAZone, instant: number): number {
  const hour = Math.floor(instant / MS_PER_HOUR);
  const key = `${zone.name}|${hour}`;
  let cached = offsetCache.get(key);
  if (cached === undefined) {
    const first = zone.offset(hour * MS_PER_HOUR);
    const last = zone.offset((hour + 1) * MS_PER_HOUR - 1);
    cached = first === last ? first : null;
    if (offsetCache.size >= OFFSET_CACHE_LIMIT) offsetCache.clear();
    offsetCache.set(key, cached);
  }
  return cached ?? zone.offset(instant);
}

/** The first instant in (from, to] whose offset differs from from's; to when there is none. */
function nextOffsetChange(zone: IANAZone, from: number, to: number): number {
  const offset = offsetMinutes(zone, from);
  if (offsetMinutes(zone, to - 1) === offset) return to;
  let low = from; // offset(low) === offset
  let high = to - 1; // offset(high) !== offset
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetMinutes(zone, mid) === offset) low = mid;
    else high = mid;
  }
  return high;
}

export interface BandDuration {
  band: string;
  ms: number;
}

/**
 * The milliseconds of [start, end) in each band, in order of first appearance.
 * The zone must be a valid IANA zone (checked at the input boundary).
 */
export function bandDurations(
  calendar: TariffCalendar,
  zoneName: string,
  start: number,
  end: number,
): BandDuration[] {
  const zone = IANAZone.create(zoneName);
  const totals = new Map<string, number>();
  let at = start;
  while (at < end) {
    const local = at + offsetMinutes(zone, at) * MS_PER_MINUTE;
    const day = Math.floor(local / MS_PER_DAY);
    const msOfDay = local - day * MS_PER_DAY;
    const span = bandAt(calendar, day, msOfDay / MS_PER_MINUTE);
    // Where the span ends on the local clock, reached in real time unless the offset changes first.
    const spanEnd = Math.min(end, at + (span.to * MS_PER_MINUTE - msOfDay));
    const next = nextOffsetChange(zone, at, spanEnd);
    totals.set(span.band, (totals.get(span.band) ?? 0) + (next - at));
    at = next;
  }
  return [...totals].map(([band, ms]) => ({ band, ms }));
}

/** The band of one instant (used for a demand charge restricted to bands). */
export function bandOfInstant(calendar: TariffCalendar, zoneName: string, instant: number): string {
  const zone = IANAZone.create(zoneName);
  const local = instant + offsetMinutes(zone, instant) * MS_PER_MINUTE;
  const day = Math.floor(local / MS_PER_DAY);
  return bandAt(calendar, day, (local - day * MS_PER_DAY) / MS_PER_MINUTE).band;
}
