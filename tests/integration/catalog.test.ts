import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';

/**
 * The Devices module and the guide's "Set device activation / pairing": device
 * types, devices (meters), the tag rule and the activation matrix.
 */
let app: TestApp;
let admin: Agent;
const ids: Record<string, string> = {};

beforeAll(async () => {
  app = await startStrapi();
  admin = await superAdmin(app.strapi, app.http);
  for (const [code, name] of [
    ['WATER', 'Water'],
    ['ELECTRICITY', 'Electricity'],
    ['RETIRED', 'Retired'],
  ] as const) {
    ids[code] = (
      await admin.post('/utilities/utility-types', { code, name, active: code !== 'RETIRED' })
    ).body.data.documentId;
  }
  for (const [code, name] of [
    ['WATER_METER', 'Water meter'],
    ['POWER_METER', 'Electricity meter'],
    ['OLD_METER', 'Old meter'],
  ] as const) {
    const res = await admin.post('/utilities/device-types', {
      code,
      name,
      manufacturer: 'ACME',
      active: code !== 'OLD_METER',
    });
    expect(res.status).toBe(201);
    ids[code] = res.body.data.documentId;
  }
});
afterAll(async () => app?.stop());

const pairCount = async (utilityTypeRef: string) =>
  Number(
    (
      await app.strapi.db
        .connection('utilities_utility_device_pairs')
        .where({ utility_type_ref: utilityTypeRef })
        .count({ n: '*' })
    )[0].n,
  );

describe('device types', () => {
  test('same code rule as utility types, immutable, unique', async () => {
    expect((await admin.post('/utilities/device-types', { code: 'gas meter', name: 'x' })).status).toBe(400);
    const dup = await admin.post('/utilities/device-types', { code: 'WATER_METER', name: 'again' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toBe('A device type with code WATER_METER already exists');
    const change = await admin.put(`/utilities/device-types/${ids.WATER_METER}`, { code: 'OTHER' });
    expect(change.status).toBe(400);
    expect(change.body.error.message).toBe("The code can't be changed once saved");
    const rename = await admin.put(`/utilities/device-types/${ids.WATER_METER}`, {
      manufacturer: 'Kamstrup',
    });
    expect(rename.body.data).toMatchObject({
      code: 'WATER_METER',
      name: 'Water meter',
      manufacturer: 'Kamstrup',
    });
  });

  test('unknown fields and wrong types are 400s naming the field', async () => {
    const res = await admin.post('/utilities/device-types', { code: 'X1', name: 'x', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['colour']);
    const res2 = await admin.post('/utilities/device-types', { code: 'X2', name: 'x', manufacturer: 5 });
    expect(res2.body.error.details.errors[0].path).toEqual(['manufacturer']);
  });
});

describe('activation matrix', () => {
  test('GET lists active utility types in display order, each with its device types, and all active device types', async () => {
    const res = await admin.get('/utilities/activation');
    expect(res.status).toBe(200);
    expect(res.body.data.devicesModuleEnabled).toBe(true);
    expect(res.body.data.utilityTypes.map((u: { code: string }) => u.code)).toEqual(['ELECTRICITY', 'WATER']);
    expect(
      res.body.data.utilityTypes.every((u: { deviceTypes: unknown[] }) => u.deviceTypes.length === 0),
    ).toBe(true);
    expect(res.body.data.deviceTypes.map((d: { code: string }) => d.code)).toEqual([
      'POWER_METER',
      'WATER_METER',
    ]);
  });

  test('PUT applies only the difference, answers the counts and "Utility device links updated"; repeating changes nothing', async () => {
    const first = await admin.put(`/utilities/activation/${ids.WATER}`, {
      deviceTypeIds: [ids.WATER_METER, ids.POWER_METER],
    });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ message: 'Utility device links updated', added: 2, removed: 0 });

    const again = await admin.put(`/utilities/activation/${ids.WATER}`, {
      deviceTypeIds: [ids.POWER_METER, ids.WATER_METER],
    });
    expect(again.body.data).toMatchObject({ added: 0, removed: 0 });

    const diff = await admin.put(`/utilities/activation/${ids.WATER}`, { deviceTypeIds: [ids.WATER_METER] });
    expect(diff.body.data).toMatchObject({ added: 0, removed: 1 });
    expect(await pairCount(ids.WATER)).toBe(1);

    const matrix = await admin.get('/utilities/activation');
    const water = matrix.body.data.utilityTypes.find((u: { code: string }) => u.code === 'WATER');
    expect(water.deviceTypes.map((d: { code: string }) => d.code)).toEqual(['WATER_METER']);
  });

  test('an inactive utility type cannot be linked (400), nor an inactive or unknown device type', async () => {
    const retired = await admin.put(`/utilities/activation/${ids.RETIRED}`, {
      deviceTypeIds: [ids.WATER_METER],
    });
    expect(retired.status).toBe(400);
    expect(retired.body.error.message).toContain('inactive');
    const old = await admin.put(`/utilities/activation/${ids.WATER}`, {
      deviceTypeIds: [ids.WATER_METER, ids.OLD_METER],
    });
    expect(old.status).toBe(400);
    expect(old.body.error.message).toContain('Old meter (OLD_METER)');
    const unknown = await admin.put(`/utilities/activation/${ids.WATER}`, { deviceTypeIds: ['nope'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('nope');
    expect((await admin.put('/utilities/activation/nope', { deviceTypeIds: [] })).status).toBe(404);
  });

  test.each([
    [{}],
    [{ deviceTypeIds: 'x' }],
    [{ deviceTypeIds: [1] }],
    [{ deviceTypeIds: [], extra: true }],
    [[]],
  ])('bad body %j → 400', async (body) => {
    const res = await admin.put(`/utilities/activation/${ids.WATER}`, body);
    expect(res.status).toBe(400);
  });

  test('concurrent saves of the same set never duplicate a pair', async () => {
    const wanted = { deviceTypeIds: [ids.POWER_METER] };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => admin.put(`/utilities/activation/${ids.ELECTRICITY}`, wanted)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.reduce((n, r) => n + r.body.data.added, 0)).toBe(1);
    expect(await pairCount(ids.ELECTRICITY)).toBe(1);
  });
});

describe('devices', () => {
  let deviceId: string;

  test('create: meter number trimmed, case preserved; defaults', async () => {
    const res = await admin.post('/utilities/devices', {
      meterNumber: '  Wm-001 ',
      deviceType: ids.WATER_METER,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      meterNumber: 'Wm-001',
      label: null,
      registers: ['1'],
      multiplier: '1',
      rolloverAt: null,
      active: true,
      source: 'manual',
      utilityType: null,
      deviceType: { code: 'WATER_METER' },
    });
    deviceId = res.body.data.documentId;
    const other = await admin.post('/utilities/devices', { meterNumber: 'wm-001' });
    expect(other.status).toBe(201);
  });

  test('a duplicate meter number is a 409', async () => {
    const res = await admin.post('/utilities/devices', { meterNumber: 'Wm-001' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('A device with meter number Wm-001 already exists');
  });

  test('exact decimals for multiplier and rollover; registers validated', async () => {
    const res = await admin.post('/utilities/devices', {
      meterNumber: 'E-100',
      deviceType: ids.POWER_METER,
      registers: ['1.8.1', '1.8.2'],
      unit: 'kWh',
      multiplier: '0.1',
      rolloverAt: 1000000,
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      registers: ['1.8.1', '1.8.2'],
      unit: 'kWh',
      multiplier: '0.1',
      rolloverAt: '1000000',
    });
    for (const body of [
      { meterNumber: 'E-101', multiplier: 0 },
      { meterNumber: 'E-101', multiplier: 'abc' },
      { meterNumber: 'E-101', registers: [] },
      { meterNumber: 'E-101', registers: ['1', '1'] },
      { meterNumber: 'E-101', registers: ['bad register'] },
      { meterNumber: 'x'.repeat(65) },
      { meterNumber: 'A\u0000B' },
      { meterNumber: '   ' },
      { meterNumber: 'E-101', source: 'robot' },
      { meterNumber: 'E-101', deviceType: 'missing' },
    ]) {
      const bad = await admin.post('/utilities/devices', body);
      expect(bad.status).toBe(400);
    }
    expect((await admin.get('/utilities/devices?q=E-101')).body.data).toHaveLength(0);
  });

  test('tag rule: only a paired, active utility type; otherwise 400 naming both', async () => {
    // WATER is paired with WATER_METER only (see the matrix tests).
    const ok = await admin.put(`/utilities/devices/${deviceId}`, { utilityType: ids.WATER });
    expect(ok.status).toBe(200);
    expect(ok.body.data.utilityType).toMatchObject({ code: 'WATER' });

    const unpaired = await admin.put(`/utilities/devices/${deviceId}`, { utilityType: ids.ELECTRICITY });
    expect(unpaired.status).toBe(400);
    expect(unpaired.body.error.message).toBe(
      'Device type Water meter (WATER_METER) is not activated for utility type Electricity (ELECTRICITY); pair them in Settings → Utilities → Activation first',
    );
    const retired = await admin.put(`/utilities/devices/${deviceId}`, { utilityType: ids.RETIRED });
    expect(retired.status).toBe(400);
    expect(retired.body.error.message).toContain('Retired (RETIRED) is inactive');

    const noType = await admin.post('/utilities/devices', { meterNumber: 'NT-1', utilityType: ids.WATER });
    expect(noType.status).toBe(400);
    expect(noType.body.error.message).toContain("without a device type can't be tagged Water (WATER)");
    expect((await admin.get(`/utilities/devices/${deviceId}`)).body.data.utilityType.code).toBe('WATER');
  });

  test('renaming edits the label only', async () => {
    const res = await admin.put(`/utilities/devices/${deviceId}`, { label: 'Kitchen cold water' });
    expect(res.body.data).toMatchObject({
      meterNumber: 'Wm-001',
      label: 'Kitchen cold water',
      utilityType: { code: 'WATER' },
    });
  });

  test('search by meter number or label, filters and paging', async () => {
    const byLabel = await admin.get('/utilities/devices?q=kitchen');
    expect(byLabel.body.data.map((d: { meterNumber: string }) => d.meterNumber)).toEqual(['Wm-001']);
    const byType = await admin.get(`/utilities/devices?deviceType=${ids.POWER_METER}`);
    expect(byType.body.data.map((d: { meterNumber: string }) => d.meterNumber)).toEqual(['E-100']);
    const byUtility = await admin.get(`/utilities/devices?utilityType=${ids.WATER}`);
    expect(byUtility.body.data.map((d: { meterNumber: string }) => d.meterNumber)).toEqual(['Wm-001']);
    const untagged = await admin.get('/utilities/devices?utilityType=none');
    expect(untagged.body.data.map((d: { meterNumber: string }) => d.meterNumber).sort()).toEqual([
      'E-100',
      'wm-001',
    ]);
    const page = await admin.get('/utilities/devices?pageSize=1&page=2&sort=meterNumber:asc');
    expect(page.body.meta.pagination).toMatchObject({ page: 2, pageSize: 1, total: 3, pageCount: 3 });
    expect((await admin.get('/utilities/devices?active=perhaps')).status).toBe(400);
  });

  test('removing a pairing used by tagged devices: 409 with the count, unless proceed; then flagged and listed', async () => {
    const refused = await admin.put(`/utilities/activation/${ids.WATER}`, { deviceTypeIds: [] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.affectedDevices).toBe(1);
    expect(await pairCount(ids.WATER)).toBe(1);

    const forced = await admin.put(`/utilities/activation/${ids.WATER}`, {
      deviceTypeIds: [],
      proceed: true,
    });
    expect(forced.status).toBe(200);
    expect(forced.body.data).toMatchObject({ removed: 1, notActivatedDevices: [{ meterNumber: 'Wm-001' }] });
    const device = (await admin.get(`/utilities/devices/${deviceId}`)).body.data;
    expect(device).toMatchObject({ utilityType: { code: 'WATER' }, notActivated: true });

    const back = await admin.put(`/utilities/activation/${ids.WATER}`, { deviceTypeIds: [ids.WATER_METER] });
    expect(back.body.data.added).toBe(1);
    expect((await admin.get(`/utilities/devices/${deviceId}`)).body.data.notActivated).toBe(false);
  });

  test('delete rules: referenced catalog records and devices with readings are refused', async () => {
    const type = await admin.delete(`/utilities/utility-types/${ids.WATER}`);
    expect(type.status).toBe(409);
    expect(type.body.error.message).toBe(
      'Utility type WATER is still used (1 devices tagged with it, 1 device type pairings). Deactivate it instead of deleting it.',
    );
    const deviceType = await admin.delete(`/utilities/device-types/${ids.POWER_METER}`);
    expect(deviceType.status).toBe(409);
    expect(deviceType.body.error.message).toContain('1 devices of this type');

    await app.strapi.db.connection('utilities_meter_readings').insert({
      meter_number: 'Wm-001',
      register: '1',
      reading_at: Date.UTC(2024, 0, 1),
      value: '12.5',
      kind: 'cumulative',
      created_at: Date.now(),
    });
    const withReadings = await admin.delete(`/utilities/devices/${deviceId}`);
    expect(withReadings.status).toBe(409);
    expect(withReadings.body.error.message).toBe(
      "Device Wm-001 has 1 stored reading and can't be deleted. Deactivate it instead.",
    );

    const plain = (await admin.get('/utilities/devices?q=wm-001')).body.data.find(
      (d: { meterNumber: string }) => d.meterNumber === 'wm-001',
    );
    expect((await admin.delete(`/utilities/devices/${plain.documentId}`)).status).toBe(200);
    const unused = await admin.delete(`/utilities/device-types/${ids.OLD_METER}`);
    expect(unused.status).toBe(200);
  });

  test('readings stored before their meter existed are linked when it is created', async () => {
    await app.strapi.db.connection('utilities_meter_readings').insert({
      meter_number: 'LATE-1',
      register: '1',
      reading_at: Date.UTC(2024, 0, 1),
      value: '1',
      kind: 'cumulative',
      created_at: Date.now(),
    });
    const created = (await admin.post('/utilities/devices', { meterNumber: 'LATE-1' })).body.data;
    const [row] = await app.strapi.db
      .connection('utilities_meter_readings')
      .where({ meter_number: 'LATE-1' });
    expect(row.device_ref).toBe(created.documentId);
  });
});

describe('RBAC and modules', () => {
  test('device routes need devices.read / devices.write; activation needs activation.read / write', async () => {
    const reader = await adminWith(app.strapi, app.http, ['devices.read', 'activation.read']);
    expect((await reader.get('/utilities/devices')).status).toBe(200);
    expect((await reader.get('/utilities/device-types')).status).toBe(200);
    expect((await reader.get('/utilities/activation')).status).toBe(200);
    expect((await reader.post('/utilities/devices', { meterNumber: 'R-1' })).status).toBe(403);
    expect((await reader.post('/utilities/device-types', { code: 'R1', name: 'r' })).status).toBe(403);
    expect((await reader.put(`/utilities/activation/${ids.WATER}`, { deviceTypeIds: [] })).status).toBe(403);
    const writer = await adminWith(app.strapi, app.http, ['devices.write']);
    expect((await writer.get('/utilities/devices')).status).toBe(403);
    expect((await writer.get('/utilities/activation')).status).toBe(403);
    expect((await writer.post('/utilities/devices', { meterNumber: 'W-1' })).status).toBe(201);
  });

  test('with the Devices module off: the matrix still lists utility types, no device types, a notice; device routes 403', async () => {
    await admin.put('/utilities/settings', { modules: { devices: false } });
    try {
      const matrix = await admin.get('/utilities/activation');
      expect(matrix.status).toBe(200);
      expect(matrix.body.data).toMatchObject({
        devicesModuleEnabled: false,
        deviceTypes: [],
        notice: 'The Devices module is disabled: there are no device types to pair with.',
      });
      expect(matrix.body.data.utilityTypes.map((u: { code: string }) => u.code)).toEqual([
        'ELECTRICITY',
        'WATER',
      ]);
      expect(
        matrix.body.data.utilityTypes.every((u: { deviceTypes: unknown[] }) => u.deviceTypes.length === 0),
      ).toBe(true);
      for (const res of [
        await admin.get('/utilities/devices'),
        await admin.get('/utilities/device-types'),
        await admin.put(`/utilities/activation/${ids.WATER}`, { deviceTypeIds: [] }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('ModuleDisabledError');
      }
    } finally {
      await admin.put('/utilities/settings', { modules: { devices: true } });
    }
  });
});

describe('every catalog route is refused without its action', () => {
  const routes: [string, string, (a: Agent) => Promise<{ status: number }>][] = [
    ['GET /device-types', 'devices.read', (a) => a.get('/utilities/device-types')],
    ['GET /device-types/:id', 'devices.read', (a) => a.get(`/utilities/device-types/${ids.WATER_METER}`)],
    [
      'POST /device-types',
      'devices.write',
      (a) => a.post('/utilities/device-types', { code: 'RBAC_T', name: 'x' }),
    ],
    [
      'PUT /device-types/:id',
      'devices.write',
      (a) => a.put(`/utilities/device-types/${ids.WATER_METER}`, { name: 'x' }),
    ],
    [
      'DELETE /device-types/:id',
      'devices.write',
      (a) => a.delete(`/utilities/device-types/${ids.WATER_METER}`),
    ],
    ['GET /devices', 'devices.read', (a) => a.get('/utilities/devices')],
    ['POST /devices', 'devices.write', (a) => a.post('/utilities/devices', { meterNumber: 'RBAC-1' })],
    ['GET /activation', 'activation.read', (a) => a.get('/utilities/activation')],
    [
      'PUT /activation/:id',
      'activation.write',
      (a) => a.put(`/utilities/activation/${ids.WATER}`, { deviceTypeIds: [] }),
    ],
  ];
  test.each(routes)('%s without %s → 403', async (_route, action, call) => {
    const { ACTIONS } = await import('../../src/permissions');
    const others = (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).filter((a) => a !== action);
    const editor = await adminWith(app.strapi, app.http, others);
    expect((await call(editor)).status).toBe(403);
  });

  test('nothing was changed by the refused calls', async () => {
    const type = (await admin.get(`/utilities/device-types/${ids.WATER_METER}`)).body.data;
    expect(type.name).toBe('Water meter');
    expect((await admin.get('/utilities/devices?q=RBAC')).body.data).toHaveLength(0);
    expect(await pairCount(ids.WATER)).toBe(1);
  });
});
