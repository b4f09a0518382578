import { databaseClient, dropDatabaseConnections } from '../helpers/database';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { bulkBillingPoints, createBuilding, createParty } from '../helpers/billing';
import { waitForRun } from '../helpers/charge-runs';

/**
 * A charge run heals itself when the database drops it: every connection of the app's
 * database is cut while the run charges a building of POINTS billing points (several
 * 500-point chunks), and without anyone starting it again the run notes the interruption
 * once, resumes the chunk it was in under the same lease, and ends a draft equal to an
 * uninterrupted run of the same scope — every billing point once, nothing staged left.
 *
 * PostgreSQL and MariaDB only: on SQLite a chunk's queries run without any I/O (every
 * statement is synchronous), so nothing from outside can land inside it — the closed-handle
 * case SQLite has is tested by pull-outage.test.ts, whose transactions span file reads.
 */
const POINTS = 2_000;
const onServer = databaseClient() === 'sqlite' ? test.skip : test;
let app: TestApp;
let root: Agent;
let building: string;

beforeAll(async () => {
  if (databaseClient() === 'sqlite') return;
  app = await startStrapi({ UTILITIES_OUTAGE_RETRY_FIRST_MS: '500' });
  root = await superAdmin(app.strapi, app.http);
  const owner = (await createParty(root, { kind: 'legal', companyName: 'Immo Outage AG' })).documentId;
  building = (await createBuilding(root, { code: 'OUT', name: 'Outage', owner, timezone: 'Europe/Zurich' }))
    .documentId;
  await bulkBillingPoints(app.strapi, building, POINTS, 'OUT');
});
afterAll(async () => app?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const june = { periodStart: '2024-06-01', periodEnd: '2024-06-30' };

/** The run as the admin reads it; a request that lands on a connection being cut is asked again. */
async function runNow(id: string) {
  let res = await root.get(`/utilities/charge-runs/${id}`);
  for (let attempt = 1; res.status >= 500 && attempt < 10; attempt++) {
    await sleep(200);
    res = await root.get(`/utilities/charge-runs/${id}`);
  }
  expect(res.status).toBe(200);
  return res.body.data;
}

const shape = (run: {
  exceptions: { billingPointId: string; code?: string }[];
  billingPoints: string[];
}) => ({
  billingPoints: [...run.billingPoints].sort(),
  exceptions: run.exceptions.map((e) => `${e.billingPointId}:${e.code}`).sort(),
});

onServer(
  'a run the database drops mid-way records it once, resumes, and drafts what an uninterrupted run does',
  async () => {
    // The uninterrupted run, for comparison.
    const first = await root.post('/utilities/charge-runs', { ...june, scope: { building } });
    expect(first.status).toBe(202);
    const plain = await waitForRun(root, first.body.data.documentId);
    expect(plain).toMatchObject({ status: 'draft', interruptions: [] });

    // Run again (it replaces the draft); cut the connections once the first chunk is saved.
    const again = await root.post('/utilities/charge-runs', { ...june, scope: { building } });
    expect(again.status).toBe(202);
    const id = again.body.data.documentId as string;
    const seen: number[] = [];
    for (;;) {
      const run = await runNow(id);
      expect(run.status).toBe('running'); // the cut must land mid-run
      if (run.progress.done > 0) break;
      await sleep(20);
    }
    expect(await dropDatabaseConnections(app.strapi.db.connection as never)).toBeGreaterThan(0);

    let run;
    for (let i = 0; i < 3000; i++) {
      run = await runNow(id);
      if (run.status !== 'running') break;
      seen.push(run.progress.done);
      await sleep(100);
    }
    expect(run).toMatchObject({
      status: 'draft',
      failure: null,
      replaced: true,
      invoiceCount: plain.invoiceCount,
    });
    expect(run.interruptions).toEqual([
      {
        at: expect.any(String),
        resumedAt: expect.any(String),
        reason: expect.stringContaining('the database connection was lost'),
        done: expect.any(Number),
      },
    ]);
    expect(run.interruptions[0].done % 500).toBe(0);
    expect(run.interruptions[0].done).toBeLessThan(POINTS);
    // Equal to the uninterrupted run: every billing point once, each exception once.
    expect(shape(run)).toEqual(shape(plain));
    expect(new Set(run.exceptions.map((e: { billingPointId: string }) => e.billingPointId)).size).toBe(
      POINTS,
    );
    expect(run.totals).toEqual(plain.totals);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    // Nothing staged is left, and the scope can be run again.
    const [{ n }] = await app.strapi.db
      .connection('utilities_invoices')
      .where('run_ref', 'like', 'staging:%')
      .count({ n: '*' });
    expect(Number(n)).toBe(0);
    const lease = await app.strapi.db.connection('utilities_leases').where('name', 'like', 'charge-run:%');
    expect(lease).toEqual([]);
  },
  600_000,
);
