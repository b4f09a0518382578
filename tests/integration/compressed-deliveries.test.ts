import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as zlib from 'node:zlib';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { buildZip, deflatedZeros } from '../unit/usage/support/zip-writer';

/**
 * Meter files delivered compressed (issue: throughput, "Compressed deliveries"): a
 * channel reads `.zip` — each member its own log entry named `archive.zip/member.csv` —
 * and `.gz` as streams, with the zip-bomb and path guards of spreadsheet uploads.
 * The deliveries are AEMO's example NEM12 files (shared fixtures), packed here.
 *
 * @sqlite-only the database server plays no part: archive reading and its guards; storing the
 * members’ readings is the ingestion suites’ on every database.
 */
const NEM12 = path.resolve(__dirname, '../../../shared/fixtures/nem12');
const ACTUAL = 'Example_NEM12_actual_interval.csv'; // 2 streams × 1 day × 48 intervals = 96 rows
const METERS = 'Example_NEM12_multiple_meters.csv'; // 6 streams × 2 days × 96 intervals = 1,152 rows
let tags = 0;
/** An example file with its meter serials made unique, so each delivery stores new readings. */
const nem12 = (name: string) =>
  Buffer.from(readFileSync(path.join(NEM12, name), 'utf8').replaceAll('METSER', `MS${++tags}X`));

const ROOT = mkdtempSync(path.join(tmpdir(), 'utilities-archives-'));
let app: TestApp;
let admin: Agent;
let folders = 0;

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_LOCAL_FOLDER_ROOTS: ROOT });
  admin = await superAdmin(app.strapi, app.http);
});
afterAll(async () => {
  await app?.stop();
  rmSync(ROOT, { recursive: true, force: true });
});

type Log = {
  documentId: string;
  fileName: string;
  status: string;
  totalRows: number;
  insertedRows: number;
  failedRows: number;
  error: string | null;
  completedAt: string | null;
};

/** A channel on a fresh folder holding `files`; pulls once and returns the logs by file name. */
async function deliver(
  files: Record<string, Buffer>,
): Promise<{ logs: Record<string, Log>; channelId: string; folder: string }> {
  const folder = path.join(ROOT, `drop-${++folders}`);
  mkdirSync(folder);
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(folder, name), bytes);
  const channel = await admin.post('/utilities/channels', {
    code: `ZIP${folders}`,
    name: `Compressed drop ${folders}`,
    handler: 'local-folder',
    config: { root: folder, filePattern: '*', afterProcessing: 'leave', format: 'nem12' },
  });
  expect(channel.status).toBe(201);
  const channelId = channel.body.data.documentId as string;
  return { logs: await pull(channelId), channelId, folder };
}

async function pull(channelId: string): Promise<Record<string, Log>> {
  expect((await admin.post(`/utilities/channels/${channelId}/pull`, {})).status).toBe(200);
  const list = await admin.get(`/utilities/ingestion-logs?channel=${channelId}&pageSize=100`);
  expect(list.status).toBe(200);
  return Object.fromEntries((list.body.data as Log[]).map((log) => [log.fileName, log]));
}

const readingCount = async (logName: string) => {
  const log = await app.strapi.db
    .connection('utilities_ingestion_logs')
    .where({ file_name: logName })
    .first('id');
  const [{ n }] = await app.strapi.db
    .connection('utilities_meter_readings')
    .where({ source_log_id: log.id })
    .count({ n: '*' });
  return Number(n);
};

test('a .zip: each member is its own log entry, the archive sums them, folders and macOS metadata are named', async () => {
  const zip = buildZip([
    { name: 'nov/', data: Buffer.alloc(0) },
    { name: `nov/${ACTUAL}`, data: nem12(ACTUAL) },
    { name: METERS, data: nem12(METERS) },
    { name: `__MACOSX/nov/._${ACTUAL}`, data: Buffer.from([0, 5, 22, 7]) },
  ]);
  const { logs } = await deliver({ 'export.zip': zip });
  expect(logs[`export.zip/nov/${ACTUAL}`]).toMatchObject({
    status: 'Completed',
    totalRows: 96,
    insertedRows: 96,
  });
  expect(logs[`export.zip/${METERS}`]).toMatchObject({
    status: 'Completed',
    totalRows: 1152,
    insertedRows: 1152,
  });
  // 96 + 1,152 = 1,248 rows in the archive's own entry.
  expect(logs['export.zip']).toMatchObject({
    status: 'Completed',
    totalRows: 1248,
    insertedRows: 1248,
    failedRows: 0,
  });
  expect(logs['export.zip'].error).toBe('2 folder or macOS metadata entries were not read');
  expect(Object.keys(logs).filter((name) => name.includes('MACOSX'))).toEqual([]);
  // The readings belong to the member entries, each row traceable to its file.
  expect(await readingCount(`export.zip/nov/${ACTUAL}`)).toBe(96);
  expect(await readingCount(`export.zip/${METERS}`)).toBe(1152);
  expect(await readingCount('export.zip')).toBe(0);
  // The member's rows are listed like any file's.
  const rows = await admin.get(
    `/utilities/ingestion-logs/${logs[`export.zip/${METERS}`].documentId}/rows?pageSize=5`,
  );
  expect(rows.status).toBe(200);
  expect(rows.body.meta.pagination.total).toBe(1152);
});

test('a .gz: read as the file it holds, under its own log entry', async () => {
  const { logs } = await deliver({ [`${ACTUAL}.gz`]: zlib.gzipSync(nem12(ACTUAL)) });
  expect(logs[`${ACTUAL}.gz`]).toMatchObject({ status: 'Completed', totalRows: 96, insertedRows: 96 });
  expect(Object.keys(logs)).toEqual([`${ACTUAL}.gz`]);
  expect(await readingCount(`${ACTUAL}.gz`)).toBe(96);
});

test('a truncated .gz: the rows before the damage are kept, the log says the file is damaged', async () => {
  const whole = zlib.gzipSync(nem12(METERS));
  const { logs } = await deliver({ 'cut.csv.gz': whole.subarray(0, Math.floor(whole.length * 0.6)) });
  const log = logs['cut.csv.gz'];
  expect(['Partial', 'Failed']).toContain(log.status);
  expect(log.error).toMatch(/: "cut\.csv\.gz" is not a readable gzip file: unexpected end of file$/);
  expect(await readingCount('cut.csv.gz')).toBe(log.insertedRows);
});

test('a zip bomb is refused from its directory, before a byte is inflated; no member entry is made', async () => {
  const zeros = deflatedZeros(64); // 64 MB of zeros in ~64 KB: a ratio of ~1,000
  const bomb = buildZip([
    { name: 'readings.csv', compressed: zeros.compressed, uncompressedSize: zeros.size, crc32: zeros.crc32 },
  ]);
  const { logs } = await deliver({ 'bomb.zip': bomb });
  expect(logs['bomb.zip'].status).toBe('Failed');
  expect(logs['bomb.zip'].error).toMatch(
    /^"bomb\.zip" was refused as a possible zip bomb: its file "readings\.csv" expands \d{3,} times; at most 500 times is accepted$/,
  );
  expect(Object.keys(logs)).toEqual(['bomb.zip']);
});

test('a damaged zip and one holding nothing say so', async () => {
  const zip = buildZip([{ name: ACTUAL, data: nem12(ACTUAL) }]);
  const { logs } = await deliver({
    'broken.zip': zip.subarray(0, zip.length - 30),
    'empty.zip': buildZip([{ name: 'only-a-folder/', data: Buffer.alloc(0) }]),
  });
  expect(logs['broken.zip']).toMatchObject({ status: 'Failed' });
  expect(logs['broken.zip'].error).toMatch(/^"broken\.zip" is not a readable zip archive: /);
  expect(logs['empty.zip']).toMatchObject({
    status: 'Failed',
    error: '"empty.zip" holds no files (only 1 folder or macOS metadata entries)',
  });
});

test('hostile members are not read, each with its reason; the honest member is stored (Partial)', async () => {
  const zip = buildZip([
    { name: ACTUAL, data: nem12(ACTUAL) },
    { name: '../escape.csv', data: nem12(ACTUAL) },
    { name: 'inner.zip', data: buildZip([{ name: ACTUAL, data: nem12(ACTUAL) }]) },
    { name: 'mete\u200brs.csv', data: nem12(ACTUAL) },
  ]);
  const { logs } = await deliver({ 'mixed.zip': zip });
  expect(logs[`mixed.zip/${ACTUAL}`]).toMatchObject({ status: 'Completed', insertedRows: 96 });
  expect(logs['mixed.zip/../escape.csv']).toMatchObject({
    status: 'Failed',
    error: 'Not read: its name climbs out of the archive ("..")',
  });
  expect(logs['mixed.zip/inner.zip']).toMatchObject({
    status: 'Failed',
    error: 'Not read: it is an archive inside the archive; deliver its files in the outer archive instead',
  });
  expect(logs['mixed.zip/mete\u200brs.csv']).toMatchObject({
    status: 'Failed',
    error: 'Not read: its name holds control or invisible characters',
  });
  expect(logs['mixed.zip'].status).toBe('Partial');
  expect(logs['mixed.zip'].error).toMatch(/^3 of 4 files in "mixed\.zip" were not fully stored — /);
});

test('a .gz expanding beyond channels.archives.maxUncompressedBytes is stopped mid-stream with the limit named', async () => {
  const key = 'plugin::utilities.channels.archives.maxUncompressedBytes';
  const before = app.strapi.config.get<number>(key);
  app.strapi.config.set(key, 2048);
  try {
    const content = nem12(METERS);
    expect(content.length).toBeGreaterThan(2048);
    const { logs } = await deliver({ 'big.csv.gz': zlib.gzipSync(content) });
    const log = logs['big.csv.gz'];
    expect(log.error).toContain(
      ': "big.csv.gz" expands to more than 2.0 KB, the most a compressed delivery may hold (plugin config channels.archives.maxUncompressedBytes)',
    );
    expect(log.status).toBe('Failed');
    expect(log.totalRows).toBeLessThan(1152);
    expect(await readingCount('big.csv.gz')).toBe(log.insertedRows);
  } finally {
    app.strapi.config.set(key, before);
  }
});

test('duplicates: the same archive pulled again adds nothing; the same bytes under another name are skipped', async () => {
  const zip = buildZip([{ name: ACTUAL, data: nem12(ACTUAL) }]);
  const { logs, channelId, folder } = await deliver({ 'daily.zip': zip });
  expect(logs['daily.zip'].status).toBe('Completed');
  const again = await pull(channelId);
  expect(Object.keys(again).sort()).toEqual(['daily.zip', `daily.zip/${ACTUAL}`]);
  writeFileSync(path.join(folder, 'daily-copy.zip'), zip);
  const third = await pull(channelId);
  expect(third['daily-copy.zip']).toMatchObject({ status: 'Skipped' });
  expect(third['daily-copy.zip'].error).toMatch(/^Same content as "daily\.zip"/);
  expect(await readingCount(`daily.zip/${ACTUAL}`)).toBe(96);
});

test('an archive interrupted part-way resumes: finished members are not read again, the one in progress continues', async () => {
  const zip = buildZip([
    { name: ACTUAL, data: nem12(ACTUAL) },
    { name: METERS, data: nem12(METERS) },
  ]);
  const { logs, channelId } = await deliver({ 'resume.zip': zip });
  const first = logs[`resume.zip/${ACTUAL}`];
  const second = logs[`resume.zip/${METERS}`];
  // What a crash in the middle of the second member leaves: the archive and that member
  // Processing, its readings committed up to a checkpoint (here: row 500).
  const db = app.strapi.db.connection;
  const secondId = (
    await db('utilities_ingestion_logs').where({ document_id: second.documentId }).first('id')
  ).id;
  await db('utilities_meter_readings')
    .where({ source_log_id: secondId })
    .where('source_row', '>', 500)
    .delete();
  await db('utilities_ingestion_logs')
    .whereIn('document_id', [logs['resume.zip'].documentId, second.documentId])
    .update({ status: 'Processing' });
  expect(await readingCount(`resume.zip/${METERS}`)).toBe(500);

  const resumed = await pull(channelId);
  expect(resumed['resume.zip']).toMatchObject({ status: 'Completed', totalRows: 1248 });
  expect(resumed[`resume.zip/${METERS}`]).toMatchObject({
    status: 'Completed',
    totalRows: 1152,
    insertedRows: 1152,
  });
  expect(await readingCount(`resume.zip/${METERS}`)).toBe(1152);
  // The finished member was left alone.
  expect(resumed[`resume.zip/${ACTUAL}`].completedAt).toBe(first.completedAt);
  expect(await readingCount(`resume.zip/${ACTUAL}`)).toBe(96);
});
