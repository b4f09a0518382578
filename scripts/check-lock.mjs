#!/usr/bin/env node
/**
 * Fails when package.json and package-lock.json disagree, naming every disagreement:
 *
 *   node scripts/check-lock.mjs [dir]     (dir defaults to the repository root)
 *
 * Why: `npm ci` refuses a lock that is out of sync, but its message names one package at
 * a time and says nothing about which side is wrong; CI used to paper over that with an
 * `npm install` fallback that silently rewrote the lock. This runs before `npm ci` in
 * `.ci/run` (and in `npm test` / `npm run lint`) so drift fails with its reasons.
 *
 * Checked, with no network and without node_modules:
 * - the lock's root entry (`packages[""]`) lists the same dependencies, devDependencies,
 *   peerDependencies and optionalDependencies with the same specs as package.json;
 * - the lock's name and version are package.json's;
 * - every locked root dependency has its own entry (`node_modules/<name>`), and one that
 *   package.json pins to an exact version is locked at that version.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const EXACT = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$/;

/**
 * @param {Record<string, unknown>} pkg  parsed package.json
 * @param {Record<string, any>} lock     parsed package-lock.json
 * @returns {string[]} one sentence per disagreement; empty when they agree
 */
export function lockProblems(pkg, lock) {
  const problems = [];
  const packages = lock?.packages;
  const root = packages?.[''];
  if (!root) {
    return ['package-lock.json has no root entry (packages[""]); regenerate it with npm 7 or later'];
  }
  if (lock.name !== pkg.name || root.name !== pkg.name) {
    problems.push(`name: package.json says "${pkg.name}", package-lock.json says "${root.name}"`);
  }
  if (lock.version !== pkg.version || root.version !== pkg.version) {
    problems.push(
      `version: package.json says ${pkg.version}, package-lock.json says ${root.version ?? lock.version}`,
    );
  }

  for (const section of SECTIONS) {
    const wanted = pkg[section] ?? {};
    const locked = root[section] ?? {};
    for (const [name, spec] of Object.entries(wanted)) {
      if (!(name in locked)) {
        problems.push(`${section}: ${name}@${spec} is in package.json but not in the lock`);
      } else if (locked[name] !== spec) {
        problems.push(`${section}: ${name} is ${spec} in package.json but ${locked[name]} in the lock`);
      }
    }
    for (const [name, spec] of Object.entries(locked)) {
      if (!(name in wanted)) {
        problems.push(`${section}: ${name}@${spec} is in the lock but not in package.json`);
      }
    }
  }

  // Peers are installed too (npm 7+), but an optional peer may legitimately be absent.
  const optionalPeers = new Set(
    Object.entries(root.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta?.optional)
      .map(([name]) => name),
  );
  for (const section of SECTIONS) {
    for (const [name, spec] of Object.entries(root[section] ?? {})) {
      if (section === 'optionalDependencies' || optionalPeers.has(name)) continue;
      const entry = packages[`node_modules/${name}`];
      if (!entry) {
        problems.push(`${section}: ${name} has no locked entry (node_modules/${name})`);
      } else if (section !== 'peerDependencies' && EXACT.test(spec) && entry.version !== spec) {
        problems.push(`${section}: ${name} is pinned to ${spec} but locked at ${entry.version}`);
      }
    }
  }
  return problems;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file}: ${error.message}`, { cause: error });
  }
}

function main() {
  const dir = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  let problems;
  try {
    problems = lockProblems(
      readJson(path.join(dir, 'package.json')),
      readJson(path.join(dir, 'package-lock.json')),
    );
  } catch (error) {
    console.error(`check-lock: ${error.message}`);
    process.exit(1);
  }
  if (problems.length > 0) {
    console.error('check-lock: package-lock.json disagrees with package.json:');
    for (const problem of problems) console.error(`  - ${problem}`);
    console.error(
      'Run `npm install` (exact versions: `npm install --save-exact <pkg>`) and commit both files.',
    );
    process.exit(1);
  }
  console.log('check-lock: package-lock.json agrees with package.json');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
