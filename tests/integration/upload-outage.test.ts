import { dropDatabaseConnections } from '../helpers/database';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { uploadCsv } from './support/usage';

/**
 * A usage spreadsheet upload heals itself when the database drops it: every connection of
 * the app's database is cut while the file is being stored (what a restart does to a
 * client), and the same request goes on once the database answers — the chunk it was in
 * is stored again from its start, the upload's log notes the interruption once, and
 * exactly N records are stored, each once. A bad file afterwards takes nothing stored away.
 *
 * @server-databases-only — PostgreSQL and MariaDB: on SQLite a chunk's transaction runs without any I/O (every
 * statement is synchronous), so nothing from outside can land inside it — the closed-handle
 * case SQLite has is tested by pull-outage.test.ts, whose transactions span file reads.
 */
const N = 60_000;
let app: TestApp;
let root: Agent;

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
});
afterAll(async () => app?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const upload = (csv: string, name: string) => uploadCsv(app.http, root.token, csv, name);

/** Uploaded records committed so far (each is its row's outcome). */
async function committedRows(): Promise<number> {
  const [{ n }] = await app.strapi.db
    .connection('utilities_usage_records')
    .whereNotNull('source_row')
    .count({ n: '*' });
  return Number(n);
}

const records = async (logRef: string) => {
  const knex = app.strapi.db.connection;
  const [{ n }] = await knex('utilities_usage_records').where({ source_log_ref: logRef }).count({ n: '*' });
  const [{ refs }] = await knex
    .from(knex('utilities_usage_records').where({ source_log_ref: logRef }).distinct('event_ref').as('r'))
    .count({ refs: '*' });
  return { n: Number(n), refs: Number(refs) };
};

test('an outage mid-upload is recorded once and healed in the same request: N records, each once', async () => {
  const lines = ['DeviceId,eGroup,eId,EventRef,IntCounter'];
  for (let i = 0; i < N; i++) lines.push(`OUT-${i % 10},OUTAGE,1,ev-${i},${i}`);
  const answer = upload(lines.join('\n'), 'outage.csv').then((res) => res);

  // Once the first chunk is committed, the connections are cut mid-file.
  const knex = app.strapi.db.connection;
  while ((await committedRows()) === 0) await sleep(20);
  let answered = false;
  void answer.then(() => (answered = true));
  // Inside a chunk's write of its records: the upload sees the cut, not a connection idle between two.
  expect(
    await dropDatabaseConnections(knex as never, { inWriteTo: 'utilities_usage_records' }),
  ).toBeGreaterThan(0);
  expect(answered).toBe(false); // the cut landed mid-upload

  const res = await answer;
  expect(res.status).toBe(201);
  const summary = res.body.data;
  expect(summary).toMatchObject({ totalRows: N, created: N, duplicates: 0, rejected: 0 });
  expect(summary.log.status).toBe('Completed');
  expect(summary.interruptions).toEqual([
    { at: expect.any(String), reason: expect.stringContaining('the database connection was lost') },
  ]);
  const logRef = summary.log.documentId as string;
  const log = (await root.get(`/utilities/ingestion-logs/${logRef}`)).body.data;
  expect(log).toMatchObject({ status: 'Completed', insertedRows: N, totalRows: N });
  expect(log.interruptions).toEqual(summary.interruptions);

  // Exactly N records, each once, and one outcome per row: every row a created record.
  expect(await records(logRef)).toEqual({ n: N, refs: N });
  const [{ rows }] = await knex
    .from(knex('utilities_usage_records').where({ source_log_ref: logRef }).distinct('source_row').as('r'))
    .count({ rows: '*' });
  expect(Number(rows)).toBe(N);
  const [{ others }] = await knex('utilities_usage_import_rows')
    .where({ log_ref: logRef })
    .count({ others: '*' });
  expect(Number(others)).toBe(0);
  const listed = await root.get(`/utilities/usage-records/imports/${logRef}/rows?pageSize=1`);
  expect(listed.body.meta.pagination.total).toBe(N);

  // A file refused half-way afterwards undoes only itself.
  const bad = [
    'DeviceId,eGroup,eId,EventRef,IntCounter',
    'OUT-1,OUTAGE,1,ev-new,1',
    'OUT-1,OUTAGE,1,"ev-broken',
  ];
  const refused = await upload(bad.join('\n'), 'bad.csv');
  expect(refused.status).toBe(400);
  expect(await records(logRef)).toEqual({ n: N, refs: N });
}, 600_000);
