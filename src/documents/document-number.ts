/**
 * Document numbers (invoices, credit notes): a pattern with the year and a
 * sequence, e.g. `{YYYY}-{SEQ:6}` → `2026-000123`. The sequence runs per issuer,
 * kind and year without gaps (server/database/document-sequences.ts); this file
 * only says what a pattern may contain and how a number is written.
 *
 * Tokens: `{YYYY}` the four-digit year, `{YY}` its last two digits, `{SEQ}` or
 * `{SEQ:n}` the sequence padded with zeros to n digits (1–12). Between tokens
 * letters, digits and `- _ / .` only — a number is printed on a QR-bill and
 * used as a file name, so no spaces or other characters. Exactly one `{SEQ}`,
 * at most one year token: the year must be in the number when numbers restart
 * each year, or two invoices would share a number.
 */
export const DEFAULT_INVOICE_PATTERN = '{YYYY}-{SEQ:6}';
export const DEFAULT_CREDIT_NOTE_PATTERN = 'CN-{YYYY}-{SEQ:6}';
/** Longest number a pattern may produce (the invoice's `number` column). */
export const MAX_NUMBER_LENGTH = 40;
const MAX_SEQUENCE = 999_999_999_999;

type Part = { literal: string } | { year: 4 | 2 } | { seq: number };

const TOKEN = /\{(YYYY|YY|SEQ(?::(\d{1,2}))?)\}/g;
const LITERAL = /^[A-Za-z0-9\-_/.]*$/;

/** The pattern's parts, or the reason it is refused (a sentence for a person). */
export function parseNumberPattern(pattern: string): { parts: Part[] } | { error: string } {
  if (typeof pattern !== 'string' || pattern.length === 0) return { error: 'The number pattern is empty' };
  if (pattern.length > 60) return { error: 'The number pattern is longer than 60 characters' };
  const parts: Part[] = [];
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    if (match.index > last) parts.push({ literal: pattern.slice(last, match.index) });
    const token = match[1];
    if (token === 'YYYY') parts.push({ year: 4 });
    else if (token === 'YY') parts.push({ year: 2 });
    else {
      const width = match[2] === undefined ? 1 : Number(match[2]);
      if (width < 1 || width > 12) return { error: `{SEQ:${match[2]}}: the width must be 1 to 12 digits` };
      parts.push({ seq: width });
    }
    last = match.index + match[0].length;
  }
  if (last < pattern.length) parts.push({ literal: pattern.slice(last) });
  for (const part of parts)
    if ('literal' in part && !LITERAL.test(part.literal))
      return {
        error: `"${part.literal}": between the tokens only letters, digits and - _ / . are allowed (tokens: {YYYY}, {YY}, {SEQ:n})`,
      };
  const seqs = parts.filter((p) => 'seq' in p).length;
  const years = parts.filter((p) => 'year' in p).length;
  if (seqs !== 1) return { error: 'The number pattern needs exactly one {SEQ} or {SEQ:n}' };
  if (years !== 1)
    return { error: 'The number pattern needs exactly one {YYYY} or {YY}: numbers restart every year' };
  return { parts };
}

/** The number `seq` of `year` written with `pattern` (which must parse). */
export function formatDocumentNumber(pattern: string, year: number, seq: number): string {
  const parsed = parseNumberPattern(pattern);
  if ('error' in parsed) throw new Error(parsed.error);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`Year ${year} is out of range`);
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_SEQUENCE)
    throw new Error(`Sequence ${seq} is out of range`);
  return parsed.parts
    .map((part) => {
      if ('literal' in part) return part.literal;
      if ('year' in part) return part.year === 4 ? String(year) : String(year % 100).padStart(2, '0');
      return String(seq).padStart(part.seq, '0');
    })
    .join('');
}

/** Refusal of a pattern whose numbers could exceed the stored length, else null. */
export function patternLengthProblem(pattern: string): string | null {
  const parsed = parseNumberPattern(pattern);
  if ('error' in parsed) return parsed.error;
  // The longest number: the widest sequence (12 digits, or the padding if wider) in year 9999.
  const longest = parsed.parts.reduce(
    (n, p) => n + ('literal' in p ? p.literal.length : 'year' in p ? p.year : Math.max(p.seq, 12)),
    0,
  );
  return longest > MAX_NUMBER_LENGTH
    ? `Numbers of this pattern can reach ${longest} characters; at most ${MAX_NUMBER_LENGTH}`
    : null;
}
