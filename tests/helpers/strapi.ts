import path from 'node:path';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createTestDatabase, databaseClient, dropTestDatabase, isAlive, type TestDatabase } from './database';

export const ROOT = path.resolve(__dirname, '..', '..');
export const PLAYGROUND = path.join(ROOT, 'playground');

/**
 * A suite that seeds the whole demo (a month of 15-minute data, a heating year, the
 * validation cases) boots for minutes on a busy 2-core machine: its beforeAll gets
 * this much rather than the 3 minutes every other hook has.
 */
export const DEMO_BOOT_TIMEOUT_MS = 600_000;

export type TestApp = {
  strapi: Core.Strapi;
  http: () => ReturnType<typeof request>;
  stop: () => Promise<void>;
  /** Stops this Strapi as a server stops (destroy) and boots another on the same database. */
  restart: () => Promise<TestApp>;
};

/**
 * Boots the playground Strapi in-process, with the plugin loaded from its built
 * dist/ exactly as a user's app loads it, on a database of the suite's own: a copy of
 * one this process booted once before (its schema made, the bootstrap run — as any
 * restarted app finds it), or with `from: 'demo'` a copy of one the demo was seeded into.
 */
export async function startStrapi(
  env: Record<string, string> = {},
  { from = 'booted' }: { from?: Template } = {},
): Promise<TestApp> {
  return onDatabase(await createTestDatabase(await templateDatabase(from)), env);
}

async function onDatabase(db: TestDatabase, env: Record<string, string>): Promise<TestApp> {
  const app = await bootStrapi(db, env);
  return {
    ...app,
    stop: () => app.stop({ keepDatabase: false }),
    restart: async () => {
      await app.stop({ keepDatabase: true });
      return onDatabase(db, env);
    },
  };
}

/** The demo as `npm run demo` seeds it, in a database of the suite's own. */
export const startSeededDemo = (env: Record<string, string> = {}) => startStrapi(env, { from: 'demo' });

/**
 * Making Strapi's schema on an empty database takes 12–16 s of every boot (all three
 * databases, 2-core machine); booting on a copy of a made one takes 2–3 s. Seeding the
 * demo takes a minute more. So the first suite of a test process that needs one makes
 * it once and leaves it as a template; every suite then boots on a copy (see
 * createTestDatabase) and may change it freely.
 *
 * Jest runs the suites in band in one process but gives each its own module registry
 * and its own copy of process.env, so a template is found through a marker file named
 * by its kind, the database client and the process id, written only once the template
 * is complete. Templates of processes that have ended are dropped by the next one.
 */
type Template = 'booted' | 'demo';
type Marker = { pid: number; template: string };

const MARKER_PREFIX = 'utilities-template-';
const markerFile = (kind: Template, pid: number) =>
  path.join(tmpdir(), `${MARKER_PREFIX}${databaseClient()}-${kind}-${pid}.json`);

async function templateDatabase(kind: Template): Promise<string> {
  const marker = markerFile(kind, process.pid);
  if (existsSync(marker)) return (JSON.parse(readFileSync(marker, 'utf8')) as Marker).template;
  await dropTemplatesOfEndedProcesses();
  const db = await createTestDatabase(kind === 'demo' ? await templateDatabase('booted') : undefined);
  // The demo is seeded as `npm run demo` seeds it: by the app's bootstrap. The flag is
  // taken back so the suite's own boot, in this same process.env, does not seed again.
  const env: Record<string, string> = kind === 'demo' ? { UTILITIES_DEMO_SEED: 'true' } : {};
  const app = await bootStrapi(db, env).catch(async (error) => {
    await db.drop();
    throw error;
  });
  delete process.env.UTILITIES_DEMO_SEED;
  await app.stop({ keepDatabase: true });
  const template = db.env.DATABASE_FILENAME ?? new URL(db.env.DATABASE_URL).pathname.slice(1);
  writeFileSync(marker, JSON.stringify({ pid: process.pid, template } satisfies Marker));
  return template;
}

async function dropTemplatesOfEndedProcesses() {
  const prefix = `${MARKER_PREFIX}${databaseClient()}-`;
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(prefix)) continue;
    const file = path.join(tmpdir(), name);
    const { pid, template } = JSON.parse(readFileSync(file, 'utf8')) as Marker;
    if (isAlive(pid)) continue;
    if (databaseClient() === 'sqlite') rmSync(path.dirname(template), { recursive: true, force: true });
    else await dropTestDatabase(template);
    rmSync(file, { force: true });
  }
}

/** startStrapi on a given database; `stop` can leave the database for another suite to copy. */
export async function bootStrapi(
  db: TestDatabase,
  env: Record<string, string>,
): Promise<Omit<TestApp, 'stop' | 'restart'> & { stop: (o: { keepDatabase: boolean }) => Promise<void> }> {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'index.js'))) {
    throw new Error(
      'dist/ is missing: run `npm run prepare:plugin` (npm test does it) before the integration suites',
    );
  }
  Object.assign(process.env, {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'false',
    UTILITIES_CRON_ENABLED: 'false',
    STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'error',
    ...db.env,
    ...env,
  });
  const { createStrapi } = await import('@strapi/strapi');
  const strapi = await createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND }).load();
  strapi.server.mount(); // what listen() does first; supertest binds its own ephemeral port
  const server = strapi.server.httpServer;
  return {
    strapi,
    http: () => request(server),
    stop: async ({ keepDatabase }) => {
      await strapi.destroy();
      if (!keepDatabase) await db.drop();
    },
  };
}
