import { z } from 'zod';
import { parseCalendarDate } from '../charging/calendar';
import { parseInput } from '../common/validate';

/** A year and a day: enough for an annual statement, small enough to answer within one request. */
export const MAX_FIGURES_DAYS = 366;

const day = (what: string) =>
  z
    .string({ error: `${what} must be given once, as a date yyyy-MM-dd` })
    .refine((t) => parseCalendarDate(t) !== null, {
      error: `${what} must be a real date written yyyy-MM-dd`,
    });

/**
 * `?from&to&granularity` of a community's figures: `from` the first day, `to` the
 * day after the last (exclusive, like the residents' consumption range), local
 * days of the community's time zone. Unknown parameters are refused, so a
 * misspelt `granularty=month` is not silently answered by day.
 */
export const figuresQuerySchema = z
  .strictObject(
    {
      from: day('from'),
      to: day('to'),
      granularity: z.enum(['day', 'month'], { error: 'granularity must be day or month' }).default('day'),
    },
    { error: 'The query must be ?from=yyyy-MM-dd&to=yyyy-MM-dd[&granularity=day|month]' },
  )
  .superRefine((q, ctx) => {
    const from = parseCalendarDate(q.from)!;
    const to = parseCalendarDate(q.to)!;
    if (to <= from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    else if (to - from > MAX_FIGURES_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `The period may span at most ${MAX_FIGURES_DAYS} days`,
      });
  });

export type FiguresQuery = z.output<typeof figuresQuerySchema>;

export function parseFiguresQuery(query: unknown): FiguresQuery {
  return parseInput(figuresQuerySchema, query);
}

/**
 * The registers of a member's meter that are its consumption. Candidates: the
 * declared registers that have interval readings in the period; else every
 * register with interval readings (a device created with the default register
 * "1" whose data arrives as 1.8.0); else the declared ones (then reported
 * missing). Of those, the import registers (OBIS 1.8.x) when there are any, and
 * never an export register (2.8.x): a bidirectional meter's feed-in is not consumption.
 */
export function consumptionRegisters(
  declared: readonly string[] | null,
  stored: readonly string[],
): string[] {
  const withData = (declared ?? []).filter((r) => stored.includes(r));
  const candidates = withData.length ? withData : stored.length ? stored : (declared ?? []);
  const imports = candidates.filter((r) => /^1\.8(\.|$)/.test(r));
  const chosen = imports.length ? imports : candidates.filter((r) => !/^2\.8(\.|$)/.test(r));
  // 1.8.0 is the sum of the tariff registers 1.8.1, 1.8.2: counting both would double the energy.
  if (chosen.includes('1.8.0') && chosen.length > 1) return ['1.8.0'];
  return [...chosen].sort();
}
