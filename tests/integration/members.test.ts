import type request from 'supertest';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import {
  createBuilding,
  createParty,
  createMeter,
  createPoint,
  created,
  meterSetup,
  person,
} from '../helpers/billing';
import { ACTIONS, type ActionKey } from '../../src/permissions';
import { grantResidentActions } from '../../server/members';
import { apiToken, withToken } from './support/usage';

/**
 * Members (issue 9): property claims, derived utility links and the resident API.
 * A member only ever reads their own: guessed ids, other members' meters and
 * tampered filters get 404/400 with nothing of anybody else in the answer.
 */
let app: TestApp;
let root: Agent;
type Member = {
  id: number;
  jwt: string;
  get: (url: string) => request.Test;
  post: (url: string, body?: unknown) => request.Test;
};
const m: Record<'alice' | 'bob' | 'carol', Member> = {} as never;
const ids: Record<string, string> = {};
const claims: Record<string, string> = {};

async function register(username: string): Promise<Member> {
  const res = await app
    .http()
    .post('/api/auth/local/register')
    .send({ username, email: `${username}@example.test`, password: 'Member-Passw0rd!' });
  if (res.status !== 200) throw new Error(`register ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  const jwt = res.body.jwt as string;
  return {
    id: res.body.user.id,
    jwt,
    get: (url) => app.http().get(url).set('Authorization', `Bearer ${jwt}`),
    post: (url, body) =>
      app
        .http()
        .post(url)
        .set('Authorization', `Bearer ${jwt}`)
        .send(body as object),
  };
}

const ms = (iso: string) => Date.parse(iso);
async function reading(meterNumber: string, device: string, at: string, value: string) {
  await app.strapi.db.connection('utilities_meter_readings').insert({
    meter_number: meterNumber,
    register: '1',
    reading_at: ms(at),
    value,
    kind: 'cumulative',
    device_ref: device,
    created_at: Date.now(),
  });
}

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  const owner = await createParty(root, { kind: 'legal', companyName: 'Members AG' });
  ids.building = (
    await createBuilding(root, { code: 'MB', name: 'Member house', owner: owner.documentId })
  ).documentId;
  for (const n of [1, 2, 3, 4, 5])
    ids[`p${n}`] = (
      await createPoint(root, { code: `MB-0${n}`, name: `Flat ${n}`, building: ids.building })
    ).documentId;
  const water = await meterSetup(root, 'WATER');
  const heat = await meterSetup(root, 'HEAT');
  ids.w1 = (await createMeter(root, 'MB-W1', water)).documentId;
  ids.w2 = (await createMeter(root, 'MB-W2', water)).documentId;
  ids.w3 = (await createMeter(root, 'MB-W3', water)).documentId;
  ids.h1 = (await createMeter(root, 'MB-H1', heat)).documentId;
  ids.u1 = (
    await created(
      await root.post('/utilities/devices', {
        meterNumber: 'MB-U1',
        deviceType: water.deviceType.documentId,
      }),
      'untagged',
    )
  ).documentId;
  const install = async (point: string, device: string, from: string, to?: string) =>
    created(
      await root.post(`/utilities/billing-points/${ids[point]}/meters`, {
        device: ids[device],
        from,
        ...(to ? { to } : {}),
      }),
      `${device}@${point}`,
    );
  // W1 measured for flat 2 in 2025, then moved to flat 1: its 2025 readings are not flat 1's.
  await install('p2', 'w1', '2025-01-01', '2025-12-31');
  await install('p1', 'w1', '2026-01-01');
  await install('p1', 'h1', '2025-01-01', '2025-12-31');
  await install('p1', 'u1', '2026-01-01');
  await install('p2', 'w2', '2026-01-01');
  await install('p3', 'w3', '2026-01-01');
  await reading('MB-W1', ids.w1, '2025-06-01T00:00:00Z', '100');
  await reading('MB-W1', ids.w1, '2026-02-01T00:00:00Z', '200');
  await reading('MB-W1', ids.w1, '2026-03-01T00:00:00Z', '250');
  await reading('MB-W2', ids.w2, '2026-02-01T00:00:00Z', '7');
  m.alice = await register('alice');
  m.bob = await register('bob');
  m.carol = await register('carol');
});
afterAll(async () => app?.stop());

describe('first start', () => {
  it('grants the resident actions to Authenticated and never to Public', async () => {
    const perms = (await app.strapi.db.query('plugin::users-permissions.permission').findMany({
      where: { action: { $startsWith: 'plugin::utilities.members.' } },
      populate: ['role'],
    })) as { action: string; role: { type: string } }[];
    expect(
      perms
        .filter((p) => p.role.type === 'authenticated')
        .map((p) => p.action)
        .sort(),
    ).toEqual(
      [
        'dismissNotice',
        'fileClaim',
        'myClaims',
        'myConsumption',
        'myCreditNoteDocument',
        'myCreditNotes',
        'myInvoiceDocument',
        'myInvoices',
        'myNotices',
        'myReadings',
        'myUtilities',
      ].map((a) => `plugin::utilities.members.${a}`),
    );
    expect(perms.filter((p) => p.role.type !== 'authenticated')).toEqual([]);
  });

  it('grants once: an action an admin took away is not granted again on the next start', async () => {
    const permissions = app.strapi.db.query('plugin::users-permissions.permission');
    await permissions.delete({ where: { action: 'plugin::utilities.members.myInvoices' } });
    await grantResidentActions(app.strapi);
    expect(await permissions.count({ where: { action: 'plugin::utilities.members.myInvoices' } })).toBe(0);
    // Put it back for the rest of the suite, as a fresh first start would.
    await app.strapi
      .store({ type: 'plugin', name: 'utilities', key: 'members-authenticated-granted' })
      .delete({});
    await grantResidentActions(app.strapi);
    expect(await permissions.count({ where: { action: 'plugin::utilities.members.myInvoices' } })).toBe(1);
  });

  it('an install granted before the invoice PDF gets that action alone on its next start', async () => {
    const permissions = app.strapi.db.query('plugin::users-permissions.permission');
    const store = app.strapi.store({
      type: 'plugin',
      name: 'utilities',
      key: 'members-authenticated-granted',
    });
    // The earlier version's flag (no list of actions), an admin having taken myClaims away.
    await store.set({ value: { grantedAt: '2026-01-01T00:00:00.000Z' } });
    await permissions.delete({ where: { action: 'plugin::utilities.members.myClaims' } });
    await permissions.delete({ where: { action: 'plugin::utilities.members.myInvoiceDocument' } });
    await grantResidentActions(app.strapi);
    expect(
      await permissions.count({ where: { action: 'plugin::utilities.members.myInvoiceDocument' } }),
    ).toBe(1);
    expect(await permissions.count({ where: { action: 'plugin::utilities.members.myClaims' } })).toBe(0);
    // Back to a fresh first start for the rest of the suite.
    await store.delete({});
    await grantResidentActions(app.strapi);
    expect(await permissions.count({ where: { action: 'plugin::utilities.members.myClaims' } })).toBe(1);
  });

  it('grants nothing with members.grantAuthenticated: false', async () => {
    const config = app.strapi.config.get<{ members: { grantAuthenticated: boolean } }>('plugin::utilities');
    const perms = app.strapi.db.query('plugin::users-permissions.permission');
    await perms.delete({ where: { action: 'plugin::utilities.members.myClaims' } });
    await app.strapi
      .store({ type: 'plugin', name: 'utilities', key: 'members-authenticated-granted' })
      .delete({});
    config.members.grantAuthenticated = false;
    try {
      await grantResidentActions(app.strapi);
      expect(await perms.count({ where: { action: 'plugin::utilities.members.myClaims' } })).toBe(0);
    } finally {
      config.members.grantAuthenticated = true;
    }
    await grantResidentActions(app.strapi);
    expect(await perms.count({ where: { action: 'plugin::utilities.members.myClaims' } })).toBe(1);
  });

  it('refuses anonymous callers and API tokens on every resident route', async () => {
    for (const url of [
      '/api/utilities/me/utilities',
      `/api/utilities/me/utilities/${ids.w1}/readings`,
      '/api/utilities/me/consumption?utility=WATER',
      '/api/utilities/me/invoices',
      '/api/utilities/me/invoices/any/document.pdf',
    ]) {
      const res = await app.http().get(url);
      expect([401, 403]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain('MB-W1');
    }
    // A full-access API token has no user to be "me": the routes admit users-permissions JWTs only.
    const token = withToken(app.http, await apiToken(app.strapi, [], 'full-access'));
    const byToken = await token.get('/api/utilities/me/utilities');
    expect([401, 403]).toContain(byToken.status);
    expect(JSON.stringify(byToken.body)).not.toContain('MB-W1');
    const post = await app.http().post('/api/utilities/me/claims').send({ billingPoint: ids.p1 });
    expect([401, 403]).toContain(post.status);
    expect(await app.strapi.db.query('plugin::utilities.property-claim').count({})).toBe(0);
  });
});

describe('filing claims (resident)', () => {
  it('files a claim that starts pending, whatever the member asks for', async () => {
    const res = await m.alice.post('/api/utilities/me/claims', {
      billingPoint: ids.p1,
      note: 'Moved in on 1 January',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      memberId: m.alice.id,
      status: 'pending',
      billingPoint: { code: 'MB-01' },
      decidedBy: null,
    });
    claims.aliceP1 = res.body.data.documentId;
    for (const [who, point] of [
      ['alice', 'p3'],
      ['alice', 'p4'],
      ['alice', 'p5'],
      ['bob', 'p2'],
    ] as const) {
      const r = await m[who].post('/api/utilities/me/claims', { billingPoint: ids[point] });
      expect(r.status).toBe(201);
      claims[`${who}${point.toUpperCase()}`] = r.body.data.documentId;
    }
  });

  it('answers 409 to a second claim on the same place and keeps one row (unique index)', async () => {
    const res = await m.alice.post('/api/utilities/me/claims', { billingPoint: ids.p1 });
    expect(res.status).toBe(409);
    expect(
      await app.strapi.db
        .query('plugin::utilities.property-claim')
        .count({ where: { memberId: m.alice.id, billingPointRef: ids.p1 } }),
    ).toBe(1);
  });

  it.each([
    [{ billingPoint: 'no-such-point' }, 'billingPoint'],
    [{ billingPoint: ids.p1 ?? 'x', status: 'approved' }, 'status'],
    [{}, 'billingPoint'],
    [{ billingPoint: { $ne: null } }, 'billingPoint'],
    [{ billingPoint: 'x'.repeat(500) }, 'billingPoint'],
  ])('refuses %j with a 400 naming the field', async (body, field) => {
    const res = await m.carol.post('/api/utilities/me/claims', body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual([field]);
  });

  it('refuses a body that is not an object', async () => {
    const res = await app
      .http()
      .post('/api/utilities/me/claims')
      .set('Authorization', `Bearer ${m.carol.jwt}`)
      .set('Content-Type', 'application/json')
      .send('[1,2]');
    expect(res.status).toBe(400);
  });

  it("lists only the member's own claims", async () => {
    const res = await m.bob.get('/api/utilities/me/claims');
    expect(res.status).toBe(200);
    expect(res.body.data.map((c: { documentId: string }) => c.documentId)).toEqual([claims.bobP2]);
  });
});

describe('deciding claims (admin)', () => {
  it('lists claims with filters', async () => {
    const all = await root.get('/utilities/property-claims');
    expect(all.status).toBe(200);
    expect(all.body.meta.pagination.total).toBe(5);
    const bobs = await root.get(`/utilities/property-claims?member=${m.bob.id}`);
    expect(bobs.body.data.map((c: { documentId: string }) => c.documentId)).toEqual([claims.bobP2]);
    const atP1 = await root.get(`/utilities/property-claims?billingPoint=${ids.p1}&status=pending`);
    expect(atP1.body.data).toHaveLength(1);
    expect(atP1.body.data[0]).toMatchObject({
      memberId: m.alice.id,
      billingPoint: { code: 'MB-01', name: 'Flat 1' },
    });
  });

  it.each([
    'status=open',
    'member=abc',
    'member=1%20OR%201=1',
    'sort=memberId:asc',
    'pageSize=1000',
    'status=pending&status=approved',
  ])('refuses ?%s with 400', async (q) => {
    const res = await root.get(`/utilities/property-claims?${q}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBeTruthy();
  });

  it('approves and rejects, recording who and when; deciding twice is a 409', async () => {
    const approved = await root.post(`/utilities/property-claims/${claims.aliceP1}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ status: 'approved', decidedBy: expect.any(Number) });
    expect(Date.parse(approved.body.data.decidedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await root.post(`/utilities/property-claims/${claims.aliceP1}/approve`, {})).status).toBe(409);
    const rejected = await root.post(`/utilities/property-claims/${claims.aliceP4}/reject`, {
      note: 'No lease on file',
    });
    expect(rejected.body.data).toMatchObject({ status: 'rejected', note: 'No lease on file' });
    expect((await root.post(`/utilities/property-claims/${claims.aliceP5}/approve`)).status).toBe(200);
    expect((await root.post(`/utilities/property-claims/${claims.bobP2}/approve`)).status).toBe(200);
  });

  it('answers 404 for an unknown claim and 400 for unknown body fields', async () => {
    expect((await root.post('/utilities/property-claims/nope/approve', {})).status).toBe(404);
    const bad = await root.post(`/utilities/property-claims/${claims.aliceP3}/reject`, {
      status: 'approved',
    });
    expect(bad.status).toBe(400);
    expect((await root.get(`/utilities/property-claims?billingPoint=${ids.p3}`)).body.data[0].status).toBe(
      'pending',
    );
  });
});

describe("a member's utility links (admin, read-only)", () => {
  type Link = {
    device: { meterNumber: string } | null;
    billingPoint: { code: string };
    visible: boolean;
    reasons: { code: string; message: string }[];
  };
  it('explains every candidate device', async () => {
    const res = await root.get(`/utilities/members/${m.alice.id}/utility-links`);
    expect(res.status).toBe(200);
    expect(res.body.data.member).toMatchObject({ id: m.alice.id, username: 'alice' });
    const links = res.body.data.links as Link[];
    const of = (code: string, meter: string | null) =>
      links.find((l) => l.billingPoint.code === code && (l.device?.meterNumber ?? null) === meter);
    expect(of('MB-01', 'MB-W1')).toMatchObject({ visible: true, reasons: [] });
    expect(of('MB-01', 'MB-H1')!.reasons.map((r) => r.code)).toEqual(['installation-ended']);
    expect(of('MB-01', 'MB-U1')!.reasons.map((r) => r.code)).toEqual(['untagged-device']);
    expect(of('MB-03', 'MB-W3')!.reasons.map((r) => r.code)).toEqual(['claim-pending']);
    expect(of('MB-04', null)!.reasons.map((r) => r.code)).toEqual(['claim-rejected', 'no-device-installed']);
    expect(of('MB-05', null)!.reasons.map((r) => r.code)).toEqual(['no-device-installed']);
    expect(of('MB-01', 'MB-U1')!.reasons[0].message).toMatch(/not tagged/);
    // Bob's meter never appears among Alice's candidates.
    expect(links.some((l) => l.device?.meterNumber === 'MB-W2')).toBe(false);
  });

  it('lists members with their claims counted, searchable', async () => {
    const res = await root.get('/utilities/members?search=ALI');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      {
        id: m.alice.id,
        username: 'alice',
        email: 'alice@example.test',
        blocked: false,
        claims: { pending: 1, approved: 2, rejected: 1 },
      },
    ]);
    const all = await root.get('/utilities/members?sort=username:desc');
    expect(all.body.data.map((u: { username: string }) => u.username)).toEqual(['carol', 'bob', 'alice']);
    expect(JSON.stringify(all.body)).not.toMatch(/password|resetPasswordToken/);
    expect((await root.get('/utilities/members?sort=password:asc')).status).toBe(400);
    expect((await root.get('/utilities/members?search=a&search=b')).status).toBe(400);
  });

  it('answers for another day with ?at=', async () => {
    const res = await root.get(`/utilities/members/${m.alice.id}/utility-links?at=2025-06-01`);
    const h1 = (res.body.data.links as Link[]).find((l) => l.device?.meterNumber === 'MB-H1')!;
    expect(h1.visible).toBe(true);
  });

  it.each([
    ['abc', 400],
    ['0', 400],
    ['1.5', 400],
    ['999999', 404],
  ])('userId %s → %i', async (userId, status) => {
    expect((await root.get(`/utilities/members/${userId}/utility-links`)).status).toBe(status);
  });

  it('refuses a bad ?at= with 400', async () => {
    expect((await root.get(`/utilities/members/${m.alice.id}/utility-links?at=yesterday`)).status).toBe(400);
  });
});

describe('RBAC', () => {
  const all = Object.keys(ACTIONS) as ActionKey[];
  const cases: [ActionKey, string, (a: Agent) => request.Test][] = [
    ['billing.read', 'GET /property-claims', (a) => a.get('/utilities/property-claims')],
    [
      'billing.write',
      'POST approve',
      (a) => a.post(`/utilities/property-claims/${claims.aliceP3}/approve`, {}),
    ],
    [
      'billing.write',
      'POST reject',
      (a) => a.post(`/utilities/property-claims/${claims.aliceP3}/reject`, {}),
    ],
    ['links.read', 'GET utility-links', (a) => a.get(`/utilities/members/${m.alice.id}/utility-links`)],
    ['links.read', 'GET /members', (a) => a.get('/utilities/members')],
  ];
  it.each(cases)('without %s: %s is 403 and changes nothing', async (action, _name, call) => {
    const agent = await adminWith(
      app.strapi,
      app.http,
      all.filter((a) => a !== action),
    );
    const res = await call(agent);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('MB-0');
    expect((await root.get(`/utilities/property-claims?billingPoint=${ids.p3}`)).body.data[0].status).toBe(
      'pending',
    );
  });

  it('with links.read only, the links view works', async () => {
    const agent = await adminWith(app.strapi, app.http, ['links.read']);
    expect((await agent.get(`/utilities/members/${m.alice.id}/utility-links`)).status).toBe(200);
  });
});

describe('the resident API', () => {
  it("lists exactly the member's visible utilities", async () => {
    const alice = await m.alice.get('/api/utilities/me/utilities');
    expect(alice.status).toBe(200);
    expect(alice.body.data.map((u: { meterNumber: string }) => u.meterNumber)).toEqual(['MB-W1']);
    expect(alice.body.data[0]).toMatchObject({
      utilityType: { code: 'WATER' },
      billingPoint: { code: 'MB-01' },
      installedFrom: '2026-01-01',
    });
    const bob = await m.bob.get('/api/utilities/me/utilities');
    expect(bob.body.data.map((u: { meterNumber: string }) => u.meterNumber)).toEqual(['MB-W2']);
    const carol = await m.carol.get('/api/utilities/me/utilities');
    expect(carol.body.data).toEqual([]);
  });

  it("shows readings only from the meter's time at the member's place", async () => {
    const res = await m.alice.get(`/api/utilities/me/utilities/${ids.w1}/readings`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: { value: string }) => r.value)).toEqual(['250', '200']);
    expect(res.body.meta.pagination.total).toBe(2);
    const ranged = await m.alice.get(
      `/api/utilities/me/utilities/${ids.w1}/readings?from=2025-01-01&to=2026-02-15`,
    );
    expect(ranged.body.data.map((r: { value: string }) => r.value)).toEqual(['200']);
  });

  it("answers 404 for other members' meters, guessed ids and invisible devices — and leaks nothing", async () => {
    for (const [who, device] of [
      ['alice', ids.w2],
      ['alice', ids.w3],
      ['alice', ids.h1],
      ['alice', ids.u1],
      ['bob', ids.w1],
      ['carol', ids.w1],
      ['alice', 'aaaaaaaaaaaaaaaaaaaaaaaa'],
      ['alice', '1'],
    ] as const) {
      const res = await m[who].get(`/api/utilities/me/utilities/${device}/readings`);
      expect(res.status).toBe(404);
      expect(res.body.data).toBeNull();
      expect(JSON.stringify(res.body)).not.toMatch(/MB-|"value"/);
    }
  });

  it('refuses tampered filters and bad parameters with 400', async () => {
    // Issue 14: a list route names a parameter it does not read instead of ignoring it.
    const tampered = await m.alice.get(
      `/api/utilities/me/utilities/${ids.w1}/readings?filters[device_ref]=${ids.w2}&device_ref=${ids.w2}&meterNumber=MB-W2`,
    );
    expect(tampered.status).toBe(400);
    expect(tampered.body.error.message).toMatch(/^Unknown query parameter "filters"/);
    expect(JSON.stringify(tampered.body)).not.toContain('MB-W2-');
    const plain = await m.alice.get(`/api/utilities/me/utilities/${ids.w1}/readings`);
    expect(plain.body.data.map((r: { value: string }) => r.value)).toEqual(['250', '200']);
    for (const q of [
      'from=garbage',
      'to=2026-13-45',
      'from=2026-03-01&to=2026-01-01',
      'pageSize=100000',
      'sort=value:asc',
      'from[$gt]=0',
    ]) {
      const res = await m.alice.get(`/api/utilities/me/utilities/${ids.w1}/readings?${q}`);
      expect(res.status).toBe(400);
    }
    const users = await m.alice.get(`/api/utilities/me/utilities?userId=${m.bob.id}&user=${m.bob.id}`);
    expect(users.body.data.map((u: { meterNumber: string }) => u.meterNumber)).toEqual(['MB-W1']);
  });

  it("serves monthly consumption within the installation at the member's place", async () => {
    const res = await m.alice.get(
      '/api/utilities/me/consumption?utility=WATER&period=month&from=2025-01-01&to=2026-04-01',
    );
    expect(res.status).toBe(200);
    expect(res.body.meta).toMatchObject({ utility: 'WATER', period: 'month' });
    expect(res.body.data).toHaveLength(1);
    const series = res.body.data[0];
    expect(series.device.meterNumber).toBe('MB-W1');
    // The 2025 read (flat 2's time) is not used as an opening value: only Feb → Mar counts.
    const total = series.buckets.reduce((s: number, b: { quantity: string }) => s + Number(b.quantity), 0);
    expect(total).toBe(50);
    const heat = await m.alice.get('/api/utilities/me/consumption?utility=HEAT');
    expect(heat.body.data).toEqual([]);
    const bobsWater = await m.bob.get('/api/utilities/me/consumption?utility=water&period=day');
    expect(bobsWater.body.data.map((s: { device: { meterNumber: string } }) => s.device.meterNumber)).toEqual(
      ['MB-W2'],
    );
  });

  it.each([
    '',
    'utility=WATER&period=year',
    'utility=WATER&from=nope',
    'utility[$ne]=x',
    'utility=WATER&from=2024-01-01&to=2026-01-01',
  ])('consumption ?%s → 400', async (q) => {
    expect((await m.alice.get(`/api/utilities/me/consumption?${q}`)).status).toBe(400);
  });

  it("lists only the member's finalized invoices", async () => {
    expect((await m.alice.get('/api/utilities/me/invoices')).body.data).toEqual([]);
    const party = await person(root, 'Alice', 'Member');
    await app.strapi.db
      .query('plugin::utilities.party')
      .update({ where: { documentId: party.documentId }, data: { memberUserId: m.alice.id } });
    const other = await person(root, 'Bob', 'Member');
    const invoice = (partyRef: string, status: string, periodStart: string) =>
      app.strapi.documents('plugin::utilities.invoice' as never).create({
        data: {
          runRef: 'run-x',
          partyRef,
          billingPointRef: ids.p1,
          periodStart,
          periodEnd: periodStart.replace(/-01$/, '-28'),
          status,
          currency: 'CHF',
          lines: [],
          totals: { gross: '10.00' },
        } as never,
      });
    await invoice(party.documentId, 'finalized', '2026-02-01');
    await invoice(party.documentId, 'draft', '2026-03-01');
    await invoice(party.documentId, 'void', '2026-01-01');
    await invoice(other.documentId, 'finalized', '2026-02-01');
    const res = await m.alice.get('/api/utilities/me/invoices');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      periodStart: '2026-02-01',
      status: 'finalized',
      billingPoint: { code: 'MB-01' },
    });
    expect((await m.bob.get('/api/utilities/me/invoices')).body.data).toEqual([]);
  });

  it('keeps a claimed billing point from being deleted (409 naming the claims)', async () => {
    const res = await root.delete(`/utilities/billing-points/${ids.p5}`);
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toContain('property claims');
  });

  it('answers 403 "module not enabled" while the devices module is off', async () => {
    expect((await root.put('/utilities/settings', { modules: { devices: false } })).status).toBe(200);
    try {
      const res = await m.alice.get('/api/utilities/me/utilities');
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('MB-W1');
    } finally {
      expect((await root.put('/utilities/settings', { modules: { devices: true } })).status).toBe(200);
    }
    expect((await m.alice.get('/api/utilities/me/utilities')).status).toBe(200);
  });

  it('a revoked claim hides the place at once', async () => {
    expect(
      (await root.post(`/utilities/property-claims/${claims.bobP2}/reject`, { note: 'Moved out' })).status,
    ).toBe(200);
    expect((await m.bob.get('/api/utilities/me/utilities')).body.data).toEqual([]);
    expect((await m.bob.get(`/api/utilities/me/utilities/${ids.w2}/readings`)).status).toBe(404);
  });
});
