import path from 'node:path';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';

/**
 * AEMO MDFF files through a real channel: a local-folder channel whose folder IS the
 * shared fixtures folder (read in place, left in place), format nem12.
 *
 * @sqlite-only the database server plays no part: the MDFF parser through a channel; storing
 * readings is the ingestion suites’ on every database.
 */
const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/nem12');
let app: TestApp;
let admin: Agent;
let logs: Record<
  string,
  { documentId: string; status: string; totalRows: number; insertedRows: number; failedRows: number }
>;

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_LOCAL_FOLDER_ROOTS: FIXTURES });
  admin = await superAdmin(app.strapi, app.http);
  const channel = await admin.post('/utilities/channels', {
    code: 'AEMO',
    name: 'AEMO MDFF drop',
    handler: 'local-folder',
    config: { root: FIXTURES, filePattern: '*.csv', afterProcessing: 'leave', format: 'nem12' },
  });
  if (channel.status !== 201) throw new Error(JSON.stringify(channel.body));
  expect((await admin.post(`/utilities/channels/${channel.body.data.documentId}/pull`, {})).status).toBe(200);
  const list = (await admin.get('/utilities/ingestion-logs?pageSize=100')).body.data;
  logs = Object.fromEntries(list.map((l: { fileName: string }) => [l.fileName, l]));
});
afterAll(async () => app?.stop());

const readingsOf = (meter: string, register: string) =>
  app.strapi.db
    .connection('utilities_meter_readings')
    .where({ meter_number: meter, register })
    .orderBy('reading_at');

test('every file is logged with one row per interval (or register read) it holds', () => {
  // Per file: streams × days × intervals per day (1440 / interval length).
  expect(logs['Example_NEM12_actual_interval.csv'].totalRows).toBe(2 * 1 * 48);
  expect(logs['Example_NEM12_multiple_meters.csv'].totalRows).toBe(6 * 2 * 96);
  expect(logs['Example_NEM12_multiple_quality.csv'].totalRows).toBe(1 * 1 * 48);
  expect(logs['Example_NEM12_substituted_interval.csv'].totalRows).toBe(2 * 1 * 48);
  // NEM13: one 250 record = the previous and the current register read.
  expect(logs['Example_NEM13_consumption_data.csv'].totalRows).toBe(2);
  expect(Object.keys(logs)).not.toContain('LICENSE');
});

test('interval values land at their interval end in NEM time (UTC+10), as interval readings with quality', async () => {
  const e1 = await readingsOf('METSER123', 'E1');
  // 300,20040201,1.111,… : the first 30-minute interval of 1 Feb 2004 ends 00:30 AEST = 31 Jan 14:30 UTC.
  const first = e1.find(
    (r: { reading_at: string | number }) => Number(r.reading_at) === Date.UTC(2004, 0, 31, 14, 30),
  );
  expect(first).toMatchObject({ value: '1.111', kind: 'interval', quality: 'A', unit: 'kWh' });
});

test('per-interval quality from the 400 records of a V day', async () => {
  // 400,1,20,F14 / 400,21,24,A / 400,25,48,S14 on 17 Apr 2004 for CCCC123456 (meter METSER123, E1).
  const day = (await readingsOf('METSER123', 'E1')).filter((r: { reading_at: string | number }) => {
    const t = Number(r.reading_at);
    return t > Date.UTC(2004, 3, 16, 14) && t <= Date.UTC(2004, 3, 17, 14);
  });
  expect(day).toHaveLength(48);
  const qualities = day.map((r) => r.quality).join('');
  expect(qualities).toBe('F'.repeat(20) + 'A'.repeat(4) + 'S'.repeat(24));
  expect(day[0].value).toBe('18.023');
});

test('NEM13 accumulated reads are cumulative register reads', async () => {
  const reads = await readingsOf('METSER123', '11');
  expect(reads.map((r: { value: string; kind: string }) => [r.value, r.kind])).toEqual([
    ['6342.8', 'cumulative'],
    ['7654.9', 'cumulative'],
  ]);
});

test('the file without a 100 header: the record is rejected with its line and type, the data still loads (Partial)', async () => {
  const log = logs['invalid_missing_header.csv'];
  expect(log.status).toBe('Partial');
  const rows = (await admin.get(`/utilities/ingestion-logs/${log.documentId}/rows?outcome=rejected`)).body
    .data;
  expect(rows).toHaveLength(1);
  expect(rows[0].line).toBeGreaterThan(0);
  expect(rows[0].error).toMatch(/100/);
  // Its 96 intervals are the actual_interval file's data again: duplicates, not errors.
  expect(log.totalRows - log.failedRows).toBe(96);
});

test('the multiple-meter file stores each meter serial and register separately', async () => {
  for (const [meter, register] of [
    ['METSER123', 'B1'],
    ['METSER456', 'E2'],
    ['METSER991', 'B1'],
    ['METSER992', 'K2'],
  ]) {
    expect((await readingsOf(meter, register)).length).toBe(2 * 96);
  }
});
