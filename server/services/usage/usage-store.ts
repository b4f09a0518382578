import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import Decimal from 'decimal.js';
import { findRepeats, usageRecordKey } from '../../../src/usage/idempotency-key';
import type { UsageRecordInput } from '../../../src/usage/usage-record';
import { TABLES } from '../../database/bulk-tables';
import { groupCommit } from '../../../src/common/group-commit';
import { insertRowsIdsIfAll, insertRowsReturning } from '../../database/insert-rows';

/**
 * Reads and writes the usage-record bulk table (`utilities_usage_records`) with knex.
 *
 * Exactly once: the table's UNIQUE(device_id, e_group, e_id, event_ref) decides, through
 * `INSERT … ON CONFLICT DO NOTHING` (SQLite, PostgreSQL) or `… ON DUPLICATE KEY UPDATE
 * <no-op>` (MySQL; `INSERT IGNORE` would also turn bad data into silent warnings). A
 * write then has to tell which of its records the database kept: on SQLite and PostgreSQL
 * the INSERT returns them (`RETURNING`); on MySQL every write stamps its rows with a fresh
 * random `receipt` and reads back the rows carrying it (indexed). A record with a
 * reference that is not among them was stored earlier — by a previous request or a
 * concurrent one — and is a duplicate. This holds on any number of Strapi nodes.
 */
export type UsageRecordSource = 'api' | 'batch' | 'upload';

export type StoredOutcome = { status: 'created' | 'duplicate'; id: number };
export type StoredRecord = { status: 'created' | 'duplicate'; record: UsageRecordDto };

/** A row as read back: counters as exact text (server/database/rows.ts). */
export type { UsageRecordRead as UsageRecordRow } from '../../database/rows';
import type { UsageRecordRead as UsageRecordRow } from '../../database/rows';

export const toUsageRecordDto = (row: UsageRecordRow) => ({
  id: Number(row.id),
  deviceId: row.device_id,
  eGroup: row.e_group,
  eId: row.e_id,
  eventRef: row.event_ref ?? null,
  dtu: new Date(Number(row.dtu)).toISOString(),
  dtuFromServer: Boolean(Number(row.dtu_from_server)),
  dt: row.dt_text ?? null,
  dtLocal: row.dt_local ?? null,
  srcIp: row.src_ip ?? null,
  intCounter: row.int_counter ?? null,
  intCounter2: row.int_counter2 ?? null,
  intCounter3: row.int_counter3 ?? null,
  intCounter4: row.int_counter4 ?? null,
  intCounter5: row.int_counter5 ?? null,
  temperature: decimalText(row.temperature),
  eventData: row.event_data ? (JSON.parse(row.event_data) as Record<string, unknown>) : null,
  badge: row.badge ?? null,
  source: row.source,
  importLog: row.source_log_ref ?? null,
  receivedAt: new Date(Number(row.received_at)).toISOString(),
});
export type UsageRecordDto = ReturnType<typeof toUsageRecordDto>;

/**
 * DECIMAL(13,6) comes back as "21.500000" (PostgreSQL, MySQL) or as a float (SQLite,
 * where 13 significant digits survive a double exactly); both become "21.5".
 */
function decimalText(value: string | number | null): string | null {
  if (value === null || value === undefined) return null;
  const decimal = new Decimal(typeof value === 'number' ? String(value) : value);
  return decimal.isZero() ? '0' : decimal.toFixed();
}

const KEY_COLUMNS = ['device_id', 'e_group', 'e_id', 'event_ref'];
const COUNTER_COLUMNS = [
  'int_counter',
  'int_counter2',
  'int_counter3',
  'int_counter4',
  'int_counter5',
] as const;
const PLAIN_COLUMNS = [
  'id',
  'device_id',
  'e_group',
  'e_id',
  'event_ref',
  'dtu',
  'dtu_from_server',
  'dt_text',
  'dt_local',
  'src_ip',
  'temperature',
  'event_data',
  'badge',
  'source',
  'source_log_ref',
  'received_at',
];
const quoted = (column: string) => `"${column}"`;
/** What an INSERT returns on SQLite and PostgreSQL (both quote names with "): every column as `columns()` reads it, or the key's. */
const RETURNING_ALL = [
  ...PLAIN_COLUMNS.map(quoted),
  ...COUNTER_COLUMNS.map((c) => `CAST(${quoted(c)} AS TEXT) AS ${quoted(c)}`),
].join(', ');
const RETURNING_KEY = ['id', ...KEY_COLUMNS].map(quoted).join(', ');
/** Keys per OR-list when looking originals up: 4 bindings each, far below every database's limit. */
const KEY_LOOKUP_CHUNK = 250;
/** Batch chunks (1,000 records each) committed together at most. */
const CHUNKS_PER_COMMIT = 8;

/** A receipt sorts by time (its index grows at the end) and is unguessable across writers. */
export const newReceipt = () => `${Date.now().toString(36)}${randomBytes(9).toString('hex')}`;

/** Where a write's records come from; an upload gives each record's row in its file (aligned with the records). */
export type WriteMeta = {
  source: UsageRecordSource;
  sourceLogRef?: string | null;
  sourceRows?: readonly number[];
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const client = () => strapi.db.dialect.client;
  const table = () => knex()(TABLES.usageRecords);

  /**
   * Records per INSERT: 1,000 × 21 columns stays under SQLite's 32,766 and PostgreSQL's
   * 65,535 bind parameters. (knex's own SQLite multi-row insert, a compound SELECT, would
   * be capped at 500 rows; insert-rows.ts writes a VALUES list instead.)
   */
  const chunkSize = () => 1000;

  /** Every column, counters cast to text: better-sqlite3 (and mysql2 without bigNumberStrings) would round them through a double. */
  function columns() {
    const cast = client() === 'mysql' ? 'CHAR' : 'TEXT';
    return [...PLAIN_COLUMNS, ...COUNTER_COLUMNS.map((c) => knex().raw(`CAST(?? AS ${cast}) AS ??`, [c, c]))];
  }

  function toRow(
    record: UsageRecordInput,
    meta: { source: UsageRecordSource; sourceLogRef: string | null; receipt: string; receivedAt: number },
    sourceRow: number | null,
  ) {
    return {
      device_id: record.deviceId,
      e_group: record.eGroup,
      e_id: record.eId,
      event_ref: record.eventRef,
      dtu: Date.parse(record.dtu), // our own canonical ISO text with Z, never user text
      dtu_from_server: record.dtuFromServer,
      dt_text: record.dtText,
      dt_local: record.dtLocal,
      src_ip: record.srcIp,
      int_counter: record.intCounter,
      int_counter2: record.intCounter2,
      int_counter3: record.intCounter3,
      int_counter4: record.intCounter4,
      int_counter5: record.intCounter5,
      temperature: record.temperature,
      event_data: record.eventData ? JSON.stringify(record.eventData) : null,
      badge: record.badge,
      source: meta.source,
      source_log_ref: meta.sourceLogRef,
      receipt: meta.receipt,
      received_at: meta.receivedAt,
      // Only an upload's INSERT names the column: the device API's binds nothing more.
      ...(sourceRow === null ? {} : { source_row: sourceRow }),
    };
  }

  /** The table, in `transaction` when given. */
  const from = (transaction?: Knex.Transaction) => (transaction ?? knex())(TABLES.usageRecords);

  type KeyRow = {
    id: number | string;
    device_id: string;
    e_group: string;
    e_id: string;
    event_ref: string | null;
  };
  const keyColumnsOf = (row: ReturnType<typeof toRow>): Omit<KeyRow, 'id'> => ({
    device_id: row.device_id,
    e_group: row.e_group,
    e_id: row.e_id,
    event_ref: row.event_ref,
  });
  const keyOf = (row: KeyRow) =>
    usageRecordKey({ deviceId: row.device_id, eGroup: row.e_group, eId: row.e_id, eventRef: row.event_ref });

  /**
   * The rows stored (not skipped as duplicates) in id order; null where the INSERT cannot say
   * (MySQL; SQLite when a key row was asked for and a conflict skipped some).
   */
  async function insertSkippingDuplicates<R extends KeyRow>(
    rows: ReturnType<typeof toRow>[],
    full: boolean,
    transaction?: Knex.Transaction,
  ): Promise<R[] | null> {
    if (!full && client() === 'sqlite') {
      // Without RETURNING when every row is stored: the usual case, and a quarter of the statement.
      const ids = await insertRowsIdsIfAll(strapi, TABLES.usageRecords, rows, {
        skipDuplicatesOn: KEY_COLUMNS,
        transaction,
      });
      // R is KeyRow when not `full`.
      return ids && (ids.map((id, i) => ({ ...keyColumnsOf(rows[i]), id })) as R[]);
    }
    const stored = await insertRowsReturning<R>(strapi, TABLES.usageRecords, rows, {
      skipDuplicatesOn: KEY_COLUMNS,
      transaction,
      returning: full ? RETURNING_ALL : RETURNING_KEY,
    });
    // RETURNING gives no order; ids grow in VALUES order within one statement.
    return stored && stored.sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** The rows `query` finds, with every column (`full`) or only the key's. */
  async function selectRows<R extends KeyRow>(query: ReturnType<typeof from>, full: boolean): Promise<R[]> {
    const rows = await query.select<KeyRow[]>(full ? columns() : ['id', ...KEY_COLUMNS]);
    // R is what `full` asked for: UsageRecordRow with every column, KeyRow with the key's.
    return rows as R[];
  }

  /** The stored rows holding these keys (the originals of duplicates), by key. */
  async function rowsByKey<R extends KeyRow>(
    records: UsageRecordInput[],
    full: boolean,
    transaction?: Knex.Transaction,
  ): Promise<Map<string, R>> {
    const found = new Map<string, R>();
    for (let i = 0; i < records.length; i += KEY_LOOKUP_CHUNK) {
      const part = records.slice(i, i + KEY_LOOKUP_CHUNK);
      const rows = await selectRows<R>(
        from(transaction).where((q) => {
          for (const r of part) {
            q.orWhere({
              device_id: r.deviceId,
              e_group: r.eGroup,
              e_id: r.eId,
              event_ref: r.eventRef,
            });
          }
        }),
        full,
      );
      for (const row of rows) {
        const key = keyOf(row);
        if (key) found.set(key, row);
      }
    }
    return found;
  }

  /**
   * Stores records distinct by key among themselves in one INSERT and classifies each
   * (see the top of this file). With `full`, each outcome carries the stored row as read
   * back (for a duplicate: the original), at the price of reading every column.
   */
  async function storeDistinct<R extends KeyRow>(
    records: UsageRecordInput[],
    meta: WriteMeta,
    full: boolean,
    transaction?: Knex.Transaction,
  ): Promise<{ outcomes: Array<{ status: 'created' | 'duplicate'; row: R }> }> {
    if (records.length > chunkSize())
      throw new Error(`a usage-record write takes at most ${chunkSize()} records`);
    const receipt = newReceipt();
    if (records.length === 0) return { outcomes: [] };
    const receivedAt = Date.now();
    const inserted = await insertSkippingDuplicates<R>(
      records.map((r, i) =>
        toRow(
          r,
          { source: meta.source, sourceLogRef: meta.sourceLogRef ?? null, receipt, receivedAt },
          meta.sourceRows?.[i] ?? null,
        ),
      ),
      full,
      transaction,
    );

    // Every record stored now: row i is record i (ids grow in VALUES order within one statement).
    if (inserted?.length === records.length)
      return { outcomes: inserted.map((row) => ({ status: 'created' as const, row })) };
    // Our rows, in insertion order.
    const ours =
      inserted ?? (await selectRows<R>(from(transaction).where({ receipt }).orderBy('id', 'asc'), full));
    const oursByKey = new Map<string, R>();
    const oursWithoutRef: R[] = [];
    for (const row of ours) {
      const key = keyOf(row);
      if (key === null) oursWithoutRef.push(row);
      else oursByKey.set(key, row);
    }

    let nextWithoutRef = 0;
    const duplicates: UsageRecordInput[] = [];
    const outcomes = records.map((record) => {
      const key = usageRecordKey(record);
      if (key === null) {
        const row = oursWithoutRef[nextWithoutRef++];
        if (row === undefined) throw new Error('A usage record without a reference was not stored');
        return { status: 'created' as const, row };
      }
      const row = oursByKey.get(key);
      if (row !== undefined) return { status: 'created' as const, row };
      duplicates.push(record);
      return null;
    });
    const originals = duplicates.length
      ? await rowsByKey<R>(duplicates, full, transaction)
      : new Map<string, R>();
    return {
      outcomes: outcomes.map((outcome, index) => {
        if (outcome) return outcome;
        const row = originals.get(usageRecordKey(records[index]) as string);
        // Only possible if the original was deleted between our insert and this read.
        if (row === undefined)
          throw new Error('The stored original of a duplicate usage record has disappeared');
        return { status: 'duplicate' as const, row };
      }),
    };
  }

  /**
   * Records sent one per request are written with whatever arrives meanwhile (group
   * commit, src/common/group-commit.ts): one INSERT for the group. The unique index
   * still decides every outcome.
   */
  const storeOneGrouped = groupCommit<UsageRecordInput, StoredRecord>(chunkSize(), async (group) => {
    // Two requests for the same event in one group: the first received is stored, the other is its duplicate.
    const repeats = findRepeats(group);
    const distinct = group.filter((_, i) => !repeats.has(i));
    const { outcomes } = await storeDistinct<UsageRecordRow>(distinct, { source: 'api' }, true);
    const stored = new Array<StoredRecord>(group.length);
    let next = 0;
    group.forEach((_, i) => {
      if (repeats.has(i)) return;
      const outcome = outcomes[next++];
      stored[i] = { status: outcome.status, record: toUsageRecordDto(outcome.row) };
    });
    for (const [index, first] of repeats)
      stored[index] = { status: 'duplicate', record: stored[first].record };
    return stored;
  });

  type Chunk = {
    records: UsageRecordInput[];
    meta: WriteMeta;
  };
  const storeChunkNow = async (chunk: Chunk, transaction?: Knex.Transaction) => {
    const { outcomes } = await storeDistinct<KeyRow>(chunk.records, chunk.meta, false, transaction);
    return outcomes.map((o): StoredOutcome => ({ status: o.status, id: Number(o.row.id) }));
  };
  /**
   * On SQLite, chunks of concurrent batch requests are committed together: each keeps its
   * own INSERT and receipt, but up to CHUNKS_PER_COMMIT of them share one transaction. On
   * SQLite's default rollback journal a commit costs two fsyncs, about half of what storing
   * a 1,000-record chunk alone takes, and its one connection writes one statement at a
   * time anyway. Not on PostgreSQL (nor MySQL): there concurrent requests write on their
   * own connections side by side, and queueing them behind one another read 9,000
   * records/s against 16,000 (bench/README.md, "Usage records").
   */
  const storeChunkGrouped = groupCommit<Chunk, StoredOutcome[]>(CHUNKS_PER_COMMIT, async (chunks) => {
    if (chunks.length === 1) return [await storeChunkNow(chunks[0])];
    return knex().transaction(async (transaction) => {
      const outcomes: StoredOutcome[][] = [];
      for (const chunk of chunks) outcomes.push(await storeChunkNow(chunk, transaction));
      return outcomes;
    });
  });

  return {
    chunkSize,

    /**
     * Stores records that are distinct by key among themselves (the caller marks repeats
     * within a request) in one INSERT, and says for each whether it was stored now or had
     * been stored before, with the id of the stored row. At most `chunkSize()` records.
     */
    async storeChunk(
      records: UsageRecordInput[],
      meta: WriteMeta,
      transaction?: Knex.Transaction,
    ): Promise<{ outcomes: StoredOutcome[] }> {
      // Inside the caller's transaction now; on SQLite otherwise together with other requests' chunks.
      const chunk = { records, meta };
      const grouped = !transaction && client() === 'sqlite';
      return { outcomes: await (grouped ? storeChunkGrouped(chunk) : storeChunkNow(chunk, transaction)) };
    },

    /** One record from the single-record API, written with whatever else arrives meanwhile; answers the stored row. */
    storeOne(record: UsageRecordInput): Promise<StoredRecord> {
      return storeOneGrouped(record);
    },

    /** A filtered, paged read; `where` narrows the query. */
    async page(
      where: (q: ReturnType<typeof table>) => void,
      order: 'asc' | 'desc',
      limit: number,
      offset: number,
    ): Promise<{ rows: UsageRecordDto[]; total: number }> {
      const base = table();
      where(base);
      const [{ n }] = await base.clone().count<Array<{ n: number | string }>>({ n: '*' });
      const rows = await base
        .clone()
        .select<UsageRecordRow[]>(columns())
        .orderBy([
          { column: 'dtu', order },
          { column: 'id', order },
        ])
        .limit(limit)
        .offset(offset);
      return { rows: rows.map(toUsageRecordDto), total: Number(n) };
    },
  };
};
