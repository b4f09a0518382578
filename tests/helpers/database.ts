import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
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

/**
 * A fresh database for one suite — empty, or a copy of `template` (a database an earlier
 * suite of this process seeded; see seededTemplate). Copies are made the cheapest way
 * each server has: a file copy for SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL,
 * and on MariaDB each table's own `SHOW CREATE TABLE` (keys, foreign keys, next id) with
 * its rows copied server-side.
 */
export async function createTestDatabase(template?: string): Promise<TestDatabase> {
  const name = `utilities_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = databaseClient();
  if (client === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'utilities-test-'));
    const file = path.join(dir, 'data.db');
    if (template) copyFileSync(template, file);
    return {
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  if (client === 'postgres') {
    await pgAdmin(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: serverUrl(PG_ADMIN_URL, name) },
      drop: () => dropTestDatabase(name),
    };
  }
  await mysqlAdmin(async (c) => {
    await c.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    if (template) await copyMysqlTables(c, template, name);
  });
  return {
    env: { DATABASE_CLIENT: 'mysql', DATABASE_URL: serverUrl(MYSQL_ADMIN_URL, name) },
    drop: () => dropTestDatabase(name),
  };
}

export async function dropTestDatabase(name: string): Promise<void> {
  const client = databaseClient();
  if (client === 'postgres') await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  if (client === 'mysql') await mysqlAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name}`));
}

/** The URL of database `name` on the server `adminUrl` points at. */
function serverUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function pgAdmin(sql: string, params: unknown[] = []) {
  const { Client } = await import('pg');
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

type MysqlConnection = Awaited<ReturnType<(typeof import('mysql2/promise'))['createConnection']>>;

async function mysqlAdmin<T>(work: (c: MysqlConnection) => Promise<T>): Promise<T> {
  const mysql = await import('mysql2/promise');
  const c = await mysql.createConnection(MYSQL_ADMIN_URL);
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/**
 * MariaDB has no database templates. `CREATE TABLE … LIKE` would lose the foreign keys
 * (and with them Strapi's cascades), so each table is created from its own definition —
 * unqualified names in it resolve to the new database — with checks off while the
 * tables that reference each other appear in any order.
 */
async function copyMysqlTables(c: MysqlConnection, from: string, to: string) {
  const [tables] = await c.query(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'",
    [from],
  );
  await c.query('SET FOREIGN_KEY_CHECKS = 0');
  try {
    for (const { name } of tables as { name: string }[]) {
      const [[definition]] = (await c.query(`SHOW CREATE TABLE \`${from}\`.\`${name}\``)) as unknown as [
        { 'Create Table': string }[],
      ];
      await c.query(`USE \`${to}\``);
      await c.query(definition['Create Table']);
      await c.query(`INSERT INTO \`${to}\`.\`${name}\` SELECT * FROM \`${from}\`.\`${name}\``);
    }
  } finally {
    await c.query('SET FOREIGN_KEY_CHECKS = 1');
  }
}

/**
 * Drops every connection the app holds to its test database, as a database restart does
 * to a client — without disturbing anyone else's databases on the same server:
 * PostgreSQL terminates the backends of this database only, MariaDB kills its threads.
 * SQLite has no server: its open handles are closed under the pool and marked broken the
 * way knex marks a PostgreSQL or MySQL connection that failed, so the pool opens a new one.
 * Returns how many connections were dropped.
 *
 * `inWriteTo`: cut inside a write to that table, not merely while some query runs (a query
 * can end between the check and the cut, and work that is mostly computing — a charge run —
 * would often be cut between two queries): a connection of the test holds the table against
 * writes (reads go on), the cut waits until one of the app's connections waits on it, and
 * lets the table go only once the app's connections are gone (were it let go first, the
 * waiting write would finish and the cut would land between two queries after all).
 */
export async function dropDatabaseConnections(
  knex: {
    client: { pool?: { free: { resource: unknown }[]; used: { resource: unknown }[] } };
  },
  { inWriteTo }: { inWriteTo?: string } = {},
): Promise<number> {
  const client = databaseClient();
  if (client === 'sqlite') {
    const pool = knex.client.pool!;
    // SQLite runs one writer at a time: wait for a connection to be in use (a transaction
    // under way), so the cut lands mid-work as a restart's would, not between two transactions.
    await until(async () => pool.used.length > 0);
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
    const holder = inWriteTo ? new Client({ connectionString: process.env.DATABASE_URL }) : null;
    try {
      if (holder) {
        await holder.connect();
        await holder.query('BEGIN');
        await holder.query(`LOCK TABLE "${inWriteTo}" IN EXCLUSIVE MODE`);
      }
      // Cut while a transaction is open (mid-work), not in the instant between two — or, with
      // `inWriteTo`, while a write to that table waits.
      await until(async () => {
        const open = await c.query(
          holder
            ? "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND strpos(query, $2) > 0 LIMIT 1"
            : 'SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND xact_start IS NOT NULL LIMIT 1',
          holder ? [name, `"${inWriteTo}"`] : [name],
        );
        return Boolean(open.rowCount);
      });
      const res = await c.query<{ pid: number }>(
        'SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND pid <> $2',
        [name, (holder as unknown as { processID?: number } | null)?.processID ?? 0],
      );
      const pids = res.rows.map((r) => r.pid);
      // pg_terminate_backend only signals. Return once the backends have exited, as after
      // a real restart: a query sent to a backend still dying would fail on that instead.
      await until(async () => {
        const alive = await c.query('SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1)', [pids]);
        return alive.rowCount === 0;
      });
      return pids.length;
    } finally {
      await c.end();
      await holder?.end().catch(() => undefined);
    }
  }
  const mysql = await import('mysql2/promise');
  const c = await mysql.createConnection(MYSQL_ADMIN_URL);
  const holder = inWriteTo ? await mysql.createConnection(process.env.DATABASE_URL!) : null;
  try {
    if (holder) {
      await holder.query(`LOCK TABLES \`${inWriteTo}\` READ`);
    }
    await until(async () => {
      const [open] = await c.query(
        holder
          ? "SELECT 1 FROM information_schema.processlist WHERE db = ? AND state LIKE 'Waiting for table%lock' AND INSTR(info, ?) > 0 LIMIT 1"
          : `SELECT 1 FROM information_schema.innodb_trx t
               JOIN information_schema.processlist p ON p.id = t.trx_mysql_thread_id
              WHERE p.db = ? LIMIT 1`,
        holder ? [name, `\`${inWriteTo}\``] : [name],
      );
      return (open as unknown[]).length > 0;
    });
    const [rows] = await c.query('SELECT id FROM information_schema.processlist WHERE db = ? AND id <> ?', [
      name,
      holder?.threadId ?? 0,
    ]);
    const ids = (rows as { id: number }[]).map((r) => Number(r.id));
    for (const id of ids) await c.query(`KILL ${id}`).catch(() => undefined); // ended meanwhile
    // KILL marks the thread; it ends at its next check. Wait for that, as for PostgreSQL.
    await until(async () => {
      const [left] = await c.query('SELECT id FROM information_schema.processlist WHERE id IN (?)', [
        ids.length ? ids : [0],
      ]);
      return (left as unknown[]).length === 0;
    });
    return ids.length;
  } finally {
    await c.end();
    await holder?.end().catch(() => undefined);
  }
}

/** Polls `done` every 5 ms, for at most 10 s (then goes on: the caller's assertions tell). */
async function until(done: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 10_000 && !(await done()); waited += 5)
    await new Promise((r) => setTimeout(r, 5));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
