import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import { createBuilding, createParty, createPoint, created, meterSetup } from '../helpers/billing';

/**
 * The consumption series behind the admin's charts (issue 9, item 4):
 * GET /utilities/devices/:id/consumption (devices.read) and
 * GET /utilities/billing-points/:id/consumption (billing.read), bucketed in the
 * building's time zone (New York here, the plugin default is Zurich).
 */
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};

async function read(
  meterNumber: string,
  register: string,
  iso: string,
  value: string,
  kind: 'cumulative' | 'interval' = 'cumulative',
) {
  await app.strapi.db.connection('utilities_meter_readings').insert({
    meter_number: meterNumber,
    register,
    reading_at: Date.parse(iso),
    value,
    kind,
    device_ref: ids[meterNumber],
    created_at: Date.now(),
  });
}

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  const owner = await createParty(root, { kind: 'legal', companyName: 'Consumption Inc' });
  const building = await createBuilding(root, {
    code: 'NY',
    name: 'Hudson house',
    timezone: 'America/New_York',
    owner: owner.documentId,
  });
  ids.point = (
    await createPoint(root, { code: 'NY-01', name: 'Loft', building: building.documentId })
  ).documentId;
  ids.empty = (
    await createPoint(root, { code: 'NY-02', name: 'Empty loft', building: building.documentId })
  ).documentId;
  const water = await meterSetup(root, 'WATER');
  const power = await meterSetup(root, 'ELECTRICITY');
  const gas = await meterSetup(root, 'GAS');
  const meter = async (meterNumber: string, setup: typeof water, extra: Record<string, unknown> = {}) =>
    (ids[meterNumber] = (
      await created(
        await root.post('/utilities/devices', {
          meterNumber,
          deviceType: setup.deviceType.documentId,
          utilityType: setup.utilityType.documentId,
          unit: 'u',
          ...extra,
        }),
        meterNumber,
      )
    ).documentId);
  await meter('W-A', water, { rolloverAt: '1000', multiplier: '2', unit: 'm³' });
  await meter('W-B', water, { unit: 'm³' });
  await meter('E-1', power, { registers: ['1.8.1', '1.8.2'], unit: 'kWh' });
  await meter('G-1', gas, { unit: 'm³' });
  await meter('G-2', gas, { unit: 'm³' }); // never installed anywhere
  await meter('L-1', power, { unit: 'kWh' }); // never installed: its days are Zurich's
  const install = async (device: string, from: string, to?: string) =>
    created(
      await root.post(`/utilities/billing-points/${ids.point}/meters`, {
        device: ids[device],
        from,
        ...(to ? { to } : {}),
      }),
      device,
    );
  // W-A is replaced by W-B on 16 January.
  await install('W-A', '2024-01-01', '2024-01-15');
  await install('W-B', '2024-01-16');
  await install('E-1', '2024-01-01');
  await install('G-1', '2024-01-01');
  // New York midnight in January is 05:00Z; a read then closes the day before.
  await read('W-A', '1', '2024-01-01T05:00:00Z', '990');
  await read('W-A', '1', '2024-01-02T05:00:00Z', '995');
  await read('W-A', '1', '2024-01-03T05:00:00Z', '5'); // rolled over: 10 round the dial
  await read('W-A', '1', '2024-01-16T05:00:00Z', '50'); // the closing read of its last day here
  await read('W-A', '1', '2024-01-20T05:00:00Z', '60'); // after removal: not the loft's
  await read('W-B', '1', '2024-01-16T05:00:00Z', '0');
  await read('W-B', '1', '2024-01-17T05:00:00Z', '4');
  await read('E-1', '1.8.1', '2024-01-01T05:00:00Z', '100');
  await read('E-1', '1.8.1', '2024-01-02T05:00:00Z', '110');
  await read('E-1', '1.8.2', '2024-01-01T05:00:00Z', '50');
  await read('E-1', '1.8.2', '2024-01-02T05:00:00Z', '55');
  await read('G-1', '1', '2024-01-01T12:00:00Z', '1.5', 'interval');
  await read('G-1', '1', '2024-01-01T18:00:00Z', '2.5', 'interval');
  // 23:30 on 1 January and 00:30 on 2 January in Zurich (UTC+1); both 1 January in New York.
  await read('G-2', '1', '2024-01-01T22:30:00Z', '1', 'interval');
  await read('G-2', '1', '2024-01-01T23:30:00Z', '2', 'interval');
});
afterAll(async () => app?.stop());

const quantities = (buckets: { period: string; quantity: string | null }[]) =>
  Object.fromEntries(buckets.filter((b) => b.quantity !== null).map((b) => [b.period, b.quantity]));

describe('a billing point, by utility', () => {
  it("sums each utility's meters while installed here, per day in the building's zone", async () => {
    const res = await root.get(
      `/utilities/billing-points/${ids.point}/consumption?period=day&from=2024-01-01&to=2024-01-18`,
    );
    expect(res.status).toBe(200);
    expect(res.body.meta).toMatchObject({
      period: 'day',
      timeZone: 'America/New_York',
      from: '2024-01-01T05:00:00.000Z',
      to: '2024-01-18T05:00:00.000Z',
      billingPoint: { code: 'NY-01' },
    });
    const byUtility = Object.fromEntries(
      res.body.data.map((u: { utility: { code: string } }) => [u.utility.code, u]),
    );
    expect(Object.keys(byUtility).sort()).toEqual(['ELECTRICITY', 'GAS', 'WATER']);
    // Water: W-A (×2) 5, 10 round the dial, 45 up to its closing read; then W-B 4. W-A's read of the 20th is elsewhere.
    expect(byUtility.WATER).toMatchObject({ unit: 'm³', meters: ['W-A', 'W-B'], warnings: [] });
    expect(quantities(byUtility.WATER.buckets)).toEqual({
      '2024-01-01': '10',
      '2024-01-02': '20',
      '2024-01-15': '90',
      '2024-01-16': '4',
    });
    expect(byUtility.WATER.buckets).toHaveLength(17);
    // Electricity: both registers; gas: interval reads summed.
    expect(quantities(byUtility.ELECTRICITY.buckets)).toEqual({ '2024-01-01': '15' });
    expect(quantities(byUtility.GAS.buckets)).toEqual({ '2024-01-01': '4' });
  });

  it('per month', async () => {
    const res = await root.get(
      `/utilities/billing-points/${ids.point}/consumption?period=month&from=2023-12-01&to=2024-02-01`,
    );
    expect(res.status).toBe(200);
    const water = res.body.data.find((u: { utility: { code: string } }) => u.utility.code === 'WATER');
    expect(
      water.buckets.map((b: { period: string; quantity: string | null }) => [b.period, b.quantity]),
    ).toEqual([
      ['2023-12', null],
      ['2024-01', '124'],
    ]);
  });

  it('a place without meters answers an empty list; an unknown one 404', async () => {
    expect((await root.get(`/utilities/billing-points/${ids.empty}/consumption`)).body.data).toEqual([]);
    expect((await root.get('/utilities/billing-points/nope/consumption')).status).toBe(404);
  });
});

describe('a device, register by register', () => {
  it('counts every read of the device, in the zone of the building it is installed in', async () => {
    const res = await root.get(
      `/utilities/devices/${ids['W-A']}/consumption?period=month&from=2024-01-01&to=2024-02-01`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      meterNumber: 'W-A',
      register: '1',
      registers: ['1'],
      unit: 'm³',
      period: 'month',
      timeZone: 'America/New_York',
      warnings: [],
    });
    // (5 + 10 + 45 + 10) × 2: here every read of the device counts, also after it left the loft.
    expect(quantities(res.body.data.buckets)).toEqual({ '2024-01': '140' });
    const second = await root.get(
      `/utilities/devices/${ids['E-1']}/consumption?register=1.8.2&from=2024-01-01&to=2024-01-03`,
    );
    expect(second.body.data.buckets.map((b: { quantity: string | null }) => b.quantity)).toEqual(['5', null]);
  });

  it('without from/to: the last 31 days up to today', async () => {
    const res = await root.get(`/utilities/devices/${ids['W-B']}/consumption`);
    expect(res.status).toBe(200);
    expect(res.body.data.buckets).toHaveLength(31);
    expect(res.body.data.buckets.every((b: { quantity: string | null }) => b.quantity === null)).toBe(true);
  });

  it("a device never installed counts its days in the plugin's zone", async () => {
    const res = await root.get(`/utilities/devices/${ids['G-2']}/consumption?from=2024-01-01&to=2024-01-03`);
    expect(res.status).toBe(200);
    expect(res.body.data.timeZone).toBe('Europe/Zurich');
    expect(quantities(res.body.data.buckets)).toEqual({ '2024-01-01': '1', '2024-01-02': '2' });
  });

  it('a series longer than a page of reads: every read once, ties at a page edge too', async () => {
    // 12,000 quarter hours from 00:00 on 1 April 2024 in Zurich (no clock change until
    // October): 125 days of 96 reads, over three pages of 5,000. The 5,000th read has a twin
    // at the same instant from a former meter number of the device, so the first page
    // ends between the two: the second page must start at the twin, not after its instant.
    const start = Date.parse('2024-03-31T22:00:00Z');
    const rows = Array.from({ length: 12_000 }, (_, i) => ({
      meter_number: 'L-1',
      register: '1',
      reading_at: start + (i + 1) * 900_000,
      value: '0.25',
      kind: 'interval',
      device_ref: ids['L-1'],
      created_at: Date.now(),
    }));
    const knex = app.strapi.db.connection;
    await knex.batchInsert('utilities_meter_readings', rows, 100);
    await knex('utilities_meter_readings').insert({ ...rows[4999], meter_number: 'L-0', value: '9' });
    const res = await root.get(`/utilities/devices/${ids['L-1']}/consumption?from=2024-04-01&to=2024-08-04`);
    expect(res.status).toBe(200);
    const { buckets, warnings } = res.body.data as {
      buckets: { quantity: string | null; reads: number }[];
      warnings: string[];
    };
    expect(buckets).toHaveLength(125);
    expect(buckets.every((b) => b.quantity === '24' && b.reads === 96)).toBe(true);
    expect(warnings).toEqual([
      `Two values at ${new Date(rows[4999].reading_at).toISOString()} (0.25, 9); the second is ignored`,
    ]);
  });

  it('unknown device → 404', async () => {
    expect((await root.get('/utilities/devices/nope/consumption')).status).toBe(404);
  });
});

describe('bad input → 400 with the field', () => {
  it.each([
    ['period=week', 'period'],
    ['from=yesterday', 'from'],
    ['from=2024-02-01&to=2024-01-01', 'to'],
    ['from=2023-01-01&to=2024-06-01', 'from'],
    ['period=month&from=2015-01-01&to=2024-01-01', 'from'],
    ['from[$gt]=0', 'from'],
  ])('?%s', async (query, field) => {
    for (const url of [
      `/utilities/billing-points/${ids.point}/consumption?${query}`,
      `/utilities/devices/${ids['W-A']}/consumption?${query}`,
    ]) {
      const res = await root.get(url);
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(field);
    }
  });

  it('a register the device does not have', async () => {
    const res = await root.get(`/utilities/devices/${ids['E-1']}/consumption?register=9.9.9`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['register']);
  });
});

describe('RBAC', () => {
  it("a device's series needs devices.read; a billing point's needs billing.read", async () => {
    const billingOnly = await adminWith(app.strapi, app.http, ['billing.read']);
    const devicesOnly = await adminWith(app.strapi, app.http, ['devices.read']);
    expect((await billingOnly.get(`/utilities/devices/${ids['W-A']}/consumption`)).status).toBe(403);
    expect((await devicesOnly.get(`/utilities/billing-points/${ids.point}/consumption`)).status).toBe(403);
    expect((await billingOnly.get(`/utilities/billing-points/${ids.point}/consumption`)).status).toBe(200);
    expect((await devicesOnly.get(`/utilities/devices/${ids['W-A']}/consumption`)).status).toBe(200);
  });
});
