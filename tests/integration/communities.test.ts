import { DateTime } from 'luxon';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { created, createBuilding, createParty, createPoint, meterSetup } from '../helpers/billing';

/**
 * Solar communities over HTTP on a real database: the record (with the EnV art. 16
 * warning) and the figures split from 15-minute interval readings.
 *
 * ZEV "Seeblick", Europe/Zurich, two days 1–2 June 2024 (192 intervals), owner
 * common consumption, proportional split. Members: flat A (both days), flat B
 * (exit 1 June, its last day), flat C (entry 2 June). Connection meter CONN
 * (import 1.8.0, export 2.8.0), roof PV (2.8.0). Every interval has a reading of
 * every meter that should report (zero where not listed), except: B's 11:00
 * interval on 1 June is missing, and PV has a reading stamped 12:05 (off the
 * 15-minute grid) which breaks its 11:45 interval. Values in kWh:
 *
 *   1 June 10:00  P 3      A 1      B 1      import 0      export 0.5  → total 2.5, common 0.5
 *                 stayed inside 3 − 0.5 = 2.5 covers everybody: A 1, B 1, owner 0.5 solar
 *   1 June 10:15  P 1      A 2      B 1      import 3      export 0    → total 4, common 1
 *                 1 shared by 2:1:1 → A 0.5, B 0.25, owner 0.25; grid A 1.5, B 0.75, owner 0.75
 *   1 June 10:30  P 0.9    A 0.2    B 0.1    import 0      export 0.6  → common 0; A 0.2, B 0.1 solar
 *   1 June 10:45  P 0.010  A 0.003  B 0.004  import 0.001  export 0    → total 0.011, common 0.004
 *                 0.010 by 3:4:4 = 0.002727 / 0.003636 / 0.003636 → floors 2, 3, 3 Wh, 2 Wh left
 *                 by largest remainder: A (.727), then the tie B/owner to "@owner" (first in id order)
 *                 → A 0.003, B 0.003, owner 0.004; grid B 0.001
 *   2 June 10:00  P 1      A 0.5    C 1.5    import 1      export 0    → A 0.25, C 0.75 solar, grid the same
 *
 *   production 5.910, self-consumed 4.810, exported 1.100, members' consumption 7.307, common 1.504
 *   self-consumption rate 4.81 / 5.91 = 0.813875, self-sufficiency 4.81 / 8.811 = 0.545909
 *   A: consumption 3.703, solar 1.953, grid 1.750    B: 2.104, solar 1.353, grid 0.751
 *   C: 1.500, solar 0.750, grid 0.750                owner: common 1.504, solar 0.754, grid 0.750
 *   Σ grid 4.001 = Σ import (3 + 0.001 + 1). Intervals: 192, 2 skipped (named), 190 split.
 */
const ZONE = 'Europe/Zurich';
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};

const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const Q = 15 * 60_000;

type Row = { meter_number: string; register: string; reading_at: number; value: string; kind: string };
const readings: Row[] = [];
/** Zero readings for every interval of the days, then the listed values; reading_at = interval end. */
function series(meter: string, register: string, days: string[], values: Record<string, string>) {
  for (const day of days) {
    const start = at(`${day}T00:00`);
    const end = at(`${day}T00:00`) + 86_400_000;
    for (let s = start; s < end; s += Q) {
      const key = DateTime.fromMillis(s, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");
      if (values[key] === 'skip') continue;
      readings.push({
        meter_number: meter,
        register,
        reading_at: s + Q,
        value: values[key] ?? '0',
        kind: 'interval',
      });
    }
  }
}

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  const owner = await createParty(root, { kind: 'legal', companyName: 'Seeblick AG' });
  ids.owner = owner.documentId;
  ids.building = (
    await createBuilding(root, { code: 'SB', name: 'Seeblick', owner: owner.documentId, timezone: ZONE })
  ).documentId;
  const power = await meterSetup(root, 'POWER');
  for (const flat of ['A', 'B', 'C']) {
    ids[flat] = (
      await createPoint(root, { code: `SB-${flat}`, name: `Flat ${flat}`, building: ids.building })
    ).documentId;
    // Flat A declares 1.8.0 and 2.8.0; B and C keep the default register "1" while their data arrives as 1.8.0.
    const device = await created(
      await root.post('/utilities/devices', {
        meterNumber: `M-${flat}`,
        deviceType: power.deviceType.documentId,
        utilityType: power.utilityType.documentId,
        unit: 'kWh',
        ...(flat === 'A' ? { registers: ['1.8.0', '2.8.0'] } : {}),
      }),
      `meter ${flat}`,
    );
    await created(
      await root.post(`/utilities/billing-points/${ids[flat]}/meters`, {
        device: device.documentId,
        from: '2024-01-01',
      }),
      `installation ${flat}`,
    );
  }
  const days = ['2024-06-01', '2024-06-02'];
  series('PV-SB', '2.8.0', days, {
    '2024-06-01T10:00': '3',
    '2024-06-01T10:15': '1',
    '2024-06-01T10:30': '0.9',
    '2024-06-01T10:45': '0.010',
    '2024-06-02T10:00': '1',
  });
  readings.push({
    meter_number: 'PV-SB',
    register: '2.8.0',
    reading_at: at('2024-06-01T12:05'),
    value: '0',
    kind: 'interval',
  });
  series('CONN-SB', '1.8.0', days, {
    '2024-06-01T10:15': '3',
    '2024-06-01T10:45': '0.001',
    '2024-06-02T10:00': '1',
  });
  series('CONN-SB', '2.8.0', days, { '2024-06-01T10:00': '0.5', '2024-06-01T10:30': '0.6' });
  series('M-A', '1.8.0', days, {
    '2024-06-01T10:00': '1',
    '2024-06-01T10:15': '2',
    '2024-06-01T10:30': '0.2',
    '2024-06-01T10:45': '0.003',
    '2024-06-02T10:00': '0.5',
  });
  // A's export register has readings too: they must never count as its consumption.
  series('M-A', '2.8.0', ['2024-06-01'], { '2024-06-01T10:00': '7' });
  series('M-B', '1.8.0', ['2024-06-01'], {
    '2024-06-01T10:00': '1',
    '2024-06-01T10:15': '1',
    '2024-06-01T10:30': '0.1',
    '2024-06-01T10:45': '0.004',
    '2024-06-01T11:00': 'skip',
  });
  series('M-C', '1.8.0', ['2024-06-02'], { '2024-06-02T10:00': '1.5' });
  // Flat D (the no-meter case): a member from 1 June, its meter installed only from 2 June.
  ids.D = (await createPoint(root, { code: 'SB-D', name: 'Flat D', building: ids.building })).documentId;
  const meterD = await created(
    await root.post('/utilities/devices', {
      meterNumber: 'M-D',
      deviceType: power.deviceType.documentId,
      utilityType: power.utilityType.documentId,
      unit: 'kWh',
    }),
    'meter D',
  );
  await created(
    await root.post(`/utilities/billing-points/${ids.D}/meters`, {
      device: meterD.documentId,
      from: '2024-06-02',
    }),
    'installation D',
  );
  series('M-D', '1.8.0', ['2024-06-02'], { '2024-06-02T10:00': '0.4' });
  const rows = readings.map((r) => ({ ...r, created_at: Date.now() }));
  for (let i = 0; i < rows.length; i += 200)
    await app.strapi.db.connection('utilities_meter_readings').insert(rows.slice(i, i + 200));
});
afterAll(async () => app?.stop());

const community = () => ({
  code: 'SB-ZEV',
  name: 'ZEV Seeblick',
  kind: 'ZEV',
  building: ids.building,
  members: [
    { billingPoint: ids.A, entryDate: '2024-01-01' },
    { billingPoint: ids.B, entryDate: '2024-01-01', exitDate: '2024-06-01' },
    { billingPoint: ids.C, entryDate: '2024-06-02', exitDate: null },
  ],
  productionMeters: [{ meterNumber: 'PV-SB', register: '2.8.0' }],
  connection: {
    import: [{ meterNumber: 'CONN-SB', register: '1.8.0' }],
    export: [{ meterNumber: 'CONN-SB', register: '2.8.0' }],
  },
  solarPrices: [{ band: '*', price: '0.20' }],
  standardPrices: [{ from: '2024-01-01', to: '2024-12-31', prices: [{ band: '*', price: '0.30' }] }],
});

describe('community records', () => {
  it('creates a ZEV, reads it back with its members named, and warns only above the cap', async () => {
    const res = await root.post('/utilities/communities', community());
    expect(res.status).toBe(201);
    ids.community = res.body.data.documentId;
    expect(res.body.meta.warnings).toEqual([]);
    expect(res.body.data).toMatchObject({
      code: 'SB-ZEV',
      kind: 'ZEV',
      intervalMinutes: 15,
      allocationMethod: 'proportional',
      commonConsumption: 'owner',
      priceCap: { method: 'flat' },
      solarPrices: [{ band: '*', price: '0.2' }],
    });
    expect(res.body.data.members.map((m: { code: string }) => m.code)).toEqual(['SB-A', 'SB-B', 'SB-C']);
    const got = await root.get(`/utilities/communities/${ids.community}`);
    expect(got.status).toBe(200);
    expect(got.body.data.members[1]).toMatchObject({ entryDate: '2024-01-01', exitDate: '2024-06-01' });

    // 80 % of 0.30 is 0.24: 0.25 is saved, with a warning naming the cap.
    const above = await root.put(`/utilities/communities/${ids.community}`, {
      ...community(),
      solarPrices: [{ band: '*', price: '0.25' }],
    });
    expect(above.status).toBe(200);
    expect(above.body.data.solarPrices).toEqual([{ band: '*', price: '0.25' }]);
    expect(above.body.meta.warnings).toEqual([
      expect.objectContaining({ code: 'solar-price-above-cap', band: '*', price: '0.25', cap: '0.24' }),
    ]);
    // The cost method: costs 0.10 + half of the 0.20 saving = 0.20, so 0.25 is still above.
    const cost = await root.put(`/utilities/communities/${ids.community}`, {
      ...community(),
      solarPrices: [{ band: '*', price: '0.25' }],
      priceCap: { method: 'cost', costPerKWh: '0.10' },
    });
    expect(cost.body.meta.warnings[0]).toMatchObject({ cap: '0.2' });
    const back = await root.put(`/utilities/communities/${ids.community}`, community());
    expect(back.body.meta.warnings).toEqual([]);
  });

  it('refuses a second community with the same code, and a flat in two communities at once', async () => {
    const same = await root.post('/utilities/communities', community());
    expect(same.status).toBe(409);
    const twice = await root.post('/utilities/communities', {
      ...community(),
      code: 'SB-OTHER',
      members: [{ billingPoint: ids.C, entryDate: '2024-06-30' }],
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('SB-C');
    const list = await root.get('/utilities/communities');
    expect(list.body.data.map((c: { code: string }) => c.code)).toEqual(['SB-ZEV']);
  });

  it.each([
    ['an unknown field', { colour: 'green' }, 'colour'],
    ['a code with a zero-width space', { code: 'SB\u200B' }, 'code'],
    [
      'a meter number with a control character',
      { productionMeters: [{ meterNumber: 'PV\u0007', register: '2.8.0' }] },
      'productionMeters.0.meterNumber',
    ],
    [
      'a register that is a formula',
      { productionMeters: [{ meterNumber: 'PV', register: '=HYPERLINK("x")' }] },
      'productionMeters.0.register',
    ],
    [
      'the same production meter twice',
      {
        productionMeters: [
          { meterNumber: 'PV', register: '2.8.0' },
          { meterNumber: 'PV', register: '2.8.0' },
        ],
      },
      'productionMeters.1',
    ],
    ['an unknown kind', { kind: 'SOLAR' }, 'kind'],
    ['a LEG with a connection meter', { kind: 'LEG' }, 'connection'],
    ['a ZEV with a grid-fee discount', { legDiscountPercent: '20' }, 'legDiscountPercent'],
    ['a negative solar price', { solarPrices: [{ band: '*', price: '-0.1' }] }, 'solarPrices.0.price'],
    [
      'a band priced twice',
      {
        solarPrices: [
          { band: 'HT', price: '0.1' },
          { band: 'HT', price: '0.2' },
        ],
      },
      'solarPrices.1.band',
    ],
    ['an interval of 7 minutes', { intervalMinutes: 7 }, 'intervalMinutes'],
    [
      'an exit before the entry',
      { members: [{ billingPoint: 'x1', entryDate: '2024-02-01', exitDate: '2024-01-01' }] },
      'members.0.exitDate',
    ],
    [
      'a date that does not exist',
      { members: [{ billingPoint: 'x1', entryDate: '2024-02-30' }] },
      'members.0.entryDate',
    ],
    ['fixed shares without a share', { allocationMethod: 'fixed-shares' }, 'members.0.share'],
    [
      'a member id with SQL in it',
      { members: [{ billingPoint: "x' OR 1=1 --", entryDate: '2024-01-01' }] },
      'members.0.billingPoint',
    ],
    [
      'overlapping standard-product periods',
      {
        standardPrices: [
          { from: '2024-01-01', to: null, prices: [{ band: '*', price: '0.3' }] },
          { from: '2024-06-01', to: null, prices: [{ band: '*', price: '0.3' }] },
        ],
      },
      'standardPrices.1',
    ],
  ])('refuses %s with 400 naming the field', async (_what, patch, path) => {
    const res = await root.post('/utilities/communities', { ...community(), code: 'SB-BAD', ...patch });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(path);
  });

  it('refuses the same flat twice on overlapping dates, and a billing point that does not exist', async () => {
    const twice = await root.post('/utilities/communities', {
      ...community(),
      code: 'SB-BAD',
      members: [
        { billingPoint: ids.A, entryDate: '2024-01-01' },
        { billingPoint: ids.A, entryDate: '2024-03-01' },
      ],
    });
    expect(twice.status).toBe(400);
    const missing = await root.post('/utilities/communities', {
      ...community(),
      code: 'SB-BAD',
      members: [{ billingPoint: 'nosuchpoint', entryDate: '2024-01-01' }],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors[0].path.join('.')).toBe('members.0.billingPoint');
    for (const body of [null, [], 'text', { ...community(), members: 'all' }]) {
      const res = await root.post('/utilities/communities', body);
      expect(res.status).toBe(400);
    }
  });
});

describe('community figures', () => {
  it('splits each 15 minutes into solar and grid per member, by hand', async () => {
    const res = await root.get(
      `/utilities/communities/${ids.community}/figures?from=2024-06-01&to=2024-06-03`,
    );
    expect(res.status).toBe(200);
    const f = res.body.data;
    expect(f.totals).toEqual({
      production: '5.91',
      selfConsumed: '4.81',
      exported: '1.1',
      consumption: '7.307',
      common: '1.504',
      measuredExport: '1.1',
      negativeCommon: { intervals: 0, kWh: '0' },
      selfConsumptionRate: '0.813875',
      selfSufficiency: '0.545909',
    });
    const byPoint = Object.fromEntries(f.members.map((m: { billingPoint: string }) => [m.billingPoint, m]));
    expect(byPoint[ids.A]).toMatchObject({ consumption: '3.703', common: '0', solar: '1.953', grid: '1.75' });
    expect(byPoint[ids.B]).toMatchObject({ consumption: '2.104', solar: '1.353', grid: '0.751' });
    expect(byPoint[ids.B].entries).toEqual([{ entryDate: '2024-01-01', exitDate: '2024-06-01' }]);
    expect(byPoint[ids.C]).toMatchObject({ consumption: '1.5', solar: '0.75', grid: '0.75' });
    expect(byPoint['@owner']).toMatchObject({
      consumption: '0',
      common: '1.504',
      solar: '0.754',
      grid: '0.75',
    });
    expect(f.intervals).toEqual({ split: 190, skipped: 2 });
    expect(f.exceptions).toEqual([
      {
        problem: 'missing',
        meterNumber: 'M-B',
        register: '1.8.0',
        billingPoint: null,
        from: new Date(at('2024-06-01T11:00')).toISOString(),
        to: new Date(at('2024-06-01T11:15')).toISOString(),
        intervals: 1,
      },
      {
        problem: 'misaligned',
        meterNumber: 'PV-SB',
        register: '2.8.0',
        billingPoint: null,
        from: new Date(at('2024-06-01T11:45')).toISOString(),
        to: new Date(at('2024-06-01T12:00')).toISOString(),
        intervals: 1,
      },
    ]);
    expect(f.series.map((d: { period: string }) => d.period)).toEqual(['2024-06-01', '2024-06-02']);
    expect(f.series[1]).toMatchObject({
      production: '1',
      selfConsumed: '1',
      exported: '0',
      consumption: '2',
    });
    expect(f.series[1].members[ids.C]).toEqual({ solar: '0.75', grid: '0.75' });
    expect(f.series[0].members[ids.C]).toBeUndefined();
  });

  it('sums by month with the same totals', async () => {
    const res = await root.get(
      `/utilities/communities/${ids.community}/figures?from=2024-06-01&to=2024-06-03&granularity=month`,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.series).toHaveLength(1);
    expect(res.body.data.series[0]).toMatchObject({
      period: '2024-06',
      production: '5.91',
      selfConsumed: '4.81',
    });
  });

  it.each([
    ['an unknown parameter', 'from=2024-06-01&to=2024-06-03&granularty=month'],
    ['from given twice', 'from=2024-06-01&from=2024-06-02&to=2024-06-03'],
    ['no period', ''],
    ['a date that does not exist', 'from=2024-06-31&to=2024-07-03'],
    ['to before from', 'from=2024-06-03&to=2024-06-01'],
    ['more than a year', 'from=2023-01-01&to=2024-06-01'],
    ['a hostile value', "from=2024-06-01'%20OR%201=1&to=2024-06-03"],
    ['a granularity of hours', 'from=2024-06-01&to=2024-06-03&granularity=hour'],
  ])('refuses %s with 400', async (_what, query) => {
    const res = await root.get(`/utilities/communities/${ids.community}/figures?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.length).toBeGreaterThan(0);
  });

  it('names a member with no meter installed for part of its membership, never a silent zero', async () => {
    const leg = await root.post('/utilities/communities', {
      code: 'SB-LEG',
      name: 'LEG Seeblick',
      kind: 'LEG',
      members: [{ billingPoint: ids.D, entryDate: '2024-06-01' }],
      productionMeters: [{ meterNumber: 'PV-SB', register: '2.8.0' }],
    });
    expect(leg.status).toBe(201);
    const res = await root.get(
      `/utilities/communities/${leg.body.data.documentId}/figures?from=2024-06-01&to=2024-06-03`,
    );
    expect(res.status).toBe(200);
    const f = res.body.data;
    // 1 June: D is a member but M-D is installed only from 2 June → 96 intervals not split.
    expect(f.exceptions[0]).toEqual({
      problem: 'no-meter',
      meterNumber: null,
      register: null,
      billingPoint: ids.D,
      from: new Date(at('2024-06-01T00:00')).toISOString(),
      to: new Date(at('2024-06-02T00:00')).toISOString(),
      intervals: 96,
    });
    // 1 June's production (which had 3 + 1 + 0.9 + 0.01 kWh) is not given to anybody;
    // 2 June: P 1, D 0.4 → D solar 0.4, export 0.6.
    expect(f.intervals).toEqual({ split: 96, skipped: 96 });
    expect(f.totals).toMatchObject({ production: '1', selfConsumed: '0.4', exported: '0.6' });
    expect(f.members[0]).toMatchObject({ billingPoint: ids.D, solar: '0.4', grid: '0' });
  });

  it('answers 404 for a community that does not exist', async () => {
    const res = await root.get('/utilities/communities/nosuch/figures?from=2024-06-01&to=2024-06-03');
    expect(res.status).toBe(404);
  });
});

describe('residents', () => {
  it("shows a resident their flat's solar and grid share beside their meter's consumption", async () => {
    const registered = await app
      .http()
      .post('/api/auth/local/register')
      .send({ username: 'anna', email: 'anna@example.test', password: 'Member-Passw0rd!' });
    expect(registered.status).toBe(200);
    const jwt = registered.body.jwt as string;
    const claim = await app
      .http()
      .post('/api/utilities/me/claims')
      .set('Authorization', `Bearer ${jwt}`)
      .send({ billingPoint: ids.A });
    expect(claim.status).toBe(201);
    expect(
      (await root.post(`/utilities/property-claims/${claim.body.data.documentId}/approve`, {})).status,
    ).toBe(200);
    const res = await app
      .http()
      .get('/api/utilities/me/consumption?utility=POWER&period=day&from=2024-06-01&to=2024-06-03')
      .set('Authorization', `Bearer ${jwt}`);
    expect(res.status).toBe(200);
    // Flat A by hand (see the top): 1 June solar 1 + 0.5 + 0.2 + 0.003, grid 1.5; 2 June 0.25 and 0.25.
    expect(res.body.meta.solar).toEqual([
      {
        billingPoint: ids.A,
        community: { code: 'SB-ZEV', name: 'ZEV Seeblick', kind: 'ZEV' },
        buckets: [
          { period: '2024-06-01', solar: '1.703', grid: '1.5' },
          { period: '2024-06-02', solar: '0.25', grid: '0.25' },
        ],
        incomplete: true,
      },
    ]);
  });
});
