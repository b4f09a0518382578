#!/usr/bin/env node
/**
 * What a 100,000-row .xlsx upload allocates, garbage included — the figure behind the
 * upload's peak RSS, which otherwise depends on when V8 happens to collect. The
 * playground Strapi boots in this process on a fresh database; the import service
 * reads the workbook (bench/usage/usage-workbook.mjs, as run.mjs uploads it) under
 * V8's sampling heap profiler, told to keep objects collected by minor and major GCs.
 * Prints the total and the largest allocating functions.
 *
 *   node scripts/prepare.mjs plugin
 *   node bench/usage/upload-allocations.mjs                            # SQLite
 *   DATABASE_CLIENT=postgres node bench/usage/upload-allocations.mjs   # PostgreSQL at 127.0.0.1
 *
 * Knobs: UPLOAD_ROWS (default 100000), TOP (default 12).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useFreshDatabase } from '../fresh-database.mjs';
import { writeUsageWorkbook } from './usage-workbook.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const ROWS = Number(process.env.UPLOAD_ROWS ?? 100_000);
const TOP = Number(process.env.TOP ?? 12);
const client = process.env.DATABASE_CLIENT ?? 'sqlite';

const work = mkdtempSync(path.join(tmpdir(), 'utilities-upload-alloc-'));
const dropDatabase = await useFreshDatabase({
  client,
  work,
  name: `utilities_upload_alloc_${process.pid}`,
  require,
});
const { createStrapi } = require('@strapi/strapi');
const playground = path.join(ROOT, 'playground');
const strapi = await createStrapi({ appDir: playground, distDir: playground }).load();
try {
  const file = path.join(work, 'usage.xlsx');
  await writeUsageWorkbook(require('exceljs'), file, ROWS, 'alloc');
  const imports = strapi.plugin('utilities').service('usage-imports');

  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 16384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const t0 = process.hrtime.bigint();
  const result = await imports.importFile({ path: file, name: 'usage.xlsx', size: statSync(file).size }, {});
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  if (result.created !== ROWS)
    throw new Error(`expected ${ROWS} records created, got ${JSON.stringify(result).slice(0, 300)}`);

  // Self size per function (name, file:line), summed over every path that reached it.
  const bySite = new Map();
  let total = 0;
  const walk = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const site = `${functionName || '(anonymous)'} ${url.replace(`${ROOT}/`, '') || '(native)'}:${lineNumber + 1}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `${client}: ${ROWS.toLocaleString('en')} rows imported in ${seconds.toFixed(1)} s, ${mb(total)} allocated (sampled, garbage included)`,
  );
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`  ${mb(bytes).padStart(8)}  ${site}`);
} finally {
  await strapi.destroy();
  await dropDatabase();
  rmSync(work, { recursive: true, force: true });
}
