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
