import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin } from '../helpers/admin-users';

let app: TestApp;
beforeAll(async () => {
  app = await startStrapi();
});
afterAll(async () => app?.stop());

test('the plugin is loaded from its built dist/', async () => {
  expect(app.strapi.plugin('utilities')).toBeDefined();
  const admin = await superAdmin(app.strapi, app.http);
  const res = await admin.get('/utilities/utility-types');
  expect(res.status).toBe(200);
});
