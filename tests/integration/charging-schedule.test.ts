import { DateTime } from 'luxon';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { created, createBuilding, createParty, createPoint, meterSetup, person } from '../helpers/billing';

/**
 * The scheduled monthly charge run (plugin config charging.schedule), driven through its
 * handler `fire(occurrence)` with fixed occurrences instead of the wall clock. The suite
 * runs with cron.enabled false (as every test does), so no timer fires by itself.
 *
 * One flat in Zurich (the plugin's default zone in the playground): Alice, a water meter
 * read daily at midnight, +1 m³ a day from 1000 on 1 June 2024, water 2.00 CHF/m³ with no
 * fee and no VAT. June 2024 is therefore 30 m³ = 60.00 CHF.
 */
const ZONE = 'Europe/Zurich';
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};

type Outcome = {
  outcome: string;
  reason?: string;
  run?: string;
  replaced?: boolean;
  periodStart?: string;
  periodEnd?: string;
  message?: string;
};
type ScheduleService = {
  fire(occurrence: Date): Promise<Outcome>;
  start(): void;
  stop(): void;
  describe(): { armed: boolean; expression?: string; timezone?: string; nextRunAt?: string | null };
};
const schedule = () => app.strapi.plugin('utilities').service<ScheduleService>('charge-schedule');
const configure = (value: Record<string, unknown>) =>
  app.strapi.config.set('plugin::utilities.charging.schedule', {
    enabled: true,
    cron: '0 3 1 * *',
    scope: 'all',
    ...value,
  });
/** 03:00 on the given date in Zurich, as the timer would compute it. */
const at = (isoDate: string) => DateTime.fromISO(`${isoDate}T03:00`, { zone: ZONE }).toJSDate();
const runsOf = async (periodStart: string) =>
  (await root.get('/utilities/charge-runs?pageSize=100')).body.data.filter(
    (r: { periodStart: string }) => r.periodStart === periodStart,
  );

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_DEFAULT_TIMEZONE: ZONE });
  root = await superAdmin(app.strapi, app.http);
  const owner = (await createParty(root, { kind: 'legal', companyName: 'Schedule Owner AG' })).documentId;
  const alice = (await person(root, 'Alice', 'Amsler')).documentId;
  ids.building = (
    await createBuilding(root, { code: 'SCH1', name: 'Scheduled house', owner, timezone: ZONE })
  ).documentId;
  ids.point = (await createPoint(root, { code: 'SCH1-01', name: 'Flat', building: ids.building })).documentId;
  const water = await meterSetup(root, 'WATER');
  const meter = (
    await created(
      await root.post('/utilities/devices', {
        meterNumber: 'SW-1',
        deviceType: water.deviceType.documentId,
        utilityType: water.utilityType.documentId,
        unit: 'm³',
        registers: ['1'],
      }),
      'SW-1',
    )
  ).documentId;
  await created(
    await root.post(`/utilities/billing-points/${ids.point}/meters`, { device: meter, from: '2024-01-01' }),
    'installation',
  );
  await created(
    await root.post(`/utilities/billing-points/${ids.point}/occupancies`, {
      party: alice,
      entryDate: '2024-01-01',
      exitDate: null,
    }),
    'Alice',
  );
  await created(
    await root.post('/utilities/rates', {
      utilityType: water.utilityType.documentId,
      scope: 'default',
      validFrom: '2024-01-01',
      unitPrice: '2.00',
      vatRate: '0',
      currency: 'CHF',
    }),
    'rate',
  );
  const rows = [];
  for (
    let day = DateTime.fromISO('2024-05-31', { zone: ZONE }), value = 999;
    day <= DateTime.fromISO('2024-08-01', { zone: ZONE });
    day = day.plus({ days: 1 }), value++
  ) {
    rows.push({
      meter_number: 'SW-1',
      register: '1',
      reading_at: day.toMillis(),
      value: String(value),
      kind: 'cumulative',
      device_ref: meter,
      created_at: Date.now(),
    });
  }
  await app.strapi.db.connection('utilities_meter_readings').insert(rows);
});
afterAll(() => app?.stop());

test('the timer is armed only when cron.enabled and charging.schedule.enabled are both on', async () => {
  expect(schedule().describe()).toEqual({ armed: false }); // off by default, and cron is off in tests
  configure({});
  schedule().start();
  expect(schedule().describe()).toEqual({ armed: false }); // cron.enabled is false
  app.strapi.config.set('plugin::utilities.cron.enabled', true);
  try {
    schedule().start();
    const armed = schedule().describe();
    expect(armed).toMatchObject({ armed: true, expression: '0 3 1 * *', timezone: ZONE });
    const next = DateTime.fromISO(armed.nextRunAt!, { zone: ZONE });
    expect([next.day, next.hour, next.minute]).toEqual([1, 3, 0]);
    expect(next.toMillis()).toBeGreaterThan(Date.now());
  } finally {
    schedule().stop();
    app.strapi.config.set('plugin::utilities.cron.enabled', false);
  }
  expect(schedule().describe()).toEqual({ armed: false });
});

test('does nothing while the schedule is switched off', async () => {
  configure({ enabled: false });
  expect(await schedule().fire(at('2024-05-01'))).toMatchObject({
    outcome: 'skipped',
    reason: 'schedule-disabled',
  });
  expect(await runsOf('2024-04-01')).toEqual([]);
});

test('drafts the previous month exactly once when the same occurrence fires twice at once (as on two instances)', async () => {
  configure({});
  const outcomes = await Promise.all([schedule().fire(at('2024-07-01')), schedule().fire(at('2024-07-01'))]);
  expect(outcomes.map((o) => o.outcome).sort()).toEqual(['claimed-elsewhere', 'ran']);
  const ran = outcomes.find((o) => o.outcome === 'ran')!;
  expect(ran).toMatchObject({ periodStart: '2024-06-01', periodEnd: '2024-06-30', replaced: false });

  const june = await runsOf('2024-06-01');
  expect(june).toHaveLength(1);
  expect(june[0]).toMatchObject({
    documentId: ran.run,
    status: 'draft',
    periodEnd: '2024-06-30',
    scope: null,
    billingPoints: [ids.point],
  });
  expect(june[0].createdBy).toContain('schedule');
  expect(june[0].totals).toEqual([
    { currency: 'CHF', invoices: 1, net: '60.00', vat: '0.00', gross: '60.00' },
  ]);
});

test('re-runs (replaces) the month while it is a draft, and leaves it alone, logged, once finalized', async () => {
  configure({ cron: '0 3 1,2,3 * *' });
  const first = (await runsOf('2024-06-01'))[0];
  const again = await schedule().fire(at('2024-07-02'));
  expect(again).toMatchObject({ outcome: 'ran', run: first.documentId, replaced: true });
  expect(await runsOf('2024-06-01')).toHaveLength(1);

  expect((await root.post(`/utilities/charge-runs/${first.documentId}/finalize`)).status).toBe(200);
  const after = await schedule().fire(at('2024-07-03'));
  expect(after).toEqual({
    outcome: 'skipped',
    reason: 'finalized',
    message: `Nothing done for the scheduled charge run of 2024-06-01 – 2024-06-30 (all billing points): that month is already finalized in run ${first.documentId}`,
  });
  const june = await runsOf('2024-06-01');
  expect(june.map((r: { status: string }) => r.status)).toEqual(['finalized']);
});

test('runs for one building named by its code, and says so when the code is unknown', async () => {
  configure({ scope: { building: 'SCH1' } });
  const ran = await schedule().fire(at('2024-08-01'));
  expect(ran).toMatchObject({ outcome: 'ran', periodStart: '2024-07-01', periodEnd: '2024-07-31' });
  const july = await runsOf('2024-07-01');
  expect(july).toHaveLength(1);
  expect(july[0]).toMatchObject({
    scope: { building: ids.building },
    totals: [{ currency: 'CHF', gross: '62.00' }],
  });

  configure({ scope: { building: 'NOPE' } });
  const failed = await schedule().fire(at('2024-09-01'));
  expect(failed.outcome).toBe('failed');
  expect(failed.message).toContain('charging.schedule.scope names the building "NOPE", which does not exist');
  expect(await runsOf('2024-08-01')).toEqual([]);
});

test('does nothing while the billing module is off', async () => {
  configure({});
  const modules = app.strapi.plugin('utilities').service('modules');
  await modules.update({ modules: { billing: false } });
  try {
    expect(await schedule().fire(at('2024-10-01'))).toMatchObject({
      outcome: 'skipped',
      reason: 'module-disabled',
    });
  } finally {
    await modules.update({ modules: { billing: true } });
  }
  expect(await runsOf('2024-09-01')).toEqual([]);
});
