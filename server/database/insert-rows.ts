import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * One multi-row INSERT into a plugin-owned bulk table, optionally skipping rows that
 * collide with a unique index (`skipDuplicatesOn`: the index's columns):
 *
 * - SQLite: `INSERT … VALUES (…),(…) ON CONFLICT (…) DO NOTHING`, written by hand — knex
 *   writes SQLite multi-row inserts as a compound SELECT of one term per row (capped at
 *   500), which SQLite compiles several times slower than a VALUES list;
 * - PostgreSQL: knex's `INSERT … ON CONFLICT (…) DO NOTHING`;
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
  const client = strapi.db.dialect.client as string;
  if (client === 'sqlite') {
    const names = Object.keys(rows[0]);
    const tuple = `(${names.map(() => '?').join(',')})`;
    const values: unknown[] = [];
    for (const row of rows) for (const name of names) values.push(row[name]);
    const onConflict = conflict ? ` on conflict (${conflict.map(() => '??').join(',')}) do nothing` : '';
    await knex.raw(`insert into ?? (${names.map(() => '??').join(',')}) values ${rows.map(() => tuple).join(',')}${onConflict}`, [
      table,
      ...names,
      ...values,
      ...(conflict ?? []),
    ] as never);
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
