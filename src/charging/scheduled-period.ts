import { DateTime } from 'luxon';
import { dayNumberOf, daysInMonth, formatDay } from './calendar';

/**
 * The period a scheduled monthly run charges: the calendar month before the one
 * the occurrence falls in, read in the given zone. A run at 03:00 on 1 July in
 * Zurich (01:00 UTC) charges June; so does one late on 31 July — whatever day of
 * the month the schedule fires, the run charges the last complete month.
 */
export function previousCalendarMonth(
  occurrence: Date,
  timeZone: string,
): { periodStart: string; periodEnd: string } {
  const local = DateTime.fromMillis(occurrence.getTime(), { zone: timeZone });
  if (!local.isValid)
    throw new RangeError(`Cannot read ${occurrence.toISOString()} in the zone "${timeZone}"`);
  const year = local.month === 1 ? local.year - 1 : local.year;
  const month = local.month === 1 ? 12 : local.month - 1;
  return {
    periodStart: formatDay(dayNumberOf({ year, month, day: 1 })),
    periodEnd: formatDay(dayNumberOf({ year, month, day: daysInMonth(year, month) })),
  };
}
