import { DateTime } from 'luxon';
import { z } from 'zod';
import { formatDay, parseCalendarDate } from '../charging/calendar';
import { parseInstant } from '../charging/instant';
import { isValidTimeZone } from '../charging/time-zone';
import { invalidField } from '../common/errors';

/**
 * Billing dates are calendar dates ("2024-06-30") in the building's IANA time
 * zone, never instants: an occupant is answerable for whole days. Ranges include
 * both ends — an exit date is the last day occupied — and a missing end (null)
 * means "open". Fixed-width yyyy-MM-dd text sorts like the dates it names, so
 * stored dates compare correctly as text in SQL too.
 */
export type CalendarDate = string;

const MAX_TEXT = 40;

/** A real calendar date written yyyy-MM-dd (years 1900–2999); the same text comes out. */
export const calendarDate = (label: string) =>
  z
    .string({ error: `${label} must be a date written yyyy-MM-dd` })
    // Shown in the OpenAPI description (server/openapi); the check is the transform below.
    .meta({ format: 'date' })
    .transform((text, ctx) => {
      if (parseCalendarDate(text) === null) {
        ctx.addIssue({
          code: 'custom',
          message: `${label} must be a real date written yyyy-MM-dd, e.g. 2024-06-30 (got ${JSON.stringify(text.slice(0, MAX_TEXT))})`,
        });
        return z.NEVER;
      }
      return text;
    });

/** A date, null (open end) or absent (undefined: unchanged / default). */
export const optionalDate = (label: string) => calendarDate(label).nullable().optional();

function dayOf(date: CalendarDate): number {
  const day = parseCalendarDate(date);
  if (day === null) throw new Error(`not a calendar date: ${date}`);
  return day;
}

export const nextDay = (date: CalendarDate): CalendarDate => formatDay(dayOf(date) + 1);
export const previousDay = (date: CalendarDate): CalendarDate => formatDay(dayOf(date) - 1);
export const dayNumber = dayOf;
/** Days from a to b, both included (a ≤ b). */
export const daysInclusive = (a: CalendarDate, b: CalendarDate) => dayOf(b) - dayOf(a) + 1;

/** The calendar date an instant falls on in a zone. */
export function dateInZone(epochMs: number, zone: string): CalendarDate {
  return DateTime.fromMillis(epochMs, { zone }).toFormat('yyyy-MM-dd');
}

export function todayIn(zone: string, now: number = Date.now()): CalendarDate {
  return dateInZone(now, zone);
}

export { isValidTimeZone };

/**
 * The `at` of a lookup (`?at=`): a calendar date is taken as is; an instant with
 * its zone ("2024-06-30T22:15:00Z") becomes the date it falls on in `zone` (the
 * building's, or the plugin default); absent means today in `zone`.
 */
export function parseAtDate(
  value: unknown,
  zone: string,
  field = 'at',
  now: number = Date.now(),
): CalendarDate {
  if (value === undefined || value === '') return todayIn(zone, now);
  if (typeof value !== 'string')
    throw invalidField(field, `${field} must be given once, as a date (yyyy-MM-dd) or an ISO 8601 instant`);
  if (parseCalendarDate(value) !== null) return value;
  const ms = parseInstant(value);
  if (ms === null) {
    throw invalidField(
      field,
      `${field} must be a date written yyyy-MM-dd or an ISO 8601 instant with its zone, e.g. 2024-06-30T08:00:00Z (got ${JSON.stringify(value.slice(0, MAX_TEXT))})`,
    );
  }
  const date = dateInZone(ms, zone);
  if (parseCalendarDate(date) === null) throw invalidField(field, `${field} is outside the years 1900–2999`);
  return date;
}
