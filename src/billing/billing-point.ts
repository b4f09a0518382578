import { z } from 'zod';
import { parseInput } from '../common/validate';
import { bodyError, definedOnly, documentRef, optionalNote, placeCode, requiredText } from './fields';

/**
 * A billing point: the place energy or water is consumed and one invoice is
 * made for — an apartment, a villa, a shop, a workshop, a parking space. It
 * belongs to a building; its owner (else the building's owner) pays for the days
 * nobody occupies it. Billing points are set up once and rarely change, so one
 * that is no longer used is deactivated, not deleted.
 */
export const BILLING_POINT_KINDS = [
  'apartment',
  'villa',
  'commercial',
  'industrial',
  'parking',
  'other',
] as const;
export type BillingPointKind = (typeof BILLING_POINT_KINDS)[number];

export type BillingPointInput = {
  code: string;
  name: string;
  kind: BillingPointKind;
  building: string;
  owner: string | null;
  active: boolean;
  notes: string | null;
};

const kind = z.enum(BILLING_POINT_KINDS, { error: `Kind must be one of ${BILLING_POINT_KINDS.join(', ')}` });

export const billingPointFields = {
  code: placeCode,
  name: requiredText('Name', 255),
  kind: kind.optional(),
  building: documentRef('Building'),
  owner: documentRef('Owner').nullable().optional(),
  active: z.boolean({ error: 'Active must be true or false' }).optional(),
  notes: optionalNote('Notes', 5000),
};

export const billingPointCreateSchema = z
  .strictObject(billingPointFields, bodyError)
  .transform((p): BillingPointInput => ({
    code: p.code,
    name: p.name,
    kind: p.kind ?? 'apartment',
    building: p.building,
    owner: p.owner ?? null,
    active: p.active ?? true,
    notes: p.notes ?? null,
  }));

const updateSchema = z.strictObject(
  {
    ...billingPointFields,
    code: placeCode.optional(),
    name: requiredText('Name', 255).optional(),
    building: documentRef('Building').optional(),
  },
  bodyError,
);

export function parseBillingPointCreate(body: unknown): BillingPointInput {
  return parseInput(billingPointCreateSchema, body);
}

export function parseBillingPointUpdate(body: unknown): Partial<BillingPointInput> {
  return definedOnly(parseInput(updateSchema, body));
}

/** The request schemas, for the OpenAPI description (server/openapi). */
export { updateSchema as billingPointUpdateSchema };
