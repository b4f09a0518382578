#!/usr/bin/env node
/**
 * The packed plugin in a fresh Strapi app, as a newcomer installs it (README, "Adding the
 * plugin to your Strapi app"):
 *
 *   node scripts/smoke-packed.mjs            (run by .ci/run after the test suites)
 *   node scripts/smoke-packed.mjs --app DIR  (reuse an app created before; for working on this script)
 *   node scripts/smoke-packed.mjs --tarball FILE  (a tarball `npm pack` made before: .ci/run
 *                                            packs first, then runs this beside the suites,
 *                                            which must not see dist/ rebuilt under them)
 *
 * 1. `npm pack` (prepack builds dist/), in a temporary directory;
 * 2. `create-strapi-app@5.54.0`: TypeScript, SQLite, no example, no cloud, npm, no git;
 * 3. installs the tarball and adds the `utilities` key to the app's existing
 *    config/plugins.ts with the very block the README shows (read from README.md);
 * 4. `npm run build` (the admin panel), `strapi start` on a free loopback port;
 * 5. over HTTP: first admin registered, login, GET /utilities/modules, a utility type
 *    created, an API token holding the ingest action, the quick start answering 201 then
 *    200 with meta.duplicate: true, a usage spreadsheet uploaded (read by the plugin's worker
 *    thread); and the app's own users-permissions and upload
 *    settings still in force (the refresh-cookie session mode; SVG uploads denied).
 *
 * Everything it starts runs in its own process group and is killed at the end; the
 * temporary directory is removed. Telemetry is off; nothing but the npm registry is used.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CREATE_APP = 'create-strapi-app@5.54.0';
const INGEST_ACTION = 'plugin::utilities.usage-records.ingest';
const ADMIN = { firstname: 'Smoke', lastname: 'Test', email: 'smoke@example.com', password: 'Smoke12345' };
const START_TIMEOUT_MS = 180_000;

const env = {
  ...process.env,
  STRAPI_TELEMETRY_DISABLED: 'true',
  STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
  NPM_CONFIG_FUND: 'false',
  NPM_CONFIG_AUDIT: 'false',
  NPM_CONFIG_UPDATE_NOTIFIER: 'false',
};
const started = Date.now();
const children = [];
let temp;

const log = (message) =>
  console.log(`[smoke ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}`);

function fail(message) {
  throw new Error(message);
}

/** Runs a command to completion in its own process group; its output goes to our log. */
function run(command, args, cwd, extraEnv = {}) {
  log(`$ ${command} ${args.join(' ')}  (in ${cwd})`);
  const result = spawnSync(command, args, {
    cwd,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    fail(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The README's `utilities` block: the lines from `  utilities: {` to its closing `  },`. */
function readmeUtilitiesBlock(readme) {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => line === '  utilities: {');
  if (start < 0) fail('README.md shows no `  utilities: {` block to add to config/plugins.ts');
  const end = lines.findIndex((line, i) => i > start && line === '  },');
  if (end < 0) fail('README.md: the `utilities: {` block has no closing `  },`');
  return lines.slice(start, end + 1).join('\n');
}

/** Adds the block as the last key of the generated `config = (…) => ({ … });`. */
function addUtilitiesKey(pluginsTs, block) {
  const close = pluginsTs.lastIndexOf('\n});');
  if (close < 0) fail('config/plugins.ts does not end its config object with `});`');
  return `${pluginsTs.slice(0, close)}\n${block}${pluginsTs.slice(close)}`;
}

async function http(base, method, url, { token, body, form } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (form) payload = form;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(`${base}${url}`, { method, headers, body: payload });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

function expectStatus(res, expected, what) {
  if (res.status !== expected) {
    fail(`${what}: expected ${expected}, got ${res.status} ${res.text.slice(0, 500)}`);
  }
  log(`${what}: ${res.status}`);
}

async function waitUntilUp(base, server) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) fail(`strapi start exited with ${server.exitCode}`);
    try {
      const res = await fetch(`${base}/_health`);
      if (res.status === 204 || res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  fail(`the app did not answer ${base}/_health within ${START_TIMEOUT_MS / 1000} s`);
}

async function checkOverHttp(base) {
  const registered = await http(base, 'POST', '/admin/register-admin', { body: ADMIN });
  expectStatus(registered, 200, 'POST /admin/register-admin (first admin)');

  const login = await http(base, 'POST', '/admin/login', {
    body: { email: ADMIN.email, password: ADMIN.password },
  });
  expectStatus(login, 200, 'POST /admin/login');
  const jwt = login.json?.data?.token ?? fail('the admin login answered no token');

  const modules = await http(base, 'GET', '/utilities/modules', { token: jwt });
  expectStatus(modules, 200, 'GET /utilities/modules');

  const type = await http(base, 'POST', '/utilities/utility-types', {
    token: jwt,
    body: { code: 'WATER', name: 'Water' },
  });
  expectStatus(type, 201, 'POST /utilities/utility-types');

  const apiToken = await http(base, 'POST', '/admin/api-tokens', {
    token: jwt,
    body: { name: 'Smoke meters', type: 'custom', lifespan: null, permissions: [INGEST_ACTION] },
  });
  expectStatus(apiToken, 201, 'POST /admin/api-tokens (custom, usage-records.ingest)');
  const accessKey = apiToken.json?.data?.accessKey ?? fail('the new API token has no accessKey');

  const quickStart = '/api/utilities/usage-records/test/1/mydevice?ref=firsttry&intcounter=6789';
  const first = await http(base, 'GET', quickStart, { token: accessKey });
  expectStatus(first, 201, `quick start GET ${quickStart}`);
  if (first.json?.meta?.duplicate !== false) fail(`first call: meta was ${JSON.stringify(first.json?.meta)}`);
  const again = await http(base, 'GET', quickStart, { token: accessKey });
  expectStatus(again, 200, 'quick start again');
  if (again.json?.meta?.duplicate !== true) fail(`second call: meta was ${JSON.stringify(again.json?.meta)}`);
  if (again.json?.data?.id !== first.json?.data?.id) fail('the repeat did not answer the stored record');
  log(`quick start: 201 then 200 with meta.duplicate: true (record ${first.json.data.id})`);

  // A spreadsheet upload: its rows are read in the plugin's worker thread, a bundle of its
  // own (dist/usage-spreadsheet-worker), which must be in the tarball beside dist/server.
  const sheet = new FormData();
  const csv =
    'DeviceId,eGroup,eId,EventRef,IntCounter\nmydevice,test,1,sheet-1,7\nmydevice,test,1,sheet-2,x\n';
  sheet.append('file', new Blob([csv], { type: 'text/csv' }), 'usage.csv');
  const imported = await http(base, 'POST', '/utilities/usage-records/import', { token: jwt, form: sheet });
  expectStatus(imported, 201, 'POST /utilities/usage-records/import (usage.csv)');
  const summary = imported.json?.data ?? {};
  if (summary.created !== 1 || summary.rejected !== 1)
    fail(`the upload stored ${summary.created} and rejected ${summary.rejected} rows, not 1 and 1`);
  log('usage upload: read by the worker thread, 1 row stored and 1 rejected');

  // The app's own settings survived the edit. users-permissions: under the generator's
  // `jwtManagement: 'refresh'` a sign-up answers a refresh token besides the JWT (the
  // default, legacy mode answers the JWT alone).
  const signUp = await http(base, 'POST', '/api/auth/local/register', {
    body: { username: 'smoke-resident', email: 'resident@example.com', password: 'Resident12345' },
  });
  expectStatus(signUp, 200, 'POST /api/auth/local/register');
  if (typeof signUp.json?.refreshToken !== 'string' || typeof signUp.json?.jwt !== 'string') {
    fail(
      `users-permissions answered no refresh token: its jwtManagement config is gone (${Object.keys(signUp.json ?? {})})`,
    );
  }
  log("users-permissions: jwtManagement 'refresh' in force (sign-up answered a refresh token)");

  // upload: the generator's `security.deniedTypes` refuses SVG; a plain text file passes.
  const upload = (name, type, content) => {
    const form = new FormData();
    form.append('files', new Blob([content], { type }), name);
    return http(base, 'POST', '/upload', { token: jwt, form });
  };
  const text = await upload('note.txt', 'text/plain', 'hello');
  expectStatus(text, 201, 'POST /upload note.txt');
  const svg = await upload(
    'logo.svg',
    'image/svg+xml',
    '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>',
  );
  if (svg.status < 400 || svg.status >= 500) {
    fail(
      `upload: an SVG was answered ${svg.status}; the security config is gone (${svg.text.slice(0, 300)})`,
    );
  }
  log(`upload: security config in force (SVG refused with ${svg.status})`);
}

function killAll() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 15_000);
  await exited;
  clearTimeout(timer);
}

function pack() {
  const packed = spawnSync('npm', ['pack', '--pack-destination', temp], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (packed.status !== 0) fail(`npm pack exited with ${packed.status}`);
  return path.join(temp, packed.stdout.trim().split('\n').pop());
}

async function main() {
  const reuse = process.argv.indexOf('--app');
  const appArg = reuse >= 0 ? path.resolve(process.argv[reuse + 1]) : undefined;
  temp = mkdtempSync(path.join(tmpdir(), 'utilities-smoke-'));
  log(`working in ${temp}`);

  const given = process.argv.indexOf('--tarball');
  const tarball = given >= 0 ? path.resolve(process.argv[given + 1]) : pack();
  if (!existsSync(tarball)) fail(`no tarball at ${tarball}`);
  log(`packed ${path.basename(tarball)}`);

  let app = appArg;
  if (!app) {
    run(
      'npx',
      [
        '--yes',
        CREATE_APP,
        'app',
        '--non-interactive',
        '--skip-cloud',
        '--no-run',
        '--typescript',
        '--use-npm',
        '--no-example',
        '--no-git-init',
        '--install',
        '--dbclient',
        'sqlite',
      ],
      temp,
    );
    app = path.join(temp, 'app');
  }

  // The generator leaves DATABASE_FILENAME empty without --dbfile; config/database.ts
  // would then hand SQLite an empty path.
  const envFile = path.join(app, '.env');
  const dotenv = readFileSync(envFile, 'utf8');
  writeFileSync(envFile, dotenv.replace(/^DATABASE_FILENAME=\s*$/m, 'DATABASE_FILENAME=.tmp/data.db'));
  if (!/^DATABASE_FILENAME=\S/m.test(readFileSync(envFile, 'utf8'))) {
    fail('.env has no DATABASE_FILENAME');
  }

  run('npm', ['install', '--no-audit', '--no-fund', tarball], app);

  const pluginsFile = path.join(app, 'config', 'plugins.ts');
  const before = readFileSync(pluginsFile, 'utf8');
  if (!before.includes("'users-permissions'") || !before.includes('upload:')) {
    fail('the generated config/plugins.ts no longer configures users-permissions and upload');
  }
  const block = readmeUtilitiesBlock(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  if (!before.includes('  utilities: {')) writeFileSync(pluginsFile, addUtilitiesKey(before, block));
  log(`config/plugins.ts with the README's utilities key:\n${readFileSync(pluginsFile, 'utf8')}`);

  run('npm', ['run', 'build'], app);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  log(`starting the app on ${base}`);
  const server = spawn(path.join(app, 'node_modules', '.bin', 'strapi'), ['start'], {
    cwd: app,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true, // its own process group, so that stopping it stops its children too
  });
  children.push(server);
  await waitUntilUp(base, server);
  log('app up');

  await checkOverHttp(base);
  await stop(server);
  log('app stopped');
}

// Stopped from outside (Ctrl-C, a CI timeout): still stop the app and remove the files.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`[smoke] ${signal}: stopping`);
    killAll();
    if (temp) rmSync(temp, { recursive: true, force: true });
    process.exit(1);
  });
}

let code = 0;
try {
  await main();
  log('PASS');
} catch (error) {
  console.error(`[smoke] FAIL: ${error.message}`);
  code = 1;
} finally {
  killAll();
  if (temp) rmSync(temp, { recursive: true, force: true });
  log(`took ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
process.exit(code);
