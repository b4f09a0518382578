import Decimal from 'decimal.js';
import { accept, kindOf, refuse, shown, type FieldResult } from './field-value';

/**
 * Temperature: a decimal kept exactly as sent (as a canonical decimal string), since
 * it may itself be the charged quantity or the reference for a volume correction.
 * Units are not defined by the guide (°C, °F, K are implied by the device), so the
 * bounds are wide: any plausible reading in any of them fits, a corrupted one does not.
 *
 * The bounds and scale are also the column's: a DECIMAL(13,6) holds every accepted value.
 */
export const TEMPERATURE_MAX_ABS = 1_000_000;
export const TEMPERATURE_MAX_DECIMALS = 6;

const DECIMAL_TEXT = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const MAX_TEXT_LENGTH = 40;

export function readTemperature(value: unknown): FieldResult<string | null> {
  if (value === undefined || value === null) return accept(null);
  let decimal: Decimal;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return refuse(`must be a decimal number (got ${value})`);
    // A JSON number's shortest decimal form is what the sender wrote: 21.5, not 21.499999999999999.
    decimal = new Decimal(value);
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return refuse('is empty; leave the field out or send a decimal number like 21.5');
    // Exponents are refused as for counters: a device writing "2.15e1" is almost certainly
    // printing a float it did not mean to round-trip, and "NaN"/"Infinity" are not readings.
    if (text.length > MAX_TEXT_LENGTH || !DECIMAL_TEXT.test(text)) {
      return refuse(`must be a decimal number like 21.5 or -3.25 (got ${shown(value)})`);
    }
    decimal = new Decimal(text);
  } else if (Array.isArray(value)) {
    return refuse('must be a single value, not a list (was it given more than once?)');
  } else {
    return refuse(`must be a decimal number, not ${kindOf(value)}`);
  }

  if (decimal.abs().greaterThan(TEMPERATURE_MAX_ABS)) {
    return refuse(
      `is out of range (got ${shown(String(value))}): it must be between -${TEMPERATURE_MAX_ABS} and ${TEMPERATURE_MAX_ABS}`,
    );
  }
  if (decimal.decimalPlaces() > TEMPERATURE_MAX_DECIMALS) {
    return refuse(
      `has too many decimal places (got ${shown(String(value))}): at most ${TEMPERATURE_MAX_DECIMALS} are kept`,
    );
  }
  // toFixed() never uses exponent notation; "-0" and "21.50" become "0" and "21.5".
  return accept(decimal.isZero() ? '0' : decimal.toFixed());
}
