/**
 * Idempotency of usage records (guide: "If provided, [EventRef] must be unique for a
 * given (deviceid + eGroup + eId) … a sender can safely repeat sending the same
 * record as only the first record received will be used").
 *
 * The rule is a real database constraint, UNIQUE(deviceId, eGroup, eId, eventRef),
 * written with `INSERT … ON CONFLICT DO NOTHING` (knex `onConflict(columns).ignore()`),
 * so a repeat is dropped by the database no matter how many Strapi nodes receive it.
 * Records without a reference are never duplicates of anything: the guide only
 * promises de-duplication "where eventref are sent".
 *
 * How NULL behaves in that unique index — the reason a NULL eventRef needs no
 * special column or sentinel value:
 *
 * - SQLite: NULLs are distinct from each other in a UNIQUE index ("for the purposes
 *   of UNIQUE constraints, NULLs are distinct"), so any number of rows may share
 *   (deviceId, eGroup, eId) with a NULL eventRef.
 * - PostgreSQL: the same by default (`NULLS DISTINCT`). PostgreSQL 15 added
 *   `NULLS NOT DISTINCT`; the index must NOT use it.
 * - MySQL / MariaDB (InnoDB): a UNIQUE index permits multiple NULLs.
 *
 * So `ON CONFLICT DO NOTHING` never drops a reference-less record, on all three.
 * Never store '' instead of NULL for "no reference": '' would collide. (The parser
 * refuses an empty ref for that reason.)
 *
 * Two more cross-database traps for this index, for whoever writes the migration:
 * - MySQL's default collations (utf8mb4_0900_ai_ci, utf8mb4_general_ci) are case-
 *   and accent-insensitive, so "ABC" and "abc" would collide there and not on
 *   SQLite/PostgreSQL. The four columns need a binary collation (utf8mb4_bin) for
 *   the rule to mean the same everywhere; this module compares exactly, as binary does.
 * - The key must fit InnoDB's 3072-byte index limit: the length caps in
 *   identifiers.ts give (64 × 3 + 128) characters × 4 bytes = 1280 bytes.
 */
export const USAGE_RECORD_UNIQUE_COLUMNS = ['deviceId', 'eGroup', 'eId', 'eventRef'] as const;

export type UsageRecordKeyParts = {
  deviceId: string;
  eGroup: string;
  eId: string;
  eventRef: string | null;
};

/**
 * The record's idempotency key as one string, or null when it has no reference
 * (and so can't be a duplicate). The lengths of the first three parts lead, so the key
 * is unambiguous — ("a|b", "c") and ("a", "b|c") give different keys, whatever characters
 * ids contain — and costs one string (a batch makes three keys a record; JSON of the
 * tuple was a tenth of the batch's parsing).
 */
export function usageRecordKey(record: UsageRecordKeyParts): string | null {
  const { deviceId, eGroup, eId, eventRef } = record;
  if (eventRef === null) return null;
  return `${deviceId.length},${eGroup.length},${eId.length}:${deviceId}${eGroup}${eId}${eventRef}`;
}

/**
 * For records about to be inserted together, the index of the earlier record each
 * one repeats (the database would keep only the first). Records without a reference
 * are never marked. Returns a map from the repeating index to the first index.
 */
export function findRepeats(records: ReadonlyArray<UsageRecordKeyParts | null>): Map<number, number> {
  return firstOfEachEvent(records).repeats;
}

/**
 * As findRepeats, and each event's key with the index of its first record: the events a
 * group of records holds, each key built once.
 */
export function firstOfEachEvent(records: ReadonlyArray<UsageRecordKeyParts | null>): {
  firstByKey: Map<string, number>;
  repeats: Map<number, number>;
} {
  const firstByKey = new Map<string, number>();
  const repeats = new Map<number, number>();
  records.forEach((record, index) => {
    if (!record) return;
    const key = usageRecordKey(record);
    if (key === null) return;
    const first = firstByKey.get(key);
    if (first === undefined) firstByKey.set(key, index);
    else repeats.set(index, first);
  });
  return { firstByKey, repeats };
}
