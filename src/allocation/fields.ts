import { z } from 'zod';
import type { DecimalCheck } from '../charging/input-schema';

/**
 * Zod fields of the allocation input. Decimals and dates are charging's own
 * builders, so a decimal or a date means exactly what it means on a charge run.
 */
const MAX_ID_LENGTH = 200;

export const id = (what: string) =>
  z
    .string({ error: `${what} is required and must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(MAX_ID_LENGTH, { error: `${what} must be at most ${MAX_ID_LENGTH} characters` });

export const optionalText = (what: string, max: number) =>
  z
    .string({ error: `${what} must be text` })
    .max(max, { error: `${what} must be at most ${max} characters` })
    .nullish()
    .transform((value) => value ?? null);

// The decimal and date builders are charging's and the tariff rules' own, so a number or a
// date means the same (and is refused with the same words) on every input path.
export { decimal, nonNegative, positive, type DecimalCheck } from '../charging/input-schema';
export { calendarDay as calendarDate } from '../charging/tariffs/schema-parts';

export const percentage: DecimalCheck = (v) =>
  v.isNegative() || v.isZero() || v.greaterThan(100) ? 'must be a percentage above 0 and at most 100' : null;
export const vatPercentage: DecimalCheck = (v) =>
  v.isNegative() || v.greaterThan(100) ? 'must be a percentage between 0 and 100' : null;

/** The index of the first value seen twice, or -1. */
export function firstDuplicate(values: readonly string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i += 1) {
    if (seen.has(values[i])) return i;
    seen.add(values[i]);
  }
  return -1;
}
