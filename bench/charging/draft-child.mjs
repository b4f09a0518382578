#!/usr/bin/env node
/**
 * The timed draft of bench/charging/run.mjs in a process of its own (ISOLATED=1 there): boots
 * the playground Strapi on the database run.mjs generated (its DATABASE_* environment is
 * inherited), runs the draft and prints its result as one JSON line on stdout. A server
 * charging a month has not just generated millions of readings in its own heap, so its RSS
 * growth is measured over a heap that holds Strapi and nothing else.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useQuietSettings } from '../fresh-database.mjs';
import { timedDraft } from './timed-draft.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const job = JSON.parse(process.env.BENCH_DRAFT ?? 'null');
if (!job) throw new Error('BENCH_DRAFT (JSON) is set by bench/charging/run.mjs');
useQuietSettings(job.client);
const { createStrapi } = require('@strapi/strapi');
const strapi = await createStrapi({
  appDir: path.join(ROOT, 'playground'),
  distDir: path.join(ROOT, 'playground'),
}).load();
try {
  const { result } = await timedDraft({ strapi, ...job });
  console.log(JSON.stringify(result));
} finally {
  await strapi.destroy();
}
