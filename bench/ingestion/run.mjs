#!/usr/bin/env node
/**
 * Ingestion benchmark (not a test): a generated CSV of METERS × READS rows goes through
 * the real pipeline — a local-folder channel of the playground Strapi, pulled like
 * "Pull now": read, parse, match to devices, store, every row's outcome on the log — and
 * is compared, in the same run, with the database's physical limit for storing the same
 * readings into the same table and indexes (no parsing, no matching, no outcomes):
 *
 * - SQLite: better-sqlite3's prepared `INSERT … ON CONFLICT DO NOTHING`, one run per
 *   reading, 50,000 readings per transaction;
 * - PostgreSQL: `COPY` of 50,000 readings into a temporary table, then
 *   `INSERT … SELECT … ON CONFLICT DO NOTHING`, per transaction.
 *
 * Prints one JSON object; `ratioToPhysical` = pipeline rows/s ÷ limit rows/s.
 *
 *   node scripts/prepare.mjs plugin
 *   node --expose-gc bench/ingestion/run.mjs                          # SQLite, 1,000 × 1,000
 *   DATABASE_CLIENT=postgres node --expose-gc bench/ingestion/run.mjs # PostgreSQL at 127.0.0.1
 *   METERS=100 READS=100 node bench/ingestion/run.mjs                 # a quick smoke run
 *   METERS=1000 READS=10000 PIPELINE_ONLY=1 node --expose-gc bench/ingestion/run.mjs  # 10M rows, RSS
 *   READS=100 VALIDATION=compare node --expose-gc bench/ingestion/run.mjs  # VEE rules on vs off
 *   VALIDATION=off READS=200 node --expose-gc bench/ingestion/run.mjs      # the pull with the rules off
 */
import { createRequire } from 'node:module';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import os from 'node:os';
import { useFreshDatabase } from '../fresh-database.mjs';
import { watchMemory } from '../memory.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const METERS = Number(process.env.METERS ?? 1000);
const READS = Number(process.env.READS ?? 1000);
const client = process.env.DATABASE_CLIENT ?? 'sqlite';

const work = mkdtempSync(path.join(tmpdir(), 'utilities-bench-'));
const drop = path.join(work, 'drop');
await import('node:fs/promises').then((fs) => fs.mkdir(drop));

// A fresh database, as the tests make one.
const dropDatabase = await useFreshDatabase({
  client,
  work,
  name: `utilities_bench_${process.pid}`,
  require,
});
process.env.UTILITIES_LOCAL_FOLDER_ROOTS = drop;

// The file: METERS meters, READS hourly cumulative reads each, interleaved by time.
const START = Date.UTC(2024, 0, 1);
const valueOf = (r, m) => `${r * 10 + (m % 7)}.${m % 10}`;
const csvPath = path.join(drop, 'bench.csv');
{
  const out = createWriteStream(csvPath);
  out.write('meter_number,register,timestamp,value\n');
  for (let r = 0; r < READS; r++) {
    let chunk = '';
    const ts = new Date(START + r * 3600_000).toISOString();
    for (let m = 0; m < METERS; m++) chunk += `BM-${m},1,${ts},${valueOf(r, m)}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
/** The file's readings as the pipeline stores them (row n is on line n + 1), in file order. */
function* fileReadings(logId) {
  const createdAt = Date.now();
  for (let r = 0, row = 1; r < READS; r++)
    for (let m = 0; m < METERS; m++, row++)
      yield [
        `BM-${m}`,
        '1',
        START + r * 3600_000,
        valueOf(r, m),
        'cumulative',
        null,
        null,
        `bench${m}`,
        logId,
        row,
        row + 1,
        createdAt,
      ];
}
const COLUMNS =
  'meter_number,register,reading_at,value,kind,unit,quality,device_ref,source_log_id,source_row,source_line,created_at';
const PER_TRANSACTION = 50_000;
const rows = METERS * READS;

const { createStrapi } = require('@strapi/strapi');
const strapi = await createStrapi({
  appDir: path.join(ROOT, 'playground'),
  distDir: path.join(ROOT, 'playground'),
}).load();
const plugin = strapi.plugin('utilities');
const knex = strapi.db.connection;

async function sqliteLimit(logId) {
  const db = await knex.client.acquireConnection();
  try {
    const insert = db.prepare(
      `insert into utilities_meter_readings (${COLUMNS}) values (${COLUMNS.split(',')
        .map(() => '?')
        .join(',')}) on conflict (meter_number, register, reading_at) do nothing`,
    );
    const all = fileReadings(logId);
    for (let done = false; !done;) {
      db.exec('begin');
      for (let i = 0; i < PER_TRANSACTION; i++) {
        const next = all.next();
        if (next.done) {
          done = true;
          break;
        }
        insert.run(...next.value);
      }
      db.exec('commit');
    }
  } finally {
    await knex.client.releaseConnection(db);
  }
}

async function postgresLimit(logId) {
  const { from: copyFrom } = require('pg-copy-streams');
  const pg = await knex.client.acquireConnection();
  const text = (v) => (v === null ? '\\N' : String(v));
  try {
    const all = fileReadings(logId);
    for (let done = false; !done;) {
      await pg.query('begin');
      await pg.query(
        `create temporary table incoming (meter_number text, register text, reading_at bigint, value text, kind text, unit text, quality text, device_ref text, source_log_id bigint, source_row integer, source_line integer, created_at bigint) on commit drop`,
      );
      const copy = pg.query(copyFrom(`copy incoming (${COLUMNS}) from stdin`));
      const finished = new Promise((resolve, reject) => {
        copy.on('finish', resolve);
        copy.on('error', reject);
      });
      let chunk = '';
      for (let i = 0; i < PER_TRANSACTION; i++) {
        const next = all.next();
        if (next.done) {
          done = true;
          break;
        }
        chunk += next.value.map(text).join('\t') + '\n';
        if (chunk.length > 65536) {
          if (!copy.write(chunk)) await once(copy, 'drain');
          chunk = '';
        }
      }
      copy.end(chunk);
      await finished;
      await pg.query(
        `insert into utilities_meter_readings (${COLUMNS}) select ${COLUMNS} from incoming on conflict (meter_number, register, reading_at) do nothing`,
      );
      await pg.query('commit');
    }
  } finally {
    await knex.client.releaseConnection(pg);
  }
}

try {
  for (let m = 0; m < METERS; m++)
    await knex('utilities_devices').insert({
      document_id: `bench${m}`,
      meter_number: `BM-${m}`,
      active: true,
    });
  const channel = await plugin
    .service('channels')
    .create({ code: 'BENCH', name: 'Bench', handler: 'local-folder', config: { root: drop, format: 'csv' } });

  // VALIDATION=compare: the same file pulled with the VEE rules on and off, several
  // times; each pull starts from empty tables.
  if (process.env.VALIDATION === 'compare') {
    const store = strapi.store({ type: 'plugin', name: 'utilities' });
    const pullWith = async (afterEachFile) => {
      for (const table of [
        'utilities_meter_readings',
        'utilities_ingestion_rows',
        'utilities_ingestion_logs',
        'utilities_reading_quality',
        'utilities_reading_edits',
      ])
        await knex(table).del();
      await store.set({ key: 'validation-settings', value: { afterEachFile } });
      global.gc?.();
      const memory = watchMemory();
      const t0 = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      await plugin.service('channel-pulls').pull(channel.documentId, { trigger: 'manual' });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      const { peakRssGrowthMB } = memory.stop();
      const [log] = await knex('utilities_ingestion_logs').select('inserted_rows');
      if (Number(log.inserted_rows) !== rows) throw new Error(`stored ${log.inserted_rows} of ${rows}`);
      const [{ n: checked }] = await knex('utilities_reading_edits').count({ n: '*' });
      const r = {
        validation: afterEachFile,
        seconds: +seconds.toFixed(2),
        // The process's CPU time (all its threads): what other processes on the machine move least.
        cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
        rowsPerSecond: Math.round(rows / seconds),
        peakRssGrowthMB,
        flags: Number(checked),
      };
      console.error(JSON.stringify(r));
      return r;
    };
    // One pull warms the process up; then ROUNDS pairs, on and off alternating, and the
    // medians compared: a single pair swung from 0.64 to 0.85 on a quiet machine, with
    // whichever pull ran later (more warmed up) looking faster.
    const ROUNDS = Number(process.env.ROUNDS ?? 3);
    await pullWith(false);
    const pulls = { on: [], off: [] };
    for (let round = 0; round < ROUNDS; round++)
      for (const validation of round % 2 ? [false, true] : [true, false])
        pulls[validation ? 'on' : 'off'].push(await pullWith(validation));
    const median = (list, field = 'rowsPerSecond') => {
      const sorted = list.map((r) => r[field]).sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)];
    };
    const peakOf = (list) => Math.max(...list.map((r) => r.peakRssGrowthMB));
    console.log(
      JSON.stringify(
        {
          database: client,
          rows,
          rounds: ROUNDS,
          off: {
            medianRowsPerSecond: median(pulls.off),
            medianCpuSeconds: median(pulls.off, 'cpuSeconds'),
            peakRssGrowthMB: peakOf(pulls.off),
          },
          on: {
            medianRowsPerSecond: median(pulls.on),
            medianCpuSeconds: median(pulls.on, 'cpuSeconds'),
            peakRssGrowthMB: peakOf(pulls.on),
            flags: pulls.on[0].flags,
          },
          ratioOnToOff: +(median(pulls.on) / median(pulls.off)).toFixed(2),
          // The same ratio in CPU time (off ÷ on): less moved by other processes' load.
          cpuRatioOnToOff: +(median(pulls.off, 'cpuSeconds') / median(pulls.on, 'cpuSeconds')).toFixed(2),
          ratioPerRound: pulls.on.map((on, i) => +(on.rowsPerSecond / pulls.off[i].rowsPerSecond).toFixed(2)),
          loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
        },
        null,
        2,
      ),
    );
    process.exitCode = 0;
  } else {
    // VALIDATION=off: the pull without the VEE rules (they are on by default).
    if (process.env.VALIDATION === 'off')
      await strapi
        .store({ type: 'plugin', name: 'utilities' })
        .set({ key: 'validation-settings', value: { afterEachFile: false } });
    global.gc?.();
    const memory = watchMemory();
    const t0 = process.hrtime.bigint();
    await plugin.service('channel-pulls').pull(channel.documentId, { trigger: 'manual' });
    const pipelineSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const pipelineMemory = memory.stop();
    const [log] = await knex('utilities_ingestion_logs').select('status', 'total_rows', 'inserted_rows');
    if (Number(log.inserted_rows) !== rows)
      throw new Error(`pipeline stored ${log.inserted_rows} of ${rows}: ${JSON.stringify(log)}`);
    const pipeline = {
      seconds: +pipelineSeconds.toFixed(2),
      rowsPerSecond: Math.round(rows / pipelineSeconds),
      ...pipelineMemory,
    };
    console.error(`pipeline: ${JSON.stringify(pipeline)}`);
    // PIPELINE_ONLY=1: e.g. under --max-old-space-size, to show the pipeline's live memory is bounded
    // (the raw phase below holds every row in memory on purpose).
    if (process.env.PIPELINE_ONLY) {
      console.log(JSON.stringify({ database: client, rows, pipeline, status: log.status }, null, 2));
    } else {
      // The physical limit: the same readings, into the same (emptied) table.
      await knex('utilities_meter_readings').truncate();
      const [{ id: logId }] = await knex('utilities_ingestion_logs').select('id');
      const t1 = process.hrtime.bigint();
      if (client === 'sqlite') await sqliteLimit(Number(logId));
      else await postgresLimit(Number(logId));
      const rawSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
      const [{ n: stored }] = await knex('utilities_meter_readings').count({ n: '*' });
      if (Number(stored) !== rows) throw new Error(`the limit run stored ${stored} of ${rows}`);

      const result = {
        database: client,
        rows,
        pipeline,
        physicalLimit: {
          method:
            client === 'sqlite'
              ? 'better-sqlite3 prepared INSERT … ON CONFLICT DO NOTHING, 50,000 rows per transaction'
              : 'COPY into a temporary table + INSERT … SELECT … ON CONFLICT DO NOTHING, 50,000 rows per transaction',
          seconds: +rawSeconds.toFixed(2),
          rowsPerSecond: Math.round(rows / rawSeconds),
        },
        ratioToPhysical: +(rows / pipelineSeconds / (rows / rawSeconds)).toFixed(2),
        loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
        status: log.status,
      };
      console.log(JSON.stringify(result, null, 2));
    }
  }
} finally {
  await strapi.destroy();
  await dropDatabase();
  rmSync(work, { recursive: true, force: true });
}
