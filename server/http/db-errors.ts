/**
 * Recognises a unique-index violation from any of the three supported databases,
 * however deeply Strapi or knex wrapped it: SQLite (SQLITE_CONSTRAINT_UNIQUE),
 * PostgreSQL (23505) and MySQL/MariaDB (ER_DUP_ENTRY, errno 1062).
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    const code = e.code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
    if (code === '23505' || code === 'ER_DUP_ENTRY' || e.errno === 1062) return true;
    if (
      typeof e.message === 'string' &&
      /UNIQUE constraint failed|duplicate key value|Duplicate entry/i.test(e.message)
    )
      return true;
    e = (e.cause ?? e.originalError ?? e.nativeError) as Record<string, unknown> | undefined;
  }
  return false;
}
