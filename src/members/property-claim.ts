import { z } from 'zod';
import { conflict } from '../common/errors';
import { parseInput } from '../common/validate';
import type { ClaimStatus } from './utility-links';

export const CLAIM_STATUSES = ['pending', 'approved', 'rejected'] as const satisfies readonly ClaimStatus[];

const documentId = (label: string) =>
  z
    .string({ error: `${label} must be the documentId of a billing point` })
    .trim()
    .min(1, { error: `${label} must not be empty` })
    .max(64, { error: `${label} must be at most 64 characters` });

const note = z
  .string({ error: 'note must be text' })
  .trim()
  .max(1000, { error: 'note must be at most 1000 characters' })
  .nullable()
  .optional();

export const claimCreateSchema = z.strictObject(
  { billingPoint: documentId('billingPoint'), note },
  { error: 'The body must be an object' },
);
export const decisionSchema = z.strictObject({ note }, { error: 'The body must be an object' });

/** A member files a claim on a place: `{ billingPoint, note? }`. It always starts pending. */
export function parseClaimCreate(body: unknown): { billingPoint: string; note: string | null } {
  const parsed = parseInput(claimCreateSchema, body ?? {});
  return { billingPoint: parsed.billingPoint, note: parsed.note || null };
}

/** An admin's decision body: `{ note? }` (e.g. why a claim was rejected). */
export function parseDecision(body: unknown): { note: string | null } {
  const parsed = parseInput(decisionSchema, body ?? {});
  return { note: parsed.note || null };
}

/**
 * Decisions: a pending claim is approved or rejected; an approved claim can be
 * rejected later (revoking access, e.g. after a move), a rejected one approved
 * after all. Deciding what is already decided is a 409, so a double click does
 * not overwrite who decided and when.
 */
export function assertDecision(current: ClaimStatus, next: 'approved' | 'rejected'): void {
  if (current === next) throw conflict(`The claim is already ${current}`);
}

export const parseStatusFilter = (value: unknown): ClaimStatus[] | undefined => {
  if (value === undefined || value === '') return undefined;
  return parseInput(
    z
      .string({ error: 'status must be given once, e.g. status=pending,approved' })
      .transform((s) => s.split(',').map((x) => x.trim()))
      .pipe(z.array(z.enum(CLAIM_STATUSES, { error: `status must be any of ${CLAIM_STATUSES.join(', ')}` }))),
    value,
  );
};

/** users-permissions ids are positive integers; anything else in a URL is a 400. */
export function parseUserId(value: unknown, field = 'userId'): number {
  return parseInput(
    z
      .string({ error: `${field} must be a user id` })
      .regex(/^[1-9]\d{0,9}$/, { error: `${field} must be a positive whole number` })
      .transform(Number),
    value,
  );
}
