/* eslint-disable @typescript-eslint/no-require-imports -- Jest reads this CommonJS file as is */
const fs = require('node:fs');
const path = require('node:path');

/**
 * Three projects: unit (src/ rules, no Strapi), integration (a real Strapi booted
 * in-process per suite, HTTP through supertest) and e2e (the playground in a child
 * process, driven by Debian's chromium). `npm test` runs them all, in band, because
 * every integration suite boots its own Strapi on a 2-core machine.
 */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' } },
  ],
};

/**
 * The integration suites run on SQLite in `npm test` and again on PostgreSQL and MariaDB
 * in CI (DATABASE_CLIENT). A suite that would only test again what other suites test on
 * every database — the database server plays no part in it, or its queries are another
 * suite's — says so, and why, with `@sqlite-only` in its header comment; the PostgreSQL
 * and MariaDB stages leave it out, keeping CI within its hour on a 2-core machine.
 * A suite about a database server's own behaviour (a connection cut mid-transaction), which
 * SQLite cannot show, says `@server-databases-only`; the SQLite stage leaves it out.
 */
const INTEGRATION = path.join(__dirname, 'tests', 'integration');
const markedWith = (marker) =>
  fs
    .readdirSync(INTEGRATION)
    .filter((f) => f.endsWith('.test.ts'))
    .filter((f) => fs.readFileSync(path.join(INTEGRATION, f), 'utf8').includes(marker))
    .map((f) => `/tests/integration/${f.replace(/\./g, '\\.')}$`);
const leftOut = () =>
  (process.env.DATABASE_CLIENT ?? 'sqlite') === 'sqlite'
    ? markedWith('@server-databases-only')
    : markedWith('@sqlite-only');

const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  ...extra,
});

module.exports = {
  // A global option: Jest ignores testTimeout inside a project. Suites boot Strapi in
  // beforeAll and browsers drive real pages, so the default 5 s is far too short.
  testTimeout: 180000,
  projects: [
    project('unit'),
    project('integration', { testPathIgnorePatterns: ['/node_modules/', ...leftOut()] }),
    project('e2e'),
  ],
};
