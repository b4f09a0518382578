import { z } from 'zod';
import { parseCalendarDate } from '../calendar';
import { Dec, MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, parseDecimal } from '../decimal';

/**
 * Small zod pieces the tariff schemas share. They mirror input-schema.ts's
 * (same decimal caps, same messages) but live here so the tariff rules can be
 * validated on their own — by the admin API when a calendar or rate is saved —
 * without building a whole charging input.
 */

export const name = (what: string, max = 100) =>
  z
    .string({ error: `${what} is required and must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` })
    .max(max, { error: `${what} must be at most ${max} characters` });

export const BAND_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/;

export const bandCode = (what: string) =>
  z.string({ error: `${what} must be a band code such as HT` }).regex(BAND_PATTERN, {
    error: `${what} must be a band code of 1–16 letters, digits, "-" or "_" (e.g. HT)`,
  });

/** A decimal that must not be negative (prices, fees). */
export const nonNegativeDecimal = (what: string) =>
  z.union([z.string(), z.number()], { error: `${what} must be a decimal number` }).transform((value, ctx) => {
    const parsed = parseDecimal(value);
    if (parsed === null) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be a plain decimal number such as 12.5, with at most ${MAX_INTEGER_DIGITS} digits before the point and ${MAX_FRACTION_DIGITS} after it`,
      });
      return z.NEVER;
    }
    if (parsed.isNegative() && !parsed.isZero()) {
      ctx.addIssue({ code: 'custom', message: `${what} must not be negative` });
      return z.NEVER;
    }
    return parsed;
  });

export const percentage = (what: string) =>
  nonNegativeDecimal(what).transform((value: Dec, ctx) => {
    if (value.greaterThan(100)) {
      ctx.addIssue({ code: 'custom', message: `${what} must be a percentage between 0 and 100` });
      return z.NEVER;
    }
    return value;
  });

export const calendarDay = (what: string) =>
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
