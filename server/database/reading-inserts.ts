import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';
import { TABLES } from './bulk-tables';

/**
 * The meter-reading insert path of file ingestion, one per dialect, each as close to
 * the database's own bulk-load limit as it gets (bench/ingestion measures it against
 * that limit):
 *
 * - SQLite: one prepared `INSERT … ON CONFLICT DO NOTHING` run per reading on the
 *   transaction's own better-sqlite3 connection — no SQL text built per row or batch,
 *   and `changes` says per row whether it was stored;
 * - PostgreSQL: the readings are `COPY`ed into a temporary table as they come, and one
 *   `INSERT … SELECT … ON CONFLICT DO NOTHING` per transaction moves them in (the table
 *   is dropped at commit);
 * - MySQL/MariaDB: multi-row `INSERT … ON DUPLICATE KEY UPDATE id = id` — a no-op on a
 *   duplicate, not `INSERT IGNORE`, which would also turn data errors (a too-long value
 *   cut short) into warnings; a data error fails the statement.
 *
 * A reading the unique index turned away (a concurrent file stored it between the
 * caller's look-up and the insert, or a repeat within one PostgreSQL transaction) is
 * handed back as "missed", so its row gets an outcome of its own: never a silent drop.
 */
export type NewReading = {
  meter_number: string;
  register: string;
  reading_at: number;
  value: string;
  kind: string;
  unit: string | null;
  quality: string | null;
  device_ref: string | null;
  source_log_id: number;
  source_row: number;
  source_line: number | null;
  created_at: number;
};
export type MissedReading = Pick<
  NewReading,
  'meter_number' | 'register' | 'reading_at' | 'value' | 'source_row' | 'source_line'
>;

export interface ReadingInserter {
  /** Inserts (or stages) these readings; returns those already known not to be stored. */
  add(rows: NewReading[]): Promise<MissedReading[]>;
  /** Stores what is staged, before the transaction commits; returns the readings not stored. */
  flush(): Promise<MissedReading[]>;
}

const COLUMNS = [
  'meter_number',
  'register',
  'reading_at',
  'value',
  'kind',
  'unit',
  'quality',
  'device_ref',
  'source_log_id',
  'source_row',
  'source_line',
  'created_at',
] as const satisfies readonly (keyof NewReading)[];
const KEY = ['meter_number', 'register', 'reading_at'];
const STAGE_TABLE = 'utilities_incoming_readings';

/** `transaction` must be open: every insert is part of it. */
export async function openReadingInserter(
  strapi: Core.Strapi,
  transaction: Knex.Transaction,
): Promise<ReadingInserter> {
  const client = strapi.db.dialect.client;
  // A transaction's client hands out the transaction's own connection.
  const connection = (await (
    transaction.client as { acquireConnection(): Promise<unknown> }
  ).acquireConnection()) as SqliteDatabase & PgConnection;
  if (client === 'sqlite') return sqliteInserter(connection);
  if (client === 'postgres') return postgresInserter(connection);
  return mysqlInserter(transaction);
}

type SqliteStatement = { run(...values: unknown[]): { changes: number } };
type SqliteDatabase = { prepare(sql: string): SqliteStatement };
const sqliteStatements = new WeakMap<SqliteDatabase, SqliteStatement>();

function sqliteInserter(db: SqliteDatabase): ReadingInserter {
  let insert = sqliteStatements.get(db);
  if (!insert) {
    insert = db.prepare(
      `insert into "${TABLES.meterReadings}" (${COLUMNS.join(',')}) values (${COLUMNS.map(() => '?').join(',')})` +
        ` on conflict (${KEY.join(',')}) do nothing`,
    );
    sqliteStatements.set(db, insert);
  }
  const statement = insert;
  return {
    add(rows) {
      const missed: MissedReading[] = [];
      for (const r of rows) {
        const { changes } = statement.run(
          r.meter_number,
          r.register,
          r.reading_at,
          r.value,
          r.kind,
          r.unit,
          r.quality,
          r.device_ref,
          r.source_log_id,
          r.source_row,
          r.source_line,
          r.created_at,
        );
        if (changes === 0) missed.push(r);
      }
      return Promise.resolve(missed);
    },
    flush: () => Promise.resolve([]),
  };
}

type PgConnection = {
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null; rows: MissedReading[] }>;
  query(stream: ReturnType<typeof copyFrom>): ReturnType<typeof copyFrom>;
};

/** COPY text format: \N is NULL; backslash, tab and line breaks are escaped. */
const copyText = (value: string | number | null): string => {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : value;
};

function postgresInserter(connection: PgConnection): ReadingInserter {
  let staged = 0;
  /**
   * The COPY under way. It is not waited for: the next slice is read and matched while
   * the database takes this one in (the pipeline waited on every COPY: over half of an
   * ingestion's wall time was spent idle, bench/ingestion/RESULTS.md). At most one runs;
   * the next `add` or `flush` waits for it, and its error surfaces there.
   */
  let copying: Promise<void> | null = null;
  const copied = async () => {
    const pending = copying;
    copying = null;
    await pending;
  };
  return {
    async add(rows) {
      if (!rows.length) return [];
      await copied();
      if (staged === 0)
        await connection.query(
          `create temporary table if not exists ${STAGE_TABLE} (meter_number text, register text,` +
            ` reading_at bigint, value text, kind text, unit text, quality text, device_ref text,` +
            ` source_log_id bigint, source_row integer, source_line integer, created_at bigint) on commit drop`,
        );
      let text = '';
      for (const r of rows) {
        text +=
          `${copyText(r.meter_number)}\t${copyText(r.register)}\t${r.reading_at}\t${copyText(r.value)}\t` +
          `${copyText(r.kind)}\t${copyText(r.unit)}\t${copyText(r.quality)}\t${copyText(r.device_ref)}\t` +
          `${r.source_log_id}\t${r.source_row}\t${r.source_line ?? '\\N'}\t${r.created_at}\n`;
      }
      const stream = connection.query(copyFrom(`copy ${STAGE_TABLE} (${COLUMNS.join(',')}) from stdin`));
      copying = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
        stream.end(text);
      });
      // Seen by the next add or flush; until then it must not count as unhandled.
      copying.catch(() => undefined);
      staged += rows.length;
      return [];
    },
    async flush() {
      await copied();
      if (staged === 0) return [];
      const count = staged;
      staged = 0;
      // In file order, so that of two rows with one key the earlier is the one stored.
      const { rowCount } = await connection.query(
        `insert into "${TABLES.meterReadings}" (${COLUMNS.join(',')})` +
          ` select ${COLUMNS.join(',')} from ${STAGE_TABLE} order by source_row` +
          ` on conflict (${KEY.join(',')}) do nothing`,
      );
      let missed: MissedReading[] = [];
      if ((rowCount ?? 0) < count) {
        missed = (
          await connection.query(
            `select s.meter_number, s.register, s.reading_at, s.value, s.source_row, s.source_line` +
              ` from ${STAGE_TABLE} s where not exists (select 1 from "${TABLES.meterReadings}" r` +
              ` where r.source_log_id = s.source_log_id and r.source_row = s.source_row) order by s.source_row`,
          )
        ).rows.map((r) => ({ ...r, reading_at: Number(r.reading_at) }));
      }
      await connection.query(`drop table ${STAGE_TABLE}`);
      return missed;
    },
  };
}

function mysqlInserter(transaction: Knex.Transaction): ReadingInserter {
  return {
    async add(rows) {
      if (!rows.length) return [];
      const tuple = `(${COLUMNS.map(() => '?').join(',')})`;
      const values: unknown[] = [];
      for (const r of rows) for (const c of COLUMNS) values.push(r[c]);
      await transaction.raw(
        `insert into ?? (${COLUMNS.map(() => '??').join(',')}) values ${rows.map(() => tuple).join(',')}` +
          ` on duplicate key update ?? = ??`,
        [TABLES.meterReadings, ...COLUMNS, ...values, 'id', 'id'],
      );
      // The driver's affected-row count can't tell a no-op duplicate apart (FOUND_ROWS):
      // ask which of these rows are stored under their log.
      let low = Infinity;
      let high = -Infinity;
      for (const r of rows) {
        if (r.source_row < low) low = r.source_row;
        if (r.source_row > high) high = r.source_row;
      }
      const stored = new Set(
        (
          await transaction(TABLES.meterReadings)
            .where({ source_log_id: rows[0].source_log_id })
            .whereBetween('source_row', [low, high])
            .select<{ source_row: number }[]>('source_row')
        ).map((r) => Number(r.source_row)),
      );
      return rows.filter((r) => !stored.has(r.source_row));
    },
    flush: () => Promise.resolve([]),
  };
}
