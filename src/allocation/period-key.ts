import { z } from 'zod';
import { parseCalendarDate } from '../charging/calendar';
import { MAX_PERIOD_DAYS } from '../charging/input-schema';

/**
 * The period key of a building's allocation keys and schemes: '' for the
 * default set, or the settlement period it applies to, written
 * `yyyy-MM-dd..yyyy-MM-dd` (start and end, both included) — exactly the
 * period a settlement run is asked for, so the run finds its rows by equality
 * and a period row never half-applies to an overlapping run.
 */
export const DEFAULT_PERIOD_KEY = '';

const PERIOD_KEY_TEXT = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

/** The key of the settlement period start–end (yyyy-MM-dd texts). */
export const periodKeyOf = (periodStart: string, periodEnd: string) => `${periodStart}..${periodEnd}`;

/** Why a period key is malformed, or null when it is '' or a real period (end not before start, at most MAX_PERIOD_DAYS). */
export function periodKeyProblem(text: string): string | null {
  if (text === DEFAULT_PERIOD_KEY) return null;
  const match = PERIOD_KEY_TEXT.exec(text);
  if (!match) return 'must be empty (the default) or a period written yyyy-MM-dd..yyyy-MM-dd';
  const start = parseCalendarDate(match[1]);
  const end = parseCalendarDate(match[2]);
  if (start === null || end === null) return 'must name two real dates (yyyy-MM-dd..yyyy-MM-dd)';
  if (end < start) return 'must not end before it starts';
  if (end - start + 1 > MAX_PERIOD_DAYS) return `must span at most ${MAX_PERIOD_DAYS} days`;
  return null;
}

/** The body field: absent or null is the default (''); anything else must be a well-formed key. */
export const periodKeyField = z
  .string({ error: 'periodKey must be text: empty for the default or yyyy-MM-dd..yyyy-MM-dd' })
  .trim()
  .nullish()
  .transform((value, ctx) => {
    const key = value ?? DEFAULT_PERIOD_KEY;
    const problem = periodKeyProblem(key);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `periodKey ${problem}` });
      return z.NEVER;
    }
    return key;
  });

/**
 * Per target (a billing point, a category): the row of the period when there is
 * one, else the default row. Rows of other periods are never used.
 */
export function rowsForPeriod<R extends { periodKey: string | null }>(
  rows: readonly R[],
  target: (row: R) => string,
  periodKey: string,
): Map<string, R> {
  const chosen = new Map<string, R>();
  for (const row of rows) {
    const key = row.periodKey ?? DEFAULT_PERIOD_KEY;
    if (key !== periodKey && key !== DEFAULT_PERIOD_KEY) continue;
    const current = chosen.get(target(row));
    if (!current || key === periodKey) chosen.set(target(row), row);
  }
  return chosen;
}
