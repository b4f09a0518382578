import path from 'node:path';
import { existsSync } from 'node:fs';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createTestDatabase, type TestDatabase } from './database';

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
};

/**
 * Boots the playground Strapi in-process, with the plugin loaded from its built
 * dist/ exactly as a user's app loads it, on a fresh database.
 */
export async function startStrapi(env: Record<string, string> = {}): Promise<TestApp> {
  if (!existsSync(path.join(ROOT, 'dist', 'server', 'index.js'))) {
    throw new Error(
      'dist/ is missing: run `npm run prepare:plugin` (npm test does it) before the integration suites',
    );
  }
  const db: TestDatabase = await createTestDatabase();
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
    stop: async () => {
      await strapi.destroy();
      await db.drop();
    },
  };
}
