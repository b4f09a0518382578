import path from 'node:path';
import { DEMO_BOOT_TIMEOUT_MS, PLAYGROUND, startSeededDemo, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';

/**
 * The playground's demo data for billing (playground/src/demo/billing.js): seeded
 * through the plugin's services, idempotent, and showing what the guide shows — a
 * past move, a current vacancy billed to the owner, a meter replaced mid-year, a
 * mid-year price change, badges. Then the "done when": a new user opens a
 * billing point, registers a move with a new occupant, changes the electricity
 * price from next month, and coverage and the effective rate say exactly that.
 */
let app: TestApp;
let admin: Agent;
const Y = new Date().getUTCFullYear() - 1;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedDemo } = require(path.join(PLAYGROUND, 'src', 'demo', 'seed.js')) as {
  seedDemo: (strapi: unknown) => Promise<void>;
};

const TABLES = [
  'utilities_buildings',
  'utilities_billing_points',
  'utilities_parties',
  'utilities_occupancies',
  'utilities_meter_installations',
  'utilities_rfid_badges',
  'utilities_rates',
  'utilities_usage_metrics',
];
const counts = async () =>
  Promise.all(TABLES.map(async (t) => Number((await app.strapi.db.connection(t).count({ n: '*' }))[0].n)));

beforeAll(async () => {
  app = await startSeededDemo();
  admin = await superAdmin(app.strapi, app.http);
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(async () => app?.stop());

const pointId = async (code: string) =>
  (await admin.get(`/utilities/billing-points?q=${code}`)).body.data.find(
    (p: { code: string }) => p.code === code,
  ).documentId as string;

test('a building with 12 billing points, an owner, occupants, meters, rates and badges — and a second run changes nothing', async () => {
  const before = await counts();
  // 1 building, 12 points, 14 parties, 13 occupancies, 22 installations (8 EM, 6 HM, 6 WM incl. the replacement, 2 GM),
  // 5 badges, 12 rates (electricity twice by default + workshop + the HT/NT tariff of DL-04 and DL-06, water twice,
  // heat, gas, laundry, EV, and the Lakeside ZEV's grid rate), 2 usage metrics.
  // The demo charge run's month adds Sara Weber, her move into DL-02 and the water price change (demo/charging.js).
  // The validation demo (demo/validation.js) adds its own building DEMO-VEE: 1 point, 2 parties (the cooperative
  // and Noah Berset), 1 occupancy and 4 installed meters.
  expect(before).toEqual([1 + 1, 12 + 1, 14 + 2, 13 + 1, 22 + 4, 5, 12, 2]);
  await seedDemo(app.strapi);
  expect(await counts()).toEqual(before);
});

test('a past move and a current vacancy billed to the owner', async () => {
  const moved = await admin.get(
    `/utilities/billing-points/${await pointId('DL-02')}/coverage?from=${Y}-06-01&to=${Y}-07-31`,
  );
  expect(
    moved.body.data.periods.map((p: { to: string; party: { displayName: string } }) => [
      p.to,
      p.party.displayName,
    ]),
  ).toEqual([
    [`${Y}-06-30`, 'Anna Meier'],
    [`${Y}-07-31`, 'Ben Keller'],
  ]);
  const vacant = await admin.get(`/utilities/billing-points/${await pointId('DL-05')}`);
  expect(vacant.body.data).toMatchObject({
    currentOccupant: null,
    vacancyBilledTo: { displayName: 'Immo Léman SA' },
  });
  const ownVacancy = await admin.get(`/utilities/billing-points/${await pointId('DL-12')}`);
  expect(ownVacancy.body.data.vacancyBilledTo.displayName).toBe('Marc Favre');
});

test('a water meter replaced on 1 July, and the electricity price change', async () => {
  const meters = await admin.get(`/utilities/billing-points/${await pointId('DL-02')}/meters`);
  const water = meters.body.data.filter(
    (i: { device: { utilityType: { code: string } } }) => i.device.utilityType.code === 'WATER',
  );
  expect(
    water.map((i: { device: { meterNumber: string }; from: string; to: string | null }) => [
      i.device.meterNumber,
      i.to,
    ]),
  ).toEqual([
    ['WM-1002', `${Y}-06-30`],
    ['WM-1006', null],
  ]);
  const id = await pointId('DL-01');
  const price = async (at: string) =>
    (await admin.get(`/utilities/rates/effective?billingPoint=${id}&utilityType=ELECTRICITY&at=${at}`)).body
      .data.rate.unitPrice;
  expect(await price(`${Y}-06-30`)).toBe('0.245');
  expect(await price(`${Y}-07-01`)).toBe('0.279');
  const workshop = await admin.get(
    `/utilities/rates/effective?billingPoint=${await pointId('DL-10')}&utilityType=ELECTRICITY&at=${Y}-07-01`,
  );
  expect(workshop.body.data).toMatchObject({ scope: 'billing-point', rate: { unitPrice: '0.21' } });
  const badge = await admin.get(`/utilities/rfid-badges/lookup?uid=04a32b1c5d80&at=${Y}-05-01`);
  expect(badge.body.data.party.displayName).toBe('Hans Blumer');
});

test('the meter list says where each meter measures today: the replaced water meter nowhere', async () => {
  // WM-1006 replaced WM-1002 at DL-02 (building DEMO-LAKE) on 1 July last year.
  const found = await admin.get('/utilities/devices?q=WM-100');
  const at = Object.fromEntries(
    found.body.data.map((d: { meterNumber: string; installedAt: unknown }) => [d.meterNumber, d.installedAt]),
  );
  expect(at['WM-1006']).toEqual({
    billingPoint: { documentId: await pointId('DL-02'), code: 'DL-02', name: expect.any(String) },
    building: 'DEMO-LAKE',
  });
  expect(at['WM-1002']).toBeNull();
});

test('done when: register a move with a new occupant and change the electricity price from next month', async () => {
  const id = await pointId('DL-03');
  const point = (await admin.get(`/utilities/billing-points/${id}`)).body.data;
  const today: string = point.today;
  const current = point.currentOccupant;
  expect(current.party.displayName).toBe('Clara Rossi');

  const exitDate = today;
  const move = await admin.post(`/utilities/billing-points/${id}/move`, {
    exitDate,
    occupancy: current.occupancy,
    newOccupant: {
      party: { kind: 'natural', firstName: 'Nina', lastName: 'Neu', email: 'nina.neu@example.com' },
    },
  });
  expect(move.status).toBe(200);
  const entry = move.body.data.started.entryDate as string;

  const [y, m] = today.split('-').map(Number);
  const nextMonth = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  const electricity = (await admin.get('/utilities/utility-types?q=ELECTRICITY')).body.data[0].documentId;
  const change = await admin.post('/utilities/rates', {
    utilityType: electricity,
    scope: 'default',
    validFrom: nextMonth,
    unitPrice: '0.3120',
    fixedFeePerMonth: '8.50',
    vatRate: '8.1',
    currency: 'CHF',
  });
  expect(change.status).toBe(201);
  expect(change.body.meta.closed).toHaveLength(1);

  const coverage = await admin.get(`/utilities/billing-points/${id}/coverage?from=${today}&to=${nextMonth}`);
  expect(
    coverage.body.data.periods.map((p: { from: string; to: string; party: { displayName: string } }) => [
      p.from,
      p.party.displayName,
    ]),
  ).toEqual([
    [today, 'Clara Rossi'],
    [entry, 'Nina Neu'],
  ]);
  const price = async (at: string) =>
    (await admin.get(`/utilities/rates/effective?billingPoint=${id}&utilityType=ELECTRICITY&at=${at}`)).body
      .data.rate.unitPrice;
  expect(await price(today)).toBe('0.279');
  expect(await price(nextMonth)).toBe('0.312');
});
