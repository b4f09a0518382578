import { DateTime } from 'luxon';
import { invalidField } from '../errors';
import { hasImpossibleOffset } from '../list-query';

/** The years a list's `from`/`to` may name: the range usage records and logs are stored in. */
export const BOUND_YEARS = { earliest: 1970, latest: 9999 } as const;

/**
 * A list's `from` or `to` query parameter, in epoch milliseconds: a calendar date
 * (the whole day in `zone`, both ends inclusive) or an ISO 8601 instant (`to` inclusive).
 * Each way it can be wrong gets its own sentence: the format, an offset no place uses
 * (+25:00), a year outside the supported range (named).
 */
export function parseTimeBound(name: 'from' | 'to', value: unknown, zone: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  let time: DateTime | null = null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = DateTime.fromISO(text, { zone });
    if (day.isValid) time = name === 'from' ? day.startOf('day') : day.plus({ days: 1 }).startOf('day');
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    if (hasImpossibleOffset(text))
      throw invalidField(
        name,
        `${name} has a UTC offset no place uses (offsets run from -12:00 to +14:00): "${text.slice(0, 40)}"`,
      );
    const instant = DateTime.fromISO(text, { zone: 'utc', setZone: true });
    if (instant.isValid) time = name === 'from' ? instant : instant.plus({ milliseconds: 1 });
  }
  if (time === null)
    throw invalidField(
      name,
      `${name} must be a date (YYYY-MM-DD) or an ISO 8601 date and time such as 2024-03-01T08:00:00Z`,
    );
  const year = Number(text.slice(0, 4));
  if (year < BOUND_YEARS.earliest || year > BOUND_YEARS.latest)
    throw invalidField(
      name,
      `${name} is outside the supported years ${BOUND_YEARS.earliest}–${BOUND_YEARS.latest} (got "${text.slice(0, 40)}")`,
    );
  return time.toMillis();
}
