import { mkdtempSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import { pullInterruptedAfter } from '../helpers/interrupted-pull';

/**
 * The data pipe end to end: files dropped in a local-folder channel are pulled,
 * parsed, matched to meters and stored, with a per-file and per-row log.
 */
const drop = mkdtempSync(path.join(tmpdir(), 'utilities-ingest-'));
let app: TestApp;
let admin: Agent;
let channelId: string;

const file = (name: string, text: string | Buffer) => writeFileSync(path.join(drop, name), text);
const readings = (meter: string) =>
  app.strapi.db.connection('utilities_meter_readings').where({ meter_number: meter }).orderBy('reading_at');
const logByName = async (name: string) =>
  (await admin.get(`/utilities/ingestion-logs?channel=${channelId}&pageSize=100`)).body.data.find(
    (l: { fileName: string }) => l.fileName === name,
  );
const rowsOf = async (logId: string, query = '') =>
  (await admin.get(`/utilities/ingestion-logs/${logId}/rows?pageSize=100${query}`)).body;
const pull = () => admin.post(`/utilities/channels/${channelId}/pull`, {});

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_LOCAL_FOLDER_ROOTS: drop });
  admin = await superAdmin(app.strapi, app.http);
  expect(
    (await admin.post('/utilities/devices', { meterNumber: 'M-1', registers: ['1'], rolloverAt: '100000' }))
      .status,
  ).toBe(201);
  expect((await admin.post('/utilities/devices', { meterNumber: 'M-2' })).status).toBe(201);
  const res = await admin.post('/utilities/channels', {
    code: 'DROP',
    name: 'Drop folder',
    handler: 'local-folder',
    config: { root: drop, filePattern: '*.csv', format: 'csv', timeZone: 'Europe/Zurich' },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  channelId = res.body.data.documentId;
});
afterAll(async () => {
  await app?.stop();
  rmSync(drop, { recursive: true, force: true });
});

test('a clean file: every row inserted and linked, log Completed with counts, hash and size', async () => {
  file(
    'good.csv',
    'meter_number,register,timestamp,value\r\nM-1,1,2024-01-01T00:00:00Z,100\r\nM-1,1,2024-01-02T00:00:00Z,112.5\r\nM-2,1,2024-01-01T00:00:00Z,7\r\n',
  );
  const res = await pull();
  expect(res.status).toBe(200);
  // Pull now reports what the rows became, not only the files.
  expect(res.body.data.rows).toEqual({ total: 3, inserted: 3, duplicate: 0, conflict: 0, rejected: 0 });
  const log = await logByName('good.csv');
  expect(log).toMatchObject({ status: 'Completed', totalRows: 3, insertedRows: 3, failedRows: 0 });
  expect(log.fileHash).toMatch(/^[0-9a-f]{64}$/);
  const stored = await readings('M-1');
  expect(stored.map((r: { value: string }) => r.value)).toEqual(['100', '112.5']);
  expect(stored.every((r: { device_ref: string | null }) => r.device_ref)).toBe(true);
  const rows = await rowsOf(log.documentId);
  expect(rows.data.map((r: { outcome: string; linkStatus: string }) => [r.outcome, r.linkStatus])).toEqual([
    ['inserted', 'linked'],
    ['inserted', 'linked'],
    ['inserted', 'linked'],
  ]);
  expect(rows.data[1]).toMatchObject({
    meterNumber: 'M-1',
    register: '1',
    readingAt: '2024-01-02T00:00:00.000Z',
    value: '112.5',
    line: 3,
  });
});

test('bad rows, an unknown meter, a duplicate and a conflict: Partial, nothing lost, stored values kept', async () => {
  file(
    'mixed.csv',
    [
      'meter_number,register,timestamp,value',
      'M-1,1,2024-01-02T00:00:00Z,112.5', // same as stored → duplicate
      'M-1,1,2024-01-01T00:00:00Z,101', // differs from stored 100 → conflict
      'M-1,1,2024-01-03T00:00:00Z,abc', // rejected
      'M-1,1,2024-02-30T00:00:00Z,5', // impossible date → rejected
      'NEW-9,1,2024-01-03T00:00:00Z,42', // unknown meter → stored unlinked
      'M-1,1,2024-01-03T00:00:00Z,120', // inserted
      'M-1,1,2024-01-03T00:00:00Z,120', // same row twice in a file → duplicate
    ].join('\n'),
  );
  const pulled = await pull();
  // Only this pull's file counts: good.csv, pulled before, is not processed again.
  expect(pulled.body.data.rows).toEqual({ total: 7, inserted: 2, duplicate: 2, conflict: 1, rejected: 2 });
  const log = await logByName('mixed.csv');
  expect(log).toMatchObject({ status: 'Partial', totalRows: 7, insertedRows: 2, failedRows: 3 });
  const rows = (await rowsOf(log.documentId)).data;
  expect(rows.map((r: { outcome: string }) => r.outcome)).toEqual([
    'duplicate',
    'conflict',
    'rejected',
    'rejected',
    'inserted',
    'inserted',
    'duplicate',
  ]);
  expect(rows[1]).toMatchObject({ value: '101', storedValue: '100' });
  expect(rows[1].error).toContain('already stored');
  expect(rows[2].error).toBeTruthy();
  expect(rows[4]).toMatchObject({ meterNumber: 'NEW-9', linkStatus: 'unlinked' });
  expect((await readings('M-1')).map((r: { value: string }) => r.value)).toEqual(['100', '112.5', '120']);

  const onlyFailures = await rowsOf(log.documentId, '&outcome=conflict,rejected');
  expect(onlyFailures.meta.pagination.total).toBe(3);
  expect((await admin.get(`/utilities/ingestion-logs/${log.documentId}/rows?outcome=bogus`)).status).toBe(
    400,
  );
});

test('a reading repeated far down a long file is a duplicate or a conflict, not stored twice', async () => {
  // Rows are matched and written a slice (500–1,000 rows) at a time: the repeats below
  // sit in later slices than the rows they repeat.
  const lines = ['meter_number,register,timestamp,value'];
  for (let i = 0; i < 2400; i++)
    lines.push(`M-2,7,${new Date(Date.UTC(2025, 0, 1) + i * 3600_000).toISOString()},${i}`);
  lines.push(`M-2,7,${new Date(Date.UTC(2025, 0, 1)).toISOString()},0`); // repeats row 1 → duplicate
  lines.push(`M-2,7,${new Date(Date.UTC(2025, 0, 1) + 3600_000).toISOString()},999`); // differs from row 2 → conflict
  file('long-with-repeats.csv', lines.join('\n'));
  await pull();
  const log = await logByName('long-with-repeats.csv');
  expect(log).toMatchObject({ status: 'Partial', totalRows: 2402, insertedRows: 2400, failedRows: 1 });
  const tail = (await rowsOf(log.documentId, '&outcome=duplicate,conflict')).data;
  expect(tail.map((r: { outcome: string; line: number }) => [r.outcome, r.line])).toEqual([
    ['duplicate', 2402],
    ['conflict', 2403],
  ]);
  expect(tail[1]).toMatchObject({ value: '999', storedValue: '1' });
  const [{ n }] = await app.strapi.db
    .connection('utilities_meter_readings')
    .where({ meter_number: 'M-2', register: '7' })
    .count({ n: '*' });
  expect(Number(n)).toBe(2400);
});

test('a repeat of a row written earlier in the same transaction is a duplicate or a conflict', async () => {
  // Transactions grow (5,000 rows, then 10,000 …): rows 5,001–15,000 commit together, and
  // on PostgreSQL rows are staged until the commit, so row 12,001 meets row 6,000 only there.
  const lines = ['meter_number,register,timestamp,value'];
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 3600_000).toISOString();
  for (let i = 0; i < 12000; i++) lines.push(`M-2,8,${at(i)},${i}`);
  lines.push(`M-2,8,${at(5999)},5999`); // repeats row 6,000 → duplicate
  lines.push(`M-2,8,${at(6000)},1.5`); // differs from row 6,001 → conflict
  file('repeat-in-transaction.csv', lines.join('\n'));
  await pull();
  const log = await logByName('repeat-in-transaction.csv');
  expect(log).toMatchObject({ status: 'Partial', totalRows: 12002, insertedRows: 12000, failedRows: 1 });
  const tail = (await rowsOf(log.documentId, '&outcome=duplicate,conflict')).data;
  expect(
    tail.map((r: { outcome: string; line: number; rowNumber: number }) => [r.outcome, r.rowNumber, r.line]),
  ).toEqual([
    ['duplicate', 12001, 12002],
    ['conflict', 12002, 12003],
  ]);
  expect(tail[1]).toMatchObject({ value: '1.5', storedValue: '6000' });
  const all = await rowsOf(log.documentId, '&page=121');
  expect(all.meta.pagination.total).toBe(12002);
  expect(all.data.map((r: { rowNumber: number; outcome: string }) => [r.rowNumber, r.outcome])).toEqual([
    [12001, 'duplicate'],
    [12002, 'conflict'],
  ]);
  const [{ n }] = await app.strapi.db
    .connection('utilities_meter_readings')
    .where({ meter_number: 'M-2', register: '8' })
    .count({ n: '*' });
  expect(Number(n)).toBe(12000);
});

test('a value too long for its column is a rejected row, never stored cut short', async () => {
  // MariaDB would cut a too-long text short under INSERT IGNORE; the row is refused instead.
  const long = `M-${'9'.repeat(70)}`;
  file(
    'too-long.csv',
    `meter_number,register,timestamp,value\n${long},1,2024-03-01T00:00:00Z,5\nM-2,1,2024-03-01T00:00:00Z,6\n`,
  );
  await pull();
  const log = await logByName('too-long.csv');
  expect(log).toMatchObject({ status: 'Partial', totalRows: 2, insertedRows: 1, failedRows: 1 });
  const [rejected] = (await rowsOf(log.documentId, '&outcome=rejected')).data;
  expect(rejected).toMatchObject({ rowNumber: 1, line: 2, outcome: 'rejected' });
  expect(rejected.error).toContain('longer than 64 characters');
  const stored = await app.strapi.db
    .connection('utilities_meter_readings')
    .where('meter_number', 'like', 'M-999%');
  expect(stored).toEqual([]);
});

test("an unknown meter's readings are linked when a device with that number is created", async () => {
  const [before] = await readings('NEW-9');
  expect(before.device_ref).toBeNull();
  const device = (await admin.post('/utilities/devices', { meterNumber: 'NEW-9' })).body.data;
  const [after] = await readings('NEW-9');
  expect(after.device_ref).toBe(device.documentId);
});

test('the same content under another name is Skipped and not processed again', async () => {
  copyFileSync(path.join(drop, 'good.csv'), path.join(drop, 'good-copy.csv'));
  await pull();
  const log = await logByName('good-copy.csv');
  expect(log.status).toBe('Skipped');
  expect(log.error).toContain('good.csv');
  expect((await rowsOf(log.documentId)).meta.pagination.total).toBe(0);
});

test('a second pull of unchanged files does nothing; a changed file under the same name is processed as new', async () => {
  const count = async () =>
    (await admin.get(`/utilities/ingestion-logs?channel=${channelId}&pageSize=100`)).body.meta.pagination
      .total;
  const before = await count();
  await pull();
  expect(await count()).toBe(before);
  file(
    'good.csv',
    'meter_number,register,timestamp,value\nM-1,1,2024-01-04T00:00:00Z,130\nM-1,1,2024-01-05T00:00:00Z,140\n',
  );
  await pull();
  expect(await count()).toBe(before + 1);
  const logs = (
    await admin.get(`/utilities/ingestion-logs?channel=${channelId}&pageSize=100`)
  ).body.data.filter((l: { fileName: string }) => l.fileName === 'good.csv');
  expect(logs.map((l: { status: string }) => l.status).sort()).toEqual(['Completed', 'Completed']);
});

test.each([
  ['empty.csv', 'Failed', 'empty', ''],
  ['header-only.csv', 'Completed', null, 'meter_number,register,timestamp,value\n'],
  ['wrong-columns.csv', 'Failed', 'meter_number', 'meter;when;reading\nM-1;2024-01-01;1\n'],
  ['binary.csv', 'Failed', null, Buffer.from([0x00, 0xff, 0x10, 0x00, 0x89, 0x50, 0x4e, 0x47, 0x00, 0x00])],
  [
    'unterminated.csv',
    'Partial',
    null,
    'meter_number,register,timestamp,value\nM-2,1,2024-01-02T00:00:00Z,8\nM-2,1,"2024-01-03T00:00:00Z,9\n',
  ],
] as const)('%s → %s, never a crash', async (name, status, errorText, content) => {
  file(name, content);
  await pull();
  const log = await logByName(name);
  expect(log.status).toBe(status);
  if (errorText)
    expect(`${log.error} ${JSON.stringify((await rowsOf(log.documentId)).data)}`).toContain(errorText);
});

test('semicolons, decimal comma, local time in the channel zone; stored as UTC', async () => {
  const res = await admin.put(`/utilities/channels/${channelId}`, {
    config: {
      root: drop,
      filePattern: '*.csv',
      format: 'csv',
      timeZone: 'Europe/Zurich',
      formatOptions: '{"decimalSeparator": ","}',
    },
  });
  expect(res.status).toBe(200);
  file('local.csv', '\uFEFFmeter_number;register;timestamp;value\nM-2;1;2024-07-01T00:00:00;7,25\n');
  await pull();
  const log = await logByName('local.csv');
  expect(log.status).toBe('Completed');
  const [row] = await app.strapi.db
    .connection('utilities_meter_readings')
    .where({ meter_number: 'M-2', value: '7.25' });
  // Midnight in Zurich in July is 22:00 UTC the day before.
  expect(new Date(Number(row.reading_at)).toISOString()).toBe('2024-06-30T22:00:00.000Z');
});

test('a crash mid-file is resumed on the next pull without duplicates', async () => {
  const lines = ['meter_number,register,timestamp,value'];
  for (let i = 0; i < 12000; i++)
    lines.push(`CRASH-1,1,${new Date(Date.UTC(2023, 0, 1) + i * 3600_000).toISOString()},${i}`);
  file('crash.csv', lines.join('\n'));
  // Let the first pull only record the file, then run half of it and "crash" (after one
  // whole transaction of 5,000 rows).
  await pullInterruptedAfter(app.strapi, 7000, pull);
  expect((await logByName('crash.csv')).status).toBe('Processing');
  const halfway = (await readings('CRASH-1')).length;
  expect(halfway).toBeGreaterThan(0);
  expect(halfway).toBeLessThan(12000);

  await pull();
  const log = await logByName('crash.csv');
  expect(log).toMatchObject({ status: 'Completed', totalRows: 12000, insertedRows: 12000, failedRows: 0 });
  expect((await readings('CRASH-1')).length).toBe(12000);
  expect((await rowsOf(log.documentId)).meta.pagination.total).toBe(12000);
});

test('device readings and consumption for admins', async () => {
  const m1 = (await admin.get('/utilities/devices?q=M-1')).body.data.find(
    (d: { meterNumber: string }) => d.meterNumber === 'M-1',
  );
  const list = await admin.get(
    `/utilities/devices/${m1.documentId}/readings?from=2024-01-01T00:00:00Z&to=2024-01-06T00:00:00Z&pageSize=2&sort=readingAt:asc`,
  );
  expect(list.status).toBe(200);
  expect(list.body.meta.pagination.total).toBe(5);
  expect(list.body.data.map((r: { value: string }) => r.value)).toEqual(['100', '112.5']);
  const daily = await admin.get(
    `/utilities/devices/${m1.documentId}/consumption?period=day&from=2024-01-01&to=2024-01-06`,
  );
  expect(daily.status).toBe(200);
  // Zurich days: the read at 2024-01-02T00:00Z (01:00 local) falls on Jan 2: 112.5 − 100 = 12.5, and so on.
  // Every day of the range is answered; Jan 1 has only the opening read, so no quantity.
  expect(
    daily.body.data.buckets.map((b: { period: string; quantity: string }) => [b.period, b.quantity]),
  ).toEqual([
    ['2024-01-01', null],
    ['2024-01-02', '12.5'],
    ['2024-01-03', '7.5'],
    ['2024-01-04', '10'],
    ['2024-01-05', '10'],
  ]);
  expect((await admin.get(`/utilities/devices/${m1.documentId}/consumption?period=week`)).status).toBe(400);
  expect((await admin.get(`/utilities/devices/${m1.documentId}/readings?from=yesterday`)).status).toBe(400);
});

test('legacy logs: readings without a log get one, then a re-pulled file gives them row outcomes', async () => {
  await app.strapi.db.connection('utilities_meter_readings').insert(
    [1, 2].map((d) => ({
      meter_number: 'OLD-1',
      register: '1',
      reading_at: Date.UTC(2022, 5, d),
      value: String(d),
      kind: 'cumulative',
      created_at: Date.now(),
    })),
  );
  const res = await admin.post('/utilities/ingestion-logs/reconstruct-legacy', {});
  expect(res.status).toBe(200);
  expect(res.body.data.created).toEqual([expect.objectContaining({ month: '2022-06', readings: 2 })]);
  const legacy = res.body.data.created[0].documentId;
  const detail = await rowsOf(legacy);
  expect(detail.meta).toMatchObject({
    legacy: true,
    note: 'Reconstructed from stored meter readings (legacy log)',
  });
  expect(detail.data).toEqual([]);

  file(
    'history.csv',
    'meter_number,register,timestamp,value\nOLD-1,1,2022-06-01T00:00:00Z,1\nOLD-1,1,2022-06-02T00:00:00Z,2\n',
  );
  await pull();
  const log = await logByName('history.csv');
  expect(log).toMatchObject({ status: 'Completed', insertedRows: 2 });
  const stored = await readings('OLD-1');
  const [{ id }] = await app.strapi.db
    .connection('utilities_ingestion_logs')
    .where({ document_id: log.documentId })
    .select('id');
  expect(stored.every((r) => Number(r.source_log_id) === Number(id))).toBe(true);
});

test('RBAC: row details need ingestion-log.read; readings need devices.read; reconstruction needs channels.write', async () => {
  const log = await logByName('good-copy.csv');
  const m1 = (await admin.get('/utilities/devices?q=M-1')).body.data[0];
  const nobody = await adminWith(app.strapi, app.http, ['types.read']);
  expect((await nobody.get(`/utilities/ingestion-logs/${log.documentId}/rows`)).status).toBe(403);
  expect((await nobody.get(`/utilities/devices/${m1.documentId}/readings`)).status).toBe(403);
  expect((await nobody.get(`/utilities/devices/${m1.documentId}/consumption`)).status).toBe(403);
  expect((await nobody.post('/utilities/ingestion-logs/reconstruct-legacy', {})).status).toBe(403);
  const reader = await adminWith(app.strapi, app.http, ['ingestion-log.read', 'devices.read']);
  expect((await reader.get(`/utilities/ingestion-logs/${log.documentId}/rows`)).status).toBe(200);
  expect((await reader.get(`/utilities/devices/${m1.documentId}/readings`)).status).toBe(200);
});

test.each([
  [{ format: 'xml' }, 'config.format', 'File format must be one of'],
  [{ formatOptions: '{not json' }, 'config.formatOptions', 'valid JSON'],
  [{ formatOptions: '{"delimiter": "#"}' }, 'config.formatOptions', 'Format options'],
  [{ timeZone: 'Mars/Olympus' }, 'config.timeZone', 'IANA'],
])('a bad format choice %j is refused on save, naming %s', async (extra, field, message) => {
  const res = await admin.post('/utilities/channels', {
    code: `BAD_FORMAT_${field.split('.')[1].toUpperCase()}_${Math.floor(Math.random() * 1e6)}`,
    name: 'Bad format',
    handler: 'local-folder',
    config: { root: drop, ...extra },
  });
  expect(res.status).toBe(400);
  expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(field);
  expect(JSON.stringify(res.body.error)).toContain(message);
});
