import { accept, kindOf, refuse, shown, type FieldResult } from './field-value';

/**
 * An RFID badge UID as printed or read: "04:a3:2b:1c", "04-A3-2B-1C", "04 A3 2B 1C"
 * and "04a32b1c" are the same badge. Readers and people write the separators
 * differently, so the UID is normalised before it is stored or compared: trimmed,
 * upper-cased, with `:` `-` and whitespace removed. What remains must be hexadecimal
 * (readers report UIDs as hex bytes; a decimal card number is hex digits too) and
 * at most 64 characters (a 32-byte UID; ISO 14443 UIDs are 4, 7 or 10 bytes).
 *
 * The billing side's badge register must store UIDs with this same function, or a
 * lookup will miss a badge written another way.
 */
export const BADGE_UID_MAX_LENGTH = 64;

const SEPARATORS = /[:\-\s]+/g;
const HEX = /^[0-9A-F]+$/;

export function normalizeBadgeUid(raw: string): string {
  return raw.trim().toUpperCase().replace(SEPARATORS, '');
}

export function readBadgeUid(value: unknown): FieldResult<string | null> {
  if (value === undefined || value === null) return accept(null);
  let text: string;
  if (typeof value === 'string') text = value;
  // A reader that prints decimal card numbers may send them as a JSON number.
  else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) text = String(value);
  else if (Array.isArray(value))
    return refuse('must be a single value, not a list (was it given more than once?)');
  else return refuse(`must be an RFID UID written as text, not ${kindOf(value)}`);

  if (text.trim() === '') return refuse('is empty; leave the field out when no badge was presented');
  // Guard the regex work: a separator-padded UID is at most three characters per byte.
  if (text.length > BADGE_UID_MAX_LENGTH * 3)
    return refuse(`is too long to be an RFID UID (${text.length} characters)`);
  const uid = normalizeBadgeUid(text);
  if (!HEX.test(uid))
    return refuse(`must be an RFID UID in hexadecimal, e.g. 04:A3:2B:1C:5D:80 (got ${shown(text)})`);
  if (uid.length > BADGE_UID_MAX_LENGTH) {
    return refuse(`is too long: ${uid.length} hex digits, at most ${BADGE_UID_MAX_LENGTH} are allowed`);
  }
  return accept(uid);
}
