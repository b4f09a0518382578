/**
 * Three projects: unit (src/ rules, no Strapi), integration (a real Strapi booted
 * in-process per suite, HTTP through supertest) and e2e (the playground in a child
 * process, driven by Debian's chromium). `npm test` runs them all, in band, because
 * every integration suite boots its own Strapi on a 2-core machine.
 */
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' } }],
};

const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
  ...extra,
});

module.exports = {
  projects: [
    project('unit'),
    project('integration', { testTimeout: 120000, slowTestThreshold: 60 }),
    project('e2e', { testTimeout: 300000 }),
  ],
};
