import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import {
  createBuilding,
  createMeter,
  createParty,
  createPoint,
  meterSetup,
  person,
} from '../helpers/billing';
import { ACTIONS, type ActionKey } from '../../src/permissions';

/**
 * Every billing route is guarded by its action on the server: without it the
 * answer is 403 and nothing changes; with only that action the route works. And
 * with the billing module off, every one of them answers 403 "module not enabled".
 *
 * @sqlite-only the database server plays no part: each route is refused or let through before any
 * query; what the routes store is the other suites’ (billing, rates, communities) on every
 * database.
 */
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};
const without = new Map<ActionKey, Agent>();
const only = new Map<ActionKey, Agent>();
const GUARDS: ActionKey[] = [
  'billing.read',
  'billing.write',
  'rates.read',
  'rates.write',
  'communities.read',
  'communities.write',
  'documents.read',
  'documents.settings',
  'documents.send',
  'charging.read',
];

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  const owner = await createParty(root, { kind: 'legal', companyName: 'Owner AG' });
  ids.party = owner.documentId;
  ids.tenant = (await person(root, 'Tom', 'Tenant')).documentId;
  ids.building = (
    await createBuilding(root, { code: 'RB', name: 'RBAC house', owner: owner.documentId })
  ).documentId;
  ids.point = (await createPoint(root, { code: 'RB-01', name: 'Flat', building: ids.building })).documentId;
  const water = await meterSetup(root, 'WATER');
  ids.utilityType = water.utilityType.documentId;
  ids.device = (await createMeter(root, 'RB-WM-1', water)).documentId;
  ids.occupancy = (
    await root.post(`/utilities/billing-points/${ids.point}/occupancies`, {
      party: ids.tenant,
      entryDate: '2024-01-01',
    })
  ).body.data.documentId;
  ids.installation = (
    await root.post(`/utilities/billing-points/${ids.point}/meters`, {
      device: ids.device,
      from: '2024-01-01',
    })
  ).body.data.documentId;
  ids.badge = (
    await root.post('/utilities/rfid-badges', { uid: '01:02:03', party: ids.tenant })
  ).body.data.documentId;
  ids.metric = (
    await root.post('/utilities/usage-metrics', {
      code: 'EV_KWH',
      name: 'EV charging',
      eGroup: 'ev',
      field: 'intCounter',
      aggregation: 'sum',
      unit: 'kWh',
    })
  ).body.data.documentId;
  ids.rate = (
    await root.post('/utilities/rates', {
      utilityType: ids.utilityType,
      scope: 'default',
      validFrom: '2024-01-01',
      unitPrice: '3.1',
      vatRate: '8.1',
      currency: 'CHF',
    })
  ).body.data.documentId;
  const all = Object.keys(ACTIONS) as ActionKey[];
  for (const action of GUARDS) {
    without.set(
      action,
      await adminWith(
        app.strapi,
        app.http,
        all.filter((a) => a !== action),
      ),
    );
    only.set(action, await adminWith(app.strapi, app.http, [action]));
  }
});
afterAll(async () => app?.stop());

type Route = { action: ActionKey; name: string; call: (a: Agent) => ReturnType<Agent['get']> };
const r = (action: ActionKey, name: string, call: Route['call']): Route => ({ action, name, call });

const routes: Route[] = [
  r('documents.read', 'GET /document-settings', (a) => a.get('/utilities/document-settings')),
  r('documents.settings', 'PUT /document-settings', (a) =>
    a.put('/utilities/document-settings', { name: 'RBAC issuer' }),
  ),
  r('documents.read', 'GET /document-settings/buildings/:id', (a) =>
    a.get(`/utilities/document-settings/buildings/${ids.building}`),
  ),
  r('documents.settings', 'PUT /document-settings/buildings/:id', (a) =>
    a.put(`/utilities/document-settings/buildings/${ids.building}`, { name: 'RBAC owner' }),
  ),
  r('documents.settings', 'DELETE /document-settings/buildings/:id', (a) =>
    a.delete('/utilities/document-settings/buildings/missing'),
  ),
  r('documents.read', 'GET /document-settings/email', (a) => a.get('/utilities/document-settings/email')),
  r('documents.settings', 'PUT /document-settings/email', (a) =>
    a.put('/utilities/document-settings/email', { enabled: false }),
  ),
  r('documents.send', 'POST /invoices/:id/send', (a) => a.post('/utilities/invoices/missing/send', {})),
  // A party's account (invoices and credit notes) is charging's to read, not billing's.
  r('charging.read', 'GET /parties/:id/statement', (a) => a.get('/utilities/parties/missing/statement')),
  r('documents.send', 'POST /charge-runs/:id/send', (a) => a.post('/utilities/charge-runs/missing/send', {})),
  r('charging.read', 'GET /charge-runs/:id/documents.zip', (a) =>
    a.get('/utilities/charge-runs/missing/documents.zip'),
  ),
  r('billing.read', 'GET /buildings', (a) => a.get('/utilities/buildings')),
  r('billing.read', 'GET /buildings/:id', (a) => a.get(`/utilities/buildings/${ids.building}`)),
  r('billing.write', 'POST /buildings', (a) =>
    a.post('/utilities/buildings', { code: 'RBNEW', name: 'New' }),
  ),
  r('billing.write', 'PUT /buildings/:id', (a) =>
    a.put(`/utilities/buildings/${ids.building}`, { name: 'RBAC house' }),
  ),
  r('billing.write', 'DELETE /buildings/:id', (a) => a.delete('/utilities/buildings/missing')),
  r('billing.read', 'GET /billing-points', (a) => a.get('/utilities/billing-points')),
  r('billing.read', 'GET /billing-points/:id', (a) => a.get(`/utilities/billing-points/${ids.point}`)),
  r('billing.write', 'POST /billing-points', (a) =>
    a.post('/utilities/billing-points', { code: 'RB-NEW', name: 'x', building: ids.building }),
  ),
  r('billing.write', 'PUT /billing-points/:id', (a) =>
    a.put(`/utilities/billing-points/${ids.point}`, { name: 'Flat' }),
  ),
  r('billing.write', 'DELETE /billing-points/:id', (a) => a.delete('/utilities/billing-points/missing')),
  r('billing.read', 'GET /billing-points/:id/occupancies', (a) =>
    a.get(`/utilities/billing-points/${ids.point}/occupancies`),
  ),
  r('billing.write', 'POST /billing-points/:id/occupancies', (a) =>
    a.post(`/utilities/billing-points/${ids.point}/occupancies`, {
      party: ids.tenant,
      entryDate: '2020-01-01',
      exitDate: '2020-01-01',
    }),
  ),
  r('billing.write', 'PUT /billing-points/:id/occupancies/:occupancyId', (a) =>
    a.put(`/utilities/billing-points/${ids.point}/occupancies/${ids.occupancy}`, { note: 'checked' }),
  ),
  r('billing.write', 'DELETE /billing-points/:id/occupancies/:occupancyId', (a) =>
    a.delete(`/utilities/billing-points/${ids.point}/occupancies/missing`),
  ),
  r('billing.read', 'GET /billing-points/:id/occupant', (a) =>
    a.get(`/utilities/billing-points/${ids.point}/occupant`),
  ),
  r('billing.write', 'POST /billing-points/:id/move', (a) =>
    a.post(`/utilities/billing-points/${ids.point}/move`, { exitDate: '2023-01-01' }),
  ),
  r('billing.read', 'GET /billing-points/:id/coverage', (a) =>
    a.get(`/utilities/billing-points/${ids.point}/coverage?from=2024-01-01&to=2024-01-31`),
  ),
  r('billing.read', 'GET /billing-points/:id/consumption', (a) =>
    a.get(`/utilities/billing-points/${ids.point}/consumption?period=day&from=2024-01-01&to=2024-01-31`),
  ),
  r('billing.read', 'GET /billing-points/:id/meters', (a) =>
    a.get(`/utilities/billing-points/${ids.point}/meters`),
  ),
  r('billing.write', 'POST /billing-points/:id/meters', (a) =>
    a.post(`/utilities/billing-points/${ids.point}/meters`, {
      device: ids.device,
      from: '2020-01-01',
      to: '2020-01-31',
    }),
  ),
  r('billing.write', 'PUT /billing-points/:id/meters/:installationId', (a) =>
    a.put(`/utilities/billing-points/${ids.point}/meters/${ids.installation}`, { to: null }),
  ),
  r('billing.write', 'DELETE /billing-points/:id/meters/:installationId', (a) =>
    a.delete(`/utilities/billing-points/${ids.point}/meters/missing`),
  ),
  r('billing.read', 'GET /occupancies', (a) => a.get('/utilities/occupancies')),
  r('billing.read', 'GET /meter-installations', (a) => a.get('/utilities/meter-installations')),
  r('billing.write', 'POST /meter-installations', (a) =>
    a.post('/utilities/meter-installations', {
      device: ids.device,
      from: '2019-01-01',
      to: '2019-01-31',
      billingPoint: ids.point,
    }),
  ),
  r('billing.read', 'GET /parties', (a) => a.get('/utilities/parties')),
  r('billing.read', 'GET /parties/:id', (a) => a.get(`/utilities/parties/${ids.party}`)),
  r('billing.write', 'POST /parties', (a) =>
    a.post('/utilities/parties', { kind: 'natural', lastName: 'Rbac' }),
  ),
  r('billing.write', 'PUT /parties/:id', (a) =>
    a.put(`/utilities/parties/${ids.party}`, { phone: '+41 21 000 00 00' }),
  ),
  r('billing.write', 'DELETE /parties/:id', (a) => a.delete('/utilities/parties/missing')),
  r('billing.read', 'GET /rfid-badges', (a) => a.get('/utilities/rfid-badges')),
  r('billing.read', 'GET /rfid-badges/lookup', (a) =>
    a.get('/utilities/rfid-badges/lookup?uid=010203&at=2024-01-01'),
  ),
  r('billing.read', 'GET /rfid-badges/:id', (a) => a.get(`/utilities/rfid-badges/${ids.badge}`)),
  r('billing.write', 'POST /rfid-badges', (a) =>
    a.post('/utilities/rfid-badges', { uid: 'AB:CD:EF', party: ids.tenant }),
  ),
  r('billing.write', 'PUT /rfid-badges/:id', (a) =>
    a.put(`/utilities/rfid-badges/${ids.badge}`, { label: 'Key fob' }),
  ),
  r('billing.write', 'DELETE /rfid-badges/:id', (a) => a.delete('/utilities/rfid-badges/missing')),
  r('rates.read', 'GET /rates', (a) => a.get('/utilities/rates')),
  r('rates.read', 'GET /rates/effective', (a) =>
    a.get(`/utilities/rates/effective?billingPoint=${ids.point}&utilityType=WATER&at=2024-02-01`),
  ),
  r('rates.read', 'GET /rates/:id', (a) => a.get(`/utilities/rates/${ids.rate}`)),
  r('rates.write', 'POST /rates', (a) =>
    a.post('/utilities/rates', {
      usageMetric: ids.metric,
      scope: 'billing-point',
      billingPoint: ids.point,
      validFrom: '2030-01-01',
      validTo: null,
      unitPrice: '1',
      vatRate: '0',
      currency: 'CHF',
    }),
  ),
  r('rates.write', 'PUT /rates/:id', (a) => a.put(`/utilities/rates/${ids.rate}`, { name: 'Water' })),
  r('rates.write', 'DELETE /rates/:id', (a) => a.delete('/utilities/rates/missing')),
  r('rates.read', 'GET /rates/:id/history', (a) => a.get(`/utilities/rates/${ids.rate}/history`)),
  r('rates.read', 'GET /tariff-calendars', (a) => a.get('/utilities/tariff-calendars')),
  r('rates.read', 'GET /tariff-calendars/:id', (a) => a.get('/utilities/tariff-calendars/missing')),
  r('rates.write', 'POST /tariff-calendars', (a) =>
    a.post('/utilities/tariff-calendars', {
      code: 'RBAC-HTNT',
      windows: [{ band: 'HT', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '20:00' }],
      defaultBand: 'NT',
    }),
  ),
  r('rates.write', 'PUT /tariff-calendars/:id', (a) =>
    a.put('/utilities/tariff-calendars/missing', { code: 'X', windows: [], defaultBand: 'NT' }),
  ),
  r('rates.write', 'DELETE /tariff-calendars/:id', (a) => a.delete('/utilities/tariff-calendars/missing')),
  r('rates.read', 'GET /usage-metrics', (a) => a.get('/utilities/usage-metrics')),
  r('rates.read', 'GET /usage-metrics/:id', (a) => a.get(`/utilities/usage-metrics/${ids.metric}`)),
  r('rates.write', 'POST /usage-metrics', (a) =>
    a.post('/utilities/usage-metrics', {
      code: 'M_NEW',
      name: 'm',
      eGroup: 'x',
      aggregation: 'count',
      unit: 'u',
    }),
  ),
  r('rates.write', 'PUT /usage-metrics/:id', (a) =>
    a.put(`/utilities/usage-metrics/${ids.metric}`, { name: 'EV charging' }),
  ),
  r('rates.write', 'DELETE /usage-metrics/:id', (a) => a.delete('/utilities/usage-metrics/missing')),
  r('communities.read', 'GET /communities', (a) => a.get('/utilities/communities')),
  r('communities.read', 'GET /communities/:id', (a) => a.get('/utilities/communities/missing')),
  r('communities.read', 'GET /communities/:id/figures', (a) =>
    a.get('/utilities/communities/missing/figures?from=2024-01-01&to=2024-01-02'),
  ),
  r('communities.write', 'POST /communities', (a) =>
    a.post('/utilities/communities', { code: 'RB-ZEV', name: 'ZEV', kind: 'LEG' }),
  ),
  r('communities.write', 'PUT /communities/:id', (a) =>
    a.put('/utilities/communities/missing', { code: 'RB-ZEV', name: 'ZEV', kind: 'LEG' }),
  ),
  r('communities.write', 'DELETE /communities/:id', (a) => a.delete('/utilities/communities/missing')),
];

const fingerprint = async () => {
  const tables = [
    'utilities_buildings',
    'utilities_billing_points',
    'utilities_parties',
    'utilities_occupancies',
    'utilities_meter_installations',
    'utilities_rfid_badges',
    'utilities_rates',
    'utilities_tariff_calendars',
    'utilities_usage_metrics',
    'utilities_communities',
  ];
  const counts = await Promise.all(
    tables.map(async (t) => Number((await app.strapi.db.connection(t).count({ n: '*' }))[0].n)),
  );
  const stamps = await Promise.all(
    tables.map(async (t) => String((await app.strapi.db.connection(t).max({ m: 'updated_at' }))[0].m)),
  );
  return JSON.stringify([counts, stamps]);
};

test.each(routes.map((route) => [route.name, route.action, route] as const))(
  '%s without %s → 403 and nothing changes',
  async (_name, action, route) => {
    const before = await fingerprint();
    const res = await route.call(without.get(action)!);
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('PolicyError');
    expect(await fingerprint()).toBe(before);
  },
);

test.each(routes.map((route) => [route.name, route.action, route] as const))(
  '%s with only %s → allowed',
  async (_name, action, route) => {
    const res = await route.call(only.get(action)!);
    // Allowed means past the guards: a success, or the rule's own answer for the deliberately missing id / stale move.
    expect([200, 201, 404, 409]).toContain(res.status);
    if (res.status >= 400) expect(res.body.error.name).not.toBe('PolicyError');
  },
);

test('every billing route is in the list above (nothing left unguarded by accident)', () => {
  const declared = (
    app.strapi.plugin('utilities').routes as unknown as {
      admin: { routes: { method: string; path: string; config: { policies: unknown[] } }[] };
    }
  ).admin.routes;
  const billing = declared.filter((d) =>
    /^\/(buildings|billing-points|occupancies|meter-installations|parties|rfid-badges|rates|tariff-calendars|usage-metrics|communities|document-settings|(invoices|charge-runs)\/:id\/send$|charge-runs\/:id\/documents\.zip$)/.test(
      d.path,
    ),
  );
  const covered = new Set(routes.map((route) => route.name));
  for (const d of billing) {
    expect(covered).toContain(`${d.method} ${d.path}`);
    expect(JSON.stringify(d.config.policies)).toContain('admin::hasPermissions');
  }
  expect(billing).toHaveLength(routes.length);
});

test('with the billing module off, billing routes answer 403 "module not enabled"', async () => {
  expect((await root.put('/utilities/settings', { modules: { billing: false } })).status).toBe(200);
  try {
    for (const route of routes.filter((_, i) => i % 4 === 0)) {
      const res = await route.call(root);
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('ModuleDisabledError');
    }
  } finally {
    await root.put('/utilities/settings', { modules: { billing: true } });
  }
});
