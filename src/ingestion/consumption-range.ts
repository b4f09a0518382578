import { DateTime } from 'luxon';
import { invalid, invalidField, type FieldProblem } from '../common/errors';
import { hasImpossibleOffset } from '../common/list-query';
import { CONSUMPTION_PERIODS, bucketOf, type ConsumptionPeriod } from './consumption';

/**
 * The query of a consumption series (`?period=day|month&from&to`), read once at the
 * boundary for the admin's charts and the resident API alike.
 *
 * `from` and `to` are a calendar date (00:00 of that day in the series' zone) or an
 * ISO 8601 instant with its zone; `to` is exclusive, so `from=2024-01-01&to=2024-02-01`
 * is January. Without them the series ends with the current day (month) and spans
 * the last 31 days (12 months); with one of them it spans that much from (up to) it. A range is bounded — 366 days of days, 60 months of
 * months — so an answer stays small whatever the meter's history.
 */
export const DEFAULT_SPAN: Record<ConsumptionPeriod, { days?: number; months?: number }> = {
  day: { days: 31 },
  month: { months: 12 },
};
export const MAX_SPAN: Record<ConsumptionPeriod, { span: { days?: number; months?: number }; text: string }> =
  {
    day: { span: { days: 366 }, text: '366 days' },
    month: { span: { months: 60 }, text: '60 months' },
  };

export type ConsumptionRange = { period: ConsumptionPeriod; from: number; to: number };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date (00:00 local in `zone`) or an ISO instant with its zone → epoch ms; undefined when absent. */
export function parseInstantParam(field: string, raw: unknown, zone: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string')
    throw invalidField(field, `${field} must be given once, as an ISO 8601 date or date-time`);
  if (hasImpossibleOffset(raw))
    throw invalidField(
      field,
      `${field} has a UTC offset no place uses (offsets run from -12:00 to +14:00): "${raw.slice(0, 40)}"`,
    );
  const t = DATE.test(raw)
    ? DateTime.fromISO(raw, { zone })
    : DateTime.fromISO(raw, { zone: 'utc', setZone: true });
  if (!t.isValid)
    throw invalidField(field, `${field} must be an ISO 8601 date or date-time (got "${raw.slice(0, 40)}")`);
  if (t.year < 1900 || t.year > 2999)
    throw invalidField(
      field,
      `${field} is outside the supported years 1900–2999 (got "${raw.slice(0, 40)}")`,
    );
  return t.toMillis();
}

export function parsePeriod(raw: unknown): ConsumptionPeriod {
  if (raw === undefined || raw === '') return 'day';
  if (typeof raw === 'string' && (CONSUMPTION_PERIODS as readonly string[]).includes(raw))
    return raw as ConsumptionPeriod;
  throw invalidField('period', 'period must be day or month');
}

export function parseConsumptionRange(
  query: Record<string, unknown>,
  zone: string,
  now: number = Date.now(),
): ConsumptionRange {
  const problems: FieldProblem[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      const details = (error as { details?: { errors?: FieldProblem[] } }).details;
      if (!details?.errors) throw error;
      problems.push(...details.errors.map(({ path, message }) => ({ path, message })));
      return undefined;
    }
  };
  const period = attempt(() => parsePeriod(query.period));
  const from = attempt(() => parseInstantParam('from', query.from, zone));
  const to = attempt(() => parseInstantParam('to', query.to, zone));
  if (problems.length || !period) throw invalid(problems[0].message, problems);

  const local = (ms: number) => DateTime.fromMillis(ms, { zone });
  // Neither given: up to the end of the bucket holding "now" (today, or this month).
  // One given: the default span from (or up to) it.
  const end =
    to ??
    (from !== undefined
      ? local(from).plus(DEFAULT_SPAN[period]).toMillis()
      : bucketOf(now + 1, period, zone).end);
  const start = from ?? local(end).minus(DEFAULT_SPAN[period]).toMillis();
  if (start >= end) throw invalidField('to', 'to must be after from');
  const limit = MAX_SPAN[period];
  if (local(start).plus(limit.span).toMillis() < end) {
    throw invalidField(
      'from',
      `A series by ${period} spans at most ${limit.text}; choose a later from or an earlier to`,
    );
  }
  return { period, from: start, to: end };
}
