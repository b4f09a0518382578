import Decimal from 'decimal.js';

/**
 * Meter values as exact decimal strings. A reading is never turned into a JS
 * number: "0.1" stays "0.1", "006342.8" becomes "6342.8" and "1.2E3" becomes
 * "1200". The scale the file wrote is kept ("1.10" stays "1.10"), so nothing is
 * invented or lost.
 */

export type DecimalSeparator = '.' | ',';
export type ThousandsSeparator = 'none' | ',' | '.' | ' ' | "'";

export interface DecimalStyle {
  decimalSeparator: DecimalSeparator;
  thousandsSeparator?: ThousandsSeparator;
}

export type DecimalParseResult =
  { ok: true; value: string; negative: boolean } | { ok: false; error: string };

/** SQL DECIMAL allows at most 38 digits; more is a broken file, not a reading. */
export const MAX_DECIMAL_DIGITS = 38;
const MAX_EXPONENT = 38;

const PLAIN = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const WITH_EXPONENT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;
const SPACES = /[ \u00a0\u202f]/g;

export const DOT_DECIMAL: DecimalStyle = { decimalSeparator: '.' };

export function parseDecimal(text: string, style: DecimalStyle = DOT_DECIMAL): DecimalParseResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'The value is empty' };

  // Fast path: the common "123.45" with a dot and no grouping.
  if (style.decimalSeparator === '.' && (style.thousandsSeparator ?? 'none') === 'none') {
    const plain = PLAIN.exec(trimmed);
    if (plain) return canonical(trimmed, plain[1], plain[2], plain[3] ?? '', 0);
  }

  const normalized = normalize(trimmed, style);
  if (normalized === null) return notANumber(trimmed, style);
  const match = WITH_EXPONENT.exec(normalized);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return notANumber(trimmed, style);
  const exponent = match[4] === undefined ? 0 : Number(match[4]);
  return canonical(trimmed, match[1], match[2], match[3] ?? '', exponent);
}

/** Removes thousands separators (checking their grouping) and turns the decimal separator into ".". */
function normalize(text: string, style: DecimalStyle): string | null {
  const thousands = style.thousandsSeparator ?? 'none';
  const decimal = style.decimalSeparator;
  let body = text;
  if (thousands !== 'none') {
    const separator = thousands === ' ' ? SPACES : new RegExp(escapeRegExp(thousands), 'g');
    const unsigned = body.replace(/^[+-]/, '');
    const integerPart = unsigned.split(decimal)[0].split(/[eE]/)[0];
    if (separator.test(integerPart)) {
      separator.lastIndex = 0;
      // Groups of three after the first: "1,234,567" yes, "12,34" no.
      const groups = integerPart.split(separator);
      if (groups[0].length < 1 || groups[0].length > 3 || groups.slice(1).some((g) => !/^\d{3}$/.test(g)))
        return null;
      const sign = body.startsWith('-') || body.startsWith('+') ? body[0] : '';
      body = sign + groups.join('') + unsigned.slice(integerPart.length);
    }
    separator.lastIndex = 0;
  }
  if (decimal === ',') {
    if (body.includes('.')) return null;
    body = body.replace(',', '.');
  } else if (body.includes(',')) {
    return null;
  }
  return body;
}

function canonical(
  original: string,
  sign: string,
  integerDigits: string,
  fractionDigits: string,
  exponent: number,
): DecimalParseResult {
  if (
    Math.abs(exponent) > MAX_EXPONENT ||
    integerDigits.length + fractionDigits.length > 2 * MAX_DECIMAL_DIGITS
  ) {
    return { ok: false, error: `"${clip(original)}" is out of range: this is not a meter value` };
  }
  let integer = integerDigits;
  if (integer.length > 1 && integer.charCodeAt(0) === 48 /* 0 */) integer = integer.replace(/^0+(?=\d)/, '');
  if (integer === '') integer = '0';
  let value: string;
  let digits: number;
  if (exponent === 0) {
    value = fractionDigits ? `${integer}.${fractionDigits}` : integer;
    digits = (integer === '0' ? 0 : integer.length) + fractionDigits.length;
  } else {
    // decimal.js works in decimal, so the expansion is exact; toFixed() never uses exponent notation.
    value = new Decimal(`${integer}.${fractionDigits || '0'}e${exponent}`).toFixed();
    const [integerOut, fractionOut = ''] = value.split('.');
    digits = (integerOut === '0' ? 0 : integerOut.length) + fractionOut.length;
  }
  if (digits > MAX_DECIMAL_DIGITS) {
    return {
      ok: false,
      error: `"${clip(original)}" has more than ${MAX_DECIMAL_DIGITS} digits: this is not a meter value`,
    };
  }
  const negative = sign === '-' && /[1-9]/.test(value);
  return { ok: true, value: negative ? `-${value}` : value, negative };
}

function notANumber(text: string, style: DecimalStyle): DecimalParseResult {
  const other = style.decimalSeparator === '.' ? ',' : '.';
  let hint = '';
  if (text.includes(other) && /\d/.test(text)) {
    hint =
      ` — the decimal separator set for this file is "${style.decimalSeparator}"` +
      (style.thousandsSeparator && style.thousandsSeparator !== 'none'
        ? ` and the thousands separator "${style.thousandsSeparator}"`
        : `; for values like 12${other}5 set the decimal separator to "${other}"`);
  } else if (/\d/.test(text) && /[a-zA-Z%³²]/.test(text)) {
    hint = ' — a value must be a plain number, without a unit';
  }
  return { ok: false, error: `"${clip(text)}" is not a number${hint}` };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
