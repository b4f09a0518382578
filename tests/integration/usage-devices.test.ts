import { superAdmin, type Agent } from '../helpers/admin-users';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { apiToken, countRecords, INGEST, uploadCsv, withToken } from './support/usage';

/**
 * The devices usage records introduce ("the first record of an unknown device id creates
 * that device", usage-charging guide): the missing devices of an upload chunk or a batch
 * are created together, in one INSERT (server/services/catalog/devices.ts `createBare`),
 * with the fields `devices.create` gives a body of only a meter number and a source —
 * each exactly once, whoever else creates it at the same moment.
 */
let app: TestApp;
let root: Agent;
let device: ReturnType<typeof withToken>;

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  device = withToken(app.http, await apiToken(app.strapi, [INGEST]));
});
afterAll(async () => app?.stop());
afterEach(() => jest.restoreAllMocks());

const DEVICE = 'plugin::utilities.device';

const upload = (csv: string, name: string) => uploadCsv(app.http, root.token, csv, name);

/** A CSV of one record per device id (several when `perDevice` > 1), eGroup `group`. */
function csvOf(deviceIds: string[], group: string, perDevice = 1) {
  const lines = ['DeviceId,eGroup,eId,EventRef,IntCounter'];
  for (let n = 0; n < perDevice; n++)
    deviceIds.forEach((id, i) => lines.push(`${id},${group},1,ev-${n}-${i},${n}`));
  return lines.join('\n');
}

type DeviceRow = {
  id: number;
  documentId: string;
  meterNumber: string;
  label: string | null;
  registers: unknown;
  unit: string | null;
  multiplier: string | null;
  rolloverAt: string | null;
  registerBands: unknown;
  active: boolean | number;
  source: string;
  notActivated: boolean | number | null;
  createdAt: unknown;
  updatedAt: unknown;
  publishedAt: unknown;
};

const devicesNamed = async (prefix: string) =>
  (await app.strapi.db.query(DEVICE).findMany({
    where: { meterNumber: { $startsWith: prefix } },
    orderBy: { meterNumber: 'asc' },
  })) as DeviceRow[];

type UsageDevices = {
  ensure(ids: string[], source: 'usage-api' | 'import'): Promise<void>;
  forget(): void;
};
const usageDevices = () => app.strapi.plugin('utilities').service<UsageDevices>('usage-devices');

/** The lines a log spy saw (the first argument of each call). */
const linesOf = (spy: jest.SpyInstance) =>
  (spy.mock.calls as unknown[][]).map(([line]) => (typeof line === 'string' ? line : ''));

/** The info lines saying a device was created. */
const createdLines = (spy: jest.SpyInstance) =>
  linesOf(spy).filter((line) => line.includes('created from its first usage record'));

/** Each meter number once, and the ones named. */
function expectOnceEach(rows: DeviceRow[], ids: string[]) {
  expect(rows.map((r) => r.meterNumber).sort()).toEqual([...ids].sort());
  expect(new Set(rows.map((r) => r.documentId)).size).toBe(ids.length);
}

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

test('an upload introducing 1,500 devices over several chunks creates each once, with the fields devices.create gives', async () => {
  const info = jest.spyOn(app.strapi.log, 'info');
  const fresh = ids('BULK-', 1500);
  // A reading stored before its meter was known is linked when the device is created.
  await app.strapi.db.connection('utilities_meter_readings').insert({
    meter_number: 'BULK-0700',
    register: '1',
    reading_at: Date.parse('2026-01-01T00:00:00Z'),
    value: '12',
    kind: 'cumulative',
    created_at: Date.now(),
  });
  const before = Date.now();

  const res = await upload(csvOf(fresh, 'BULK', 2), 'bulk.csv');
  expect(res.status).toBe(201);
  expect(res.body.data).toMatchObject({ totalRows: 3000, created: 3000, rejected: 0 });

  const rows = await devicesNamed('BULK-');
  expectOnceEach(rows, fresh);
  for (const row of rows) {
    // Strapi's own document ids (cuid2), as the document service would give.
    expect(row.documentId).toMatch(/^[a-z0-9]{24}$/);
    expect(row).toMatchObject({
      label: null,
      registers: ['1'],
      unit: null,
      multiplier: '1',
      rolloverAt: null,
      registerBands: null,
      source: 'import',
    });
    expect(Boolean(row.active)).toBe(true);
    expect(Boolean(row.notActivated)).toBe(false);
    for (const stamp of [row.createdAt, row.updatedAt, row.publishedAt])
      expect(new Date(stamp as string).getTime()).toBeGreaterThanOrEqual(before - 1000);
  }
  // As the admin API shows it: no types, the defaults.
  const shown = await root.get(`/utilities/devices/${rows[0].documentId}`);
  expect(shown.status).toBe(200);
  expect(shown.body.data).toMatchObject({
    meterNumber: 'BULK-0000',
    deviceType: null,
    utilityType: null,
    registers: ['1'],
    source: 'import',
  });
  const reading = await app.strapi.db
    .connection('utilities_meter_readings')
    .where({ meter_number: 'BULK-0700' })
    .first('device_ref');
  expect(reading?.device_ref).toBe(rows.find((r) => r.meterNumber === 'BULK-0700')?.documentId);

  const lines = createdLines(info);
  expect(lines).toHaveLength(1500);
  expect(lines.filter((l) => l.includes('"BULK-1499"'))).toHaveLength(1);
});

test('a file mixing known, new and refused device ids: every record stored, only the new devices created', async () => {
  const warn = jest.spyOn(app.strapi.log, 'warn');
  const known = await app.strapi
    .plugin('utilities')
    .service('devices')
    .create({ meterNumber: 'MIX-known', label: 'Kept as it was', source: 'manual' });
  // 40 characters pass the usage rules (code points) but not the meter-number rule (64 UTF-16 units).
  const refused = '😀'.repeat(40);
  const file = csvOf(['MIX-known', 'MIX-new-1', refused, 'MIX-new-2'], 'MIX', 3);

  const res = await upload(file, 'mix.csv');
  expect(res.status).toBe(201);
  expect(res.body.data).toMatchObject({ totalRows: 12, created: 12, rejected: 0 });
  expect(await countRecords(app.strapi, { device_id: refused })).toBe(3);

  const rows = await devicesNamed('MIX-');
  expectOnceEach(rows, ['MIX-known', 'MIX-new-1', 'MIX-new-2']);
  expect(rows.find((r) => r.meterNumber === 'MIX-known')).toMatchObject({
    documentId: known.documentId,
    label: 'Kept as it was',
    source: 'manual',
  });
  expect(rows.find((r) => r.meterNumber === 'MIX-new-1')).toMatchObject({ source: 'import' });
  expect(await app.strapi.db.query(DEVICE).count({ where: { meterNumber: refused } })).toBe(0);
  const warned = linesOf(warn).filter((l) => l.includes(refused));
  expect(warned).toHaveLength(1);
  expect(warned[0]).toMatch(/were stored, but no device could be created for it: .*Meter number/);
});

test('two uploads and a batch POST at once, naming the same new devices: all succeed, one device each', async () => {
  const fresh = ids('RACE-', 600);
  const batch = {
    data: fresh.map((id, i) => ({ deviceId: id, eGroup: 'RACE-B', eId: '1', ref: `b-${i}` })),
  };
  const [a, b, posted] = await Promise.all([
    upload(csvOf(fresh, 'RACE-A'), 'race-a.csv'),
    upload(csvOf([...fresh].reverse(), 'RACE-C'), 'race-c.csv'),
    device.post('/api/utilities/usage-records').send(batch),
  ]);
  expect([a.status, b.status, posted.status]).toEqual([201, 201, 200]);
  expect(a.body.data).toMatchObject({ created: 600, rejected: 0 });
  expect(b.body.data).toMatchObject({ created: 600, rejected: 0 });
  expect(posted.body.meta).toMatchObject({ created: 600, rejected: 0 });
  expectOnceEach(await devicesNamed('RACE-'), fresh);
});

test('concurrent ensure calls of this process share their creations', async () => {
  const info = jest.spyOn(app.strapi.log, 'info');
  const fresh = ids('SHARE-', 300);
  usageDevices().forget();
  await Promise.all([
    usageDevices().ensure(fresh.slice(0, 200), 'usage-api'),
    usageDevices().ensure(fresh.slice(100), 'usage-api'),
    usageDevices().ensure(fresh, 'usage-api'),
  ]);
  const rows = await devicesNamed('SHARE-');
  expectOnceEach(rows, fresh);
  expect(rows.every((r) => r.source === 'usage-api')).toBe(true);
  // Created once each, so announced once each: no call lost a race and retried.
  expect(createdLines(info)).toHaveLength(300);
});

test('devices created meanwhile by another node (the unique index) count as existing; the rest are created', async () => {
  const devices = app.strapi.plugin('utilities').service('devices');
  // What another node wrote between this node's lookup and its INSERT.
  const other = await devices.create({ meterNumber: 'NODE-1', source: 'usage-api' });

  const outcomes = (await devices.createBare(['NODE-0', 'NODE-1', 'NODE-2'], 'import')) as Map<
    string,
    { status: string }
  >;
  expect(Object.fromEntries([...outcomes].map(([id, o]) => [id, o.status]))).toEqual({
    'NODE-0': 'created',
    'NODE-1': 'exists',
    'NODE-2': 'created',
  });
  const rows = await devicesNamed('NODE-');
  expectOnceEach(rows, ['NODE-0', 'NODE-1', 'NODE-2']);
  expect(rows.find((r) => r.meterNumber === 'NODE-1')).toMatchObject({
    documentId: other.documentId,
    source: 'usage-api',
  });
  expect(rows.find((r) => r.meterNumber === 'NODE-2')).toMatchObject({ source: 'import' });
});
