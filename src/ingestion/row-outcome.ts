import Decimal from 'decimal.js';

/**
 * What became of one row of a meter-data file (the guide's "Row details"):
 * - inserted: stored as a new reading;
 * - duplicate: the same reading (same meter, register, time and value) was already
 *   stored — not an error, nothing stored twice;
 * - conflict: a different value is stored for that meter, register and time — the
 *   stored value is kept and both are shown;
 * - rejected: the row could not be read (its error says why).
 */
export type RowOutcome = 'inserted' | 'duplicate' | 'conflict' | 'rejected';
export const ROW_OUTCOMES: readonly RowOutcome[] = ['inserted', 'duplicate', 'conflict', 'rejected'];

/** A reading's identity: UNIQUE(meter_number, register, reading_at). */
export const readingKey = (meterNumber: string, register: string, readingAtMs: number) =>
  `${meterNumber}\u0000${register}\u0000${readingAtMs}`;

/** Values are compared as decimals: "1.50" and "1.5" are the same reading. */
export function sameValue(a: string, b: string): boolean {
  try {
    return new Decimal(a).eq(new Decimal(b));
  } catch {
    return a === b;
  }
}

export function classifyAgainstStored(
  value: string,
  stored: string | undefined,
): Exclude<RowOutcome, 'rejected'> {
  if (stored === undefined) return 'inserted';
  return sameValue(value, stored) ? 'duplicate' : 'conflict';
}
