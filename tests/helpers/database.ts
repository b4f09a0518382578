import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * One fresh database per suite on the server named by DATABASE_CLIENT
 * (sqlite by default; postgres and mysql at 127.0.0.1, as in CI).
 */
export type TestDatabase = { env: Record<string, string>; drop: () => Promise<void> };

export const databaseClient = () =>
  (process.env.DATABASE_CLIENT ?? 'sqlite') as 'sqlite' | 'postgres' | 'mysql';

const PG_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MYSQL_ADMIN_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `utilities_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = databaseClient();
  if (client === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'utilities-test-'));
    return {
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(dir, 'data.db') },
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  if (client === 'postgres') {
    const { Client } = await import('pg');
    const admin = async (sql: string) => {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() },
      drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const mysql = await import('mysql2/promise');
  const admin = async (sql: string) => {
    const c = await mysql.createConnection(MYSQL_ADMIN_URL);
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(MYSQL_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_CLIENT: 'mysql', DATABASE_URL: url.toString() },
    drop: () => admin(`DROP DATABASE IF EXISTS ${name}`),
  };
}

/**
 * Drops every connection the app holds to its test database, as a database restart does
 * to a client — without disturbing anyone else's databases on the same server:
 * PostgreSQL terminates the backends of this database only, MariaDB kills its threads.
 * SQLite has no server: its open handles are closed under the pool and marked broken the
 * way knex marks a PostgreSQL or MySQL connection that failed, so the pool opens a new one.
 * Returns how many connections were dropped.
 */
export async function dropDatabaseConnections(knex: {
  client: { pool?: { free: { resource: unknown }[]; used: { resource: unknown }[] } };
}): Promise<number> {
  const client = databaseClient();
  if (client === 'sqlite') {
    const pool = knex.client.pool!;
    // SQLite runs one writer at a time: wait for a connection to be in use (a transaction
    // under way), so the cut lands mid-work as a restart's would, not between two transactions.
    for (let waited = 0; pool.used.length === 0 && waited < 10_000; waited += 5)
      await new Promise((r) => setTimeout(r, 5));
    const handles = [...pool.free, ...pool.used].map(
      (r) => r.resource as { close(): void; __knex__disposed?: unknown },
    );
    for (const handle of handles) {
      handle.close();
      handle.__knex__disposed = 'closed by the test';
    }
    return handles.length;
  }
  const name = new URL(process.env.DATABASE_URL!).pathname.slice(1);
  if (client === 'postgres') {
    const { Client } = await import('pg');
    const c = new Client({ connectionString: PG_ADMIN_URL });
    await c.connect();
    try {
      // Cut while a transaction is open (mid-work), not in the instant between two.
      for (let waited = 0; waited < 10_000; waited += 5) {
        const open = await c.query(
          'SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND xact_start IS NOT NULL LIMIT 1',
          [name],
        );
        if (open.rowCount) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      const res = await c.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      return res.rowCount ?? 0;
    } finally {
      await c.end();
    }
  }
  const mysql = await import('mysql2/promise');
  const c = await mysql.createConnection(MYSQL_ADMIN_URL);
  try {
    for (let waited = 0; waited < 10_000; waited += 5) {
      const [open] = await c.query(
        `SELECT 1 FROM information_schema.innodb_trx t
           JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id
          WHERE p.db = ? LIMIT 1`,
        [name],
      );
      if ((open as unknown[]).length) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const [rows] = await c.query('SELECT id FROM information_schema.processlist WHERE db = ?', [name]);
    const ids = (rows as { id: number }[]).map((r) => Number(r.id));
    for (const id of ids) await c.query(`KILL ${id}`).catch(() => undefined); // ended meanwhile
    return ids.length;
  } finally {
    await c.end();
  }
}
