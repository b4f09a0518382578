import { characterCount, firstUnprintable } from '../usage/field-value';

/**
 * The input rules every path shares — the device API, the admin bodies and the
 * meter-file formats — so a value one path refuses is never stored through another.
 * Each rule returns null when the value is fine, or the problem in words that follow
 * the field's name ("The meter number contains …").
 */

/** A meter number: what readings and devices are matched by (case preserved). */
export const METER_NUMBER_MAX = 64;

/** A register code: "1", "1.8.1", "E1", "B1:2". Letters, digits and . _ : - only. */
export const REGISTER_PATTERN = /^[A-Za-z0-9_.:-]{1,32}$/;
export const REGISTER_MAX = 32;

/**
 * Control and invisible characters (zero-width space, bidi overrides, line breaks)
 * make two values that look alike differ, break a CSV export and hide in a log line.
 */
export function unprintableProblem(text: string): string | null {
  const bad = firstUnprintable(text);
  return bad
    ? `contains a control or invisible character (${bad}); only printable characters are allowed`
    : null;
}

/** Free text (names, labels): printable characters only. */
export const isPrintable = (text: string): boolean => firstUnprintable(text) === undefined;

/** Multi-line free text (notes, descriptions): line breaks and tabs allowed, other controls not. */
export const isPrintableMultiline = (text: string): boolean =>
  firstUnprintable(text.replace(/\r?\n|\t/g, ' ')) === undefined;

export function meterNumberProblem(text: string): string | null {
  if (text === '') return 'is empty';
  const unprintable = unprintableProblem(text);
  if (unprintable) return unprintable;
  const length = characterCount(text);
  if (length > METER_NUMBER_MAX) return `is longer than ${METER_NUMBER_MAX} characters (${length})`;
  return null;
}

/**
 * A register is a short code, never a formula: "=HYPERLINK(…)" read from a file would
 * be stored and exported back into someone's spreadsheet.
 */
export function registerProblem(text: string): string | null {
  if (text === '') return 'is empty';
  const unprintable = unprintableProblem(text);
  if (unprintable) return unprintable;
  if (!REGISTER_PATTERN.test(text))
    return `must be 1–${REGISTER_MAX} letters, digits or . _ : - (got ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)})`;
  return null;
}
