import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { createBuilding, createParty, createPoint } from '../helpers/billing';

/**
 * The list searches the admin's pickers ask (`q` on buildings, billing points and
 * parties): part of a code, name or email finds the record on any page, SQL LIKE's
 * wildcards typed by a person (a name may hold `%`, a code `_`) match themselves, and text longer than a search can
 * be is a 400 naming `q`, never a 500.
 */
let app: TestApp;
let admin: Agent;
let building: { documentId: string };

beforeAll(async () => {
  app = await startStrapi();
  admin = await superAdmin(app.strapi, app.http);
  building = await createBuilding(admin, { code: 'PS-B', name: 'Search Court' });
  await createBuilding(admin, { code: 'PS-C', name: 'Owned 100% by one' });
  for (const [code, name] of [
    ['PS-001', 'Flat one'],
    ['PS-002', 'Flat two'],
    ['PS_3', 'Underscore flat'],
    ['PSX3', 'Look-alike'],
    ['PS-050', 'Half share 50%'],
  ])
    await createPoint(admin, { code, name, building: building.documentId });
  await createParty(admin, {
    kind: 'natural',
    firstName: 'Anna',
    lastName: 'Keller',
    email: 'a.keller@example.ch',
  });
  await createParty(admin, {
    kind: 'natural',
    firstName: 'Anna',
    lastName: 'Keller',
    email: 'anna_k@example.ch',
  });
});
afterAll(async () => app?.stop());

const codes = async (path: string) => {
  const res = await admin.get(path);
  expect([path, res.status]).toEqual([path, 200]);
  return res.body.data.map((r: { code?: string; email?: string }) => r.code ?? r.email).sort();
};
const q = (text: string) => encodeURIComponent(text);

test('part of a code or of a name finds the billing point, also on a later page', async () => {
  expect(await codes(`/utilities/billing-points?q=${q('-002')}`)).toEqual(['PS-002']);
  expect(await codes(`/utilities/billing-points?q=${q('underscore')}`)).toEqual(['PS_3']);
  const page2 = await admin.get(
    `/utilities/billing-points?q=PS&building=${building.documentId}&pageSize=2&page=2`,
  );
  expect(page2.status).toBe(200);
  expect(page2.body.meta.pagination).toMatchObject({ page: 2, pageSize: 2, total: 5, pageCount: 3 });
});

test('LIKE wildcards typed in the search match themselves', async () => {
  // `_` would match any one character (PSX3) and `%` anything at all, were they not escaped.
  expect(await codes(`/utilities/billing-points?q=${q('PS_')}`)).toEqual(['PS_3']);
  expect(await codes(`/utilities/billing-points?q=${q('%')}`)).toEqual(['PS-050']);
  expect(await codes(`/utilities/buildings?q=${q('%')}`)).toEqual(['PS-C']);
  expect(await codes(`/utilities/parties?q=${q('_')}`)).toEqual(['anna_k@example.ch']);
  expect(await codes(`/utilities/billing-points?q=${q("' OR 1=1 --")}`)).toEqual([]);
});

test('two parties of one name are told apart by email, found by part of it', async () => {
  expect(await codes(`/utilities/parties?q=${q('keller')}`)).toEqual([
    'a.keller@example.ch',
    'anna_k@example.ch',
  ]);
  expect(await codes(`/utilities/parties?q=${q('a.kel')}`)).toEqual(['a.keller@example.ch']);
});

test.each(['billing-points', 'buildings', 'parties'])(
  '%s: a search longer than 100 characters is a 400',
  async (list) => {
    const res = await admin.get(`/utilities/${list}?q=${'x'.repeat(101)}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain('q must be at most 100 characters');
  },
);

test('a search given twice is a 400, not the first or the last silently', async () => {
  const res = await admin.get('/utilities/billing-points?q=PS&q=001');
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body.error)).toContain('q must be given once');
});
