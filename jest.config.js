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
  projects: [project('unit'), project('integration'), project('e2e')],
};
