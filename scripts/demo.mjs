#!/usr/bin/env node
/**
 * npm run demo: builds what is stale, starts the playground Strapi on SQLite with
 * the plugin and idempotent demo data, and prints where to sign in.
 *
 * Environment: PORT (1337), HOST (127.0.0.1), DATABASE_CLIENT (sqlite | postgres |
 * mysql), DATABASE_URL, DATABASE_FILENAME (.tmp/data.db), DEMO_ADMIN_EMAIL,
 * DEMO_ADMIN_PASSWORD.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  HOST: process.env.HOST ?? '127.0.0.1',
  PORT: process.env.PORT ?? '1337',
  DEMO_ADMIN_EMAIL: process.env.DEMO_ADMIN_EMAIL ?? 'admin@example.com',
  DEMO_ADMIN_PASSWORD: process.env.DEMO_ADMIN_PASSWORD ?? 'Admin12345',
  UTILITIES_DEMO_SEED: 'true',
  STRAPI_TELEMETRY_DISABLED: 'true',
  BROWSER: 'false',
  NODE_ENV: process.env.NODE_ENV ?? 'production',
};

console.log(
  `[demo] admin account: ${env.DEMO_ADMIN_EMAIL} / ${env.DEMO_ADMIN_PASSWORD} (set DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD to change)`,
);

const prepared = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'prepare.mjs'), 'plugin', 'admin'], {
  stdio: 'inherit',
  env,
});
if (prepared.status !== 0) process.exit(prepared.status ?? 1);

const strapi = spawn(path.join(ROOT, 'node_modules', '.bin', 'strapi'), ['start'], {
  cwd: path.join(ROOT, 'playground'),
  stdio: 'inherit',
  env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => strapi.kill(signal));
strapi.on('exit', (code) => process.exit(code ?? 0));

// Print the address once Strapi answers its health check.
const base = `http://${env.HOST}:${env.PORT}`;
const started = Date.now();
const timer = setInterval(async () => {
  try {
    const res = await fetch(`${base}/_health`);
    if (res.ok || res.status === 204) {
      clearInterval(timer);
      console.log(`\n[demo] ready: open ${base}/admin and sign in as ${env.DEMO_ADMIN_EMAIL}\n`);
    }
  } catch {
    if (Date.now() - started > 180_000) clearInterval(timer);
  }
}, 1000);
