import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { bulkBillingPoints, createBuilding, createParty } from '../helpers/billing';
import { waitForRun } from '../helpers/charge-runs';

/**
 * Long jobs keep their garbage to `jobs.heapBudgetMb` (server/jobs/heap-budget.ts): a charge
 * run, a file's pull and an upload ask V8 for full collections as they go. The app runs in this test's
 * process, so V8's forced collections are seen here; with a budget of 0 there are none.
 * How much memory that saves is a measurement (bench/README.md), not a test.
 */
const POINTS = 2_000;
const ROWS = 20_000;
const drop = mkdtempSync(path.join(tmpdir(), 'utilities-heap-budget-'));
afterAll(() => rmSync(drop, { recursive: true, force: true }));

/** Full collections asked for (not V8's own) while `work` runs. */
async function forcedCollectionsDuring(work: () => Promise<void>): Promise<number> {
  let forced = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const detail = entry.detail as { kind: number; flags: number };
      if (
        detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR &&
        detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED
      )
        forced += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    await work();
    // The observer hears of collections in a later turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    observer.disconnect();
  }
  return forced;
}

async function appWithBudget(budgetMb: number) {
  const app = await startStrapi({
    UTILITIES_JOB_HEAP_BUDGET_MB: String(budgetMb),
    UTILITIES_LOCAL_FOLDER_ROOTS: drop,
    // The pull answers when its file is stored, however long the collections make it (else 202).
    UTILITIES_PULL_ANSWER_WITHIN_MS: '300000',
  });
  const root = await superAdmin(app.strapi, app.http);
  const owner = (await createParty(root, { kind: 'legal', companyName: 'Immo Heap AG' })).documentId;
  const building = (
    await createBuilding(root, { code: 'HEAP', name: 'Heap', owner, timezone: 'Europe/Zurich' })
  ).documentId;
  await bulkBillingPoints(app.strapi, building, POINTS, 'HEAP');
  return { app, root, building };
}

async function chargeRun(root: Agent, building: string) {
  const started = await root.post('/utilities/charge-runs', {
    periodStart: '2024-06-01',
    periodEnd: '2024-06-30',
    scope: { building },
  });
  expect(started.status).toBe(202);
  const done = await waitForRun(root, started.body.data.documentId);
  expect(done).toMatchObject({ status: 'draft', progress: { done: POINTS, total: POINTS } });
}

async function pull(root: Agent, name: string) {
  let csv = 'meter_number,register,timestamp,value\n';
  for (let i = 0; i < ROWS; i++)
    csv += `HB-${i % 100},1,${new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString()},${i}\n`;
  const folder = path.join(drop, name);
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'readings.csv'), csv);
  const channel = await root.post('/utilities/channels', {
    code: name,
    name,
    handler: 'local-folder',
    config: { root: folder, filePattern: '*.csv', format: 'csv' },
  });
  expect([channel.status, channel.body.error]).toEqual([201, undefined]);
  const pulled = await root.post(`/utilities/channels/${channel.body.data.documentId}/pull`, {});
  expect(pulled.status).toBe(200);
  expect(pulled.body.data.rows).toMatchObject({ total: ROWS, inserted: ROWS });
}

async function upload(app: TestApp, root: Agent, eGroup: string) {
  const lines = ['DeviceId,eGroup,eId,EventRef,IntCounter'];
  for (let i = 0; i < ROWS; i++) lines.push(`heap-dev-${i % 7},${eGroup},1,heap-${i},${i}`);
  const res = await app
    .http()
    .post('/utilities/usage-records/import')
    .set('Authorization', `Bearer ${root.token}`)
    .attach('file', Buffer.from(`${lines.join('\n')}\n`), { filename: 'usage.csv', contentType: 'text/csv' });
  expect(res.status).toBe(201);
  expect(res.body.data).toMatchObject({ totalRows: ROWS, created: ROWS, rejected: 0 });
}

describe.each([
  [4, 'asks for collections'],
  [0, 'leaves the heap to V8'],
])('with jobs.heapBudgetMb %i a job %s', (budgetMb) => {
  let app: TestApp;
  let root: Agent;
  let building: string;
  beforeAll(async () => ({ app, root, building } = await appWithBudget(budgetMb)));
  afterAll(async () => app?.stop());

  test.each([
    ['a charge run', () => chargeRun(root, building)],
    ["a file's pull", () => pull(root, `HEAP_${budgetMb}`)],
    ['an upload', () => upload(app, root, `HEAP${budgetMb}`)],
  ])('%s', async (_job, run) => {
    const forced = await forcedCollectionsDuring(run);
    if (budgetMb) expect(forced).toBeGreaterThan(0);
    else expect(forced).toBe(0);
  });
});
