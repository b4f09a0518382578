import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';

/**
 * Domain errors carry a stable code and its params in `details`, beside the
 * English message (unchanged), so the admin can word them in its own language.
 *
 * @sqlite-only the database server plays no part: the error body’s shape (code and params) for a
 * missing record and invalid input.
 */
let app: TestApp;
let admin: Agent;

beforeAll(async () => {
  app = await startStrapi();
  admin = await superAdmin(app.strapi, app.http);
});
afterAll(async () => app?.stop());

test('a missing record answers 404 with code not-found and the entity and id as params', async () => {
  const res = await admin.get('/utilities/billing-points/no-such-point');
  expect(res.status).toBe(404);
  expect(res.body.error).toMatchObject({
    name: 'NotFoundError',
    message: 'Billing point "no-such-point" was not found',
    details: { code: 'not-found', params: { entity: 'billing-point', id: 'no-such-point' } },
  });
});

test('invalid input answers 400 with code validation and each field problem’s own code', async () => {
  const res = await admin.post('/utilities/utility-types', { code: 'WATER', name: 42, colour: 'blue' });
  expect(res.status).toBe(400);
  expect(res.body.error.details.code).toBe('validation');
  const problems = res.body.error.details.errors.map((e: { path: string[]; code: string }) => [
    e.path.join('.'),
    e.code,
  ]);
  expect(problems).toEqual(
    expect.arrayContaining([
      ['name', 'invalid_type'],
      ['colour', 'unrecognized_keys'],
    ]),
  );
});
