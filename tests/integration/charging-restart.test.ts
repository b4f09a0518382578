import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { createTestDatabase, databaseClient, type TestDatabase } from '../helpers/database';
import { startPlayground, type PlaygroundProcess } from '../helpers/playground-process';

/**
 * A server stopped in the middle of a charge run, for real: the playground process is
 * killed (SIGKILL) right after POST /charge-runs answered 202 for a building of POINTS
 * billing points; a new process on the same database boots. The run must end failed
 * with the reason (its lease expired: UTILITIES_CHARGE_RUN_LEASE_MS is short here) or
 * completed — never a half-written draft: no invoice of it, staged or handed over, is
 * left. Then the same scope can be run again and drafts.
 */
const POINTS = 5_000;
let db: TestDatabase;
let knex: Knex;
let playground: PlaygroundProcess | null = null;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  env = { ...db.env, UTILITIES_CRON_ENABLED: 'false', UTILITIES_CHARGE_RUN_LEASE_MS: '2000' };
  const client = databaseClient();
  knex = knexFactory(
    client === 'sqlite'
      ? {
          client: 'better-sqlite3',
          connection: { filename: db.env.DATABASE_FILENAME },
          useNullAsDefault: true,
        }
      : { client: client === 'postgres' ? 'pg' : 'mysql2', connection: db.env.DATABASE_URL },
  );
});
afterAll(async () => {
  await playground?.stop();
  await knex?.destroy();
  await db?.drop();
});

async function call(p: PlaygroundProcess, token: string | null, method: string, url: string, body?: unknown) {
  const res = await fetch(`${p.url}${url}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer: any = await res.json().catch(() => null);
  return { status: res.status, body: answer };
}
const ADMIN = { email: 'restart@example.test', password: 'Restart-Test-12345' };
const login = async (p: PlaygroundProcess) =>
  (await call(p, null, 'POST', '/admin/login', ADMIN)).body.data.token as string;

async function waitForRun(p: PlaygroundProcess, token: string, id: string) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const res = await call(p, token, 'GET', `/utilities/charge-runs/${id}`);
    expect(res.status).toBe(200);
    if (res.body.data.status !== 'running') return res.body.data;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`run ${id} still running`);
}

const invoicesOf = async (runId: string) =>
  Number(
    (
      await knex('utilities_invoices')
        .whereIn('run_ref', [runId, `staging:${runId}`])
        .count({ n: '*' })
    )[0].n,
  );

test('SIGKILL mid-run, restart: the run is failed with the reason (or complete), never half-written', async () => {
  playground = await startPlayground(env);
  expect(
    (
      await call(playground, null, 'POST', '/admin/register-admin', {
        ...ADMIN,
        firstname: 'R',
        lastname: 'T',
      })
    ).status,
  ).toBe(200);
  let token = await login(playground);
  const owner = await call(playground, token, 'POST', '/utilities/parties', {
    kind: 'legal',
    companyName: 'Immo Restart AG',
  });
  const building = (
    await call(playground, token, 'POST', '/utilities/buildings', {
      code: 'RESTART',
      name: 'Restart',
      owner: owner.body.data.documentId,
      timezone: 'Europe/Zurich',
    })
  ).body.data.documentId as string;
  const now = new Date();
  const rows = Array.from({ length: POINTS }, (_, i) => ({
    document_id: `restart${String(i).padStart(6, '0')}${randomBytes(5).toString('hex')}`,
    code: `R-${String(i).padStart(5, '0')}`,
    name: `Flat ${i}`,
    kind: 'apartment',
    building_ref: building,
    active: true,
    created_at: now,
    updated_at: now,
    published_at: now,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await knex('utilities_billing_points').insert(rows.slice(i, i + 500));

  const june = { periodStart: '2024-06-01', periodEnd: '2024-06-30', scope: { building } };
  const started = await call(playground, token, 'POST', '/utilities/charge-runs', june);
  expect(started.status).toBe(202);
  const runId = started.body.data.documentId as string;
  playground.child.kill('SIGKILL');
  await playground.stop().catch(() => undefined);

  playground = await startPlayground(env);
  token = await login(playground);
  const ended = await waitForRun(playground, token, runId);
  if (ended.status === 'failed') {
    expect(ended.failure).toMatchObject({
      code: 'charge-run.interrupted',
      params: { total: POINTS },
      message: expect.stringContaining('The run stopped before it finished'),
    });
    expect(await invoicesOf(runId)).toBe(0);
    expect((await call(playground, token, 'POST', `/utilities/charge-runs/${runId}/finalize`)).status).toBe(
      409,
    );
  } else {
    // It finished before the kill landed: then it is whole.
    expect(ended).toMatchObject({ status: 'draft', progress: { done: POINTS, total: POINTS } });
  }

  // The scope is free again: a new run drafts every billing point.
  const again = await call(playground, token, 'POST', '/utilities/charge-runs', june);
  expect(again.status).toBe(202);
  const drafted = await waitForRun(playground, token, again.body.data.documentId);
  expect(drafted).toMatchObject({ status: 'draft', progress: { done: POINTS, total: POINTS } });
  expect(drafted.billingPoints).toHaveLength(POINTS);
  expect(
    Number((await knex('utilities_invoices').where('run_ref', 'like', 'staging:%').count({ n: '*' }))[0].n),
  ).toBe(0);
});
