import { Dec } from '../charging/decimal';

/**
 * Decimal text as an exact scaled integer, `n / 10^s` with a BigInt `n`: what a
 * consumption series needs of a read (add, subtract, compare, one product by the
 * multiplier at the end) in integer arithmetic — exact at any magnitude, with no
 * precision to run out of, and several times faster than a decimal.js object per
 * read (src/community/watt-hours.ts does the same for the Wh grid). Decimal at the
 * edges only: values come in as text, results go out as text.
 *
 * `negative` keeps the sign of a read written "-0" (a negative read, for the rules,
 * like decimal.js's `isNegative`); arithmetic results carry the sign of `n`.
 */
export type Scaled = { readonly n: bigint; readonly s: number; readonly negative: boolean };

const PLAIN = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const POW10: bigint[] = [1n];
const pow10 = (k: number): bigint => {
  for (let i = POW10.length; i <= k; i++) POW10.push(POW10[i - 1] * 10n);
  return POW10[k];
};

/**
 * Decimal text → scaled integer, taking what decimal.js takes: plain text at once,
 * anything else (".5", "1e3") through decimal.js's exact plain notation. Throws,
 * as decimal.js does, on text that is not a number, and on NaN and infinities.
 */
export function parseScaled(text: string): Scaled {
  const m = PLAIN.exec(text);
  if (!m) {
    const value = new Dec(text);
    if (!value.isFinite()) throw new Error(`Not a finite decimal: ${text}`);
    const exact = parseScaled(value.toFixed());
    return { ...exact, negative: value.isNegative() };
  }
  const fraction = m[3] ?? '';
  const magnitude = BigInt(m[2] + fraction);
  const negative = m[1] === '-';
  return { n: negative ? -magnitude : magnitude, s: fraction.length, negative };
}

const scaled = (n: bigint, s: number): Scaled => ({ n, s, negative: n < 0n });
const at = (x: Scaled, s: number): bigint => (x.s === s ? x.n : x.n * pow10(s - x.s));

export function addScaled(a: Scaled, b: Scaled): Scaled {
  const s = Math.max(a.s, b.s);
  return scaled(at(a, s) + at(b, s), s);
}

export function subScaled(a: Scaled, b: Scaled): Scaled {
  const s = Math.max(a.s, b.s);
  return scaled(at(a, s) - at(b, s), s);
}

export const mulScaled = (a: Scaled, b: Scaled): Scaled => scaled(a.n * b.n, a.s + b.s);

/** -1, 0 or 1 as a is less than, equal to or greater than b (numerically: 0.50 equals 0.5). */
export function compareScaled(a: Scaled, b: Scaled): number {
  const s = Math.max(a.s, b.s);
  const x = at(a, s);
  const y = at(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Plain text without trailing zeros, as decimal.js's toFixed() writes it ("1.5", "0", never "-0"). */
export function scaledText(x: Scaled): string {
  if (x.n === 0n) return '0';
  const digits = (x.n < 0n ? -x.n : x.n).toString().padStart(x.s + 1, '0');
  const whole = digits.slice(0, digits.length - x.s);
  const fraction = digits.slice(digits.length - x.s).replace(/0+$/, '');
  return `${x.n < 0n ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
