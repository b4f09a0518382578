import { z } from 'zod';
import { conflict, invalid } from '../common/errors';
import { parseInput } from '../common/validate';
import { billingPointCreateSchema, type BillingPointInput } from './billing-point';
import { calendarDate, nextDay, optionalDate, previousDay, type CalendarDate } from './dates';
import { describeRange, firstOverlap, type DateRange } from './date-range';
import { bodyError, documentRef } from './fields';
import { parseNested } from './nested';

/**
 * A meter installation: a device (meter) measures for a billing point from a
 * date to a date, both included; `to` null while it is still there. A meter is
 * at one billing point at a time, so a device's installations never share a
 * day. Unlinking a meter sets its `to`; the row stays, so the history of which
 * meter measured where (a replacement mid-year, a meter moved) is kept.
 */
export type InstallationInput = { device: string; from: CalendarDate; to: CalendarDate | null };

export type StoredInstallation = {
  id: string;
  deviceId: string;
  billingPointId: string;
  billingPointLabel: string;
  from: CalendarDate;
  to: CalendarDate | null;
};

export const installationRange = (i: Pick<StoredInstallation, 'from' | 'to'>): DateRange => ({
  from: i.from,
  to: i.to,
});

const fields = {
  device: documentRef('Device'),
  from: calendarDate('From'),
  to: optionalDate('To'),
};

function assertToNotBeforeFrom(from: CalendarDate, to: CalendarDate | null) {
  if (to !== null && to < from) {
    throw invalid(`"to" (${to}) is before "from" (${from}); both dates are included`, [
      { path: ['to'], message: 'To must not be before from' },
    ]);
  }
}

export const installationCreateSchema = z.strictObject(fields, bodyError);
export const installationUpdateSchema = z.strictObject(
  { from: fields.from.optional(), to: fields.to },
  bodyError,
);

export function parseInstallationCreate(body: unknown): InstallationInput {
  const p = parseInput(installationCreateSchema, body);
  const input = { device: p.device, from: p.from, to: p.to ?? null };
  assertToNotBeforeFrom(input.from, input.to);
  return input;
}

/** `{ to }` unlinks (or re-opens with null); `from` corrects the start. The device and billing point don't change. */
export function parseInstallationUpdate(
  body: unknown,
  stored: { from: CalendarDate; to: CalendarDate | null },
) {
  const p = parseInput(installationUpdateSchema, body);
  const merged = { from: p.from ?? stored.from, to: p.to === undefined ? stored.to : p.to };
  assertToNotBeforeFrom(merged.from, merged.to);
  return merged;
}

/**
 * Linking a meter "to an existing billing point or directly to a new one"
 * (the guide): `billingPoint` is a documentId or the new billing point itself.
 */
export type LinkInput = InstallationInput & { billingPoint: string | BillingPointInput };

const billingPointOrNew = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (typeof value === 'string')
      return parseNested(documentRef('Billing point'), value, ctx, (id) => id as string | BillingPointInput);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return parseNested(billingPointCreateSchema, value, ctx, (bp) => bp as string | BillingPointInput);
    }
    ctx.addIssue({
      code: 'custom',
      message:
        'Billing point must be an existing billing point documentId or the new billing point, e.g. { "code": "B1-APT-01", "name": "Ground floor apartment", "building": "…" }',
    });
    return z.NEVER;
  });

export const linkSchema = z.strictObject({ ...fields, billingPoint: billingPointOrNew }, bodyError);

export function parseLink(body: unknown): LinkInput {
  const p = parseInput(linkSchema, body);
  assertToNotBeforeFrom(p.from, p.to ?? null);
  return { device: p.device, from: p.from, to: p.to ?? null, billingPoint: p.billingPoint };
}

/** Throws 409 when the device is installed elsewhere (or here) on any day of the candidate range. */
export function assertDeviceFree(
  meterLabel: string,
  existing: readonly StoredInstallation[],
  candidate: Pick<StoredInstallation, 'from' | 'to'>,
  exceptId?: string | null,
) {
  const clash = firstOverlap(existing, installationRange, installationRange(candidate), exceptId);
  if (!clash) return;
  const advice =
    clash.from < candidate.from && (clash.to === null || clash.to >= candidate.from)
      ? ` Unlink it there first: set that installation's "to" to ${previousDay(candidate.from)}.`
      : clash.to !== null
        ? ` Choose dates from ${nextDay(clash.to)} on, or change that installation.`
        : ' Change that installation or choose other dates.';
  throw conflict(
    `Meter ${meterLabel} is installed at ${clash.billingPointLabel} ${describeRange(installationRange(clash))}, which overlaps ${describeRange(
      installationRange(candidate),
    )}; a meter is at one billing point at a time.${advice}`,
    {
      conflicting: {
        documentId: clash.id,
        billingPoint: clash.billingPointId,
        from: clash.from,
        to: clash.to,
      },
    },
  );
}
