import type request from 'supertest';
import { superAdmin, type Agent } from '../helpers/admin-users';
import {
  created,
  createBuilding,
  createMeter,
  createParty,
  createPoint,
  meterSetup,
  person,
} from '../helpers/billing';
import { startStrapi, type TestApp } from '../helpers/strapi';

/**
 * Leak and zero-consumption notices for residents (issue: readings you can bill from,
 * "Residents"): when the continuous-flow rule fires on a water meter of Alice's flat,
 * Alice reads it on `/api/utilities/me/notices` and dismisses it; Bob, in the flat next
 * door, sees only his own; nobody else sees either.
 *
 * Readings (hourly, cumulative m³), 1–3 March 2026 UTC:
 *   N-W1 (Alice's flat): + 0.01 m³ every hour for 48 h → never stopped for 24 h: a leak
 *   N-W2 (Bob's flat):   the same                       → Bob's leak
 *   N-W3 (Alice's flat): + 0.05 m³ only from 07:00 to 22:00, still at night → no leak
 */
type Member = {
  id: number;
  get: (url: string) => request.Test;
  post: (url: string, body?: unknown) => request.Test;
};
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};
const people: Record<'alice' | 'bob' | 'carol', Member> = {} as never;

async function register(username: string): Promise<Member> {
  const res = await app
    .http()
    .post('/api/auth/local/register')
    .send({ username, email: `${username}@example.test`, password: 'Member-Passw0rd!' });
  expect(res.status).toBe(200);
  const jwt = res.body.jwt as string;
  return {
    id: res.body.user.id,
    get: (url) => app.http().get(url).set('Authorization', `Bearer ${jwt}`),
    post: (url, body) =>
      app
        .http()
        .post(url)
        .set('Authorization', `Bearer ${jwt}`)
        .send(body as object),
  };
}

async function hourlyReads(meterNumber: string, device: string, litresPerHour: (hour: number) => number) {
  const start = Date.UTC(2026, 2, 1);
  let value = 100;
  const rows = [];
  for (let hour = 0; hour <= 48; hour++) {
    if (hour > 0) value += litresPerHour(hour - 1) / 1000;
    rows.push({
      meter_number: meterNumber,
      register: '1',
      reading_at: start + hour * 3_600_000,
      value: value.toFixed(3),
      kind: 'cumulative',
      device_ref: device,
      created_at: Date.now(),
    });
  }
  await app.strapi.db.connection('utilities_meter_readings').insert(rows);
}

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  const owner = await createParty(root, { kind: 'legal', companyName: 'Notices AG' });
  const building = (await createBuilding(root, { code: 'NB', name: 'Notice house', owner: owner.documentId }))
    .documentId;
  ids.alice = (await createPoint(root, { code: 'NB-1', name: 'Flat 1', building })).documentId;
  ids.bob = (await createPoint(root, { code: 'NB-2', name: 'Flat 2', building })).documentId;
  const water = await meterSetup(root, 'WATER');
  for (const [meter, point] of [
    ['N-W1', 'alice'],
    ['N-W2', 'bob'],
    ['N-W3', 'alice'],
  ] as const) {
    ids[meter] = (await createMeter(root, meter, water)).documentId;
    await created(
      await root.post(`/utilities/billing-points/${ids[point]}/meters`, {
        device: ids[meter],
        from: '2026-01-01',
      }),
      `${meter} installed`,
    );
  }
  await created(
    await root.post(`/utilities/billing-points/${ids.alice}/occupancies`, {
      party: (await person(root, 'Alice', 'Muster')).documentId,
      entryDate: '2026-01-01',
    }),
    'Alice moves in',
  );
  await hourlyReads('N-W1', ids['N-W1'], () => 10);
  await hourlyReads('N-W2', ids['N-W2'], () => 10);
  await hourlyReads('N-W3', ids['N-W3'], (hour) => (hour % 24 >= 7 && hour % 24 < 22 ? 50 : 0));
  const run = await root.post('/utilities/validation/runs', { from: '2026-03-01', to: '2026-03-03' });
  expect(run.status).toBe(200);

  for (const name of ['alice', 'bob', 'carol'] as const) people[name] = await register(name);
  for (const [name, point] of [
    ['alice', 'alice'],
    ['bob', 'bob'],
  ] as const) {
    const claim = await people[name].post('/api/utilities/me/claims', { billingPoint: ids[point] });
    expect(claim.status).toBe(201);
    expect(
      (await root.post(`/utilities/property-claims/${claim.body.data.documentId}/approve`, {})).status,
    ).toBe(200);
  }
});
afterAll(async () => app?.stop());

test("the leak on Alice's meter is her notice, with the time it was noticed and her flat", async () => {
  const res = await people.alice.get('/api/utilities/me/notices');
  expect(res.status).toBe(200);
  expect(res.body.data).toHaveLength(1);
  const [notice] = res.body.data;
  // Flow since 00:00 on 1 March; the rule fires on the read completing 24 h: 2 March 00:00 UTC.
  expect(notice).toMatchObject({
    kind: 'leak',
    since: '2026-03-02T00:00:00.000Z',
    register: '1',
    utility: { meterNumber: 'N-W1' },
    billingPoint: { documentId: ids.alice, code: 'NB-1' },
    dismissedAt: null,
  });
  expect(notice.text).toMatch(/^Water has been running without a pause at meter N-W1 \(/);
  expect(res.body.meta.pagination.total).toBe(1);
});

test("Bob sees his own leak and not Alice's; someone without a flat sees none", async () => {
  const bob = await people.bob.get('/api/utilities/me/notices');
  expect(bob.body.data.map((n: { utility: { meterNumber: string } }) => n.utility.meterNumber)).toEqual([
    'N-W2',
  ]);
  const carol = await people.carol.get('/api/utilities/me/notices');
  expect(carol.status).toBe(200);
  expect(carol.body.data).toEqual([]);
});

test('dismissing: gone from the list, kept with ?dismissed=true, a second dismissal changes nothing', async () => {
  const [notice] = (await people.alice.get('/api/utilities/me/notices')).body.data;
  const first = await people.alice.post(`/api/utilities/me/notices/${notice.id}/dismiss`);
  expect(first.status).toBe(200);
  expect(first.body.data.dismissedAt).not.toBeNull();
  const again = await people.alice.post(`/api/utilities/me/notices/${notice.id}/dismiss`);
  expect(again.status).toBe(200);
  expect(again.body.data.dismissedAt).toBe(first.body.data.dismissedAt);
  expect((await people.alice.get('/api/utilities/me/notices')).body.data).toEqual([]);
  const all = await people.alice.get('/api/utilities/me/notices?dismissed=true');
  expect(all.body.data).toHaveLength(1);
  expect(all.body.data[0].dismissedAt).toBe(first.body.data.dismissedAt);
  // Alice's dismissal is hers: the same kind of notice of Bob's is untouched.
  expect((await people.bob.get('/api/utilities/me/notices')).body.data).toHaveLength(1);
});

test("someone else's notice, an unknown one and a malformed id are all just not found", async () => {
  const [bobs] = (await people.bob.get('/api/utilities/me/notices')).body.data;
  for (const id of [bobs.id, '999999999', 'abc', '0', '1 OR 1=1', '-1']) {
    const res = await people.alice.post(`/api/utilities/me/notices/${encodeURIComponent(id)}/dismiss`);
    expect(res.status).toBe(404);
  }
  expect((await people.bob.get('/api/utilities/me/notices')).body.data[0].dismissedAt).toBeNull();
});

test('bad list parameters are a 400 naming them; anonymous callers and API tokens are refused', async () => {
  const bad = await people.alice.get('/api/utilities/me/notices?dismissed=maybe');
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('dismissed must be true or false');
  const unknown = await people.alice.get('/api/utilities/me/notices?meter=N-W2');
  expect(unknown.status).toBe(400);
  expect((await app.http().get('/api/utilities/me/notices')).status).toBe(403);
  expect((await app.http().post('/api/utilities/me/notices/1/dismiss')).status).toBe(403);
});
