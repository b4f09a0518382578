import path from 'node:path';
import type { Statement } from '../../src/allocation';
import { DEMO_BOOT_TIMEOUT_MS, PLAYGROUND, startSeededDemo, type TestApp } from '../helpers/strapi';
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
 *
 * The other categories of DL-02, the same way (building cents → DL-02 → Anna 181 / Ben 184 days;
 * leap year 182 / 184 in brackets). Heated areas Σ 898 m², heat Σ 86 700 kWh, hot water Σ 397 m³,
 * value quotas Σ 1000 ‰:
 *   heating electricity 134 044: 30 % 40 213 × 85/898 = 3806.35 → 3806 → Anna 1887.36 → 1887 (1892.70 → 1893),
 *     70 % 93 831 × 7600/86 700 = 8225.09 → 8225 → Anna 4078.70 → 4079 (4090.03 → 4090)   = 59.66 (59.83)
 *   maintenance 92 966: 30 % 27 890 × 85/898 = 2639.92 → 2640 → 1309.15 → 1309 (1312.79 → 1313),
 *     70 % 65 076 × 7600/86 700 = 5704.47 → 5704 → 2828.56 → 2829 (2836.33 → 2836)          = 41.38 (41.49)
 *   hot water 372 945 × 45/397 = 42 273.36 → 42 273 → Anna 20 962.78 → 20 963 (21 020.61 → 21 021) = 209.63 (210.21)
 *   water/sewage 281 668 × 85/898 = 26 661.22 → 26 661 → 13 220.93 → 13 221 (13 257.80 → 13 258)  = 132.21 (132.58)
 *   common electricity by ‰: 214 097 × 100/1000 = 21 409.7; the building's floors leave 7 cents, given to
 *     the largest fractions .91 (DL-10), .82 (DL-09), .70 (DL-01, DL-02), .67 (DL-03, -04, -05 of the four
 *     tied at .67: ties go by code) → 21 410;
 *     Anna 21 410 × 181/365 = 10 617.01 → 10 617 (10 647.16 → 10 647)                       = 106.17 (106.47)
 *   caretaking by ‰: 600 000 × 100/1000 = 60 000 exactly (every flat 6.00 CHF per ‰);
 *     Anna 60 000 × 181/365 = 29 753.42 → 29 753, Ben 30 246.58 → 30 247 (29 836.07 → 29 836 / 30 164)
 *                                                                                          = 297.53 (298.36)
 *   Anna: heating group 741.54 + 59.66 + 41.38 + 209.63 = 1052.21 − 816.00 = 236.21 to pay;
 *         operating 106.17 + 132.21 + 297.53 = 535.91 − 408.00 = 127.91;  cost 1588.12, balance 364.12 to pay.
 *     (leap: 743.60 + 59.83 + 41.49 + 210.21 = 1055.13 − 816.00 = 239.13; 106.47 + 132.58 + 298.36 = 537.41
 *      − 408.00 = 129.41; cost 1592.54, balance 368.54.)
 *   Ben Keller, 1 July – 31 December (184 days), the rest of each DL-02 amount:
 *     heating 753.82 + 60.65 + 42.06 + 213.10 = 1069.63, operating 107.93 + 134.40 + 302.47 = 544.80,
 *     cost 1614.43; advances six months 816.00 + 408.00 = 1224.00; balance 390.43 to pay.
 *     (leap: 751.76 + 60.48 + 41.95 + 212.52 = 1066.71, 107.63 + 134.03 + 301.64 = 543.30, cost 1610.01,
 *      balance 386.01.)
 *
 * @sqlite-only the demo heating year’s settlement worked by hand; its queries are allocation’s
 * and allocation-periods-payments’ on every database.
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
  app = await startSeededDemo();
  admin = await superAdmin(app.strapi, app.http);
}, DEMO_BOOT_TIMEOUT_MS);
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

  it('shares common costs by value quota (‰): caretaking 6.00 CHF per ‰, common electricity by largest remainder', async () => {
    const run = await demoRun();
    const codes = ['DL-01', 'DL-02', 'DL-03', 'DL-04', 'DL-05', 'DL-06', 'DL-07', 'DL-08', 'DL-09', 'DL-10'];
    const ids = await Promise.all(codes.map(pointId));
    const amount = (code: string, category: string) =>
      run.result.billingPoints
        .find((p: { billingPointId: string }) => p.billingPointId === ids[codes.indexOf(code)])
        .categories.find((c: { code: string }) => c.code === category).amount;
    // ‰ 100, 100, 110 × 4, 130, 140, 60, 30 → × 6.00
    expect(codes.map((c) => amount(c, 'caretaking'))).toEqual([
      '600.00',
      '600.00',
      '660.00',
      '660.00',
      '660.00',
      '660.00',
      '780.00',
      '840.00',
      '360.00',
      '180.00',
    ]);
    // 214 097 cents × ‰ / 1000, floors + the 7 cents to the largest fractions (see the calculation above).
    // The four flats of 110 ‰ tie at .67: three get the cent, by billing-point code — DL-03, DL-04
    // and DL-05; DL-06 does not.
    const electricity = codes.map((c) => amount(c, 'common-electricity'));
    expect(electricity).toEqual([
      '214.10',
      '214.10',
      '235.51',
      '235.51',
      '235.51',
      '235.50',
      '278.32',
      '299.73',
      '128.46',
      '64.23',
    ]);
    expect(electricity.reduce((sum, a) => sum.add(a), new Dec(0)).toFixed(2)).toBe('2140.97');
  });

  it('sets each mover’s advances against their share: the balance per tenant of the hand calculation', async () => {
    const run = await demoRun();
    const dl02 = await pointId('DL-02');
    const meier = await partyId('Anna Meier');
    const keller = await partyId('Ben Keller');
    const find = (party: string): Statement =>
      run.result.statements.find((s: Statement) => s.billingPointId === dl02 && s.partyId === party);
    const anna = find(meier);
    const ben = find(keller);
    const byCategory = (s: Statement) => s.categories.map((c) => [c.code, c.amount]);
    expect(byCategory(anna)).toEqual([
      ['heating-energy', LEAP ? '743.60' : '741.54'],
      ['heating-electricity', LEAP ? '59.83' : '59.66'],
      ['maintenance', LEAP ? '41.49' : '41.38'],
      ['hot-water', LEAP ? '210.21' : '209.63'],
      ['common-electricity', LEAP ? '106.47' : '106.17'],
      ['water-sewage', LEAP ? '132.58' : '132.21'],
      ['caretaking', LEAP ? '298.36' : '297.53'],
    ]);
    expect(anna.groups.map((g) => [g.group, g.cost, g.advances, g.balance])).toEqual(
      LEAP
        ? [
            ['heating', '1055.13', '816.00', '239.13'],
            ['operating', '537.41', '408.00', '129.41'],
          ]
        : [
            ['heating', '1052.21', '816.00', '236.21'],
            ['operating', '535.91', '408.00', '127.91'],
          ],
    );
    expect([anna.cost, anna.advances, anna.balance, anna.outcome]).toEqual(
      LEAP ? ['1592.54', '1224.00', '368.54', 'to-pay'] : ['1588.12', '1224.00', '364.12', 'to-pay'],
    );
    expect(ben.days).toBe(184);
    expect(ben.periods).toEqual([{ from: `${Y}-07-01`, to: `${Y}-12-31` }]);
    expect(ben.groups.map((g) => [g.group, g.cost, g.advances])).toEqual(
      LEAP
        ? [
            ['heating', '1066.71', '816.00'],
            ['operating', '543.30', '408.00'],
          ]
        : [
            ['heating', '1069.63', '816.00'],
            ['operating', '544.80', '408.00'],
          ],
    );
    expect([ben.cost, ben.advances, ben.balance, ben.outcome]).toEqual(
      LEAP ? ['1610.01', '1224.00', '386.01', 'to-pay'] : ['1614.43', '1224.00', '390.43', 'to-pay'],
    );
    // The two movers bear DL-02's whole share between them, to the cent.
    const point = run.result.billingPoints.find((p: { billingPointId: string }) => p.billingPointId === dl02);
    expect(new Dec(anna.cost).add(ben.cost).eq(point.total)).toBe(true);
  });

  it('gives every tenant a balance of share − advances, and the statements add up to the costs', async () => {
    const run = await demoRun();
    let costs = new Dec(0);
    for (const s of run.result.statements as Statement[]) {
      expect([s.partyId, new Dec(s.cost).sub(s.advances).eq(s.balance)]).toEqual([s.partyId, true]);
      for (const g of s.groups)
        expect([s.partyId, g.group, new Dec(g.cost).sub(g.advances).eq(g.balance)]).toEqual([
          s.partyId,
          g.group,
          true,
        ]);
      costs = costs.add(s.cost);
    }
    expect(costs.toFixed(2)).toBe('33617.25');
  });
});
