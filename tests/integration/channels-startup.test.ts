import { PLAYGROUND } from '../helpers/strapi';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

/**
 * Channel secrets are never stored unencrypted: without any encryption key — no plugin
 * `encryptionKey`, no UTILITIES_ENCRYPTION_KEY, no app admin encryption key — or with a
 * malformed one, the app refuses to start, saying what to set (and never echoing a key).
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

async function registerWith(env: Record<string, string | undefined>): Promise<unknown> {
  Object.assign(process.env, {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: 'error',
    ...db.env,
  });
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  const { createStrapi } = await import('@strapi/strapi');
  const strapi = createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND });
  try {
    await strapi.register();
    return null;
  } catch (error) {
    return error;
  }
}

test('no key anywhere: start-up fails and says what to set', async () => {
  const error = await registerWith({ UTILITIES_ENCRYPTION_KEY: undefined, ENCRYPTION_KEY: '' });
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(
    /^strapi-plugin-utilities needs an encryption key for channel secrets: set UTILITIES_ENCRYPTION_KEY/,
  );
});

test('a malformed UTILITIES_ENCRYPTION_KEY: start-up fails without echoing it', async () => {
  const bad = 'short-and-secret-but-malformed';
  const error = await registerWith({
    UTILITIES_ENCRYPTION_KEY: bad,
    ENCRYPTION_KEY: 'playground-encryption-key-0123456789',
  });
  expect((error as Error).message).toContain('UTILITIES_ENCRYPTION_KEY must be 32 random bytes');
  expect((error as Error).message).not.toContain(bad);
});
