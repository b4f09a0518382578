import { z } from 'zod';
import { parseInput } from '../../common/validate';
import { dayParts } from '../calendar';
import { holidayRegionProblem, publicHolidays } from './holidays';
import { bandCode, calendarDay, name } from './schema-parts';

/**
 * A time-of-use calendar: which price band (HT, NT…) each minute of the week
 * belongs to, in local wall-clock time. Windows name a band, weekdays and a
 * local from–to (to may be 24:00); minutes no window covers fall to the
 * default band. Public holidays — from the date-holidays library for a region
 * such as CH-ZH, or an explicit list — are treated as Sundays, which is how
 * Swiss grid operators publish their HT/NT times.
 *
 * A calendar holds no zone: it is evaluated in the building's zone (band-clock.ts),
 * so one operator calendar serves buildings anywhere it applies.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const MINUTES_PER_DAY = 1440;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

export interface TariffWindowInput {
  band: string;
  days: Weekday[];
  /** Local time "HH:mm", 00:00–23:59. */
  from: string;
  /** Local time "HH:mm" after from; "24:00" is the end of the day. */
  to: string;
}

export interface TariffCalendarInput {
  code: string;
  windows: TariffWindowInput[];
  /** Band of every minute no window covers; null when the windows must cover the whole week. */
  defaultBand?: string | null;
  /** date-holidays region, "CH" or "CH-ZH"; its public holidays count as Sundays. */
  holidayRegion?: string | null;
  /** Further holidays (yyyy-MM-dd), also treated as Sundays. */
  holidayDates?: string[] | null;
}

/** A stretch of one weekday in minutes since local midnight, [from, to). */
export interface BandSpan {
  from: number;
  to: number;
  band: string;
}

export interface TariffCalendar {
  code: string;
  /** Every band the calendar can yield, sorted. */
  bands: string[];
  /** Index 0 = Monday … 6 = Sunday; each day's spans cover [0, 1440) without gaps, in order. */
  week: BandSpan[][];
  holidayRegion: string | null;
  holidayDays: ReadonlySet<number>;
}

const localTime = (what: string, allowEndOfDay: boolean) =>
  z.string({ error: `${what} must be a local time HH:mm` }).transform((text, ctx) => {
    const match = TIME_PATTERN.exec(text);
    const hours = match ? Number(match[1]) : NaN;
    const minutes = match ? Number(match[2]) : NaN;
    const value = hours * 60 + minutes;
    const ok = match && minutes < 60 && (hours < 24 || (allowEndOfDay && value === MINUTES_PER_DAY));
    if (!ok) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be a local time from 00:00 to ${allowEndOfDay ? '24:00' : '23:59'}, got "${text.slice(0, 20)}"`,
      });
      return z.NEVER;
    }
    return value;
  });

const windowSchema = z
  .object(
    {
      band: bandCode('Window band'),
      days: z
        .array(z.enum(WEEKDAYS, { error: `Window days must be among ${WEEKDAYS.join(', ')}` }), {
          error: 'Window days must be a list such as ["mon","tue"]',
        })
        .min(1, { error: 'A window needs at least one day' })
        .max(7),
      from: localTime('Window from', false),
      to: localTime('Window to', true),
    },
    { error: 'Each window must be an object with band, days, from and to' },
  )
  .superRefine((window, ctx) => {
    if (window.to <= window.from) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'Window to must be after from (a window past midnight is two windows: …–24:00 and 00:00–…)',
      });
    }
  });

export const calendarSchema = z
  .object(
    {
      code: name('Calendar code', 64),
      windows: z.array(windowSchema, { error: 'Windows must be a list' }).max(200),
      defaultBand: bandCode('Default band').nullish(),
      holidayRegion: z
        .string({ error: 'Holiday region must be text such as CH-ZH' })
        .nullish()
        .superRefine((region, ctx) => {
          const problem = region ? holidayRegionProblem(region) : null;
          if (problem) ctx.addIssue({ code: 'custom', message: `Holiday region ${problem}` });
        }),
      holidayDates: z.array(calendarDay('Holiday date')).max(2000).nullish(),
    },
    { error: 'A tariff calendar must be an object' },
  )
  .superRefine((calendar, ctx) => {
    const days = WEEKDAYS.map(() => [] as { from: number; to: number; index: number }[]);
    calendar.windows.forEach((window, index) => {
      for (const day of new Set(window.days)) days[WEEKDAYS.indexOf(day)].push({ ...window, index });
    });
    days.forEach((spans, day) => {
      spans.sort((a, b) => a.from - b.from || a.to - b.to);
      let covered = 0;
      for (let i = 0; i < spans.length; i++) {
        const span = spans[i];
        if (i > 0 && span.from < spans[i - 1].to) {
          const previous = spans[i - 1];
          ctx.addIssue({
            code: 'custom',
            path: ['windows', span.index],
            message: `Windows ${previous.index + 1} and ${span.index + 1} overlap on ${WEEKDAY_NAMES[day]} ${clock(span.from)}–${clock(Math.min(span.to, previous.to))}`,
          });
          return;
        }
        if (span.from > covered && !calendar.defaultBand) {
          ctx.addIssue(gap(day, covered, span.from));
          return;
        }
        covered = span.to;
      }
      if (covered < MINUTES_PER_DAY && !calendar.defaultBand)
        ctx.addIssue(gap(day, covered, MINUTES_PER_DAY));
    });
  });

function gap(day: number, from: number, to: number) {
  return {
    code: 'custom' as const,
    path: ['defaultBand'],
    message: `The windows leave ${WEEKDAY_NAMES[day]} ${clock(from)}–${clock(to)} uncovered: add a window or a default band`,
  };
}

/** "07:00" of minutes since midnight. */
export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Validates a calendar (400 naming the field on bad input) and compiles it into a per-weekday schedule. */
export function parseTariffCalendar(input: unknown): TariffCalendar {
  const parsed = parseInput(calendarSchema, input);
  const defaultBand = parsed.defaultBand ?? null;
  const week: BandSpan[][] = WEEKDAYS.map((weekday) => {
    const spans = parsed.windows
      .filter((w) => w.days.includes(weekday))
      .map((w) => ({ from: w.from, to: w.to, band: w.band }))
      .sort((a, b) => a.from - b.from);
    const filled: BandSpan[] = [];
    let at = 0;
    for (const span of spans) {
      // The schema refused gaps without a default band, so defaultBand is set wherever a gap is.
      if (span.from > at) filled.push({ from: at, to: span.from, band: defaultBand as string });
      filled.push(span);
      at = span.to;
    }
    if (at < MINUTES_PER_DAY) filled.push({ from: at, to: MINUTES_PER_DAY, band: defaultBand as string });
    return mergeAdjacent(filled);
  });
  const bands = [...new Set(week.flat().map((s) => s.band))].sort();
  return {
    code: parsed.code,
    bands,
    week,
    holidayRegion: parsed.holidayRegion ?? null,
    holidayDays: new Set(parsed.holidayDates ?? []),
  };
}

/** Neighbouring spans of one band become one, so a walk crosses only real band changes. */
function mergeAdjacent(spans: BandSpan[]): BandSpan[] {
  const merged: BandSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && last.band === span.band && last.to === span.from) last.to = span.to;
    else merged.push({ ...span });
  }
  return merged;
}

/** True when the local date is a holiday of the calendar (library region or explicit list). */
export function isHoliday(calendar: TariffCalendar, day: number): boolean {
  if (calendar.holidayDays.has(day)) return true;
  return (
    calendar.holidayRegion !== null && publicHolidays(calendar.holidayRegion, dayParts(day).year).has(day)
  );
}

/** Schedule index of a local date: 0 = Monday … 6 = Sunday, holidays as Sunday. */
export function scheduleDay(calendar: TariffCalendar, day: number): number {
  if (isHoliday(calendar, day)) return 6;
  // Day 0 (1970-01-01) was a Thursday, index 3.
  return (((day + 3) % 7) + 7) % 7;
}

/** The band at a local minute of a date, and the minute (≤ 1440) where that band's span ends. */
export function bandAt(calendar: TariffCalendar, day: number, minuteOfDay: number): BandSpan {
  const spans = calendar.week[scheduleDay(calendar, day)];
  for (const span of spans) if (minuteOfDay < span.to) return span;
  return spans[spans.length - 1];
}
