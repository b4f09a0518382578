import { z } from 'zod';
import { parseDecimal } from '../charging/decimal';
import { isPrintableMultiline } from '../common/identifiers';
import { ESTIMATION_METHODS, type EstimationMethod } from './estimation';
import type { QualityState } from './register-validator';

/**
 * The correction queue's actions on flagged readings (the "editing" of VEE). The raw
 * value is never touched: an action changes the reading's quality state and, for an
 * edit or an estimate, its effective value; every action is written to the audit
 * trail with who, when, before, after and why, and an undo restores the state
 * before the last action.
 */
export const QUALITY_STATES = [
  'valid',
  'suspect',
  'estimated',
  'edited',
  'accepted',
] as const satisfies readonly QualityState[];
export const CORRECTION_ACTIONS = ['accept', 'edit', 'estimate'] as const;
export type CorrectionAction = (typeof CORRECTION_ACTIONS)[number];

/** At most this many readings in one bulk action (one request, one transaction). */
export const MAX_BULK = 500;

const reason = z
  .string()
  .trim()
  .max(1000, 'must be at most 1000 characters')
  .refine(isPrintableMultiline, 'contains a control or invisible character');

export const correctionSchema = z
  .strictObject({
    action: z.enum(CORRECTION_ACTIONS),
    readings: z
      .array(z.number().int().positive(), { error: 'readings must be a list of reading ids' })
      .min(1, 'name at least one reading')
      .max(MAX_BULK, `at most ${MAX_BULK} readings at a time`),
    value: z.union([z.string(), z.number()]).optional(),
    method: z.enum(ESTIMATION_METHODS).optional(),
    reason: reason.optional(),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<number>();
    body.readings.forEach((id, i) => {
      if (seen.has(id))
        ctx.addIssue({ code: 'custom', path: ['readings', i], message: `reading ${id} is listed twice` });
      seen.add(id);
    });
    if (body.action === 'edit') {
      if (!body.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'an edit needs a reason' });
      if (body.value === undefined)
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'an edit needs a value' });
      else if (!parseDecimal(body.value) || parseDecimal(body.value)!.isNegative())
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'value must be a decimal number ≥ 0' });
      if (body.readings.length > 1)
        ctx.addIssue({
          code: 'custom',
          path: ['readings'],
          message: 'an edit applies to one reading at a time',
        });
    } else if (body.value !== undefined)
      ctx.addIssue({ code: 'custom', path: ['value'], message: `value is only for an edit` });
    if (body.action === 'estimate' && !body.method)
      ctx.addIssue({
        code: 'custom',
        path: ['method'],
        message: `method must be one of ${ESTIMATION_METHODS.join(', ')}`,
      });
    if (body.action !== 'estimate' && body.method)
      ctx.addIssue({ code: 'custom', path: ['method'], message: 'method is only for an estimate' });
  })
  .transform((body) => ({
    ...body,
    value: body.value === undefined ? undefined : parseDecimal(body.value)!.toString(),
    reason: body.reason || null,
  }));
export type Correction = z.output<typeof correctionSchema>;

export const undoSchema = z.strictObject({ reason: reason.optional() });

/** `POST /validation/readings/:id/fill`: the reads missing before this one, estimated with one method. */
export const fillSchema = z
  .strictObject({
    method: z.enum(ESTIMATION_METHODS, {
      error: `method must be one of ${ESTIMATION_METHODS.join(', ')}`,
    }),
    reason: reason.optional(),
  })
  .transform((b) => ({ ...b, reason: b.reason || null }));

/** The quality a reading has after an action. */
export type Quality = {
  state: QualityState;
  /** Null: the raw value is the effective value. */
  effectiveValue: string | null;
  method: EstimationMethod | null;
};

/** Why an action does not apply to a reading in this state (null: it does). */
export function refusalOf(action: CorrectionAction, state: QualityState): string | null {
  if (action === 'accept' && state !== 'suspect')
    return `only a suspect reading can be accepted (this one is ${state})`;
  return null;
}

/** An edited or estimated value becomes the effective value; accepting keeps the raw one. */
export function applyAction(
  action: CorrectionAction,
  value: string | null,
  method: EstimationMethod | null,
): Quality {
  if (action === 'accept') return { state: 'accepted', effectiveValue: null, method: null };
  if (action === 'edit') return { state: 'edited', effectiveValue: value, method: null };
  return { state: 'estimated', effectiveValue: value, method };
}
