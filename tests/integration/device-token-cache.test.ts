import { superAdmin, type Agent } from '../helpers/admin-users';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { INGEST } from './support/usage';

/**
 * The device routes trust a verified API token for a short while (`usage.apiTokenCacheMs`)
 * instead of looking it up on every request. What must not change: a token revoked,
 * regenerated or stripped of its permission on this node is refused on the very next
 * request; a change this node hears nothing of (made by another node) is refused once
 * the cache time has passed; an expired token is refused.
 */
const CACHE_MS = 1_500;
const URL = '/api/utilities/usage-records/cache/1';
let app: TestApp;
let root: Agent;
let refs = 0;

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_API_TOKEN_CACHE_MS: String(CACHE_MS) });
  root = await superAdmin(app.strapi, app.http);
});
afterAll(async () => app?.stop());

/** A token made the way a user makes one: Settings → API Tokens. */
async function createToken(permissions: string[] = [INGEST]): Promise<{ id: number; accessKey: string }> {
  const res = await root.post('/admin/api-tokens', {
    name: `meter gateway ${++refs}`,
    description: '',
    type: 'custom',
    lifespan: null,
    permissions,
  });
  expect(res.status).toBe(201);
  return { id: res.body.data.id, accessKey: res.body.data.accessKey };
}

const post = (accessKey: string) =>
  app
    .http()
    .post(`${URL}/gw-${refs}?ref=r${++refs}`)
    .set('Authorization', `Bearer ${accessKey}`)
    .send({ intcounter: refs });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a token in use is looked up once per cache period, not on every request', async () => {
  const { accessKey } = await createToken();
  const lookups: string[] = [];
  const count = (query: { sql: string }) => {
    // The token lookup by its hash (SQLite, MariaDB quote with `, PostgreSQL with ").
    if (/^select .* from .strapi_api_tokens. .*access_key/i.test(query.sql)) {
      lookups.push(query.sql);
    }
  };
  app.strapi.db.connection.client.on('query', count);
  const started = Date.now();
  try {
    for (let i = 0; i < 20; i++) expect((await post(accessKey)).status).toBe(201);
  } finally {
    app.strapi.db.connection.client.removeListener('query', count);
  }
  // Without the cache: 20 lookups. With it: one per cache period the loop lasted, plus one
  // after the first request wrote lastUsedAt (a token change like any other: it empties the cache).
  const periods = Math.floor((Date.now() - started) / CACHE_MS) + 1;
  expect(lookups.length).toBeGreaterThan(0);
  expect(lookups.length).toBeLessThanOrEqual(periods + 1);
  expect(lookups.length).toBeLessThan(20);
});

test('first use records lastUsedAt, as Strapi does', async () => {
  const { id, accessKey } = await createToken();
  expect((await post(accessKey)).status).toBe(201);
  const row = await app.strapi.db.query('admin::api-token').findOne({ where: { id } });
  expect(row.lastUsedAt).not.toBeNull();
});

test('a revoked token is refused on the next request', async () => {
  const { id, accessKey } = await createToken();
  expect((await post(accessKey)).status).toBe(201); // now cached
  expect((await root.delete(`/admin/api-tokens/${id}`)).status).toBe(200);
  expect((await post(accessKey)).status).toBe(401);
});

test('a regenerated token: the old key is refused at once, the new one accepted', async () => {
  const { id, accessKey } = await createToken();
  expect((await post(accessKey)).status).toBe(201);
  const res = await root.post(`/admin/api-tokens/${id}/regenerate`);
  expect(res.status).toBe(201);
  expect((await post(accessKey)).status).toBe(401);
  expect((await post(res.body.data.accessKey)).status).toBe(201);
});

test('permissions taken from a custom token apply on the next request', async () => {
  const { id, accessKey } = await createToken();
  expect((await post(accessKey)).status).toBe(201);
  const res = await root.put(`/admin/api-tokens/${id}`, { permissions: [] });
  expect(res.status).toBe(200);
  expect((await post(accessKey)).status).toBe(403);
  // … and given back, they apply at once too.
  expect((await root.put(`/admin/api-tokens/${id}`, { permissions: [INGEST] })).status).toBe(200);
  expect((await post(accessKey)).status).toBe(201);
});

test('an expired token is refused, with the reason', async () => {
  const { id, accessKey } = await createToken();
  expect((await post(accessKey)).status).toBe(201);
  await app.strapi.db
    .query('admin::api-token')
    .update({ where: { id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
  const res = await post(accessKey);
  expect(res.status).toBe(401);
  expect(res.body.error.message).toBe('Token expired');
});

test('a change this node hears nothing of (another node) is refused once the cache time has passed', async () => {
  const { id, accessKey } = await createToken();
  expect((await post(accessKey)).status).toBe(201);
  // Another node revoking the token: the row changes in the shared database, no event here.
  await app.strapi.db.connection('strapi_api_tokens').where({ id }).delete();
  await sleep(CACHE_MS + 200);
  expect((await post(accessKey)).status).toBe(401);
});

test('unknown tokens are refused and never cached', async () => {
  for (let i = 0; i < 3; i++) {
    const res = await app.http().post(`${URL}/x?ref=u${i}`).set('Authorization', 'Bearer not-a-token');
    expect(res.status).toBe(401);
  }
});
