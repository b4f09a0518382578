#!/usr/bin/env node
/**
 * Ingestion benchmark (not a test): a generated CSV of METERS × READS rows goes through
 * the real pipeline — a local-folder channel of the playground Strapi, pulled like
 * "Pull now" — and is compared with the raw limit: a knex bulk insert of the same
 * readings and row details, no parsing, same chunk sizes.
 *
 *   node scripts/prepare.mjs plugin
 *   node bench/ingestion/run.mjs                          # SQLite, 1,000 × 1,000
 *   DATABASE_CLIENT=postgres node bench/ingestion/run.mjs # PostgreSQL at 127.0.0.1
 *   METERS=100 READS=100 node bench/ingestion/run.mjs     # a quick smoke run
 *   PIPELINE_ONLY=1 node --max-old-space-size=160 bench/ingestion/run.mjs  # pipeline under a capped heap
 */
import { createRequire } from 'node:module';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { useFreshDatabase } from '../fresh-database.mjs';

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
const csvPath = path.join(drop, 'bench.csv');
{
  const out = createWriteStream(csvPath);
  out.write('meter_number,register,timestamp,value\n');
  const start = Date.UTC(2024, 0, 1);
  for (let r = 0; r < READS; r++) {
    let chunk = '';
    const ts = new Date(start + r * 3600_000).toISOString();
    for (let m = 0; m < METERS; m++) chunk += `BM-${m},1,${ts},${r * 10 + (m % 7)}.${m % 10}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
const rows = METERS * READS;

const { createStrapi } = require('@strapi/strapi');
const strapi = await createStrapi({
  appDir: path.join(ROOT, 'playground'),
  distDir: path.join(ROOT, 'playground'),
}).load();
const plugin = strapi.plugin('utilities');
const knex = strapi.db.connection;

let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sample, 50);

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

  global.gc?.();
  sample();
  const rssBefore = process.memoryUsage().rss;
  peak = rssBefore;
  const t0 = process.hrtime.bigint();
  await plugin.service('channel-pulls').pull(channel.documentId, { trigger: 'manual' });
  const pipelineSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const pipelinePeak = peak - rssBefore;
  const [log] = await knex('utilities_ingestion_logs').select('status', 'total_rows', 'inserted_rows');
  if (Number(log.inserted_rows) !== rows)
    throw new Error(`pipeline stored ${log.inserted_rows} of ${rows}: ${JSON.stringify(log)}`);
  const pipeline = {
    seconds: +pipelineSeconds.toFixed(2),
    rowsPerSecond: Math.round(rows / pipelineSeconds),
    peakRssGrowthMB: Math.round(pipelinePeak / 1e6),
  };
  console.error(`pipeline: ${JSON.stringify(pipeline)}`);
  // PIPELINE_ONLY=1: e.g. under --max-old-space-size, to show the pipeline's live memory is bounded
  // (the raw phase below holds every row in memory on purpose).
  if (process.env.PIPELINE_ONLY) {
    console.log(JSON.stringify({ database: client, rows, pipeline, status: log.status }, null, 2));
  } else {
    // The raw limit: the same readings and row details, bulk-inserted with knex, no parsing.
    const readings = await knex('utilities_meter_readings').select('*');
    const details = await knex('utilities_ingestion_rows').select('*');
    await knex('utilities_meter_readings').del();
    await knex('utilities_ingestion_rows').del();
    for (const r of readings) delete r.id;
    for (const r of details) delete r.id;
    // Same shape as the pipeline: 5,000 rows per transaction, multi-row INSERTs of 500 (SQLite) / 1,000.
    const batch = client === 'sqlite' ? 500 : 1000;
    const perTransaction = 5000;
    const t1 = process.hrtime.bigint();
    for (let i = 0; i < rows; i += perTransaction) {
      await knex.transaction(async (trx) => {
        for (let j = i; j < Math.min(i + perTransaction, rows); j += batch) {
          await trx('utilities_meter_readings').insert(
            readings.slice(j, Math.min(j + batch, i + perTransaction)),
          );
          await trx('utilities_ingestion_rows').insert(
            details.slice(j, Math.min(j + batch, i + perTransaction)),
          );
        }
      });
    }
    const rawSeconds = Number(process.hrtime.bigint() - t1) / 1e9;

    const result = {
      database: client,
      rows,
      pipeline,
      rawLimit: { seconds: +rawSeconds.toFixed(2), rowsPerSecond: Math.round(rows / rawSeconds) },
      ratio: +(rows / pipelineSeconds / (rows / rawSeconds)).toFixed(2),
      status: log.status,
    };
    console.log(JSON.stringify(result, null, 2));
  }
} finally {
  clearInterval(timer);
  await strapi.destroy();
  await dropDatabase();
  rmSync(work, { recursive: true, force: true });
}
