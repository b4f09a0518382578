#!/usr/bin/env node
/**
 * Builds what the demo and the tests need, skipping what is already up to date:
 *
 *   node scripts/prepare.mjs plugin         the plugin's dist/ (server + admin bundles)
 *   node scripts/prepare.mjs plugin admin   … and the playground's admin panel
 *
 * "Up to date" = a hash of the inputs matches the one recorded after the last
 * successful build (in .cache/), and the outputs exist.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.cache');
const BIN = path.join(ROOT, 'node_modules', '.bin');

const PLUGIN_INPUTS = [
  'package.json',
  'strapi-server.ts',
  'strapi-admin.tsx',
  'server',
  'src',
  'content-types',
  'admin',
];
const ADMIN_INPUTS = ['playground/package.json', 'playground/config', 'playground/src/admin'];

function files(entry) {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [entry];
  return readdirSync(full, { withFileTypes: true })
    .filter((d) => d.name !== 'node_modules' && !d.name.startsWith('.'))
    .flatMap((d) => files(path.join(entry, d.name)));
}

function hashOf(entries) {
  const hash = createHash('sha256');
  for (const file of entries.flatMap(files).sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(ROOT, file)));
  }
  return hash.digest('hex');
}

function step(name, inputs, outputs, command, args, cwd) {
  const marker = path.join(CACHE, `${name}.hash`);
  const hash = hashOf(inputs);
  const fresh =
    existsSync(marker) &&
    readFileSync(marker, 'utf8') === hash &&
    outputs.every((o) => existsSync(path.join(ROOT, o)));
  if (fresh) {
    console.log(`[prepare] ${name}: up to date`);
    return;
  }
  console.log(`[prepare] ${name}: building…`);
  const result = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' },
  });
  if (result.status !== 0) {
    console.error(`[prepare] ${name}: build failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(marker, hash);
}

const wanted = new Set(process.argv.slice(2));
// The admin panel is built from the plugin's dist/, so a stale dist/ would be baked in
// and then counted as fresh: the admin always brings the plugin up to date first.
if (wanted.size === 0 || wanted.has('admin')) wanted.add('plugin');

if (wanted.has('plugin')) {
  step(
    'plugin',
    PLUGIN_INPUTS,
    ['dist/server/index.js', 'dist/usage-spreadsheet-worker/index.js', 'dist/admin/index.mjs'],
    path.join(BIN, 'strapi-plugin'),
    ['build'],
    ROOT,
  );
}
if (wanted.has('admin')) {
  // The admin bundle embeds the plugin's admin code, so it depends on the plugin's inputs too.
  step(
    'admin',
    [...PLUGIN_INPUTS, ...ADMIN_INPUTS],
    ['playground/build/index.html'],
    path.join(BIN, 'strapi'),
    ['build'],
    path.join(ROOT, 'playground'),
  );
}
