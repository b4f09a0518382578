import path from 'node:path';
import { DateTime } from 'luxon';
import { DEMO_BOOT_TIMEOUT_MS, PLAYGROUND, startSeededDemo, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';

/**
 * The demo's planted cases (playground/src/demo/validation.js): after the demo is seeded
 * and its drop folder pulled, the correction queue shows each one, flagged by the
 * rule it was planted for, on the read that completes it (00:00 Zurich):
 *
 *   VEE-WM-01  spike            1 April 2024 (6.35 m³ in a day, 18 × the usual 0.35)
 *   VEE-EM-01  stuck           17 April 2024 (the same value since 10 April: 7 days)
 *   VEE-WM-02  gap             16 April 2024 (nothing from 10 to 15 April)
 *   VEE-WM-03  continuous-flow 26 April 2024 (water every hour since 25 April 00:00: 24 h)
 *
 * and nothing else on those meters. The leak is also the tenant's notice.
 *
 * @sqlite-only the demo’s planted cases; the rules and their queries are the validation suites’
 * on every database.
 */
let app: TestApp;
let admin: Agent;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedDemo } = require(path.join(PLAYGROUND, 'src', 'demo', 'seed.js')) as {
  seedDemo: (strapi: unknown) => Promise<void>;
};
const midnight = (day: string) => DateTime.fromISO(day, { zone: 'Europe/Zurich' }).toUTC().toISO()!;

beforeAll(async () => {
  app = await startSeededDemo();
  admin = await superAdmin(app.strapi, app.http);
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(async () => app?.stop());

type Flag = { id: number; meterNumber: string; rule: string; readingAt: string; message: string };
async function planted(): Promise<Flag[]> {
  const res = await admin.get('/utilities/validation/queue?pageSize=100');
  expect(res.status).toBe(200);
  return (res.body.data as Flag[]).filter((f) => f.meterNumber.startsWith('VEE-'));
}

it('flags each planted case with its rule, on the read that completes it — and nothing else there', async () => {
  expect((await planted()).map((f) => [f.meterNumber, f.rule, f.readingAt])).toEqual([
    ['VEE-EM-01', 'stuck', midnight('2024-04-17')],
    ['VEE-WM-01', 'spike', midnight('2024-04-01')],
    ['VEE-WM-02', 'gap', midnight('2024-04-16')],
    ['VEE-WM-03', 'continuous-flow', midnight('2024-04-26')],
  ]);
  const groups = (await admin.get('/utilities/validation/queue?pageSize=1')).body.meta.groups as {
    meterNumber: string;
    rule: string;
  }[];
  expect(groups.filter((g) => g.meterNumber.startsWith('VEE-')).map((g) => g.rule)).toEqual([
    'stuck',
    'spike',
    'gap',
    'continuous-flow',
  ]);
});

it('seeding again changes nothing: the same four flags, no second copy', async () => {
  const before = await planted();
  await seedDemo(app.strapi);
  expect(await planted()).toEqual(before);
});

it('estimating the spike and filling the gap take them out of the queue', async () => {
  const flags = await planted();
  const spike = flags.find((f) => f.rule === 'spike')!;
  const gap = flags.find((f) => f.rule === 'gap')!;
  const estimate = await admin.post('/utilities/validation/corrections', {
    action: 'estimate',
    readings: [spike.id],
    method: 'linear-interpolation',
  });
  expect([estimate.status, estimate.body.meta]).toEqual([200, { done: 1, refused: 0 }]);
  // 31 March 500 + 0.35 × 30 = 510.5, 2 April 511.2: 0.7 m³ over 47 hours, as 31 March
  // has 23 (summer time begins): 1 April 00:00 is 23 h in, 510.5 + 0.7 × 23 / 47 = 510.842553.
  expect((await admin.get(`/utilities/validation/readings/${spike.id}`)).body.data).toMatchObject({
    rawValue: '516.850',
    effectiveValue: '510.842553',
    state: 'estimated',
  });
  const fill = await admin.post(`/utilities/validation/readings/${gap.id}/fill`, {
    method: 'linear-interpolation',
  });
  expect([fill.status, fill.body.data?.filled?.length]).toEqual([200, 6]);
  expect((await planted()).map((f) => f.rule)).toEqual(['stuck', 'continuous-flow']);
});
