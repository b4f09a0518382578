import { parseCalendarDate } from './calendar';
import { invalidField } from '../common/errors';
import type { ParsedRate, RateTarget } from './input-schema';
import type { RateScope } from './types';

/**
 * Which rate prices a utility type (or usage metric) at a billing point on a
 * date: the most specific one valid that day — a rate set for the billing
 * point, else one for its building, else the default. Valid means validFrom ≤
 * date ≤ validTo (both included; validTo null = open-ended). Two rates of the
 * same, most specific scope valid on the same day is a configuration mistake:
 * the answer is "ambiguous", never an arbitrary pick.
 */
export type RateResolution =
  | { kind: 'found'; rate: ParsedRate }
  | { kind: 'none' }
  | { kind: 'ambiguous'; scope: RateScope; candidates: ParsedRate[] };

export interface RateQuery {
  target: RateTarget;
  billingPointId: string | null;
  buildingId: string | null;
}

const SCOPES_MOST_SPECIFIC_FIRST: readonly RateScope[] = ['billing-point', 'building', 'default'];

function applies(rate: ParsedRate, query: RateQuery): boolean {
  if (rate.target.kind !== query.target.kind || rate.target.code !== query.target.code) return false;
  switch (rate.scope) {
    case 'billing-point':
      return query.billingPointId !== null && rate.billingPointId === query.billingPointId;
    case 'building':
      return query.buildingId !== null && rate.buildingId === query.buildingId;
    case 'default':
      return true;
  }
}

function validOn(rate: ParsedRate, day: number): boolean {
  return rate.fromDay <= day && (rate.toDay === null || day <= rate.toDay);
}

/** Resolution among rates already known to apply to the query. */
function resolveAmong(candidates: readonly ParsedRate[], day: number): RateResolution {
  for (const scope of SCOPES_MOST_SPECIFIC_FIRST) {
    const valid = candidates.filter((rate) => rate.scope === scope && validOn(rate, day));
    if (valid.length === 1) return { kind: 'found', rate: valid[0] };
    if (valid.length > 1) {
      return {
        kind: 'ambiguous',
        scope,
        candidates: [...valid].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      };
    }
  }
  return { kind: 'none' };
}

/** The rate for a target at a billing point on a day number. */
export function resolveRateOnDay(
  rates: readonly ParsedRate[],
  query: RateQuery,
  day: number,
): RateResolution {
  return resolveAmong(
    rates.filter((rate) => applies(rate, query)),
    day,
  );
}

/** The rate for a target at a billing point on a calendar date (yyyy-MM-dd). */
export function resolveRate(
  rates: readonly ParsedRate[],
  query: RateQuery & { date: string },
): RateResolution {
  const day = parseCalendarDate(query.date);
  if (day === null) throw invalidField('date', 'The date must be a real date written yyyy-MM-dd');
  return resolveRateOnDay(rates, query, day);
}

/** A run of days with one resolution. */
export interface RateRun {
  fromDay: number;
  toDay: number;
  resolution: RateResolution;
}

/**
 * The resolution for every day of firstDay … lastDay, as runs. A mid-period
 * price change becomes two runs. Cost: O(r log r + c·r) for r applicable rates
 * and c changes — independent of the number of days.
 */
export function rateRuns(
  rates: readonly ParsedRate[],
  query: RateQuery,
  firstDay: number,
  lastDay: number,
): RateRun[] {
  const candidates = rates.filter((rate) => applies(rate, query));
  const cuts = new Set<number>([firstDay]);
  for (const rate of candidates) {
    if (rate.fromDay > firstDay && rate.fromDay <= lastDay) cuts.add(rate.fromDay);
    if (rate.toDay !== null && rate.toDay + 1 > firstDay && rate.toDay + 1 <= lastDay)
      cuts.add(rate.toDay + 1);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  const runs: RateRun[] = [];
  for (let i = 0; i < starts.length; i++) {
    const fromDay = starts[i];
    const toDay = i + 1 < starts.length ? starts[i + 1] - 1 : lastDay;
    const resolution = resolveAmong(candidates, fromDay);
    const last = runs[runs.length - 1];
    if (last && sameResolution(last.resolution, resolution)) last.toDay = toDay;
    else runs.push({ fromDay, toDay, resolution });
  }
  return runs;
}

function sameResolution(a: RateResolution, b: RateResolution): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'found' && b.kind === 'found') return a.rate.id === b.rate.id;
  if (a.kind === 'ambiguous' && b.kind === 'ambiguous') {
    return a.candidates.map((r) => r.id).join('\u0000') === b.candidates.map((r) => r.id).join('\u0000');
  }
  return true;
}
