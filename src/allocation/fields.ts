import { z } from 'zod';
import { parseCalendarDate } from '../charging/calendar';
import { MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, parseDecimal, type Dec } from '../charging/decimal';

/**
 * Zod fields of the allocation input. They parse with charging's own
 * parseDecimal and parseCalendarDate, so a decimal or a date means exactly
 * what it means on a charge run.
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

/** A yyyy-MM-dd date as a day number. */
export const calendarDate = (what: string) =>
  z.string({ error: `${what} must be a date (yyyy-MM-dd)` }).transform((text, ctx) => {
    const day = parseCalendarDate(text);
    if (day === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be a real date written yyyy-MM-dd, got "${text.slice(0, 40)}"`,
      });
      return z.NEVER;
    }
    return day;
  });

export type DecimalCheck = (value: Dec) => string | null;

export const decimal = (what: string, check?: DecimalCheck) =>
  z.union([z.string(), z.number()], { error: `${what} must be a decimal number` }).transform((value, ctx) => {
    const parsed = parseDecimal(value);
    if (parsed === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be a plain decimal number such as 12.5, with at most ${MAX_INTEGER_DIGITS} digits before the point and ${MAX_FRACTION_DIGITS} after it`,
      });
      return z.NEVER;
    }
    const problem = check?.(parsed);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
      return z.NEVER;
    }
    return parsed;
  });

export const nonNegative: DecimalCheck = (v) => (v.isNegative() ? 'must not be negative' : null);
export const positive: DecimalCheck = (v) =>
  v.isPositive() && !v.isZero() ? null : 'must be greater than 0';
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
