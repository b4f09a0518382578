import { z } from 'zod';
import { invalidField } from '../../common/errors';
import { parseInput } from '../../common/validate';
import { formatDay } from '../calendar';
import {
  calendarSchema,
  clock,
  parseTariffCalendar,
  WEEKDAYS,
  type TariffCalendarInput,
  type Weekday,
} from './tariff-calendar';

/**
 * The admin API's view of a tariff calendar: the body of POST / PUT
 * /tariff-calendars, validated by the calendar rules, and the record stored.
 * PUT replaces the whole schedule (windows, default band, holidays): a
 * calendar is only meaningful as a whole, so a partial patch could leave it
 * half-changed. The code is permanent.
 */
export interface TariffCalendarRecord {
  code: string;
  name: string | null;
  windows: { band: string; days: Weekday[]; from: string; to: string }[];
  defaultBand: string | null;
  holidayRegion: string | null;
  holidayDates: string[];
}

const extra = z.object({
  name: z
    .string({ error: 'Name must be text' })
    .max(255, { error: 'Name must be at most 255 characters' })
    .nullish(),
});

/** The body POST / PUT /tariff-calendars is checked against: the calendar rules and its name (for the OpenAPI description). */
export const calendarRecordSchema = z.intersection(calendarSchema, extra);

/** Validates and normalises (times as HH:mm, days in week order, dates sorted). */
export function parseCalendarRecord(body: unknown, storedCode?: string): TariffCalendarRecord {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Partial<TariffCalendarInput>;
  if (storedCode !== undefined) {
    if (input.code !== undefined && input.code !== storedCode)
      throw invalidField('code', `The code of a tariff calendar cannot change (it is ${storedCode})`);
  }
  const calendar = parseTariffCalendar(storedCode === undefined ? body : { ...input, code: storedCode });
  const { name } = parseInput(extra, body);
  const windows = (input.windows ?? []).map((w) => ({
    band: w.band,
    days: WEEKDAYS.filter((d) => w.days.includes(d)),
    from: w.from,
    to: w.to,
  }));
  return {
    code: calendar.code,
    name: name ?? null,
    windows,
    defaultBand: input.defaultBand ?? null,
    holidayRegion: calendar.holidayRegion,
    holidayDates: [...calendar.holidayDays].sort((a, b) => a - b).map(formatDay),
  };
}

/** The compiled week, for the admin to show what each weekday looks like. */
export function weekSummary(record: TariffCalendarRecord) {
  const calendar = parseTariffCalendar(record);
  return WEEKDAYS.map((day, i) => ({
    day,
    spans: calendar.week[i].map((s) => ({ band: s.band, from: clock(s.from), to: clock(s.to) })),
  }));
}

/** A stored calendar row (JSON columns may come back null) as the record the rules read. */
export function calendarRecordOf(row: {
  code: string;
  name?: string | null;
  windows?: TariffCalendarRecord['windows'] | null;
  defaultBand?: string | null;
  holidayRegion?: string | null;
  holidayDates?: string[] | null;
}): TariffCalendarRecord {
  return {
    code: row.code,
    name: row.name ?? null,
    windows: row.windows ?? [],
    defaultBand: row.defaultBand ?? null,
    holidayRegion: row.holidayRegion ?? null,
    holidayDates: row.holidayDates ?? [],
  };
}
