#!/usr/bin/env node
/**
 * Usage-record benchmark (a measurement, not a test). The playground runs as a user runs
 * it (`strapi start`, production, in a child process on a fresh database); this process
 * loads it over loopback with a small fixed-concurrency generator (autocannon is not
 * installed here): Node's http.Agent with keep-alive, N requests in flight, for DURATION s.
 *
 *   1. ceiling  GET /_health — the same Strapi's no-op route: every app middleware, no handler
 *   2. single   POST /api/utilities/usage-records/BENCH/1/dev-<n>?ref=<fresh> — one record per request
 *   3. batch    POST /api/utilities/usage-records with 1,000 records per request — records/s,
 *               against the database alone (`batchDatabase`): the same rows, 1,000 per INSERT …
 *               ON CONFLICT DO NOTHING, written by the driver straight into a copy of the
 *               server's own table and indexes, BATCH_CONCURRENCY statements a commit (SQLite,
 *               as the server's group commit) or in flight (PostgreSQL), as many as the batch stored
 *   4. upload   a 100,000-row .xlsx through POST /utilities/usage-records/import — time, and the
 *               Strapi process's peak RSS growth (VmHWM, reset before the upload)
 *
 *   node scripts/prepare.mjs plugin
 *   node bench/usage/run.mjs                            # SQLite, 30 s per load phase
 *   DATABASE_CLIENT=postgres node bench/usage/run.mjs   # PostgreSQL at 127.0.0.1
 *   DURATION=5 UPLOAD_ROWS=10000 node bench/usage/run.mjs  # a quick smoke run
 *
 * Knobs: DURATION (s, default 30), CONCURRENCY (single/ceiling, default 32),
 * BATCH_CONCURRENCY (default 4), UPLOAD_ROWS (default 100000), PHASES (e.g. "single,upload"),
 * SERVER_MAX_OLD_SPACE (MB: cap the server's heap to see live memory rather than GC headroom),
 * SERVER_CPU_PROF (a folder: profile the server), SHOW_SERVER_OUTPUT=1,
 * SQLITE_JOURNAL=wal (the fresh SQLite file in WAL mode, as an operator sets it once with
 * `PRAGMA journal_mode=WAL`; Strapi's default is the rollback journal).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeUsageWorkbook } from './usage-workbook.mjs';
import { measureDatabaseFloor } from './database-floor.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const DURATION = Number(process.env.DURATION ?? 30);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const BATCH_CONCURRENCY = Number(process.env.BATCH_CONCURRENCY ?? 4);
const UPLOAD_ROWS = Number(process.env.UPLOAD_ROWS ?? 100_000);
const client = process.env.DATABASE_CLIENT ?? 'sqlite';
// PHASES=single,upload runs only those (for profiling); all by default.
const PHASES = new Set((process.env.PHASES ?? 'ceiling,authOnly,single,batch,upload').split(','));

if (!existsSync(path.join(ROOT, 'dist', 'server', 'index.js')))
  throw new Error('dist/ is missing: run `node scripts/prepare.mjs plugin` first');

const work = mkdtempSync(path.join(tmpdir(), 'utilities-usage-bench-'));

// ---------------------------------------------------------------------------
// A fresh database and the playground in a child process

let dropDatabase = async () => {};
const dbEnv = { DATABASE_CLIENT: client };
const SQLITE_JOURNAL = process.env.SQLITE_JOURNAL ?? 'delete';
if (client === 'sqlite') {
  dbEnv.DATABASE_FILENAME = path.join(work, 'bench.db');
  // The journal mode is kept in the file: set before Strapi first opens it, it is the app's.
  if (SQLITE_JOURNAL !== 'delete') {
    const Database = require('better-sqlite3');
    const db = new Database(dbEnv.DATABASE_FILENAME);
    db.pragma(`journal_mode = ${SQLITE_JOURNAL}`);
    db.close();
  }
} else if (client === 'postgres') {
  const { Client } = require('pg');
  const name = `utilities_usage_bench_${process.pid}`;
  const admin = async (sql) => {
    const c = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  dbEnv.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${name}`;
  dropDatabase = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
} else throw new Error('DATABASE_CLIENT must be sqlite or postgres for this bench');

const port = await new Promise((resolve, reject) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
  s.on('error', reject);
});
const base = `http://127.0.0.1:${port}`;
let output = '';
// SERVER_CPU_PROF=<dir> profiles the server (written when it stops).
const serverCommand = process.env.SERVER_CPU_PROF
  ? [
      process.execPath,
      [
        '--cpu-prof',
        '--cpu-prof-dir',
        process.env.SERVER_CPU_PROF,
        path.join(ROOT, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'),
        'start',
      ],
    ]
  : [path.join(ROOT, 'node_modules', '.bin', 'strapi'), ['start']];
const strapi = spawn(serverCommand[0], serverCommand[1], {
  cwd: path.join(ROOT, 'playground'),
  env: {
    ...process.env,
    ...dbEnv,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    STRAPI_TELEMETRY_DISABLED: 'true',
    // 'http' would log every request: the figure would be the logger's.
    STRAPI_LOG_LEVEL: 'warn',
    UTILITIES_CRON_ENABLED: 'false',
    BROWSER: 'false',
    // SERVER_MAX_OLD_SPACE=<MB> caps the server's V8 heap: with memory to spare V8 lets
    // garbage pile up before collecting, so an uncapped peak says little about live memory.
    ...(process.env.SERVER_MAX_OLD_SPACE
      ? { NODE_OPTIONS: `--max-old-space-size=${process.env.SERVER_MAX_OLD_SPACE}` }
      : {}),
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
strapi.stdout.on('data', (d) => (output += d));
strapi.stderr.on('data', (d) => (output += d));
const exited = once(strapi, 'exit');

async function shutdown() {
  if (strapi.exitCode === null) strapi.kill('SIGTERM');
  await exited;
  await dropDatabase();
  rmSync(work, { recursive: true, force: true });
}

// The child's pid is the strapi CLI's; `strapi start` runs the server in that same process.
const rssOf = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
};

// ---------------------------------------------------------------------------
// Load generator: CONCURRENCY loops, each sending its next request when the last answered

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function send({ method, path: urlPath, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent,
        headers: body ? { 'Content-Length': Buffer.byteLength(body), ...headers } : headers,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}

async function load(name, concurrency, makeRequest, { expect = [200, 201], itemsPerRequest = () => 1 } = {}) {
  const deadline = Date.now() + DURATION * 1000;
  const latencies = [];
  const statuses = new Map();
  let items = 0;
  let sequence = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const request = makeRequest(sequence++);
        const start = process.hrtime.bigint();
        const res = await send(request);
        latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (!expect.includes(res.status)) throw new Error(`${name}: ${res.status} ${res.body.slice(0, 300)}`);
        items += itemsPerRequest(res);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p) =>
    +latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  return {
    name,
    concurrency,
    seconds: +seconds.toFixed(1),
    requests: latencies.length,
    requestsPerSecond: Math.round(latencies.length / seconds),
    itemsPerSecond: Math.round(items / seconds),
    latencyMs: { p50: pct(50), p99: pct(99), max: +latencies[latencies.length - 1].toFixed(1) },
    statuses: Object.fromEntries(statuses),
  };
}

// ---------------------------------------------------------------------------

const results = {
  database: client,
  ...(client === 'sqlite' ? { sqliteJournal: SQLITE_JOURNAL } : {}),
  durationSeconds: DURATION,
  node: process.version,
  serverMaxOldSpaceMB: Number(process.env.SERVER_MAX_OLD_SPACE) || null,
};
try {
  for (let attempt = 0; ; attempt++) {
    if (strapi.exitCode !== null) throw new Error(`the playground exited:\n${output}`);
    try {
      if ((await fetch(`${base}/_health`)).status === 204) break;
    } catch {
      // not listening yet
    }
    if (attempt > 240) throw new Error(`the playground did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }

  // An admin (the first one registers itself) and an API token holding only the ingest action.
  const registered = await (
    await fetch(`${base}/admin/register-admin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email: 'bench@example.test',
        password: 'Bench-Passw0rd!',
        firstname: 'Bench',
        lastname: 'Mark',
      }),
    })
  ).json();
  const jwt = registered.data.token;
  const tokenRes = await (
    await fetch(`${base}/admin/api-tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${jwt}` },
      body: JSON.stringify({
        name: 'bench',
        description: '',
        type: 'custom',
        lifespan: null,
        permissions: ['plugin::utilities.usage-records.ingest'],
      }),
    })
  ).json();
  const token = tokenRes.data.accessKey;
  if (!token) throw new Error(`no API token: ${JSON.stringify(tokenRes)}`);
  const auth = { Authorization: `Bearer ${token}` };
  const json = { ...auth, 'Content-Type': 'application/json' };

  // Devices exist before the timed phases (the first record of each creates it).
  for (let d = 0; d < 100; d++)
    await send({
      method: 'POST',
      path: `/api/utilities/usage-records/BENCH/1/dev-${d}?ref=warm-${d}`,
      headers: json,
      body: '{}',
    });

  const runId = Date.now().toString(36);
  if (PHASES.has('ceiling'))
    results.ceiling = await load(
      'GET /_health (no-op ceiling)',
      CONCURRENCY,
      () => ({ method: 'GET', path: '/_health' }),
      { expect: [204] },
    );
  // The framework's own cost of this route: token check, routing, body parsing, and a
  // refusal by the record rules before any database work.
  if (PHASES.has('authOnly'))
    results.authOnly = await load(
      'POST refused by validation (auth + parse, no DB)',
      CONCURRENCY,
      () => ({
        method: 'POST',
        path: '/api/utilities/usage-records/9BAD/1/dev-0',
        headers: json,
        body: '{}',
      }),
      { expect: [400] },
    );
  if (PHASES.has('single'))
    results.single = await load('POST one record, fresh ref', CONCURRENCY, (n) => ({
      method: 'POST',
      path: `/api/utilities/usage-records/BENCH/1/dev-${n % 100}?ref=s-${runId}-${n}`,
      headers: json,
      body: JSON.stringify({ intcounter: String(n), temperature: '21.5' }),
    }));
  if (results.single && results.ceiling)
    results.singleVsCeiling = +(results.single.requestsPerSecond / results.ceiling.requestsPerSecond).toFixed(
      2,
    );
  if (results.single && results.authOnly)
    results.singleVsAuthOnly = +(
      results.single.requestsPerSecond / results.authOnly.requestsPerSecond
    ).toFixed(2);

  if (PHASES.has('batch'))
    results.batch = await load(
      'POST batch of 1,000',
      BATCH_CONCURRENCY,
      (n) => ({
        method: 'POST',
        path: '/api/utilities/usage-records',
        headers: json,
        body: JSON.stringify({
          data: Array.from({ length: 1000 }, (_, i) => ({
            eGroup: 'BENCH',
            eId: '2',
            deviceId: `dev-${i % 100}`,
            ref: `b-${runId}-${n}-${i}`,
            intCounter: String(i),
            dtu: '2024-03-01T08:00:00Z',
          })),
        }),
      }),
      {
        expect: [200],
        itemsPerRequest: (res) => {
          const meta = JSON.parse(res.body).meta;
          if (meta.created !== 1000) throw new Error(`batch stored ${meta.created} of 1000`);
          return meta.created;
        },
      },
    );
  if (results.batch) {
    results.batch.recordsPerSecond = results.batch.itemsPerSecond;
    results.batchDatabase = await measureDatabaseFloor({
      client,
      require,
      sqliteFile: dbEnv.DATABASE_FILENAME,
      databaseUrl: dbEnv.DATABASE_URL,
      work,
      rows: results.batch.requests * 1000,
      concurrency: BATCH_CONCURRENCY,
    });
    results.batchVsDatabase = +(
      results.batch.recordsPerSecond / results.batchDatabase.recordsPerSecond
    ).toFixed(2);
  }

  if (PHASES.has('upload')) {
    // The upload: a 100,000-row workbook written with exceljs's streaming writer.
    const file = path.join(work, 'usage-100k.xlsx');
    await writeUsageWorkbook(require('exceljs'), file, UPLOAD_ROWS, runId);
    const bytes = statSync(file).size;
    const form = new FormData();
    form.append(
      'file',
      new Blob([readFileSync(file)], {
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
      'usage-100k.xlsx',
    );

    const pid = strapi.pid;
    const before = rssOf(pid).rss;
    // "5" resets the peak-RSS counter (VmHWM) of a process we own, so the peak is this upload's.
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5');
    } catch {
      // not permitted here: the sampled peak below still bounds it
    }
    let sampled = before;
    const timer = setInterval(() => (sampled = Math.max(sampled, rssOf(pid).rss)), 50);
    const t0 = process.hrtime.bigint();
    const uploadRes = await fetch(`${base}/utilities/usage-records/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}` },
      body: form,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    clearInterval(timer);
    const summary = await uploadRes.json();
    if (uploadRes.status !== 201 || summary.data.created !== UPLOAD_ROWS)
      throw new Error(`upload: ${uploadRes.status} ${JSON.stringify(summary).slice(0, 500)}`);
    const peak = Math.max(rssOf(pid).peak, sampled);
    results.upload = {
      rows: UPLOAD_ROWS,
      fileMB: +(bytes / 1e6).toFixed(1),
      seconds: +seconds.toFixed(1),
      rowsPerSecond: Math.round(UPLOAD_ROWS / seconds),
      rssBeforeMB: Math.round(before / 1e6),
      peakRssMB: Math.round(peak / 1e6),
      peakRssGrowthMB: Math.round((peak - before) / 1e6),
    };
  }

  console.log(JSON.stringify(results, null, 2));
  if (results.single && results.ceiling && results.authOnly) {
    console.log(
      `\nsingle POST: ${results.single.requestsPerSecond} req/s = ${results.singleVsCeiling}× GET /_health (${results.ceiling.requestsPerSecond} req/s), ` +
        `${results.singleVsAuthOnly}× the same route refused before any database work (${results.authOnly.requestsPerSecond} req/s); target ≥ 0.5×`,
    );
  }
  if (results.batch)
    console.log(
      `batch: ${results.batch.recordsPerSecond} records/s (target ≥ 50,000 on SQLite and PostgreSQL) = ` +
        `${results.batchVsDatabase}× the database alone writing the same rows (${results.batchDatabase.recordsPerSecond} records/s)`,
    );
  if (results.upload)
    console.log(
      `upload: ${UPLOAD_ROWS} rows in ${results.upload.seconds} s = ${results.upload.rowsPerSecond} rows/s` +
        (results.batch
          ? ` = ${(results.upload.rowsPerSecond / results.batch.recordsPerSecond).toFixed(2)}× the batch (target ≥ 0.5×)`
          : '') +
        `, peak RSS growth ${results.upload.peakRssGrowthMB} MB (target < 200 MB)`,
    );
  if (process.env.SHOW_SERVER_OUTPUT) console.log(output);
} catch (error) {
  console.error(error);
  console.error(output.slice(-4000));
  process.exitCode = 1;
} finally {
  agent.destroy();
  await shutdown();
}
