import { DateTime } from 'luxon';
import { dropDatabaseConnections } from '../helpers/database';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import {
  bulkBillingPoints,
  created,
  createBuilding,
  createParty,
  meterSetup,
  person,
} from '../helpers/billing';
import { waitForRun } from '../helpers/charge-runs';

/**
 * A charge run heals itself when the database drops it: every connection of the app's
 * database is cut while the run charges a building of POINTS billing points (several
 * 500-point chunks), and without anyone starting it again the run notes the interruption
 * once, resumes the chunk it was in under the same lease, and ends a draft equal to an
 * uninterrupted run of the same scope — every billing point once, nothing staged left.
 *
 * @server-databases-only — PostgreSQL and MariaDB: on SQLite a chunk's queries run without any I/O (every
 * statement is synchronous), so nothing from outside can land inside it — the closed-handle
 * case SQLite has is tested by pull-outage.test.ts, whose transactions span file reads.
 */
const POINTS = 2_000;
const ZONE = 'Europe/Zurich';
let app: TestApp;
let root: Agent;
let building: string;

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_OUTAGE_RETRY_FIRST_MS: '500' });
  root = await superAdmin(app.strapi, app.http);
  const owner = (await createParty(root, { kind: 'legal', companyName: 'Immo Outage AG' })).documentId;
  building = (await createBuilding(root, { code: 'OUT', name: 'Outage', owner, timezone: ZONE })).documentId;
  await bulkBillingPoints(app.strapi, building, POINTS, 'OUT');
  await meteredFlats();
});

/**
 * Every METERED_EVERY-th flat (one or more in each 500-point chunk) gets a water meter read
 * daily (+2 m³ a day), an occupant and a default rate, so the chunk the cut lands in holds
 * real invoices: those staged before the cut must be neither lost nor written twice.
 */
const METERED_EVERY = 250;
const METERED = POINTS / METERED_EVERY;
async function meteredFlats() {
  const water = await meterSetup(root, 'WATER');
  await created(
    await root.post('/utilities/rates', {
      utilityType: water.utilityType.documentId,
      scope: 'default',
      validFrom: '2024-01-01',
      unitPrice: '3.00',
      vatRate: '8.1',
      currency: 'CHF',
    }),
    'rate',
  );
  const tenant = (await person(root, 'Olga', 'Outage')).documentId;
  const knex = app.strapi.db.connection;
  for (let i = 0; i < POINTS; i += METERED_EVERY) {
    const code = `OUT-${String(i).padStart(5, '0')}`;
    const [point] = await knex('utilities_billing_points').where({ code }).select('document_id');
    const meterNumber = `OW-${i}`;
    const meter = await created(
      await root.post('/utilities/devices', {
        meterNumber,
        deviceType: water.deviceType.documentId,
        utilityType: water.utilityType.documentId,
        unit: 'm³',
        registers: ['1'],
      }),
      meterNumber,
    );
    await created(
      await root.post(`/utilities/billing-points/${point.document_id}/meters`, {
        device: meter.documentId,
        from: '2024-01-01',
      }),
      `installation of ${meterNumber}`,
    );
    await created(
      await root.post(`/utilities/billing-points/${point.document_id}/occupancies`, {
        party: tenant,
        entryDate: '2024-01-01',
        exitDate: null,
      }),
      `occupancy of ${code}`,
    );
    const midnight = DateTime.fromISO('2024-05-31', { zone: ZONE });
    const rows = Array.from({ length: 32 }, (_, d) => ({
      meter_number: meterNumber,
      register: '1',
      reading_at: midnight.plus({ days: d }).toMillis(),
      value: String(1000 + 2 * d),
      kind: 'cumulative',
      device_ref: meter.documentId,
      created_at: Date.now(),
    }));
    await knex('utilities_meter_readings').insert(rows);
  }
}
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

test('a run the database drops mid-way records it once, resumes, and drafts what an uninterrupted run does', async () => {
  // The uninterrupted run, for comparison.
  const first = await root.post('/utilities/charge-runs', { ...june, scope: { building } });
  expect(first.status).toBe(202);
  const plain = await waitForRun(root, first.body.data.documentId);
  expect(plain).toMatchObject({ status: 'draft', interruptions: [], invoiceCount: METERED });

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
  // Inside a chunk's write of its staged invoices (every chunk stages some): the run sees the cut.
  expect(
    await dropDatabaseConnections(app.strapi.db.connection as never, { inWriteTo: 'utilities_invoices' }),
  ).toBeGreaterThan(0);

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
  // Equal to the uninterrupted run: every billing point once — an invoice or an exception.
  expect(shape(run)).toEqual(shape(plain));
  expect(new Set(run.exceptions.map((e: { billingPointId: string }) => e.billingPointId)).size).toBe(
    POINTS - METERED,
  );
  expect(run.totals).toEqual(plain.totals);
  // 30 days × 2 m³ × 3.00 CHF = 180.00 CHF net per metered flat, each invoiced exactly once.
  expect(run.totals).toEqual([expect.objectContaining({ net: `${180 * METERED}.00`, invoices: METERED })]);
  const invoiced = await app.strapi.db
    .connection('utilities_invoices')
    .where('run_ref', id)
    .select('billing_point_ref');
  expect(new Set(invoiced.map((r: { billing_point_ref: string }) => r.billing_point_ref)).size).toBe(METERED);
  expect(invoiced).toHaveLength(METERED);
  for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
  // Nothing staged is left, and the scope can be run again.
  const [{ n }] = await app.strapi.db
    .connection('utilities_invoices')
    .where('run_ref', 'like', 'staging:%')
    .count({ n: '*' });
  expect(Number(n)).toBe(0);
  const lease = await app.strapi.db.connection('utilities_leases').where('name', 'like', 'charge-run:%');
  expect(lease).toEqual([]);
}, 600_000);
