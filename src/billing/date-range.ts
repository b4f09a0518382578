import type { CalendarDate } from './dates';

/**
 * A run of calendar days, both ends included; `to` null means open-ended.
 * Occupancies, meter installations, rates and badges all live on such ranges.
 */
export type DateRange = { from: CalendarDate; to: CalendarDate | null };

/** True when the two ranges share at least one day. */
export function rangesOverlap(a: DateRange, b: DateRange): boolean {
  return (b.to === null || a.from <= b.to) && (a.to === null || b.from <= a.to);
}

/** True when `date` lies inside the range. */
export function rangeContains(range: DateRange, date: CalendarDate): boolean {
  return range.from <= date && (range.to === null || date <= range.to);
}

/** The first stored range (in date order) that shares a day with the candidate, ignoring `exceptId`. */
export function firstOverlap<T extends { id: string }>(
  existing: readonly T[],
  rangeOf: (item: T) => DateRange,
  candidate: DateRange,
  exceptId?: string | null,
): T | undefined {
  return [...existing]
    .filter((item) => item.id !== exceptId)
    .sort((a, b) => (rangeOf(a).from < rangeOf(b).from ? -1 : rangeOf(a).from > rangeOf(b).from ? 1 : 0))
    .find((item) => rangesOverlap(rangeOf(item), candidate));
}

/** "2024-01-01 – 2024-06-30" or "2024-01-01 – open". */
export function describeRange(range: DateRange): string {
  return `${range.from} – ${range.to ?? 'open'}`;
}
