import { z } from 'zod';
import { parseCalendarDate } from './calendar';
import { MAX_PERIOD_DAYS } from './input-schema';

/**
 * The bodies of the charge-run routes, here (not in the service) so the OpenAPI
 * description (server/openapi) documents the very schemas the server parses with.
 */
const documentId = (what: string) =>
  z
    .string({ error: `${what} must be a documentId (text)` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(64, { error: `${what} is too long` });

const calendarDate = (what: string) =>
  z
    .string({ error: `${what} is required, as a date yyyy-MM-dd` })
    .meta({ format: 'date' })
    .refine((text) => parseCalendarDate(text) !== null, {
      error: `${what} must be a real date written yyyy-MM-dd`,
    });

/** `POST /charge-runs`: the period (both ends included) and the scope, null for everything. */
export const runBodySchema = z
  .object(
    {
      periodStart: calendarDate('periodStart'),
      periodEnd: calendarDate('periodEnd'),
      scope: z
        .union(
          [
            z.strictObject({ building: documentId('scope.building') }),
            z.strictObject({ billingPoint: documentId('scope.billingPoint') }),
            z.null(),
          ],
          { error: 'scope must be { "building": id }, { "billingPoint": id } or null (everything)' },
        )
        .optional(),
    },
    { error: 'The request body must be a JSON object { periodStart, periodEnd, scope }' },
  )
  .strict()
  .superRefine((body, ctx) => {
    const start = parseCalendarDate(body.periodStart)!;
    const end = parseCalendarDate(body.periodEnd)!;
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
        message: `A charge period is at most ${MAX_PERIOD_DAYS} days`,
      });
  });

/** `PUT /invoices/:id`: only the note of a draft invoice changes. */
export const noteSchema = z.strictObject(
  {
    note: z
      .string({ error: 'note must be text' })
      .max(2000, { error: 'note is at most 2000 characters' })
      .nullable(),
  },
  {
    error: 'Only { note } can be changed on an invoice',
  },
);
