import { accept, kindOf, refuse, shown, type FieldResult } from './field-value';

/**
 * Signed 64-bit counters (the guide's IntCounter … IntCounter5), kept as canonical
 * decimal strings from the moment they enter until the database.
 *
 * Why strings: a JS number holds integers exactly only up to 2^53 − 1
 * (9007199254740991); 9223372036854775807 read as a number becomes
 * 9223372036854776000 without any error. A decimal string passes through JSON,
 * knex bindings and every database driver unchanged, and BigInt checks its range.
 */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

const INTEGER_TEXT = /^[+-]?[0-9]+$/;
/** 19 digits is the most int64 needs; a few leading zeros are tolerated, megabytes of them are not. */
const MAX_TEXT_LENGTH = 40;

const RANGE = `a 64-bit counter holds ${INT64_MIN} to ${INT64_MAX}`;

/**
 * Reads a counter from a query string, a JSON body or a spreadsheet cell.
 *
 * - text: an optional sign and ASCII digits ("6789", "-12", "007" → "7"); surrounding
 *   whitespace is ignored. "1e3", "1.5", "0x10", "NaN", "Infinity" and "" are refused:
 *   each is either not an integer or a notation a device did not mean as one.
 * - JSON number: accepted when it is a safe integer. Beyond ±(2^53 − 1) the JSON parser
 *   has already rounded it — the true value is lost before we see it — so it is
 *   refused with advice to send the value as a string.
 * - bigint: range-checked (for callers that read with BigInt-aware JSON parsers).
 */
export function readInt64(value: unknown): FieldResult<string | null> {
  if (value === undefined || value === null) return accept(null);
  if (typeof value === 'bigint') return inRange(value, value.toString());
  if (typeof value === 'number') return readJsonNumber(value);
  if (typeof value === 'string') return readIntegerText(value);
  if (Array.isArray(value))
    return refuse('must be a single value, not a list (was it given more than once?)');
  return refuse(`must be a whole number, not ${kindOf(value)}`);
}

function readJsonNumber(value: number): FieldResult<string> {
  if (Number.isNaN(value)) return refuse('must be a whole number (got NaN)');
  if (!Number.isFinite(value)) return refuse(`must be a whole number (got ${value})`);
  if (!Number.isInteger(value)) return refuse(`must be a whole number (got ${value})`);
  if (!Number.isSafeInteger(value)) {
    return refuse(
      `is too large to send as a JSON number: numbers beyond ±${Number.MAX_SAFE_INTEGER} lose precision in transit ` +
        `(received ${BigInt(value)}); send it as a string, e.g. "9223372036854775807"`,
    );
  }
  // -0 is a number JSON can carry; as a counter it is 0.
  return accept(value === 0 ? '0' : String(value));
}

function readIntegerText(raw: string): FieldResult<string> {
  const text = raw.trim();
  if (text === '') return refuse('is empty; leave the field out or send a whole number');
  if (text.length > MAX_TEXT_LENGTH || !INTEGER_TEXT.test(text)) {
    return refuse(`must be a whole number written with digits only (got ${shown(raw)})`);
  }
  return inRange(BigInt(text), raw);
}

function inRange(value: bigint, original: string): FieldResult<string> {
  if (value < INT64_MIN || value > INT64_MAX)
    return refuse(`is out of range (got ${shown(original)}): ${RANGE}`);
  return accept(value.toString());
}
