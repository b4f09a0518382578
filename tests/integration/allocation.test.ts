import { getWorkbook } from '../helpers/workbook';
import type { SettlementResult, Statement } from '../../src/allocation';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import { created, createBuilding, createParty, createPoint, person } from '../helpers/billing';
import { ACTIONS, type ActionKey } from '../../src/permissions';

/**
 * The annual settlement over HTTP on a real database — the hand-worked example
 * of tests/unit/allocation/settlement.test.ts entered as an editor would:
 *
 *   Lakeside, 2023 (365 days); heating oil 925.07 + 8.1 % VAT (74.93) = 1000.00,
 *   VEWA 30 % area (300.00) / 70 % heat (700.00).
 *   flat  area  ‰    heat   occupied by
 *   A     100   500  3000   Anna all year                    → 150.00 + 350.00 = 500.00
 *   B      60   300  2000   Xaver to 30 April (120 days),    → 29.59 + 76.71 = 106.30
 *                           Yvonne from 1 May (245 days)     → 60.41 + 156.62 = 217.03
 *   C      40   200  1000   vacant: the owner                →  60.00 + 116.67 = 176.67
 *   Advances (heating): Xaver 30.00 × 4 months = 120.00 → balance −13.70 (refund);
 *   Yvonne 20.00 × 5 + 25.00 × 3 = 175.00 → balance 42.03 (to pay).
 */
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};
const PERIOD = { periodStart: '2023-01-01', periodEnd: '2023-12-31' };

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  ids.owner = (await createParty(root, { kind: 'legal', companyName: 'Lakeside Owners AG' })).documentId;
  ids.anna = (await person(root, 'Anna', 'Aebi')).documentId;
  ids.xaver = (await person(root, 'Xaver', 'Xander')).documentId;
  ids.yvonne = (await person(root, 'Yvonne', 'Ypsilon')).documentId;
  ids.building = (
    await createBuilding(root, { code: 'LS', name: 'Lakeside', owner: ids.owner, timezone: 'Europe/Zurich' })
  ).documentId;
  for (const [code, name] of [
    ['A', 'Flat A'],
    ['B', 'Flat B'],
    ['C', 'Flat C'],
  ])
    ids[code] = (await createPoint(root, { code: `LS-${code}`, name, building: ids.building })).documentId;
  const occupy = async (point: string, party: string, entryDate: string, exitDate: string | null) =>
    created(
      await root.post(`/utilities/billing-points/${point}/occupancies`, { party, entryDate, exitDate }),
      'occupancy',
    );
  await occupy(ids.A, ids.anna, '2020-04-01', null);
  await occupy(ids.B, ids.xaver, '2019-06-01', '2023-04-30');
  await occupy(ids.B, ids.yvonne, '2023-05-01', null);
  for (const [code, area, quota, heat] of [
    ['A', '100', '500', '3000'],
    ['B', '60', '300', '2000'],
    ['C', '40', '200', '1000'],
  ]) {
    await created(
      await root.post('/utilities/allocation-keys', {
        billingPoint: ids[code],
        heatedArea: area,
        valueQuota: quota,
      }),
      `keys ${code}`,
    );
    ids[`heat${code}`] = (
      await created(
        await root.post('/utilities/allocation-measurements', {
          billingPoint: ids[code],
          key: 'heat',
          from: '2023-01-01',
          to: '2023-12-31',
          consumption: heat,
        }),
        `heat ${code}`,
      )
    ).documentId;
  }
  ids.oil = (
    await created(
      await root.post('/utilities/cost-items', {
        building: ids.building,
        category: 'heating-energy',
        amount: '925.07',
        vatRatePercent: '8.1',
        date: '2023-10-15',
        supplier: 'Seeland Oil AG',
      }),
      'oil',
    )
  ).documentId;
  const advance = (party: string, monthlyAmount: string, validFrom: string, validTo: string | null) =>
    root.post('/utilities/advance-payments', {
      billingPoint: ids.B,
      party,
      group: 'heating',
      monthlyAmount,
      validFrom,
      validTo,
    });
  await created(await advance(ids.xaver, '30.00', '2022-01-01', '2023-04-30'), 'advance x');
  await created(await advance(ids.yvonne, '20.00', '2023-05-01', '2023-09-30'), 'advance y');
  await created(await advance(ids.yvonne, '25.00', '2023-10-01', null), 'advance y 2');
});
afterAll(async () => app?.stop());

const statement = (run: { result: SettlementResult }, point: string, party: string) =>
  run.result.statements.find((s: Statement) => s.billingPointId === ids[point] && s.partyId === ids[party]);

describe('the settlement run', () => {
  let runId: string;

  it('drafts statements that match the hand calculation and balance to the cent', async () => {
    const res = await root.post('/utilities/settlement-runs', { building: ids.building, ...PERIOD });
    expect(res.status).toBe(201);
    const run = res.body.data;
    runId = run.documentId;
    expect(run.status).toBe('draft');
    expect(run.result.totals).toEqual({
      cost: '1000.00',
      allocated: '1000.00',
      unallocated: '0.00',
      statements: '1000.00',
      balanced: true,
    });
    expect(statement(run, 'A', 'anna')).toMatchObject({ cost: '500.00', days: 365, balance: '500.00' });
    expect(statement(run, 'B', 'xaver')).toMatchObject({
      days: 120,
      cost: '106.30',
      advances: '120.00',
      balance: '-13.70',
      outcome: 'to-refund',
    });
    expect(statement(run, 'B', 'yvonne')).toMatchObject({
      days: 245,
      cost: '217.03',
      advances: '175.00',
      balance: '42.03',
      outcome: 'to-pay',
    });
    expect(statement(run, 'C', 'owner')).toMatchObject({ role: 'owner', cost: '176.67', balance: '176.67' });
  });

  it('replaces the draft when run again (200)', async () => {
    const res = await root.post('/utilities/settlement-runs', { building: ids.building, ...PERIOD });
    expect(res.status).toBe(200);
    expect(res.body.meta.replaced).toBe(true);
    expect(res.body.data.documentId).toBe(runId);
  });

  it('exports the statements as CSV', async () => {
    const res = await root.get(`/utilities/settlement-runs/${runId}/statements.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Billing point,Party,Role,Days,Category,Key,Share %,Key value,Key total,Billing point amount,Amount,Advances,Balance',
    );
    expect(lines).toContain(`LS-B Flat B,${ids.yvonne},occupant,245,Total,,,,,,217.03,175.00,42.03`);
    expect(lines).toContain(
      `LS-C Flat C,${ids.owner},owner,365,Heating energy,heat meter (kWh),70,1000,6000,116.67,116.67,,`,
    );
  });

  it('exports statements, costs and billing points as an XLSX workbook of number cells', async () => {
    const { res, workbook } = await getWorkbook(root, `/utilities/settlement-runs/${runId}/statements.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(res.headers['content-disposition']).toContain(`settlement-2023-01-01-2023-12-31-${runId}.xlsx`);
    const values = (name: string) =>
      workbook
        .getWorksheet(name)!
        .getSheetValues()
        .slice(3)
        .map((row) => (row as unknown[]).slice(1));
    expect(values('Statements')).toContainEqual([
      'LS-B Flat B',
      ids.yvonne,
      'occupant',
      245,
      'Total',
      '',
      '',
      '',
      '',
      '',
      217.03,
      175,
      42.03,
    ]);
    expect(values('Costs')).toContainEqual([
      'Heating energy',
      '2023-10-15',
      'Seeland Oil AG',
      '',
      'yes',
      925.07,
      8.1,
      74.93,
      1000,
    ]);
    const points = values('Billing points');
    // Key totals (area, ‰, persons, units, heat, hot water, cold water), heating energy, total.
    expect(points.at(-1)).toEqual(['Total', 200, 1000, 0, 3, 6000, '', '', 1000, 1000]);
  });

  it('finalizes, locks the period, and releases it when voided', async () => {
    const finalized = await root.post(`/utilities/settlement-runs/${runId}/finalize`);
    expect(finalized.status).toBe(200);
    expect(finalized.body.data.status).toBe('finalized');

    const edit = await root.put(`/utilities/cost-items/${ids.oil}`, {
      building: ids.building,
      category: 'heating-energy',
      amount: '999.00',
      date: '2023-10-15',
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toContain(`finalized in settlement run ${runId}`);
    // The admin words it from the code and params, in its own language.
    expect(edit.body.error.details).toMatchObject({
      code: 'period-finalized',
      params: { from: PERIOD.periodStart, to: PERIOD.periodEnd, run: runId, what: 'costs' },
    });
    const add = await root.post('/utilities/cost-items', {
      building: ids.building,
      category: 'caretaking',
      amount: '10.00',
      date: '2023-02-01',
    });
    expect(add.status).toBe(409);
    expect((await root.delete(`/utilities/cost-items/${ids.oil}`)).status).toBe(409);
    const again = await root.post('/utilities/settlement-runs', { building: ids.building, ...PERIOD });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({
      code: 'period-finalized',
      params: { run: runId, what: 'run' },
    });
    // A cost of another year is not locked.
    expect(
      (
        await root.post('/utilities/cost-items', {
          building: ids.building,
          category: 'caretaking',
          amount: '10.00',
          date: '2024-02-01',
        })
      ).status,
    ).toBe(201);
    const twice = await root.post(`/utilities/settlement-runs/${runId}/finalize`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.details).toEqual({
      code: 'settlement-not-draft',
      params: { run: runId, status: 'finalized' },
    });

    const voided = await root.post(`/utilities/settlement-runs/${runId}/void`);
    expect(voided.status).toBe(200);
    expect(voided.body.data.status).toBe('void');
    const stored = await root.get(`/utilities/cost-items/${ids.oil}`);
    expect(stored.body.data).toMatchObject({ amount: '925.07', vatRatePercent: '8.1' });
    const editAfter = await root.put(`/utilities/cost-items/${ids.oil}`, {
      building: ids.building,
      category: 'heating-energy',
      amount: '925.07',
      vatRatePercent: '8.1',
      date: '2023-10-15',
      supplier: 'Seeland Oil AG',
    });
    expect(editAfter.status).toBe(200);
  });

  it('refuses to finalize a settlement with a missing meter, and lists the exception', async () => {
    expect((await root.delete(`/utilities/allocation-measurements/${ids.heatC}`)).status).toBe(200);
    const res = await root.post('/utilities/settlement-runs', { building: ids.building, ...PERIOD });
    expect(res.status).toBe(201);
    expect(res.body.data.result.exceptions.map((e: { kind: string }) => e.kind)).toEqual([
      'missing-meter',
      'category-not-allocated',
    ]);
    const finalize = await root.post(`/utilities/settlement-runs/${res.body.data.documentId}/finalize`);
    expect(finalize.status).toBe(409);
    expect(finalize.body.error.message).toContain('1000.00 CHF not allocated');
    expect(finalize.body.error.details).toMatchObject({
      code: 'settlement-has-exceptions',
      params: { count: 2, unallocated: '1000.00', currency: 'CHF' },
    });
    // Estimated from the area key when asked: C = 0 measured + 5000 × 40 × 365 / (160 × 365) = 1250.
    const estimated = await root.post('/utilities/settlement-runs', {
      building: ids.building,
      ...PERIOD,
      estimateMissingMeters: true,
    });
    expect(estimated.status).toBe(200);
    expect(estimated.body.data.result.estimates[0].message).toContain('estimated 1250 from the area key');
    expect(estimated.body.data.result.totals.balanced).toBe(true);
  });
});

describe('bad input is a 400 naming the problem, never a 500', () => {
  it.each([
    [
      'a negative cost outside a credit category',
      '/utilities/cost-items',
      () => ({ building: ids.building, category: 'caretaking', amount: '-5.00', date: '2023-03-01' }),
      'A negative amount is a credit and belongs in a credit category; "caretaking" is not one',
    ],
    [
      'scheme shares not adding up to 100 %',
      '/utilities/allocation-schemes',
      () => ({
        building: ids.building,
        category: 'heating-energy',
        parts: [
          { key: 'area', percent: '30' },
          { key: 'heat', percent: '60' },
        ],
      }),
      'parts: The shares add up to 90 %, not 100 %',
    ],
    [
      'a heated area of 0',
      '/utilities/allocation-keys',
      () => ({ billingPoint: ids.A, heatedArea: '0' }),
      'heatedArea: heatedArea must be greater than 0',
    ],
    [
      'an unknown category',
      '/utilities/cost-items',
      () => ({ building: ids.building, category: 'yacht', amount: '5.00', date: '2023-03-01' }),
      'Category "yacht" is neither a default category nor defined by a scheme of this building',
    ],
    [
      'a period ending before it starts',
      '/utilities/settlement-runs',
      () => ({ building: ids.building, periodStart: '2023-12-31', periodEnd: '2023-01-01' }),
      'periodEnd: periodEnd must not be before periodStart',
    ],
  ])('%s', async (_what, url, body, message) => {
    const res = await root.post(url, body());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
  });

  it('refuses keys that sum to zero when the run needs them', async () => {
    const building = (await createBuilding(root, { code: 'ZQ', name: 'Zero quota', owner: ids.owner }))
      .documentId;
    const point = (await createPoint(root, { code: 'ZQ-1', name: 'Shop', building })).documentId;
    await created(
      await root.post('/utilities/allocation-keys', {
        billingPoint: point,
        heatedArea: '50',
        valueQuota: '0',
      }),
      'keys',
    );
    await created(
      await root.post('/utilities/cost-items', {
        building,
        category: 'common-electricity',
        amount: '80.00',
        date: '2023-05-01',
      }),
      'cost',
    );
    const res = await root.post('/utilities/settlement-runs', { building, ...PERIOD });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Category "common-electricity" is shared by value quota (‰), but that key sums to 0 over the building\'s billing points',
    );
    expect(res.body.error.details).toMatchObject({
      code: 'allocation-key-zero',
      params: { category: 'common-electricity', key: 'value-quota' },
    });
  });

  it('refuses a second keys record for one billing point (409)', async () => {
    const res = await root.post('/utilities/allocation-keys', { billingPoint: ids.A, heatedArea: '10' });
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({
      code: 'allocation-duplicate',
      params: { entity: 'allocation-keys' },
    });
  });
});

describe('every allocation route is guarded by its action', () => {
  const routes: {
    action: ActionKey;
    call: (a: Agent) => Promise<{ status: number; body: { error?: { name: string } } }>;
  }[] = [
    { action: 'allocation.read', call: (a) => a.get('/utilities/cost-items') },
    { action: 'allocation.read', call: (a) => a.get('/utilities/settlement-runs') },
    {
      action: 'allocation.write',
      call: (a) =>
        a.post('/utilities/cost-items', {
          building: ids.building,
          category: 'other',
          amount: '1.00',
          date: '2025-01-01',
        }),
    },
    {
      action: 'allocation.run',
      call: (a) =>
        a.post('/utilities/settlement-runs', {
          building: ids.building,
          periodStart: '2025-01-01',
          periodEnd: '2025-12-31',
        }),
    },
  ];

  it.each(routes.map((r) => [r.action, r] as const))('without %s → 403', async (action, route) => {
    const others = (Object.keys(ACTIONS) as ActionKey[]).filter((a) => a !== action);
    const res = await route.call(await adminWith(app.strapi, app.http, others));
    expect(res.status).toBe(403);
    expect(res.body.error?.name).toBe('PolicyError');
  });

  it.each(routes.map((r) => [r.action, r] as const))('with only %s → allowed', async (action, route) => {
    const res = await route.call(await adminWith(app.strapi, app.http, [action]));
    expect([200, 201]).toContain(res.status);
  });

  it('finalize and void need allocation.finalize', async () => {
    const run = await root.post('/utilities/settlement-runs', {
      building: ids.building,
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
    });
    const id = run.body.data.documentId;
    const others = (Object.keys(ACTIONS) as ActionKey[]).filter((a) => a !== 'allocation.finalize');
    const editor = await adminWith(app.strapi, app.http, others);
    expect((await editor.post(`/utilities/settlement-runs/${id}/void`)).status).toBe(403);
    const finalizer = await adminWith(app.strapi, app.http, ['allocation.finalize']);
    expect((await finalizer.post(`/utilities/settlement-runs/${id}/void`)).status).toBe(200);
  });
});

describe('cost items imported from CSV', () => {
  const csv = [
    'Category;Amount;VAT;Date;Supplier',
    "heating-energy;1'000,00;8,1;15.01.2030;Seeland Oil AG",
    'heating-energy;1000;8.1;2030-01-15;seeland oil ag',
    'firewood;50;;2030-01-16;',
    'other;-5;;2030-01-17;',
    'other;10;;31.02.2030;',
    "=cmd|' /C calc'!A0;10;;2030-01-18;",
  ].join('\r\n');

  it('stores the good lines and gives every line its outcome', async () => {
    const res = await root.post('/utilities/cost-items/import', { building: ids.building, csv });
    expect(res.status).toBe(200);
    expect(res.body.meta).toEqual({ created: 1, duplicate: 1, rejected: 4, interruptions: [] });
    const [created, ...rest] = res.body.data;
    expect(created).toMatchObject({ line: 2, outcome: 'created' });
    expect(rest.map((o: { line: number; outcome: string }) => [o.line, o.outcome])).toEqual([
      [3, 'duplicate'],
      [4, 'rejected'],
      [5, 'rejected'],
      [6, 'rejected'],
      [7, 'rejected'],
    ]);
    expect(rest[1].message).toBe(
      'Category "firewood" is neither a default category nor defined by a scheme of this building',
    );
    expect(rest[2].message).toBe(
      'A negative amount is a credit and belongs in a credit category; "other" is not one',
    );
    // Each reason also travels as a stable code with its params, which the admin words in its language.
    expect(rest[0]).toMatchObject({
      code: 'cost-item-duplicate',
      params: {
        category: 'heating-energy',
        date: '2030-01-15',
        hasSupplier: 'yes',
        supplier: 'seeland oil ag',
      },
    });
    expect(rest[1]).toMatchObject({ code: 'cost-item-unknown-category', params: { category: 'firewood' } });
    expect(rest[2]).toMatchObject({ code: 'cost-item-credit-category', params: { category: 'other' } });
    expect(rest[3]).toMatchObject({
      code: 'validation',
      errors: [expect.objectContaining({ path: ['date'] })],
    });
    const stored = (await root.get(`/utilities/cost-items/${created.documentId}`)).body.data;
    expect(stored).toMatchObject({ amount: '1000', vatRatePercent: '8.1', date: '2030-01-15' });
  });

  it('imports the same file again without storing anything twice', async () => {
    const before = (await root.get(`/utilities/cost-items?building=${ids.building}`)).body.meta.pagination
      .total;
    const res = await root.post('/utilities/cost-items/import', { building: ids.building, csv });
    expect(res.body.meta).toEqual({ created: 0, duplicate: 2, rejected: 4, interruptions: [] });
    const after = (await root.get(`/utilities/cost-items?building=${ids.building}`)).body.meta.pagination
      .total;
    expect(after).toBe(before);
  });

  it('refuses an unreadable file, a missing building and a body that is no file (400), storing nothing', async () => {
    const noHeader = await root.post('/utilities/cost-items/import', {
      building: ids.building,
      csv: 'what;ever\n1;2\n',
    });
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.error.details.errors[0].path).toEqual(['csv']);
    const noBuilding = await root.post('/utilities/cost-items/import', { building: 'nope', csv });
    expect(noBuilding.status).toBe(400);
    const notText = await root.post('/utilities/cost-items/import', { building: ids.building, csv: 42 });
    expect(notText.status).toBe(400);
    expect(notText.body.error.details.errors[0].path).toEqual(['csv']);
  });

  it('needs allocation.write', async () => {
    const others = (Object.keys(ACTIONS) as ActionKey[]).filter((a) => a !== 'allocation.write');
    const res = await (
      await adminWith(app.strapi, app.http, others)
    ).post('/utilities/cost-items/import', {
      building: ids.building,
      csv,
    });
    expect(res.status).toBe(403);
  });
});

describe('a cost item’s invoice from the media library', () => {
  const file = async (name: string) =>
    (await app.strapi.db.query('plugin::upload.file').create({
      data: {
        name,
        hash: name.replace(/\W/g, '_'),
        ext: '.pdf',
        mime: 'application/pdf',
        size: 1.2,
        url: `/uploads/${name}`,
        provider: 'local',
      },
    })) as { id: number };
  const body = (attachment?: unknown) => ({
    building: ids.building,
    category: 'caretaking',
    amount: '310.00',
    date: '2021-05-31',
    supplier: 'Hauswart Müller',
    ...(attachment === undefined ? {} : { attachment }),
  });

  it('is attached by its id, kept when an edit leaves it out, and detached with null', async () => {
    const invoice = await file('hauswart-mai.pdf');
    const res = await root.post('/utilities/cost-items', body(invoice.id));
    expect(res.status).toBe(201);
    expect(res.body.data.attachment).toMatchObject({ id: invoice.id, name: 'hauswart-mai.pdf' });
    const id = res.body.data.documentId;
    expect((await root.get(`/utilities/cost-items/${id}`)).body.data.attachment).toMatchObject({
      name: 'hauswart-mai.pdf',
    });
    const listed = await root.get(`/utilities/cost-items?building=${ids.building}&pageSize=100`);
    expect(listed.body.data.find((c: { documentId: string }) => c.documentId === id).attachment.url).toBe(
      '/uploads/hauswart-mai.pdf',
    );

    const kept = await root.put(`/utilities/cost-items/${id}`, { ...body(), amount: '320.00' });
    expect(kept.status).toBe(200);
    expect(kept.body.data).toMatchObject({ amount: '320', attachment: { id: invoice.id } });
    const other = await file('hauswart-mai-korrigiert.pdf');
    const replaced = await root.put(`/utilities/cost-items/${id}`, body(other.id));
    expect(replaced.body.data.attachment).toMatchObject({ id: other.id });
    const detached = await root.put(`/utilities/cost-items/${id}`, body(null));
    expect(detached.status).toBe(200);
    expect(detached.body.data.attachment ?? null).toBeNull();
    // The file stays in the media library: detaching is not deleting.
    expect(
      await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: other.id } }),
    ).not.toBeNull();
  });

  it.each([
    ['a file that does not exist', 987_654, 'There is no media library file with id 987654'],
    ['an id that is text', 'invoice.pdf', 'attachment must be the id of a media library file'],
    ['a negative id', -3, 'attachment must be the id of a media library file'],
  ])('refuses %s (400), storing nothing', async (_what, attachment, message) => {
    const before = await app.strapi.db.query('plugin::utilities.cost-item').count({});
    const res = await root.post('/utilities/cost-items', body(attachment));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    expect(await app.strapi.db.query('plugin::utilities.cost-item').count({})).toBe(before);
  });
});
