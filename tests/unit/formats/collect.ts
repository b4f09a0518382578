import { Readable } from 'node:stream';
import type { ParsedRow, ReadingRow, RejectedRow, FatalOutcome } from '../../../src/formats';

/** A byte stream delivering the given pieces as separate chunks (strings are UTF-8 encoded). */
export function bytes(...pieces: (string | Buffer)[]): Readable {
  return Readable.from(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}

/** A parse's rows, its batches joined in order (each batch non-empty, as the contract says). */
export async function collect(batches: AsyncIterable<ParsedRow[]>): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  for await (const batch of batches) {
    if (!Array.isArray(batch) || batch.length === 0)
      throw new Error('a format yielded an empty or non-array batch');
    out.push(...batch);
  }
  return out;
}

export const readingsOf = (rows: ParsedRow[]) => rows.filter((r): r is ReadingRow => r.kind === 'reading');
export const rejectedOf = (rows: ParsedRow[]) => rows.filter((r): r is RejectedRow => r.kind === 'rejected');
export const fatalOf = (rows: ParsedRow[]) => rows.filter((r): r is FatalOutcome => r.kind === 'fatal');
