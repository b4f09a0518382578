import { formatDay } from '../charging/calendar';
import { responsibilityRuns, type ResponsibilityRun } from '../charging/occupancy-split';
import { invalid } from '../common/errors';
import type { ParsedAllocationPoint } from './input-schema';

/**
 * Who bears a billing point's share, and for how many days: the same rule as
 * charging (occupancy-split.ts) — each day belongs to the occupant whose entry
 * … exit covers it, else, vacant, to the owner. A party answerable on several
 * runs of days (a vacancy before and after a lease) is one party with the days
 * added up. Overlapping occupancies cannot be shared and are refused.
 */
export interface PartyDays {
  partyId: string;
  /** 'occupant' when the party occupied the point on any day, else 'owner' (vacancy). */
  role: 'occupant' | 'owner';
  days: number;
  runs: ResponsibilityRun[];
}

export function partyDays(
  point: ParsedAllocationPoint,
  periodStartDay: number,
  periodEndDay: number,
): PartyDays[] {
  const result = responsibilityRuns(point.occupancies, point.ownerPartyId, periodStartDay, periodEndDay);
  if (!result.ok) {
    const [a, b] = result.overlaps[0];
    const span = (o: typeof a) =>
      `${formatDay(o.entryDay)} … ${o.exitDay === null ? 'open' : formatDay(o.exitDay)}`;
    throw invalid(
      `Billing point "${point.id}": the occupancies of "${a.partyId}" (${span(a)}) and "${b.partyId}" (${span(b)}) overlap; one day cannot be shared`,
      [{ path: ['billingPoints', point.id, 'occupancies'], message: 'Occupancies overlap' }],
      'allocation-occupancies-overlap',
      { billingPoint: point.name ?? point.id, first: a.partyId, second: b.partyId },
    );
  }
  const byParty = new Map<string, PartyDays>();
  for (const run of result.runs) {
    const days = run.toDay - run.fromDay + 1;
    const seen = byParty.get(run.partyId);
    if (seen) {
      seen.days += days;
      seen.runs.push(run);
      if (run.role === 'occupant') seen.role = 'occupant';
    } else byParty.set(run.partyId, { partyId: run.partyId, role: run.role, days, runs: [run] });
  }
  return [...byParty.values()];
}
