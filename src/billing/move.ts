import { z } from 'zod';
import { conflict } from '../common/errors';
import { parseInput } from '../common/validate';
import { calendarDate, nextDay, optionalDate, type CalendarDate } from './dates';
import { describeRange } from './date-range';
import { bodyError, documentRef, optionalNote } from './fields';
import { parseNested } from './nested';
import {
  assertExitNotBeforeEntry,
  assertNoOccupancyOverlap,
  occupancyDetails,
  occupancyRange,
  type StoredOccupancy,
} from './occupancy';
import { partyCreateSchema, toPartyInput, type PartyInput } from './party';

/**
 * Registering a move (the guide's "Register a move"): the current occupant's
 * exit date and, optionally, the next occupant — an existing party or a new
 * one — with an entry date. The server applies it in one transaction.
 *
 * Conventions (both ends inclusive, DESIGN §5):
 * - the exit date is the last day the leaving occupant is billed for;
 * - the next occupant's entry date defaults to the day after it, the earliest
 *   day allowed: a same-day handover (out in the morning, in in the afternoon)
 *   is recorded as exit D−1 / entry D or exit D / entry D+1 — the day belongs
 *   to one of them, never both. An entry on the exit date itself is refused (409);
 * - a later entry date leaves the days between vacant, billed to the owner.
 *
 * The move ends the billing point's latest occupancy. A client may name it
 * (`occupancy`): if that is no longer the latest one — someone else registered a
 * move meanwhile — the move is refused (409) instead of ending the wrong one.
 */
export type NewOccupant = {
  party: string | PartyInput;
  entryDate: CalendarDate;
  exitDate: CalendarDate | null;
  note: string | null;
};

export type MoveInput = {
  exitDate: CalendarDate;
  occupancy: string | null;
  newOccupant: NewOccupant | null;
};

const PARTY_HINT =
  'must be an existing party documentId or the new party itself, e.g. { "kind": "natural", "firstName": "Anna", "lastName": "Meier" }';

const partyOrNewParty = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (typeof value === 'string')
      return parseNested(documentRef('Party'), value, ctx, (id) => id as string | PartyInput);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return parseNested(partyCreateSchema, value, ctx, (p) => toPartyInput(p) as string | PartyInput);
    }
    ctx.addIssue({ code: 'custom', message: `Party ${PARTY_HINT}` });
    return z.NEVER;
  });

export const moveSchema = z.strictObject(
  {
    exitDate: calendarDate('Exit date'),
    occupancy: documentRef('Occupancy').optional(),
    newOccupant: z
      .strictObject(
        {
          party: partyOrNewParty,
          entryDate: calendarDate('Entry date').optional(),
          exitDate: optionalDate('Exit date of the new occupant'),
          note: optionalNote('Note', 2000),
        },
        { error: 'newOccupant must be an object with party and entryDate' },
      )
      .nullable()
      .optional(),
  },
  bodyError,
);

export function parseMove(body: unknown): MoveInput {
  const p = parseInput(moveSchema, body);
  const newOccupant = p.newOccupant
    ? {
        party: p.newOccupant.party,
        entryDate: p.newOccupant.entryDate ?? nextDay(p.exitDate),
        exitDate: p.newOccupant.exitDate ?? null,
        note: p.newOccupant.note ?? null,
      }
    : null;
  if (newOccupant) assertExitNotBeforeEntryAt(newOccupant.entryDate, newOccupant.exitDate);
  return { exitDate: p.exitDate, occupancy: p.occupancy ?? null, newOccupant };
}

function assertExitNotBeforeEntryAt(entryDate: CalendarDate, exitDate: CalendarDate | null) {
  try {
    assertExitNotBeforeEntry(entryDate, exitDate);
  } catch (error) {
    const e = error as { details: { errors: { path: string[] }[] } };
    for (const problem of e.details.errors) problem.path = ['newOccupant', ...problem.path];
    throw error;
  }
}

export type MovePlan = {
  /** The occupancy that ends, and its new exit date. */
  end: { occupancy: StoredOccupancy; exitDate: CalendarDate };
  /** The next occupancy's dates, when the move has a next occupant. */
  start: { entryDate: CalendarDate; exitDate: CalendarDate | null } | null;
};

/** Checks a move against the billing point's occupancies and says what to write. Throws 409 on any conflict. */
export function planMove(occupancies: readonly StoredOccupancy[], move: MoveInput): MovePlan {
  const sorted = [...occupancies].sort((a, b) =>
    a.entryDate < b.entryDate ? -1 : a.entryDate > b.entryDate ? 1 : 0,
  );
  const current = sorted[sorted.length - 1];
  if (!current) {
    throw conflict(
      'Nobody occupies this billing point, so there is no move-out to register. Assign the new occupant as an occupancy instead.',
    );
  }
  const who = current.partyName || current.partyId;
  const details = { current: occupancyDetails(current) };
  if (move.occupancy !== null && move.occupancy !== current.id) {
    throw conflict(
      `The occupancy to end is no longer the current one: ${who} (${describeRange(occupancyRange(current))}) is now. Someone registered a change meanwhile; reload and try again.`,
      details,
    );
  }
  if (move.exitDate < current.entryDate) {
    throw conflict(
      `The current occupant ${who} entered on ${current.entryDate}, after the exit date ${move.exitDate}.`,
      details,
    );
  }
  if (current.exitDate !== null && current.exitDate < move.exitDate) {
    throw conflict(
      `${who} already moved out on ${current.exitDate}; a move can't end an occupancy later than that. Change the occupancy itself to correct its exit date.`,
      details,
    );
  }
  if (current.exitDate === move.exitDate && move.newOccupant === null) {
    throw conflict(`${who}'s move-out on ${move.exitDate} is already registered.`, details);
  }
  const ended: StoredOccupancy = { ...current, exitDate: move.exitDate };
  if (move.newOccupant) {
    const others = sorted.slice(0, -1).concat(ended);
    assertNoOccupancyOverlap(others, {
      entryDate: move.newOccupant.entryDate,
      exitDate: move.newOccupant.exitDate,
    });
  }
  return {
    end: { occupancy: current, exitDate: move.exitDate },
    start: move.newOccupant
      ? { entryDate: move.newOccupant.entryDate, exitDate: move.newOccupant.exitDate }
      : null,
  };
}
