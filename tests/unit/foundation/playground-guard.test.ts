import path from 'node:path';

/**
 * Strapi silently skips a local plugin whose dist/ is missing; the playground
 * refuses to start instead, saying how to fix it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the playground's CommonJS entry, loaded as Strapi loads it
const playground = require(path.resolve(__dirname, '../../../playground/src/index.js'));

test('start-up fails with a clear message when the plugin is not loaded', () => {
  const strapi = { plugin: () => undefined };
  expect(() => playground.register({ strapi })).toThrow(
    /strapi-plugin-utilities is not loaded.*npm run build/s,
  );
});

test('start-up goes on when it is loaded', () => {
  const strapi = { plugin: (name: string) => (name === 'utilities' ? {} : undefined) };
  expect(() => playground.register({ strapi })).not.toThrow();
});
