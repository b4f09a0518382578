/**
 * A fresh database for a bench that boots the playground Strapi in its own process, as the
 * tests make one: a SQLite file in `work`, or a new PostgreSQL database at 127.0.0.1.
 * Sets the environment Strapi reads (and the quiet, cron-less test settings); returns the
 * function that drops the database again.
 */
import path from 'node:path';

export async function useFreshDatabase({ client, work, name, require }) {
  let dropDatabase = async () => {};
  if (client === 'sqlite') {
    process.env.DATABASE_FILENAME = path.join(work, 'bench.db');
  } else if (client === 'postgres') {
    const { Client } = require('pg');
    const admin = async (sql) => {
      const c = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
      await c.connect();
      await c.query(sql);
      await c.end();
    };
    await admin(`CREATE DATABASE ${name}`);
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${name}`;
    dropDatabase = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else throw new Error('DATABASE_CLIENT must be sqlite or postgres for this bench');
  useQuietSettings(client);
  return dropDatabase;
}

/** The quiet, cron-less test settings a bench's Strapi runs with (also on a kept database). */
export function useQuietSettings(client) {
  Object.assign(process.env, {
    DATABASE_CLIENT: client,
    NODE_ENV: 'test',
    STRAPI_LOG_LEVEL: 'error',
    STRAPI_TELEMETRY_DISABLED: 'true',
    UTILITIES_CRON_ENABLED: 'false',
  });
}

/**
 * The playground Strapi with the built plugin on a fresh database (`useFreshDatabase`),
 * loaded in this process: `{ strapi, work, stop }`, `stop` destroying it, dropping the
 * database and removing `work`.
 */
export async function bootPlayground({ root, client, name, require }) {
  const { existsSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  if (!existsSync(path.join(root, 'dist', 'server', 'index.js')))
    throw new Error('dist/ is missing: run `node scripts/prepare.mjs plugin` first');
  const work = mkdtempSync(path.join(tmpdir(), `${name}-`));
  const dropDatabase = await useFreshDatabase({ client, work, name: `${name}_${process.pid}`, require });
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({
    appDir: path.join(root, 'playground'),
    distDir: path.join(root, 'playground'),
  }).load();
  const stop = async () => {
    await strapi.destroy();
    await dropDatabase();
    rmSync(work, { recursive: true, force: true });
  };
  return { strapi, work, stop };
}
