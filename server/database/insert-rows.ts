import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * One multi-row INSERT into a plugin-owned bulk table, optionally skipping rows that
 * collide with a unique index (`skipDuplicatesOn`: the index's columns):
 *
 * - SQLite: `INSERT … VALUES (?,…),(…) ON CONFLICT (…) DO NOTHING`, written by hand — knex
 *   writes SQLite multi-row inserts as a compound SELECT of one term per row (capped at
 *   500), which SQLite compiles several times slower than a VALUES list — and prepared once
 *   per connection and shape, then run on better-sqlite3 directly: through `knex.raw`
 *   every 1,000-row statement was formatted anew (21,000 `??`/`?` replacements) and
 *   compiled anew by SQLite (`prepare`), together ~7 ms of the ~35 ms a 1,000-record
 *   batch took (bench/README.md, "Usage records");
 * - PostgreSQL: `INSERT … SELECT … FROM json_populate_recordset(null::<table>, $1) ON CONFLICT
 *   (…) DO NOTHING`, the rows as one JSON parameter: PostgreSQL casts each field by the
 *   table's own column types. Two forms came before it: knex's, compiling each 1,000-row
 *   statement anew — a `?` per value, then a regex pass turning each into `$n`, about
 *   0.9 GB of short-lived strings and arrays for a 100,000-row upload — and a hand-written
 *   `VALUES ($1,…),(…)` with 21,000 parameters, which PostgreSQL parsed and planned anew
 *   for every statement: 96 ms a 1,000-row usage INSERT in process against 56 ms this way,
 *   with less work in Node too (one native JSON.stringify instead of serialising 21,000
 *   parameters; bench/README.md, "Usage records");
 * - MySQL/MariaDB: `INSERT … ON DUPLICATE KEY UPDATE <first column> = <first column>`, a
 *   no-op update — not `INSERT IGNORE`, which also turns data errors (truncation, bad
 *   values) into silent warnings.
 *
 * The SQLite and PostgreSQL statement texts depend only on their shape, so the last few
 * shapes are kept (and on SQLite their prepared statements, per connection).
 *
 * Rows must all have the same keys. Callers keep a statement under the bind-parameter
 * limits (SQLite 32,766; PostgreSQL 65,535): rows × columns.
 */
export async function insertRows(
  strapi: Core.Strapi,
  table: string,
  rows: Record<string, unknown>[],
  options: { skipDuplicatesOn?: string[]; transaction?: Knex.Transaction } = {},
): Promise<void> {
  await insertRowsReturning(strapi, table, rows, options);
}

/**
 * As `insertRows`, and with `returning` (an SQL select list, the caller's own constant text)
 * the rows the INSERT stored — without those a conflict skipped — in no particular order.
 * `null` on MySQL/MariaDB, whose INSERT has no RETURNING with ON DUPLICATE KEY: the caller
 * reads its rows back another way. Saves the second statement a write would otherwise need
 * to learn which of its rows were stored (a SELECT built and run through knex: ~3 % of a
 * single device POST's CPU profile on SQLite; on PostgreSQL also a round trip).
 */
export async function insertRowsReturning<R>(
  strapi: Core.Strapi,
  table: string,
  rows: Record<string, unknown>[],
  options: { skipDuplicatesOn?: string[]; transaction?: Knex.Transaction; returning?: string },
): Promise<R[] | null> {
  if (rows.length === 0) return [];
  const client = strapi.db.dialect.client;
  const knex = options.transaction ?? strapi.db.connection;
  const conflict = options.skipDuplicatesOn;
  if (client === 'sqlite' || client === 'postgres')
    return insertByHand<R>(client, knex, table, rows, conflict, options.returning);
  await insertWithKnex(knex, client, table, rows, conflict);
  return options.returning ? null : [];
}

async function insertWithKnex(
  knex: Knex,
  client: string,
  table: string,
  rows: Record<string, unknown>[],
  conflict: string[] | undefined,
): Promise<void> {
  if (!conflict) {
    await knex(table).insert(rows);
    return;
  }
  const insert = knex(table).insert(rows).onConflict(conflict);
  if (client === 'mysql') await insert.merge({ [conflict[0]]: knex.ref(conflict[0]) });
  else await insert.ignore();
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

type Dialect = 'sqlite' | 'postgres';

/** Statement texts by dialect and shape (table, columns, row count, conflict columns); a handful at most. */
const statements = new Map<string, string>();
const STATEMENTS_KEPT = 8;

function statementText(
  dialect: Dialect,
  table: string,
  names: string[],
  rowCount: number,
  conflict: string[] | undefined,
  returning: string | undefined,
): string {
  const shape = `${dialect}|${table}|${names.join(',')}|${rowCount}|${conflict?.join(',') ?? ''}|${returning ?? ''}`;
  const known = statements.get(shape);
  if (known !== undefined) return known;
  const onConflict = conflict ? ` on conflict (${conflict.map(quote).join(',')}) do nothing` : '';
  const columns = names.map(quote).join(',');
  let rowsText: string;
  if (dialect === 'postgres') {
    rowsText = `select ${columns} from json_populate_recordset(null::${quote(table)}, $1)`;
  } else {
    const tuple = `(${names.map(() => '?').join(',')})`;
    rowsText = `values ${new Array<string>(rowCount).fill(tuple).join(',')}`;
  }
  const text = `insert into ${quote(table)} (${columns}) ${rowsText}${onConflict}${returning ? ` returning ${returning}` : ''}`;
  if (statements.size >= STATEMENTS_KEPT) statements.delete(statements.keys().next().value as string);
  statements.set(shape, text);
  return text;
}

/**
 * The rows' values in column order for SQLite, where `sqliteValue` turns booleans and dates
 * into numbers as knex's better-sqlite3 client does (the driver refuses both); for PostgreSQL
 * only the check that every row gives every column.
 */
function bindings(table: string, names: string[], rows: Record<string, unknown>[], sqlite: boolean) {
  const values: unknown[] = sqlite ? new Array(rows.length * names.length) : [];
  let i = 0;
  for (const row of rows) {
    for (const name of names) {
      const value = row[name];
      // As knex would refuse an undefined binding: a row must give every column.
      if (value === undefined) throw new Error(`insertRows(${table}): column ${name} is undefined in a row`);
      if (sqlite) values[i++] = sqliteValue(value);
    }
  }
  return values;
}

function sqliteValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.valueOf();
  return value;
}

type PgConnection = { query(text: string, values: unknown[]): Promise<{ rows: unknown[] }> };
type SqliteRun = { changes: number; lastInsertRowid: number | bigint };
type SqliteStatement = { run(values: unknown[]): SqliteRun; all(values: unknown[]): unknown[] };
type SqliteConnection = { prepare(text: string): SqliteStatement };
/** knex types its dialect client as `any`; these are the two calls used here. */
type DriverClient = {
  acquireConnection(): Promise<PgConnection | SqliteConnection>;
  releaseConnection(connection: PgConnection | SqliteConnection): Promise<void>;
};

/** The INSERT as written above, sent to the driver (onDriverConnection). */
async function insertByHand<R>(
  dialect: Dialect,
  knex: Knex,
  table: string,
  rows: Record<string, unknown>[],
  conflict: string[] | undefined,
  returning: string | undefined,
): Promise<R[]> {
  const names = Object.keys(rows[0]);
  const values = bindings(table, names, rows, dialect === 'sqlite');
  // PostgreSQL takes the rows as one JSON array (its statement does not depend on their number).
  const rowCount = dialect === 'postgres' ? 0 : rows.length;
  const text = statementText(dialect, table, names, rowCount, conflict, returning);
  return onDriverConnection(knex, async (connection) => {
    if (dialect === 'postgres') {
      const result = await (connection as PgConnection).query(text, [JSON.stringify(rows)]);
      return (returning ? result.rows : []) as R[];
    }
    const statement = preparedOn(connection as SqliteConnection, text);
    if (returning) return statement.all(values) as R[];
    statement.run(values);
    return [];
  });
}

/**
 * SQLite only: as `insertRows`, answering the ids of the rows, in their order, when the INSERT
 * stored every one of them, and null when a conflict skipped some (the caller then learns
 * which another way). No RETURNING: its result rows cost a 1,000-row statement a quarter of
 * its time (8.3 against 6.4 µs a row, better-sqlite3 on the usage-record table). The ids are
 * the last one and those before it: an INSERT gives its rows rowids one after another in
 * VALUES order, and SQLite has one writer, so no other statement's row comes between.
 */
export async function insertRowsIdsIfAll(
  strapi: Core.Strapi,
  table: string,
  rows: Record<string, unknown>[],
  options: { skipDuplicatesOn?: string[]; transaction?: Knex.Transaction },
): Promise<number[] | null> {
  if (strapi.db.dialect.client !== 'sqlite') throw new Error('insertRowsIdsIfAll is for SQLite');
  if (rows.length === 0) return [];
  const names = Object.keys(rows[0]);
  const values = bindings(table, names, rows, true);
  const text = statementText('sqlite', table, names, rows.length, options.skipDuplicatesOn, undefined);
  const run = await onDriverConnection(options.transaction ?? strapi.db.connection, (connection) =>
    preparedOn(connection as SqliteConnection, text).run(values),
  );
  if (run.changes !== rows.length) return null;
  const first = Number(run.lastInsertRowid) - rows.length + 1;
  return Array.from(rows, (_, i) => first + i);
}

/** `use` on the transaction's connection when `knex` is one (knex hands it out), else on one from the pool. */
async function onDriverConnection<T>(
  knex: Knex,
  use: (connection: PgConnection | SqliteConnection) => T | Promise<T>,
): Promise<T> {
  const client = knex.client as DriverClient;
  const connection = await client.acquireConnection();
  try {
    return await use(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}

/** better-sqlite3 statements by connection, then by text (the texts of `statements`). */
const prepared = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

function preparedOn(connection: SqliteConnection, text: string): SqliteStatement {
  let byText = prepared.get(connection);
  if (!byText) prepared.set(connection, (byText = new Map<string, SqliteStatement>()));
  let statement = byText.get(text);
  if (!statement) {
    if (byText.size >= STATEMENTS_KEPT) byText.delete(byText.keys().next().value as string);
    statement = connection.prepare(text);
    byText.set(text, statement);
  }
  return statement;
}
