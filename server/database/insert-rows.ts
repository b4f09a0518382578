import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * One multi-row INSERT into a plugin-owned bulk table, optionally skipping rows that
 * collide with a unique index (`skipDuplicatesOn`: the index's columns):
 *
 * - SQLite: `INSERT … VALUES (…),(…) ON CONFLICT (…) DO NOTHING`, written by hand — knex
 *   writes SQLite multi-row inserts as a compound SELECT of one term per row (capped at
 *   500), which SQLite compiles several times slower than a VALUES list;
 * - PostgreSQL: `INSERT … VALUES ($1,…),(…) ON CONFLICT (…) DO NOTHING`, also by hand and
 *   sent straight to the pg driver: knex compiled each 1,000-row statement anew — a
 *   `?` per value, then a regex pass turning each into `$n` — which for a 100,000-row
 *   upload was about 0.9 GB of short-lived strings and arrays (bench/README.md). The
 *   statement text depends only on its shape, so the last few shapes are kept;
 * - MySQL/MariaDB: `INSERT … ON DUPLICATE KEY UPDATE <first column> = <first column>`, a
 *   no-op update — not `INSERT IGNORE`, which also turns data errors (truncation, bad
 *   values) into silent warnings.
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
  if (rows.length === 0) return;
  const knex = options.transaction ?? strapi.db.connection;
  const conflict = options.skipDuplicatesOn;
  const client = strapi.db.dialect.client;
  if (client === 'sqlite') {
    const names = Object.keys(rows[0]);
    const tuple = `(${names.map(() => '?').join(',')})`;
    const values: unknown[] = [];
    for (const row of rows) for (const name of names) values.push(row[name]);
    const onConflict = conflict ? ` on conflict (${conflict.map(() => '??').join(',')}) do nothing` : '';
    await knex.raw(
      `insert into ?? (${names.map(() => '??').join(',')}) values ${rows.map(() => tuple).join(',')}${onConflict}`,
      [table, ...names, ...values, ...(conflict ?? [])],
    );
    return;
  }
  if (client === 'postgres') {
    await insertPostgres(knex, table, rows, conflict);
    return;
  }
  if (!conflict) {
    await knex(table).insert(rows);
    return;
  }
  const insert = knex(table).insert(rows).onConflict(conflict);
  if (client === 'mysql') await insert.merge({ [conflict[0]]: knex.ref(conflict[0]) });
  else await insert.ignore();
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Statement texts by shape (table, columns, row count, conflict columns); a handful at most. */
const postgresStatements = new Map<string, string>();
const POSTGRES_STATEMENTS_KEPT = 8;

function postgresStatement(
  table: string,
  names: string[],
  rowCount: number,
  conflict: string[] | undefined,
): string {
  const shape = `${table}|${names.join(',')}|${rowCount}|${conflict?.join(',') ?? ''}`;
  const known = postgresStatements.get(shape);
  if (known !== undefined) return known;
  const tuples: string[] = [];
  for (let r = 0, n = 1; r < rowCount; r++) {
    const tuple: string[] = [];
    for (let c = 0; c < names.length; c++) tuple.push(`$${n++}`);
    tuples.push(`(${tuple.join(',')})`);
  }
  const onConflict = conflict ? ` on conflict (${conflict.map(quote).join(',')}) do nothing` : '';
  const text = `insert into ${quote(table)} (${names.map(quote).join(',')}) values ${tuples.join(',')}${onConflict}`;
  if (postgresStatements.size >= POSTGRES_STATEMENTS_KEPT)
    postgresStatements.delete(postgresStatements.keys().next().value as string);
  postgresStatements.set(shape, text);
  return text;
}

type PgConnection = { query(text: string, values: unknown[]): Promise<unknown> };
/** knex types its dialect client as `any`; these are the two calls used here. */
type PgClient = {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
};

async function insertPostgres(
  knex: Knex,
  table: string,
  rows: Record<string, unknown>[],
  conflict: string[] | undefined,
): Promise<void> {
  const names = Object.keys(rows[0]);
  const values: unknown[] = new Array(rows.length * names.length);
  let i = 0;
  for (const row of rows) {
    for (const name of names) {
      const value = row[name];
      // As knex would refuse an undefined binding: a row must give every column.
      if (value === undefined) throw new Error(`insertRows(${table}): column ${name} is undefined in a row`);
      values[i++] = value;
    }
  }
  const text = postgresStatement(table, names, rows.length, conflict);
  // The connection of the transaction when given (knex hands out the transaction's own), else one from the pool.
  const client = knex.client as PgClient;
  const connection = await client.acquireConnection();
  try {
    await connection.query(text, values);
  } finally {
    await client.releaseConnection(connection);
  }
}
