import { z } from 'zod';
import { parseCalendarDate } from './calendar';
import { MAX_PERIOD_DAYS } from './input-schema';

/**
 * The period of a run request (a charge run, a settlement run): two calendar
 * dates, both included, the end not before the start, at most MAX_PERIOD_DAYS
 * days. One rule for every run an admin starts, so the two never drift apart.
 */
export const requestDate = (what: string) =>
  z
    .string({ error: `${what} is required, as a date yyyy-MM-dd` })
    .meta({ format: 'date' })
    .refine((text) => parseCalendarDate(text) !== null, {
      error: `${what} must be a real date written yyyy-MM-dd`,
    });

/** For superRefine: reports an inverted or too long period on periodEnd. `what` names it ("A charge period"). */
export function checkRequestPeriod(
  body: { periodStart: string; periodEnd: string },
  ctx: z.RefinementCtx,
  what: string,
): void {
  const start = parseCalendarDate(body.periodStart);
  const end = parseCalendarDate(body.periodEnd);
  // zod runs this even when a date was refused above: then there is no period to judge.
  if (start === null || end === null) return;
  if (end < start)
    ctx.addIssue({
      code: 'custom',
      path: ['periodEnd'],
      message: 'periodEnd must not be before periodStart',
    });
  else if (end - start + 1 > MAX_PERIOD_DAYS)
    ctx.addIssue({
      code: 'custom',
      path: ['periodEnd'],
      message: `${what} is at most ${MAX_PERIOD_DAYS} days`,
    });
}
