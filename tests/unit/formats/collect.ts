import { Readable } from 'node:stream';
import type { ParsedRow, ReadingRow, RejectedRow, FatalOutcome } from '../../../src/formats';

/** A byte stream delivering the given pieces as separate chunks (strings are UTF-8 encoded). */
export function bytes(...pieces: (string | Buffer)[]): Readable {
  return Readable.from(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}

export async function collect(rows: AsyncIterable<ParsedRow>): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

export const readingsOf = (rows: ParsedRow[]) => rows.filter((r): r is ReadingRow => r.kind === 'reading');
export const rejectedOf = (rows: ParsedRow[]) => rows.filter((r): r is RejectedRow => r.kind === 'rejected');
export const fatalOf = (rows: ParsedRow[]) => rows.filter((r): r is FatalOutcome => r.kind === 'fatal');
