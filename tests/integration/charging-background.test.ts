import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { bulkBillingPoints, createBuilding, createParty } from '../helpers/billing';
import { outcome, waitForRun } from '../helpers/charge-runs';

/**
 * Charge runs in the background on a real database: a building of POINTS billing points
 * (bulk-inserted, no meters: each is charged and reported "no meter"), so a run takes a
 * moment. POST answers 202 with the run running; GET shows its progress; nothing can
 * finalize it meanwhile; a second run of the same scope started at the same moment is
 * refused (the lease row is the claim, one INSERT into a primary key); the run ends a
 * draft accounting for every billing point. The restart case is in charging-restart.test.ts.
 */
const POINTS = 5_000;
let app: TestApp;
let root: Agent;
let building: string;

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  const owner = (await createParty(root, { kind: 'legal', companyName: 'Immo Bulk AG' })).documentId;
  building = (await createBuilding(root, { code: 'BULK', name: 'Bulk', owner, timezone: 'Europe/Zurich' }))
    .documentId;
  await bulkBillingPoints(app.strapi, building, POINTS, 'BULK');
});
afterAll(async () => app?.stop());

const june = { periodStart: '2024-06-01', periodEnd: '2024-06-30' };

test('two runs of one scope started together: one 202, one 409 naming the running run', async () => {
  const answers = await Promise.all(
    [0, 1].map(() => root.post('/utilities/charge-runs', { ...june, scope: { building } })),
  );
  expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
  const started = answers.find((a) => a.status === 202)!.body.data;
  const refused = answers.find((a) => a.status === 409)!.body.error;
  expect(started).toMatchObject({ status: 'running', progress: { done: 0, total: POINTS } });
  expect(refused.details).toMatchObject({
    code: 'charge-run.running',
    params: { run: started.documentId, total: POINTS },
  });
  expect(refused.message).toContain(started.documentId);

  // While it runs (if it still does): shown with its progress and no invoices. That it cannot be
  // finalized or voided meanwhile is src/charging/charge-run.ts's transitionRefusal (unit test).
  const during = (await root.get(`/utilities/charge-runs/${started.documentId}`)).body.data;
  if (during.status === 'running') {
    expect(during.invoices).toEqual([]);
    expect(during.progress.total).toBe(POINTS);
    const listed = (await root.get('/utilities/charge-runs?status=running')).body.data;
    expect(listed.map((r: { documentId: string }) => r.documentId)).toContain(started.documentId);
  }

  const done = await waitForRun(root, started.documentId);
  expect(done).toMatchObject({
    status: 'draft',
    replaced: false,
    failure: null,
    progress: { done: POINTS, total: POINTS },
  });
  expect(done.billingPoints).toHaveLength(POINTS);
  // Every billing point accounted for: none has a meter, so each is reported, none invoiced.
  expect(new Set(done.exceptions.map((e: { billingPointId: string }) => e.billingPointId)).size).toBe(POINTS);
  expect(done.invoiceCount).toBe(0);

  // Once it ended, the scope is free again: the next run replaces the draft, same documentId.
  const again = await root.post('/utilities/charge-runs', { ...june, scope: { building } });
  expect(again.status).toBe(202);
  expect(again.body.data.documentId).toBe(started.documentId);
  const replaced = await waitForRun(root, started.documentId);
  expect(outcome({ status: 202, body: { data: replaced } })).toBe('replaced');
});

test('lists runs by their state; an unknown state is a 400', async () => {
  expect((await root.get('/utilities/charge-runs?status=failed')).status).toBe(200);
  expect((await root.get('/utilities/charge-runs?status=running')).status).toBe(200);
  expect((await root.get('/utilities/charge-runs?status=nonsense')).status).toBe(400);
});
