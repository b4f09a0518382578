import path from 'node:path';
import type { Statement } from '../../src/allocation';
import { startStrapi, PLAYGROUND, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { Dec } from '../../src/charging/decimal';

/**
 * The playground's demo heating year (playground/src/demo/allocation.js): the
 * Lakeside Residence's costs of last year settled by keys in a draft run.
 *
 * Hand calculation of the building's costs (VAT per item, half up):
 *   heating energy 7405.28 + 1600.10 + 1211.53 + 6443.14 = 16 660.05
 *     (6850.40 + 554.88, 1480.20 + 119.90, 1120.75 + 90.78, 5960.35 + 482.79)
 *   heating electricity 1240.00 + 100.44 = 1340.44; maintenance 860.00 + 69.66 = 929.66;
 *   hot water 3450.00 + 279.45 = 3729.45; common electricity 1980.55 + 160.42 = 2140.97;
 *   water/sewage 2745.30 + 2.6 % 71.38 = 2816.68; caretaking 6000.00.   Total 33 617.25.
 *
 * Anna Meier, DL-02 (85 m², heat 7600 kWh), 1 January – 30 June, heating energy:
 *   parts of 1 666 005 cents: 30 % = 499 801.5, 70 % = 1 166 203.5 → the cent to the first: 499 802 / 1 166 203.
 *   area: 499 802 × 85 / 898 m² = 47 308.65 → 47 308 (the building's remaining cents go to larger fractions);
 *   heat: 1 166 203 × 7600 / 86 700 kWh = 102 227.71 → 102 228.
 *   her days: 181 of 365 (182 of 366 in a leap year) against Ben Keller's 184:
 *     area 47 308 × 181/365 = 23 459.58 → 23 460;  heat 102 228 × 181/365 = 50 693.88 → 50 694
 *     → 234.60 + 506.94 = 741.54   (leap year: 23 524.74 → 23 525, 50 834.69 → 50 835 → 743.60).
 *   Her advances: heating 85 × 1.60 = 136.00 and operating 85 × 0.80 = 68.00 a month, six months:
 *     816.00 + 408.00 = 1224.00, deducted from her share of all categories.
 */
let app: TestApp;
let admin: Agent;
const Y = new Date().getUTCFullYear() - 1;
const LEAP = new Date(Date.UTC(Y, 1, 29)).getUTCMonth() === 1;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedDemo } = require(path.join(PLAYGROUND, 'src', 'demo', 'seed.js')) as {
  seedDemo: (strapi: unknown) => Promise<void>;
};

beforeAll(async () => {
  app = await startStrapi();
  await seedDemo(app.strapi);
  admin = await superAdmin(app.strapi, app.http);
});
afterAll(async () => app?.stop());

async function demoRun() {
  const building = await app.strapi.db
    .query('plugin::utilities.building')
    .findOne({ where: { code: 'DEMO-LAKE' } });
  const list = await admin.get(`/utilities/settlement-runs?building=${building.documentId}`);
  expect(list.status).toBe(200);
  const runs = list.body.data.filter(
    (r: { documentId: string; periodStart: string; periodEnd: string }) =>
      r.periodStart === `${Y}-01-01` && r.periodEnd === `${Y}-12-31`,
  );
  expect(runs).toHaveLength(1);
  const res = await admin.get(`/utilities/settlement-runs/${runs[0].documentId}`);
  expect(res.status).toBe(200);
  return res.body.data;
}

const pointId = async (code: string) =>
  (await app.strapi.db.query('plugin::utilities.billing-point').findOne({ where: { code } })).documentId;
const partyId = async (displayName: string) =>
  (await app.strapi.db.query('plugin::utilities.party').findOne({ where: { displayName } })).documentId;

describe('the demo heating year', () => {
  it('is a draft settlement that balances to the cent, with the parking spaces left out', async () => {
    const run = await demoRun();
    expect(run.status).toBe('draft');
    expect(run.result.totals).toEqual({
      cost: '33617.25',
      allocated: '33617.25',
      unallocated: '0.00',
      statements: '33617.25',
      balanced: true,
    });
    expect(run.result.exceptions).toEqual([]);
    expect(run.options.leftOut.map((l: { code: string }) => l.code)).toEqual(['DL-11', 'DL-12']);
    expect(run.result.categories.map((c: { code: string; total?: string }) => [c.code, c.total])).toEqual([
      ['heating-energy', '16660.05'],
      ['heating-electricity', '1340.44'],
      ['maintenance', '929.66'],
      ['hot-water', '3729.45'],
      ['common-electricity', '2140.97'],
      ['water-sewage', '2816.68'],
      ['caretaking', '6000.00'],
    ]);
  });

  it('gives the tenant who moved out mid-year a statement for her days with her advances deducted', async () => {
    const run = await demoRun();
    const dl02 = await pointId('DL-02');
    const meier = await partyId('Anna Meier');
    const statement = run.result.statements.find(
      (s: Statement) => s.billingPointId === dl02 && s.partyId === meier,
    );
    expect(statement.days).toBe(LEAP ? 182 : 181);
    expect(statement.periods).toEqual([{ from: `${Y}-01-01`, to: `${Y}-06-30` }]);
    const heating = statement.categories.find(
      (c: { code: string; total?: string }) => c.code === 'heating-energy',
    );
    expect(
      heating.parts.map((p: { key: string; billingPointAmount: string; amount: string }) => [
        p.key,
        p.billingPointAmount,
        p.amount,
      ]),
    ).toEqual(
      LEAP
        ? [
            ['area', '473.08', '235.25'],
            ['heat', '1022.28', '508.35'],
          ]
        : [
            ['area', '473.08', '234.60'],
            ['heat', '1022.28', '506.94'],
          ],
    );
    expect(heating.amount).toBe(LEAP ? '743.60' : '741.54');
    expect(statement.groups.map((g: { group: string; advances: string }) => [g.group, g.advances])).toEqual([
      ['heating', '816.00'],
      ['operating', '408.00'],
    ]);
    expect(statement.advances).toBe('1224.00');
    expect(new Dec(statement.cost).sub('1224.00').eq(statement.balance)).toBe(true);
  });

  it('charges the vacancy to the owner', async () => {
    const run = await demoRun();
    const dl05 = await pointId('DL-05');
    const owner = await partyId('Immo Léman SA');
    const statement = run.result.statements.find(
      (s: Statement) => s.billingPointId === dl05 && s.partyId === owner,
    );
    expect(statement).toMatchObject({ role: 'owner', days: 92, advances: '0.00' });
    expect(statement.periods).toEqual([{ from: `${Y}-10-01`, to: `${Y}-12-31` }]);
  });

  it('is idempotent: seeding again adds nothing and recomputes the same draft', async () => {
    const count = () => app.strapi.db.query('plugin::utilities.cost-item').count({});
    const before = [await count(), (await demoRun()).result];
    await seedDemo(app.strapi);
    expect([await count(), (await demoRun()).result]).toEqual(before);
  });
});
