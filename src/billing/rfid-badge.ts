import { z } from 'zod';
import { invalid } from '../common/errors';
import { parseInput } from '../common/validate';
import { readBadgeUid } from '../usage/badge-uid';
import { optionalDate, type CalendarDate } from './dates';
import { rangeContains } from './date-range';
import { bodyError, definedOnly, documentRef, optionalText } from './fields';

/**
 * An RFID badge identifies who uses a charging station or a laundry machine.
 * Its UID is stored normalised (src/usage/badge-uid.ts: trimmed, upper-case,
 * without ":" "-" or spaces — the same function usage records go through), so
 * "04:a3:2b:1c" and "04A32B1C" are one badge, and the unique index holds on
 * every database. A badge belongs to one party; it counts for a use on a day
 * when it is active and the day lies within validFrom … validTo (both included,
 * either open).
 */
export type BadgeInput = {
  uid: string;
  party: string;
  active: boolean;
  validFrom: CalendarDate | null;
  validTo: CalendarDate | null;
  label: string | null;
};

const badgeUidField = (required: boolean) =>
  z
    .unknown()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined && !required) return undefined;
      if (value === undefined || value === null) {
        ctx.addIssue({ code: 'custom', message: 'UID is required, e.g. 04:A3:2B:1C' });
        return z.NEVER;
      }
      const read = readBadgeUid(value);
      if (!read.ok || read.value === null) {
        ctx.addIssue({ code: 'custom', message: `UID ${read.ok ? 'is required' : read.message}` });
        return z.NEVER;
      }
      return read.value;
    });

const fields = {
  uid: badgeUidField(true),
  party: documentRef('Party'),
  active: z.boolean({ error: 'Active must be true or false' }).optional(),
  validFrom: optionalDate('Valid from'),
  validTo: optionalDate('Valid to'),
  label: optionalText('Label', 120),
};

function assertValidity(validFrom: CalendarDate | null, validTo: CalendarDate | null) {
  if (validFrom !== null && validTo !== null && validTo < validFrom) {
    throw invalid(`Valid to (${validTo}) is before valid from (${validFrom})`, [
      { path: ['validTo'], message: 'Valid to must not be before valid from' },
    ]);
  }
}

export const badgeCreateSchema = z.strictObject(fields, bodyError);
export const badgeUpdateSchema = z.strictObject(
  { ...fields, uid: badgeUidField(false), party: fields.party.optional() },
  bodyError,
);

export function parseBadgeCreate(body: unknown): BadgeInput {
  const p = parseInput(badgeCreateSchema, body);
  const input = {
    uid: p.uid as string,
    party: p.party,
    active: p.active ?? true,
    validFrom: p.validFrom ?? null,
    validTo: p.validTo ?? null,
    label: p.label ?? null,
  };
  assertValidity(input.validFrom, input.validTo);
  return input;
}

export function parseBadgeUpdate(body: unknown, stored: BadgeInput): Partial<BadgeInput> {
  const p = parseInput(badgeUpdateSchema, body);
  const patch = definedOnly(p) as Partial<BadgeInput>;
  const merged = { ...stored, ...patch };
  assertValidity(merged.validFrom, merged.validTo);
  return patch;
}

export type BadgeValidity = { valid: true } | { valid: false; reason: string };

/** Whether a badge counts for a use on `date`, and if not, why (for a person reading the lookup). */
export function badgeValidOn(
  badge: Pick<BadgeInput, 'active' | 'validFrom' | 'validTo'>,
  date: CalendarDate,
): BadgeValidity {
  if (!badge.active) return { valid: false, reason: 'the badge is deactivated' };
  const range = { from: badge.validFrom ?? '0000-01-01', to: badge.validTo };
  if (!rangeContains(range, date)) {
    return {
      valid: false,
      reason:
        badge.validFrom !== null && date < badge.validFrom
          ? `the badge is valid from ${badge.validFrom}`
          : `the badge was valid until ${badge.validTo}`,
    };
  }
  return { valid: true };
}
