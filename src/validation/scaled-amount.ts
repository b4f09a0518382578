import { Dec, MAX_FRACTION_DIGITS, plainDecimalText } from '../charging/decimal';

/**
 * The validator's arithmetic on meter values, without a decimal.js object per read.
 *
 * A meter value arrives as decimal text with at most 12 decimals. Held as a *scaled
 * integer* — `units` × 10^−`scale`, |units| ≤ Number.MAX_SAFE_INTEGER — a difference or a
 * comparison of two is integer arithmetic on JS numbers, and exact: every integer up to
 * 2^53 − 1 is a double, and so is every sum, difference or power-of-ten multiple of such
 * integers that stays in that range; one that leaves it comes out at 2^53 or beyond (the
 * rounding is monotone) and is caught by `Number.isSafeInteger`. A value that does not fit
 * stays the decimal it is, a result that would not fit is made in decimal, and an operation
 * with a decimal on either side is the decimal operation — so every answer here is the one
 * decimal.js gives. tests/unit/validation/scaled-amount.test.ts holds the validator to that.
 */
export class ScaledInteger {
  constructor(
    /** The value × 10^scale: a safe integer, never −0 (text "-0" stays a decimal −0). */
    readonly units: number,
    /** Decimals, 0 … 12. */
    readonly scale: number,
  ) {}
}

/** A meter value, or a difference of meter values: a scaled integer when it fits, else a decimal. */
export type Amount = ScaledInteger | Dec;

/** 10^0 … 10^12, as exact doubles and as BigInts. */
const POWERS_OF_TEN = Array.from({ length: MAX_FRACTION_DIGITS + 1 }, (_, i) => Number(`1e${i}`));
const BIG_POWERS_OF_TEN = POWERS_OF_TEN.map((p) => BigInt(p));

const DOT = 46;
const DIGIT_0 = 48;
const MINUS = 45;

/**
 * Plain decimal text (as plainDecimalText answers it: optional sign, digits, at most 12
 * decimals) as a scaled integer; null when its digits make more than a safe integer, or
 * for a negative zero, which decimal.js keeps apart (−0 is negative there).
 */
function scaledOfText(text: string): ScaledInteger | null {
  let units = 0;
  let scale = 0;
  let decimals = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) decimals = true;
    else if (c >= DIGIT_0 && c <= DIGIT_0 + 9) {
      units = units * 10 + (c - DIGIT_0);
      if (decimals) scale++;
    }
  }
  if (!Number.isSafeInteger(units)) return null;
  if (text.charCodeAt(0) !== MINUS) return new ScaledInteger(units, scale);
  return units === 0 ? null : new ScaledInteger(-units, scale);
}

/** A reading's value: null exactly where parseDecimal answers null (the same texts and numbers). */
export function amountOf(input: unknown): Amount | null {
  const text = plainDecimalText(input);
  if (text === null) return null;
  return scaledOfText(text) ?? new Dec(text);
}

/** A decimal (a rule parameter, a rollover value) as an amount: scaled when it fits. */
export function amountOfDecimal(value: Dec): Amount {
  if (value.decimalPlaces() > MAX_FRACTION_DIGITS || (value.isZero() && value.isNegative())) return value;
  return scaledOfText(value.toFixed()) ?? value;
}

/** The decimal an amount stands for: for messages, and for the decimal side of a mixed operation. */
export function decimalOf(amount: Amount): Dec {
  if (!(amount instanceof ScaledInteger)) return amount;
  return new Dec(amount.scale === 0 ? amount.units : `${amount.units}e-${amount.scale}`);
}

/**
 * The nearest double, as Dec#toNumber answers it: units and 10^scale are exact doubles, so
 * their quotient is the exact value rounded once — the same rounding decimal.js's toNumber
 * gets from reading its own text back.
 */
export function numberOf(amount: Amount): number {
  return amount instanceof ScaledInteger ? amount.units / POWERS_OF_TEN[amount.scale] : amount.toNumber();
}

/** An amount's units at a scale ≥ its own; not a safe integer when they do not fit. */
const unitsAt = (amount: ScaledInteger, scale: number) =>
  amount.scale === scale ? amount.units : amount.units * POWERS_OF_TEN[scale - amount.scale];

/** a + b, or a − b, of two scaled integers at the larger scale; null when a step leaves the safe integers. */
function scaledSum(a: ScaledInteger, b: ScaledInteger, subtract: boolean): ScaledInteger | null {
  const scale = Math.max(a.scale, b.scale);
  const x = unitsAt(a, scale);
  const y = unitsAt(b, scale);
  const units = subtract ? x - y : x + y;
  return Number.isSafeInteger(x) && Number.isSafeInteger(y) && Number.isSafeInteger(units)
    ? new ScaledInteger(units, scale)
    : null;
}

export function sumOf(a: Amount, b: Amount): Amount {
  if (a instanceof ScaledInteger && b instanceof ScaledInteger) {
    const sum = scaledSum(a, b, false);
    if (sum) return sum;
  }
  return decimalOf(a).add(decimalOf(b));
}

export function differenceOf(a: Amount, b: Amount): Amount {
  if (a instanceof ScaledInteger && b instanceof ScaledInteger) {
    const difference = scaledSum(a, b, true);
    if (difference) return difference;
  }
  return decimalOf(a).sub(decimalOf(b));
}

/** −1, 0 or 1 as a is below, equal to or above b (a decimal −0 equals 0, as in decimal.js). */
export function compareAmounts(a: Amount, b: Amount): number {
  if (a instanceof ScaledInteger && b instanceof ScaledInteger) {
    if (a.scale === b.scale) return a.units < b.units ? -1 : a.units > b.units ? 1 : 0;
    const scale = Math.max(a.scale, b.scale);
    const x = unitsAt(a, scale);
    const y = unitsAt(b, scale);
    if (Number.isSafeInteger(x) && Number.isSafeInteger(y)) return x < y ? -1 : x > y ? 1 : 0;
  }
  return decimalOf(a).cmp(decimalOf(b));
}

export const isZeroAmount = (amount: Amount): boolean =>
  amount instanceof ScaledInteger ? amount.units === 0 : amount.isZero();

/** Below zero — or a decimal −0, which decimal.js counts as negative. */
export const isNegativeAmount = (amount: Amount): boolean =>
  amount instanceof ScaledInteger ? amount.units < 0 : amount.isNegative();

export const isPositiveAmount = (amount: Amount): boolean =>
  amount instanceof ScaledInteger ? amount.units > 0 : amount.greaterThan(0);

/**
 * −1, 0 or 1 as a × times ÷ per is below, equal to or above b (times and per whole, per > 0).
 * Two scaled integers are compared exactly, cross-multiplied in BigInt:
 * a.units × times × 10^b.scale against b.units × per × 10^a.scale. That is the verdict of
 * the decimal quotient (100 significant digits) against b: the quotient is below 2^106,
 * so rounding moves it by less than 10^−68, while a quotient other than b differs from it
 * by at least 1 ÷ (per × 10^24) > 10^−41; and a quotient equal to b (≤ 16 digits) is
 * exact in decimal.
 */
export function compareQuotient(a: Amount, times: number, per: number, b: Amount): number {
  if (
    a instanceof ScaledInteger &&
    b instanceof ScaledInteger &&
    Number.isSafeInteger(times) &&
    Number.isSafeInteger(per) &&
    per > 0
  ) {
    const left = BigInt(a.units) * BigInt(times) * BIG_POWERS_OF_TEN[b.scale];
    const right = BigInt(b.units) * BigInt(per) * BIG_POWERS_OF_TEN[a.scale];
    return left < right ? -1 : left > right ? 1 : 0;
  }
  return decimalOf(a).mul(times).div(per).cmp(decimalOf(b));
}
