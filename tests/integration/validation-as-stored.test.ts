import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { pullInterruptedAfter } from '../helpers/interrupted-pull';

/**
 * The VEE step runs from the readings the pipeline has just stored (issue 20,
 * server/services/validation/file-validation.ts) and must say what validating the stored
 * readings says. Unlinked meters (default rules: spike at 5 × the median of the last 14
 * rates, backwards), hourly cumulative reads of +1 from 100 (read i: 100 + i):
 *
 *   S-1  read 2000 is 50 too high (2150 instead of 2100): a spike, consumption 51 in one
 *        hour against a median of 1; read 2001 (2101) is measured against read 1999 (2099):
 *        2 in 2 h, no flag. 3 × 2,400 rows: read 2000 is row 6,001, in the file's second
 *        transaction (the first holds 5,000 rows), so the register's validator carries over.
 *   S-2  read 20 is 10 below read 19 (110 instead of 120): backwards.
 *   S-3  steady: nothing.
 */
const drop = mkdtempSync(path.join(tmpdir(), 'utilities-vee-stored-'));
const H = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
const at = (i: number) => new Date(T0 + i * H).toISOString();
let app: TestApp;
let root: Agent;
let channelId: string;

const file = (name: string, lines: string[]) =>
  writeFileSync(path.join(drop, name), ['meter_number,register,timestamp,value', ...lines].join('\n') + '\n');
const pull = async () => {
  const res = await root.post(`/utilities/channels/${channelId}/pull`, {});
  expect(res.status).toBe(200);
};
async function flags(meterNumber: string) {
  const res = await root.get(`/utilities/validation/queue?pageSize=100&meterNumber=${meterNumber}`);
  expect(res.status).toBe(200);
  return (res.body.data as { readingAt: string; rule: string; rawValue: string }[]).map((r) => [
    r.rule,
    r.readingAt,
    r.rawValue,
  ]);
}
const edits = async () =>
  (
    await app.strapi.db
      .connection('utilities_reading_edits')
      .orderBy('id')
      .select('reading_id', 'action', 'rule')
  ).map((e: { reading_id: number | string; action: string; rule: string | null }) => [
    Number(e.reading_id),
    e.action,
    e.rule,
  ]);
const settings = async (body: Record<string, unknown>) =>
  expect((await root.put('/utilities/validation/settings', body)).status).toBe(200);

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_LOCAL_FOLDER_ROOTS: drop });
  root = await superAdmin(app.strapi, app.http);
  const res = await root.post('/utilities/channels', {
    code: 'VEE_STORED',
    name: 'VEE as stored',
    handler: 'local-folder',
    config: { root: drop, filePattern: '*.csv', format: 'csv', afterProcessing: 'leave' },
  });
  expect([res.status, res.body.error]).toEqual([201, undefined]);
  channelId = res.body.data.documentId;
});
afterAll(async () => {
  await app?.stop();
  rmSync(drop, { recursive: true, force: true });
});

test('a file validated as it is stored: the flags a run over the stored readings finds, no more, no fewer', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 2400; i++) {
    lines.push(`S-1,1,${at(i)},${100 + i + (i === 2000 ? 50 : 0)}`);
    lines.push(`S-2,1,${at(i)},${i === 20 ? 110 : 100 + i}`);
    lines.push(`S-3,1,${at(i)},${100 + i}`);
  }
  file('steady.csv', lines);
  await pull();
  expect(await flags('S-1')).toEqual([['spike', at(2000), '2150']]);
  expect(await flags('S-2')).toEqual([['backwards', at(20), '110']]);
  expect(await flags('S-3')).toEqual([]);
  const before = await edits();
  // Flagged as each transaction committed: S-2's read 20 in the first, S-1's read 2000 in the second.
  expect(before.map(([, action, rule]) => [action, rule])).toEqual([
    ['flag', 'backwards'],
    ['flag', 'spike'],
  ]);

  // The same rules over the stored readings (the database path, from the first read on)
  // find the same two and clear nothing: no new audit entry.
  const run = await root.post('/utilities/validation/runs', { from: at(-1), to: at(2400) });
  expect(run.status).toBe(200);
  expect(run.body.data).toMatchObject({ registers: 3, checked: 7200, flagged: 2, cleared: 0 });
  expect(await edits()).toEqual(before);
});

test('rows out of time order and a backfill before stored reads are validated from the database', async () => {
  // D-1 arrives newest first; O-1's first file brings reads 100–199, the second 0–99
  // (older than what is stored) with a spike at 50 — each as if it came in time order.
  const descending: string[] = [];
  for (let i = 99; i >= 0; i--) descending.push(`D-1,1,${at(i)},${100 + i + (i === 60 ? 50 : 0)}`);
  const later: string[] = [];
  for (let i = 100; i < 200; i++) later.push(`O-1,1,${at(i)},${100 + i}`);
  file('descending.csv', [...descending, ...later]);
  await pull();
  expect(await flags('D-1')).toEqual([['spike', at(60), '210']]);
  expect(await flags('O-1')).toEqual([]);

  const backfill: string[] = [];
  for (let i = 0; i < 100; i++) backfill.push(`O-1,1,${at(i)},${100 + i + (i === 50 ? 50 : 0)}`);
  file('backfill.csv', backfill);
  await pull();
  expect(await flags('O-1')).toEqual([['spike', at(50), '200']]);
});

test('a file resumed after its stored readings went unvalidated is validated in full', async () => {
  // The first run stores 6,000 or more rows (whole transactions) and dies; its readings
  // were never validated (as if the process died between storing and validating). The
  // resumed run validates the whole file from the database: the spike in the part stored
  // before the interruption (read 1000) is found as well as the one after it (read 10000).
  const lines: string[] = [];
  for (let i = 0; i < 12000; i++)
    lines.push(`C-1,1,${at(i)},${100 + i + (i === 1000 || i === 10000 ? 50 : 0)}`);
  file('crash.csv', lines);
  await settings({ afterEachFile: false });
  await pullInterruptedAfter(app.strapi, 7000, pull);
  const stored = await app.strapi.db
    .connection('utilities_meter_readings')
    .where({ meter_number: 'C-1' })
    .count({ n: '*' });
  expect(Number(stored[0].n)).toBeGreaterThan(1000);
  expect(await flags('C-1')).toEqual([]);

  await settings({ afterEachFile: true });
  await pull();
  expect(await flags('C-1')).toEqual([
    ['spike', at(1000), '1150'],
    ['spike', at(10000), '10150'],
  ]);
});
