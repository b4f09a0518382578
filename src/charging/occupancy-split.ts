import type { ParsedOccupancy } from './input-schema';

/**
 * Who answers for a billing point on each day of the period: the occupant
 * whose entry … exit dates (both included) cover the day, else — vacancy — the
 * owner. The period is cut into runs of days with one responsible party;
 * consumption is later split at the runs' edges (00:00 local of the first day
 * of a run), so a move on an exit date E / entry date E+1 splits at the start
 * of E+1, where a read stamped 00:00 that day is exact and anything else is
 * interpolated.
 */
export interface ResponsibilityRun {
  fromDay: number;
  toDay: number;
  partyId: string;
  role: 'occupant' | 'owner';
  occupancyId: string | null;
}

export type OccupancyOverlap = [ParsedOccupancy, ParsedOccupancy];

export type ResponsibilityResult =
  { ok: true; runs: ResponsibilityRun[] } | { ok: false; overlaps: OccupancyOverlap[] };

/** Runs covering firstDay … lastDay exactly, in order. One sort, then linear. */
export function responsibilityRuns(
  occupancies: readonly ParsedOccupancy[],
  ownerPartyId: string,
  firstDay: number,
  lastDay: number,
): ResponsibilityResult {
  const sorted = [...occupancies].sort(
    (a, b) =>
      a.entryDay - b.entryDay ||
      (a.exitDay ?? Infinity) - (b.exitDay ?? Infinity) ||
      compareText(a.partyId, b.partyId) ||
      compareText(a.id ?? '', b.id ?? ''),
  );
  // Overlaps anywhere in the history are refused: two people cannot both owe the same day.
  const overlaps: OccupancyOverlap[] = [];
  let reachedBy: ParsedOccupancy | null = null;
  let reach = -Infinity; // the latest exit day seen so far (Infinity while one is open)
  for (const occupancy of sorted) {
    if (reachedBy && reach >= occupancy.entryDay) overlaps.push([reachedBy, occupancy]);
    const exit = occupancy.exitDay ?? Infinity;
    if (exit > reach) {
      reach = exit;
      reachedBy = occupancy;
    }
  }
  if (overlaps.length > 0) return { ok: false, overlaps };

  const runs: ResponsibilityRun[] = [];
  const push = (run: ResponsibilityRun) => {
    const last = runs[runs.length - 1];
    // A renewed lease (same party, back to back) is one run, not two.
    if (last && last.partyId === run.partyId && last.role === run.role && last.toDay + 1 === run.fromDay) {
      last.toDay = run.toDay;
      if (last.occupancyId !== run.occupancyId) last.occupancyId = null;
    } else runs.push(run);
  };
  let day = firstDay;
  for (const occupancy of sorted) {
    const from = Math.max(occupancy.entryDay, firstDay);
    const to = Math.min(occupancy.exitDay ?? lastDay, lastDay);
    if (from > to) continue;
    if (from > day)
      push({ fromDay: day, toDay: from - 1, partyId: ownerPartyId, role: 'owner', occupancyId: null });
    push({
      fromDay: from,
      toDay: to,
      partyId: occupancy.partyId,
      role: 'occupant',
      occupancyId: occupancy.id,
    });
    day = to + 1;
  }
  if (day <= lastDay)
    push({ fromDay: day, toDay: lastDay, partyId: ownerPartyId, role: 'owner', occupancyId: null });
  return { ok: true, runs };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
