import Decimal from 'decimal.js';

/**
 * The Decimal flavour every charging computation uses. It is a clone, so no
 * other module changing decimal.js's global configuration can change a bill.
 *
 * 100 significant digits, with inputs capped at 22 digits before and 12 after
 * the point (parseDecimal): then every sum, difference and product the rules
 * make — a register delta (≤ 35 digits) times a multiplier (≤ 34) — is exact,
 * and only divisions (interpolation, pro rata) round, far below anything that
 * is later rounded to 3 decimals or to cents. decimal.js's default of 20
 * digits would silently round 64-bit counter sums. Half-up is the commercial
 * rounding people check bills with. Exponent limits are pushed out so
 * toString() never prints "1e+21".
 */
export const Dec = Decimal.clone({
  precision: 100,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Dec = Decimal;

export const ZERO: Dec = new Dec(0);
export const ONE: Dec = new Dec(1);

export const MAX_INTEGER_DIGITS = 22;
export const MAX_FRACTION_DIGITS = 12;

/**
 * Plain decimal text only — no exponent, hex, "Infinity" or "NaN" (decimal.js
 * would accept those) — with at most 22 digits before the point (leading zeros
 * aside) and 12 after it.
 */
const DECIMAL_TEXT = /^[+-]?0*(\d{1,22})(\.\d{1,12})?$/;

/**
 * The plain decimal text of decimal text or a finite number (trimmed); null when it is not a
 * plain decimal number within the caps. What parseDecimal accepts, for a reader that holds
 * the value in another form (src/validation/scaled-amount.ts).
 */
export function plainDecimalText(input: unknown): string | null {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    // A JS number's shortest round-trip text is what the sender meant (0.1 → "0.1"); exponent forms are refused.
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
    if (text.length > 64) return null;
  } else return null;
  return DECIMAL_TEXT.test(text) ? text : null;
}

/** Parses decimal text or a finite number; null when it is not a plain decimal number within the caps. */
export function parseDecimal(input: unknown): Dec | null {
  const text = plainDecimalText(input);
  return text === null ? null : new Dec(text);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER_TEXT = /^[+-]?\d{1,20}$/;

/**
 * Parses a 64-bit integer counter without ever passing through a float:
 * text or bigint, or a number only when it is a safe integer (a larger JS
 * number has already lost digits, so it is refused rather than trusted).
 */
export function parseInt64(input: unknown): Dec | null {
  let value: bigint;
  if (typeof input === 'bigint') value = input;
  else if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) return null;
    value = BigInt(input);
  } else if (typeof input === 'string') {
    const text = input.trim();
    if (!INTEGER_TEXT.test(text)) return null;
    value = BigInt(text);
  } else return null;
  if (value < INT64_MIN || value > INT64_MAX) return null;
  return new Dec(value.toString());
}

/** Exact text of a decimal, never in exponent notation ("12.5", "0.001"). */
export function decimalText(value: Dec): string {
  return value.toFixed();
}
