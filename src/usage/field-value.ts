/**
 * The outcome of reading one untrusted field value. Messages are written to follow
 * the field's label ("intCounter" or "IntCounter (H5)"), so the REST parser and the
 * spreadsheet importer can say where the problem is in the sender's own terms:
 * `intCounter must be a whole number (got "1.5")`.
 */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; message: string };

export const accept = <T>(value: T): FieldResult<T> => ({ ok: true, value });
export const refuse = (message: string): FieldResult<never> => ({ ok: false, message });

const SHOWN_MAX = 40;

/**
 * A short, safe rendering of a refused value for an error message: quoted and
 * escaped (no control characters reach a log or a screen), cut at 40 characters
 * so a hostile 1 MB value doesn't end up in every error row.
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') {
    const cut = [...value].length > SHOWN_MAX ? `${[...value].slice(0, SHOWN_MAX).join('')}…` : value;
    return JSON.stringify(cut);
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  return `a ${typeof value}`;
}

/** What kind of thing a wrong-typed value is, for "must be text, not a list". */
export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (value instanceof Date) return 'a date';
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 'a number';
    case 'boolean':
      return 'true/false';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/**
 * Characters that are never part of an identifier a person or device means to send:
 * control characters (C0, DEL, C1), invisible format characters (bidi overrides,
 * zero-width spaces — the "Trojan Source" family), unpaired surrogates and the
 * Unicode line/paragraph separators. They would make two ids that look identical
 * compare different, or corrupt a CSV export and a log line.
 */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

export function firstUnprintable(text: string): string | undefined {
  const match = NOT_PRINTABLE.exec(text);
  if (!match) return undefined;
  const code = match[0].codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Length as people and databases count it (code points), not UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
