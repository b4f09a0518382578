import type { Core } from '@strapi/strapi';

/**
 * Identifiers are compared exactly — "Wm-001" and "wm-001" are two meters — on
 * all three databases. SQLite and PostgreSQL compare strings byte for byte;
 * MySQL/MariaDB's default collations ignore case and accents, so on MySQL the
 * identifier columns of the tables Strapi creates get a binary collation. (Tables
 * the plugin creates itself declare it up front, see bulk-tables.ts.)
 */
const EXACT_COLUMNS: { table: string; column: string; length: number }[] = [
  { table: 'utilities_devices', column: 'meter_number', length: 255 },
];

export async function ensureExactIdentifiers(strapi: Core.Strapi) {
  if (strapi.db.dialect.client !== 'mysql') return;
  const knex = strapi.db.connection;
  for (const { table, column, length } of EXACT_COLUMNS) {
    const [rows] = (await knex.raw(
      'SELECT COLLATION_NAME AS c, IS_NULLABLE AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?',
      [table, column],
    )) as [{ c: string; n: string }[]];
    if (!rows.length || rows[0].c === 'utf8mb4_bin') continue;
    const nullable = rows[0].n === 'YES' ? 'NULL' : 'NOT NULL';
    await knex.raw(
      `ALTER TABLE ?? MODIFY ?? VARCHAR(${length}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin ${nullable}`,
      [table, column],
    );
  }
}
