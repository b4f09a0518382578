import { z } from 'zod';
import { conflict, invalid } from '../common/errors';
import { parseInput } from '../common/validate';
import { calendarDate, nextDay, optionalDate, type CalendarDate } from './dates';
import { describeRange, firstOverlap, type DateRange } from './date-range';
import { bodyError, documentRef, optionalNote } from './fields';

/**
 * An occupancy: a party occupies a billing point from its entry date to its
 * exit date, both included (the exit date is the last day occupied); an open
 * occupancy has no exit date yet. Two occupancies of one billing point never
 * share a day — otherwise two people would owe the same day — so the next
 * occupant enters on the day after the last one's exit date at the earliest.
 */
export type OccupancyInput = {
  party: string;
  entryDate: CalendarDate;
  exitDate: CalendarDate | null;
  note: string | null;
};

/** An occupancy as stored, with what a conflict message needs to name it. */
export type StoredOccupancy = {
  id: string;
  partyId: string;
  partyName: string;
  entryDate: CalendarDate;
  exitDate: CalendarDate | null;
};

export const occupancyRange = (o: Pick<StoredOccupancy, 'entryDate' | 'exitDate'>): DateRange => ({
  from: o.entryDate,
  to: o.exitDate,
});

const fields = {
  party: documentRef('Party'),
  entryDate: calendarDate('Entry date'),
  exitDate: optionalDate('Exit date'),
  note: optionalNote('Note', 2000),
};

const createSchema = z.strictObject(fields, bodyError);
const updateSchema = z.strictObject(
  { ...fields, party: fields.party.optional(), entryDate: fields.entryDate.optional() },
  bodyError,
);

export function assertExitNotBeforeEntry(entryDate: CalendarDate, exitDate: CalendarDate | null) {
  if (exitDate !== null && exitDate < entryDate) {
    throw invalid(
      `The exit date ${exitDate} is before the entry date ${entryDate}; the exit date is the last day occupied`,
      [{ path: ['exitDate'], message: 'Exit date must not be before the entry date' }],
    );
  }
}

export function parseOccupancyCreate(body: unknown): OccupancyInput {
  const p = parseInput(createSchema, body);
  const input = {
    party: p.party,
    entryDate: p.entryDate,
    exitDate: p.exitDate ?? null,
    note: p.note ?? null,
  };
  assertExitNotBeforeEntry(input.entryDate, input.exitDate);
  return input;
}

/** A partial update merged onto the stored occupancy; the result is checked whole. */
export function parseOccupancyUpdate(
  body: unknown,
  stored: Omit<OccupancyInput, 'note'> & { note?: string | null },
): OccupancyInput {
  const p = parseInput(updateSchema, body);
  const merged: OccupancyInput = {
    party: p.party ?? stored.party,
    entryDate: p.entryDate ?? stored.entryDate,
    exitDate: p.exitDate === undefined ? stored.exitDate : p.exitDate,
    note: p.note === undefined ? (stored.note ?? null) : p.note,
  };
  assertExitNotBeforeEntry(merged.entryDate, merged.exitDate);
  return merged;
}

/** A short reference to an occupancy for API clients: which one, whose, when. */
export const occupancyDetails = (o: StoredOccupancy) => ({
  documentId: o.id,
  party: { documentId: o.partyId, displayName: o.partyName },
  entryDate: o.entryDate,
  exitDate: o.exitDate,
});

/**
 * Throws 409 naming the first stored occupancy (other than `exceptId`) that
 * shares a day with the candidate range.
 */
export function assertNoOccupancyOverlap(
  existing: readonly StoredOccupancy[],
  candidate: Pick<StoredOccupancy, 'entryDate' | 'exitDate'>,
  exceptId?: string | null,
) {
  const clash = firstOverlap(existing, occupancyRange, occupancyRange(candidate), exceptId);
  if (!clash) return;
  const hint =
    clash.exitDate !== null && candidate.entryDate <= clash.exitDate && candidate.entryDate >= clash.entryDate
      ? ` The exit date is the last day occupied, so the next occupant can enter on ${nextDay(clash.exitDate)} at the earliest.`
      : '';
  throw conflict(
    `The billing point is already occupied by ${clash.partyName || clash.partyId} (${describeRange(occupancyRange(clash))}), which overlaps ${describeRange(
      occupancyRange(candidate),
    )}.${hint}`,
    { conflicting: occupancyDetails(clash) },
    'occupancy-overlap',
    {
      occupant: clash.partyName || clash.partyId,
      from: clash.entryDate,
      to: clash.exitDate,
      earliest: hint ? nextDay(clash.exitDate!) : 'none',
    },
  );
}

/** The request schemas, for the OpenAPI description (server/openapi). */
export { createSchema as occupancyCreateSchema, updateSchema as occupancyUpdateSchema };
