import { parseCalendarDate } from '../charging/calendar';

/** Days, both ends included (yyyy-MM-dd); `to` null = open. */
export interface DayRange {
  readonly from: string;
  readonly to: string | null;
}

const DAY_MS = 86_400_000;
const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Days since 1970-01-01 (the text was validated when it was saved). */
const dayOf = (text: string) => parseCalendarDate(text)!;

/**
 * A meter's installation days less the days its billing point is a community
 * member: on member days the community bills the meter's energy, on the others
 * the ordinary rate does. Whole local days, as both are kept.
 */
export function subtractDays(installations: readonly DayRange[], member: readonly DayRange[]): DayRange[] {
  const cuts = member
    .map((m) => ({ from: dayOf(m.from), to: m.to === null ? Infinity : dayOf(m.to) }))
    .sort((a, b) => a.from - b.from);
  const out: DayRange[] = [];
  for (const i of installations) {
    let from = dayOf(i.from);
    const to = i.to === null ? Infinity : dayOf(i.to);
    for (const cut of cuts) {
      if (cut.to < from || cut.from > to) continue;
      if (cut.from > from) out.push({ from: dayText(from), to: dayText(Math.min(to, cut.from - 1)) });
      from = cut.to === Infinity ? Infinity : cut.to + 1;
      if (from > to) break;
    }
    if (from !== Infinity && from <= to)
      out.push({ from: dayText(from), to: to === Infinity ? null : dayText(to) });
  }
  return out;
}
