import { z } from 'zod';
import { formatDay } from '../charging/calendar';
import { MAX_PERIOD_DAYS } from '../charging/input-schema';
import { responsibilityRuns } from '../charging/occupancy-split';
import { conflict, invalid } from '../common/errors';
import { parseInput } from '../common/validate';
import { calendarDate, dayNumber, type CalendarDate } from './dates';
import type { StoredOccupancy } from './occupancy';

/**
 * Who answers for a billing point on each day of [from, to]: the occupant whose
 * entry … exit dates cover the day, else nobody occupies it and the day is
 * vacant — billed to the owner (the billing point's, else its building's). The
 * days come as consecutive periods that cover the range exactly; the charging
 * rules (responsibilityRuns) make the same cut, so what this shows is what a
 * charge run bills.
 */
export type CoveragePeriod = {
  from: CalendarDate;
  to: CalendarDate;
  days: number;
  status: 'occupied' | 'vacant';
  /** Who is billed: the occupant, or for a vacancy the owner (null when none is set). */
  billedTo: 'occupant' | 'owner';
  partyId: string | null;
  occupancyId: string | null;
};

const NO_OWNER = '\u0000no-owner';

export const COVERAGE_MAX_DAYS = MAX_PERIOD_DAYS;

export const coverageQuerySchema = z.object(
  { from: calendarDate('from'), to: calendarDate('to') },
  { error: 'from and to are required' },
);

export function parseCoverageQuery(query: Record<string, unknown>): { from: CalendarDate; to: CalendarDate } {
  const p = parseInput(coverageQuerySchema, { from: query.from, to: query.to });
  if (p.to < p.from)
    throw invalid('to must not be before from', [{ path: ['to'], message: 'to must not be before from' }]);
  if (dayNumber(p.to) - dayNumber(p.from) + 1 > COVERAGE_MAX_DAYS) {
    throw invalid(`A coverage range may span at most ${COVERAGE_MAX_DAYS} days`, [
      { path: ['to'], message: `at most ${COVERAGE_MAX_DAYS} days after from` },
    ]);
  }
  return p;
}

export function coverage(
  occupancies: readonly StoredOccupancy[],
  ownerPartyId: string | null,
  from: CalendarDate,
  to: CalendarDate,
): CoveragePeriod[] {
  const parsed = occupancies.map((o) => ({
    id: o.id,
    partyId: o.partyId,
    entryDay: dayNumber(o.entryDate),
    exitDay: o.exitDate === null ? null : dayNumber(o.exitDate),
  }));
  const result = responsibilityRuns(parsed, ownerPartyId ?? NO_OWNER, dayNumber(from), dayNumber(to));
  if (!result.ok) {
    // Only reachable if overlapping rows were written around the plugin's rules.
    const [a, b] = result.overlaps[0];
    throw conflict(
      `Occupancies ${a.id} and ${b.id} overlap; correct one of them before asking for coverage`,
      {
        overlapping: [a.id, b.id],
      },
    );
  }
  return result.runs.map((run) => ({
    from: formatDay(run.fromDay),
    to: formatDay(run.toDay),
    days: run.toDay - run.fromDay + 1,
    status: run.role === 'occupant' ? 'occupied' : 'vacant',
    billedTo: run.role,
    partyId: run.partyId === NO_OWNER ? null : run.partyId,
    occupancyId: run.role === 'occupant' ? run.occupancyId : null,
  }));
}
