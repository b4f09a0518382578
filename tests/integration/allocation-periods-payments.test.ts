import type { SettlementResult, Statement } from '../../src/allocation';
import { ACTIONS, type ActionKey } from '../../src/permissions';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import { created, createBuilding, createParty, createPoint, person } from '../helpers/billing';
import { startStrapi, type TestApp } from '../helpers/strapi';

/**
 * Keys and schemes per accounting period, and recorded payments, over HTTP on
 * a real database. Building PP, 2024, common electricity 1000.00 (dated
 * 2024-06-30), shared 100 % by value quota (the default scheme):
 *
 *   flat  area  ‰ default   ‰ 2024 (period row, A only)
 *   A      70   600         500
 *   B      30   400         — (falls back to its default)
 *
 *   run 2024-01-01..2024-12-31: ‰ A 500 + B 400 = 900
 *     A 1000 × 500/900 = 555.555… → 555.55 + the cent of the larger remainder (.005 > .004) = 555.56
 *     B 1000 × 400/900 = 444.444… → 444.44                                       (sum 1000.00)
 *   run 2024-01-01..2024-06-30 (another period: only the defaults):
 *     A 1000 × 600/1000 = 600.00, B 400.00
 *   with a 2024 scheme "100 % area" as well: A 1000 × 70/100 = 700.00, B 300.00
 *
 * Anna (A) owes advances of 50.00 a month for "operating" from 2024-01-01: due 12 × 50.00 = 600.00.
 */
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};
const YEAR = { periodStart: '2024-01-01', periodEnd: '2024-12-31' };
const HALF = { periodStart: '2024-01-01', periodEnd: '2024-06-30' };
const YEAR_KEY = '2024-01-01..2024-12-31';

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  ids.owner = (await createParty(root, { kind: 'legal', companyName: 'Parkside Owners AG' })).documentId;
  ids.anna = (await person(root, 'Anna', 'Amrein')).documentId;
  ids.bruno = (await person(root, 'Bruno', 'Bühler')).documentId;
  ids.stranger = (await person(root, 'Sandro', 'Stranger')).documentId;
  ids.building = (await createBuilding(root, { code: 'PP', name: 'Parkside', owner: ids.owner })).documentId;
  ids.A = (await createPoint(root, { code: 'PP-A', name: 'Flat A', building: ids.building })).documentId;
  ids.B = (await createPoint(root, { code: 'PP-B', name: 'Flat B', building: ids.building })).documentId;
  for (const [point, party] of [
    [ids.A, ids.anna],
    [ids.B, ids.bruno],
  ])
    created(
      await root.post(`/utilities/billing-points/${point}/occupancies`, { party, entryDate: '2020-01-01' }),
      'occupancy',
    );
  for (const [point, heatedArea, valueQuota] of [
    [ids.A, '70', '600'],
    [ids.B, '30', '400'],
  ])
    created(
      await root.post('/utilities/allocation-keys', { billingPoint: point, heatedArea, valueQuota }),
      'keys',
    );
  created(
    await root.post('/utilities/cost-items', {
      building: ids.building,
      category: 'common-electricity',
      amount: '1000.00',
      date: '2024-06-30',
    }),
    'cost',
  );
  created(
    await root.post('/utilities/advance-payments', {
      billingPoint: ids.A,
      party: ids.anna,
      group: 'operating',
      monthlyAmount: '50.00',
      validFrom: '2024-01-01',
    }),
    'advance',
  );
});
afterAll(async () => app?.stop());

async function settle(period: typeof YEAR, extra: Record<string, unknown> = {}) {
  const res = await root.post('/utilities/settlement-runs', { building: ids.building, ...period, ...extra });
  expect([200, 201]).toContain(res.status);
  return res.body.data.result as SettlementResult;
}
const statementOf = (result: SettlementResult, point: string, party: string) =>
  result.statements.find((s: Statement) => s.billingPointId === ids[point] && s.partyId === ids[party])!;
const costOf = (result: SettlementResult, point: string, party: string) =>
  statementOf(result, point, party).cost;

describe('keys and schemes per accounting period', () => {
  it('a period row overrides the default for a run of exactly that period; other points keep theirs', async () => {
    expect(costOf(await settle(YEAR), 'A', 'anna')).toBe('600.00');
    const keys = created(
      await root.post('/utilities/allocation-keys', {
        billingPoint: ids.A,
        periodKey: YEAR_KEY,
        heatedArea: '70',
        valueQuota: '500',
      }),
      'period keys',
    );
    expect(keys.periodKey).toBe(YEAR_KEY);
    const year = await settle(YEAR);
    expect(costOf(year, 'A', 'anna')).toBe('555.56');
    expect(costOf(year, 'B', 'bruno')).toBe('444.44');
    expect(year.keyTotals['value-quota']).toBe('900');
    expect(year.totals).toMatchObject({ statements: '1000.00', balanced: true });
    const half = await settle(HALF);
    expect(costOf(half, 'A', 'anna')).toBe('600.00');
    expect(costOf(half, 'B', 'bruno')).toBe('400.00');
  });

  it('a period scheme overrides the default scheme of its category', async () => {
    created(
      await root.post('/utilities/allocation-schemes', {
        building: ids.building,
        category: 'common-electricity',
        periodKey: YEAR_KEY,
        parts: [{ key: 'area', percent: '100' }],
      }),
      'period scheme',
    );
    const year = await settle(YEAR);
    expect(costOf(year, 'A', 'anna')).toBe('700.00');
    expect(costOf(year, 'B', 'bruno')).toBe('300.00');
    expect(costOf(await settle(HALF), 'A', 'anna')).toBe('600.00');
  });

  it('refuses a second row for the same point and period (409), takes another period (201)', async () => {
    const again = await root.post('/utilities/allocation-keys', {
      billingPoint: ids.A,
      periodKey: YEAR_KEY,
      heatedArea: '1',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({
      code: 'allocation-duplicate',
      params: { entity: 'allocation-keys' },
    });
    // '' and null both name the default, which A has.
    for (const periodKey of ['', null, '  '])
      expect(
        (await root.post('/utilities/allocation-keys', { billingPoint: ids.A, periodKey, heatedArea: '1' }))
          .status,
      ).toBe(409);
    const scheme = await root.post('/utilities/allocation-schemes', {
      building: ids.building,
      category: 'common-electricity',
      periodKey: YEAR_KEY,
      parts: [{ key: 'value-quota', percent: '100' }],
    });
    expect(scheme.status).toBe(409);
    created(
      await root.post('/utilities/allocation-keys', {
        billingPoint: ids.A,
        periodKey: '2025-01-01..2025-12-31',
        heatedArea: '70',
      }),
      'keys of 2025',
    );
    const listed = await root.get(`/utilities/allocation-keys?billingPoint=${ids.A}&periodKey=default`);
    expect(listed.body.data.map((k: { periodKey: string }) => k.periodKey)).toEqual(['']);
    const ofYear = await root.get(
      `/utilities/allocation-keys?building=${ids.building}&periodKey=${YEAR_KEY}`,
    );
    expect(ofYear.body.data).toHaveLength(1);
  });

  it.each([
    ['not a period', '2024'],
    ['a day that does not exist', '2024-02-30..2024-12-31'],
    ['an end before the start', '2024-12-31..2024-01-01'],
    ['a period of more than five years', '2000-01-01..2024-12-31'],
    ['a number', 2024],
    ['hostile text', "'; DROP TABLE utilities_allocation_keys; --"],
  ])('refuses a malformed period key: %s (400)', async (_what, periodKey) => {
    const res = await root.post('/utilities/allocation-keys', {
      billingPoint: ids.B,
      periodKey,
      heatedArea: '1',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^periodKey: periodKey /);
  });

  it('refuses a malformed period filter (400)', async () => {
    const res = await root.get('/utilities/allocation-schemes?periodKey=last-year');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('periodKey');
  });
});

describe('recorded payments', () => {
  const payment = (body: Record<string, unknown>) =>
    root.post('/utilities/recorded-payments', {
      billingPoint: ids.A,
      party: ids.anna,
      group: 'operating',
      ...body,
    });
  const annaOn = async (basis: 'due' | 'paid') =>
    statementOf(await settle(YEAR, { advanceBasis: basis }), 'A', 'anna');

  it('changes the statement balance by exactly its amount when the run counts payments', async () => {
    // Cost of A in 2024 with the period scheme: 700.00 (see above).
    const before = await annaOn('paid');
    expect(before).toMatchObject({ cost: '700.00', advances: '0.00', balance: '700.00' });
    const paid = created(
      await payment({ amount: '250.00', date: '2024-03-31', reference: 'QR-0001' }),
      'payment',
    );
    expect(paid).toMatchObject({
      kind: 'payment',
      amount: '250.00',
      date: '2024-03-31',
      buildingRef: ids.building,
    });
    const after = await annaOn('paid');
    // 700.00 − 250.00 = 450.00: the balance moves by exactly the payment.
    expect(after).toMatchObject({ advances: '250.00', balance: '450.00' });
    expect(after.groups).toEqual([
      expect.objectContaining({ group: 'operating', advancesDue: '600.00', advancesPaid: '250.00' }),
    ]);
    created(await payment({ kind: 'refund', amount: '-20.00', date: '2024-04-02' }), 'refund');
    // A refund paid back raises it again: 450.00 + 20.00 = 470.00.
    expect(await annaOn('paid')).toMatchObject({ advances: '230.00', balance: '470.00' });
    // A payment dated after the period belongs to the next one.
    created(await payment({ amount: '50.00', date: '2025-01-05' }), 'payment of 2025');
    expect(await annaOn('paid')).toMatchObject({ balance: '470.00' });
    // Counting the advances due: 700.00 − 600.00 = 100.00, whatever was paid.
    expect(await annaOn('due')).toMatchObject({ advances: '600.00', balance: '100.00' });
  });

  it('lists the payments of a party, filtered', async () => {
    const res = await root.get(`/utilities/recorded-payments?party=${ids.anna}&kind=refund`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: { amount: string }) => p.amount)).toEqual(['-20.00']);
  });

  it('refuses a reference the building already has (409), and allows it after an edit frees it', async () => {
    const again = await payment({ amount: '10.00', date: '2024-05-01', reference: 'QR-0001' });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({
      code: 'allocation-duplicate',
      params: { entity: 'recorded-payment' },
    });
    const other = created(await payment({ amount: '10.00', date: '2024-05-01', reference: 'QR-0002' }), 'p2');
    const edited = await root.put(`/utilities/recorded-payments/${other.documentId}`, {
      billingPoint: ids.A,
      party: ids.anna,
      group: 'operating',
      amount: '10.00',
      date: '2024-05-01',
      reference: 'QR-0001',
    });
    expect(edited.status).toBe(409);
    expect((await root.delete(`/utilities/recorded-payments/${other.documentId}`)).status).toBe(200);
  });

  it.each([
    ['a negative payment', { amount: '-5.00', date: '2024-05-01' }, 'payment-amount-negative'],
    ['a positive refund', { kind: 'refund', amount: '5.00', date: '2024-05-01' }, 'payment-refund-positive'],
    ['a zero', { amount: '0.00', date: '2024-05-01' }, 'payment-amount-zero'],
    ['fractions of a cent', { amount: '10.005', date: '2024-05-01' }, 'payment-amount-cents'],
    ['a party that never lived there', { party: 'x', date: '2024-05-01', amount: '1.00' }, null],
    ['an unknown group', { group: 'yacht', amount: '1.00', date: '2024-05-01' }, 'payment-unknown-group'],
  ])('refuses %s (400)', async (_what, body, code) => {
    const res = await payment(body);
    expect(res.status).toBe(400);
    if (code) expect(res.body.error.details).toMatchObject({ code });
  });

  it('refuses a party without an occupancy of the point (400)', async () => {
    const res = await payment({ party: ids.stranger, amount: '1.00', date: '2024-05-01' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({
      code: 'payment-party-not-occupant',
      params: { point: 'PP-A' },
    });
  });

  it.each([
    ['a day that does not exist', { date: '2024-02-30' }],
    ['a date before 1900', { date: '1800-01-01' }],
    ['a date in another format', { date: '31.03.2024' }],
    ['no date', {}],
    ['an amount that is no number', { amount: '1e400', date: '2024-05-01' }],
    ['an unknown kind', { kind: 'gift', date: '2024-05-01' }],
    ['a field it does not know', { date: '2024-05-01', iban: 'CH00' }],
    ['an overlong reference', { date: '2024-05-01', reference: 'R'.repeat(5000) }],
  ])('refuses %s (400), storing nothing', async (_what, body) => {
    const count = async () => (await root.get('/utilities/recorded-payments')).body.meta.pagination.total;
    const before = await count();
    const res = await payment({ amount: '1.00', ...body });
    expect(res.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('refuses a body that is no object (400)', async () => {
    const res = await root.post('/utilities/recorded-payments', [1, 2]);
    expect(res.status).toBe(400);
  });

  it('cannot be added, changed or removed in a finalized period (409)', async () => {
    const extra = created(await payment({ amount: '5.00', date: '2024-07-01' }), 'extra');
    const run = await root.post('/utilities/settlement-runs', { building: ids.building, ...YEAR });
    const runId = run.body.data.documentId;
    expect((await root.post(`/utilities/settlement-runs/${runId}/finalize`)).status).toBe(200);
    const add = await payment({ amount: '5.00', date: '2024-08-01' });
    expect(add.status).toBe(409);
    expect(add.body.error.details).toMatchObject({ code: 'period-finalized', params: { what: 'payments' } });
    expect((await root.delete(`/utilities/recorded-payments/${extra.documentId}`)).status).toBe(409);
    // The next period is open.
    expect((await payment({ amount: '5.00', date: '2025-02-01' })).status).toBe(201);
    expect((await root.post(`/utilities/settlement-runs/${runId}/void`)).status).toBe(200);
    expect((await root.delete(`/utilities/recorded-payments/${extra.documentId}`)).status).toBe(200);
  });

  it.each([
    ['allocation.read', (a: Agent) => a.get('/utilities/recorded-payments')],
    [
      'allocation.write',
      (a: Agent) =>
        a.post('/utilities/recorded-payments', {
          billingPoint: ids.B,
          party: ids.bruno,
          group: 'operating',
          amount: '1.00',
          date: '2025-03-01',
        }),
    ],
  ] as const)('needs %s', async (action, call) => {
    const others = (Object.keys(ACTIONS) as ActionKey[]).filter((a) => a !== action);
    expect((await call(await adminWith(app.strapi, app.http, others))).status).toBe(403);
    expect([200, 201]).toContain((await call(await adminWith(app.strapi, app.http, [action]))).status);
  });
});
