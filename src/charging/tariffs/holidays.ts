import Holidays from 'date-holidays';
import { dayNumberOf } from '../calendar';

/**
 * Public holidays from the maintained `date-holidays` library, by region code
 * "CH" (country) or "CH-ZH" (country and canton/state). Only holidays of type
 * "public" count: observances (Mother's Day) and optional days (Berchtoldstag
 * in Zurich) are ordinary days for a tariff, because grid operators price
 * them so unless they publish otherwise — an operator that does can list them
 * as explicit dates on the calendar.
 */

const REGION_PATTERN = /^([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$/;

/** Why a region code cannot be used, or null when the library knows it. */
export function holidayRegionProblem(region: string): string | null {
  const match = REGION_PATTERN.exec(region);
  if (!match) return `"${region}" is not a region code such as CH or CH-ZH`;
  const [, country, state] = match;
  const library = new Holidays();
  const countries = library.getCountries('en') ?? {};
  if (!(country in countries)) return `"${country}" is not a country the holiday library knows`;
  if (state !== undefined) {
    const states = library.getStates(country, 'en') ?? {};
    if (!(state in states)) {
      return `"${state}" is not a canton/state of ${country} the holiday library knows (known: ${Object.keys(states).join(', ')})`;
    }
  }
  return null;
}

// Holidays per region and year never change within a process; a run asks for the same few.
const cache = new Map<string, ReadonlySet<number>>();

/** Day numbers of the region's public holidays in one year. The region must be valid (holidayRegionProblem). */
export function publicHolidays(region: string, year: number): ReadonlySet<number> {
  const key = `${region}|${year}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const [country, state] = region.split('-');
  const library = state === undefined ? new Holidays(country) : new Holidays(country, state);
  const days = new Set<number>();
  for (const holiday of library.getHolidays(year) || []) {
    if (holiday.type !== 'public') continue;
    // holiday.date is local "yyyy-MM-dd hh:mm:ss"; the date part is the holiday's calendar date.
    const [y, m, d] = holiday.date.slice(0, 10).split('-').map(Number);
    days.add(dayNumberOf({ year: y, month: m, day: d }));
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, days);
  return days;
}
