import { readFileSync } from 'node:fs';
import path from 'node:path';
import { adminWith, superAdmin } from '../helpers/admin-users';
import { startStrapi, ROOT, type TestApp } from '../helpers/strapi';

/**
 * The admin API serves the OpenAPI description at GET /utilities/openapi.json to
 * any signed-in admin; it is the committed docs/openapi.json, and it names every
 * route Strapi actually mounted for the plugin (so the /utilities and
 * /api/utilities prefixes the document assumes are the real ones).
 *
 * @sqlite-only the database server plays no part: the served document against the committed one
 * and the mounted routes.
 */
let app: TestApp;
const committed = JSON.parse(readFileSync(path.join(ROOT, 'docs/openapi.json'), 'utf8'));

beforeAll(async () => {
  app = await startStrapi();
});
afterAll(async () => app?.stop());

test('any signed-in admin gets the document, the same as docs/openapi.json', async () => {
  const editor = await adminWith(app.strapi, app.http, []);
  const res = await editor.get('/utilities/openapi.json');
  expect(res.status).toBe(200);
  expect(res.body).toEqual(committed);
});

test('without an admin token → 401', async () => {
  const res = await app.http().get('/utilities/openapi.json');
  expect(res.status).toBe(401);
  expect(res.body.data).toBeNull();
});

test('every route Strapi mounted for the plugin is in the document', async () => {
  const admin = await superAdmin(app.strapi, app.http);
  const doc = (await admin.get('/utilities/openapi.json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  const mounted = (app.strapi.server.listRoutes() as { path: string; methods: string[] }[])
    .filter((r) => /^\/(api\/)?utilities\//.test(r.path))
    .flatMap((r) => r.methods.filter((m) => m !== 'HEAD').map((m) => ({ method: m, path: r.path })));
  expect(mounted.length).toBeGreaterThanOrEqual(100);
  const missing = mounted.filter(
    (r) => !doc.paths[r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[r.method.toLowerCase()],
  );
  expect(missing).toEqual([]);
});
