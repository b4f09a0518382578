import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { getWorkbook } from '../helpers/workbook';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import {
  created,
  createBuilding,
  createMeter,
  createParty,
  createPoint,
  meterSetup,
  person,
} from '../helpers/billing';
import { ACTIONS, type ActionKey } from '../../src/permissions';
import { outcome, runCharges, statementCsv } from '../helpers/charge-runs';

/**
 * Charge runs over HTTP on a real database. One building in Zurich, one flat:
 *
 *   - owner Immo Zürich AG (pays vacancy); Alice occupies until 10 June 2024
 *     (her last day), the flat is vacant 11–20 June, Bob moves in on 21 June;
 *   - water meter ZW-1 installed since 1 January, register "1", a read every
 *     day at 00:00 Zurich time: 998 m³ on 31 May, +2 m³ a day (1000 on 1 June,
 *     1060 on 1 July: 60 m³ in June);
 *   - water rate 3.00 CHF/m³ until 15 June, 3.50 from 16 June ("change
 *     prices"), both with a fixed fee of 30 CHF a month and 8.1 % VAT.
 *
 * Hand calculation for June 2024 (30 days; money rounded per line, half away from zero):
 *
 *   Alice, 1–10 June:  water 20 m³ × 3.00 = 60.00  VAT 4.86
 *                      fee 10/30 = 0.333333 month × 30 = 9.99999 → 10.00  VAT 0.81
 *                      net 70.00, VAT 5.67, gross 75.67
 *   Owner, 11–20 June: water 11–15: 10 m³ × 3.00 = 30.00  VAT 2.43
 *                      water 16–20: 10 m³ × 3.50 = 35.00  VAT 2.835 → 2.84
 *                      fee 11–15: 5/30 = 0.166667 × 30 = 5.00001 → 5.00  VAT 0.405 → 0.41
 *                      fee 16–20: the same, 5.00  VAT 0.41
 *                      net 75.00, VAT 6.09, gross 81.09
 *   Bob, 21–30 June:   water 20 m³ × 3.50 = 70.00  VAT 5.67
 *                      fee 10/30 → 10.00  VAT 0.81
 *                      net 80.00, VAT 6.48, gross 86.48
 *   Run: net 225.00, VAT 18.24, gross 243.24; 60 m³ billed = the meter's 1000 → 1060.
 *   Statement, water row of the flat: occupants 150.00, owner vacancy 75.00.
 */
const ZONE = 'Europe/Zurich';
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};
let water: Awaited<ReturnType<typeof meterSetup>>;

const localMidnight = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).startOf('day').toMillis();

async function insertDailyReads(
  meterNumber: string,
  deviceRef: string,
  firstDay: string,
  lastDay: string,
  firstValue: number,
  perDay: number,
) {
  const rows = [];
  let day = DateTime.fromISO(firstDay, { zone: ZONE });
  const last = DateTime.fromISO(lastDay, { zone: ZONE });
  let value = firstValue;
  while (day <= last) {
    rows.push({
      meter_number: meterNumber,
      register: '1',
      reading_at: localMidnight(day.toISODate()!),
      value: String(value),
      kind: 'cumulative',
      device_ref: deviceRef,
      created_at: Date.now(),
    });
    value += perDay;
    day = day.plus({ days: 1 });
  }
  await app.strapi.db.connection('utilities_meter_readings').insert(rows);
}

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  ids.owner = (await createParty(root, { kind: 'legal', companyName: 'Immo Zürich AG' })).documentId;
  ids.alice = (await person(root, 'Alice', 'Alder')).documentId;
  ids.bob = (await person(root, 'Bob', 'Birch')).documentId;
  ids.building = (
    await createBuilding(root, { code: 'ZH1', name: 'Seefeld', owner: ids.owner, timezone: ZONE })
  ).documentId;
  // A name a spreadsheet would take for a formula: the statement must neutralise it.
  ids.point = (
    await createPoint(root, { code: 'ZH1-01', name: '=HYPERLINK("http://x") Flat 1', building: ids.building })
  ).documentId;
  water = await meterSetup(root, 'WATER');
  ids.water = water.utilityType.documentId;
  ids.meter = (await createMeter(root, 'ZW-1', water, { unit: 'm³', registers: ['1'] })).documentId;
  await created(
    await root.post(`/utilities/billing-points/${ids.point}/meters`, {
      device: ids.meter,
      from: '2024-01-01',
    }),
    'installation',
  );
  await created(
    await root.post(`/utilities/billing-points/${ids.point}/occupancies`, {
      party: ids.alice,
      entryDate: '2024-01-01',
      exitDate: '2024-06-10',
    }),
    'Alice',
  );
  await created(
    await root.post(`/utilities/billing-points/${ids.point}/occupancies`, {
      party: ids.bob,
      entryDate: '2024-06-21',
      exitDate: null,
    }),
    'Bob',
  );
  const rate = {
    utilityType: ids.water,
    scope: 'default',
    vatRate: '8.1',
    currency: 'CHF',
    fixedFeePerMonth: '30',
  };
  await created(
    await root.post('/utilities/rates', { ...rate, validFrom: '2024-01-01', unitPrice: '3.00' }),
    'rate 3.00',
  );
  await created(
    await root.post('/utilities/rates', { ...rate, validFrom: '2024-06-16', unitPrice: '3.50' }),
    'rate 3.50',
  );
  await insertDailyReads('ZW-1', ids.meter, '2024-05-31', '2024-07-31', 998, 2);
});
afterAll(async () => app?.stop());

const june = { periodStart: '2024-06-01', periodEnd: '2024-06-30' };

type Line = {
  kind: string;
  periodStart: string;
  periodEnd: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  vatAmount: string;
  partyRole: string;
};
const brief = (l: Line) => [
  l.kind,
  l.periodStart,
  l.periodEnd,
  l.quantity,
  l.unitPrice,
  l.amount,
  l.vatAmount,
];

describe('a draft run of June for the flat', () => {
  let runId: string;
  let invoices: any[];

  beforeAll(async () => {
    const res = await runCharges(root, { ...june, scope: { building: ids.building } });
    expect([res.status, res.body.error]).toEqual([202, undefined]);
    // 202 with the run running and its progress; then the draft, every billing point charged.
    expect(res.started).toMatchObject({ status: 'running', progress: { done: 0, total: 1 } });
    expect(outcome(res)).toBe('drafted');
    expect(res.body.data.progress).toEqual({ done: 1, total: 1 });
    expect(res.body.data.failure).toBeNull();
    runId = res.body.data.documentId;
    const list = await root.get(`/utilities/invoices?chargeRun=${runId}&pageSize=100`);
    expect(list.status).toBe(200);
    invoices = await Promise.all(
      list.body.data.map(async (i: any) => (await root.get(`/utilities/invoices/${i.documentId}`)).body.data),
    );
  });

  it('is a draft with the run totals of the hand calculation and no exceptions', async () => {
    const res = await root.get(`/utilities/charge-runs/${runId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: 'draft',
      periodStart: '2024-06-01',
      periodEnd: '2024-06-30',
      scope: { building: ids.building },
      invoiceCount: 3,
    });
    expect(res.body.data.exceptions).toEqual([]);
    expect(res.body.data.totals).toEqual([
      { currency: 'CHF', invoices: 3, net: '225.00', vat: '18.24', gross: '243.24' },
    ]);
    expect(res.body.data.createdBy).not.toBe('');
  });

  it('bills Alice 1–10 June at the old price', () => {
    const alice = invoices.find((i) => i.party.documentId === ids.alice);
    expect(alice.totals).toMatchObject({ net: '70.00', vat: '5.67', gross: '75.67' });
    expect(alice.lines.map(brief)).toEqual([
      ['consumption', '2024-06-01', '2024-06-10', '20', '3', '60.00', '4.86'],
      ['fixed-fee', '2024-06-01', '2024-06-10', '0.333333', '30', '10.00', '0.81'],
    ]);
    // The line explains itself: the reads it is computed from, exact (not interpolated).
    const water = alice.lines[0];
    expect(water).toMatchObject({
      meterNumber: 'ZW-1',
      register: '1',
      from: { value: '1000', estimated: false },
      to: { value: '1020', estimated: false },
    });
  });

  it('bills the owner the vacancy 11–20 June, split at the price change', () => {
    const owner = invoices.find((i) => i.party.documentId === ids.owner);
    expect(owner.roles).toEqual(['owner']);
    expect(owner.totals).toMatchObject({ net: '75.00', vat: '6.09', gross: '81.09' });
    expect(owner.lines.map(brief)).toEqual([
      ['consumption', '2024-06-11', '2024-06-15', '10', '3', '30.00', '2.43'],
      ['consumption', '2024-06-16', '2024-06-20', '10', '3.5', '35.00', '2.84'],
      ['fixed-fee', '2024-06-11', '2024-06-15', '0.166667', '30', '5.00', '0.41'],
      ['fixed-fee', '2024-06-16', '2024-06-20', '0.166667', '30', '5.00', '0.41'],
    ]);
  });

  it('bills Bob from his move-in on 21 June at the new price', () => {
    const bob = invoices.find((i) => i.party.documentId === ids.bob);
    expect(bob.totals).toMatchObject({ net: '80.00', vat: '6.48', gross: '86.48' });
    expect(bob.lines.map(brief)).toEqual([
      ['consumption', '2024-06-21', '2024-06-30', '20', '3.5', '70.00', '5.67'],
      ['fixed-fee', '2024-06-21', '2024-06-30', '0.333333', '30', '10.00', '0.81'],
    ]);
  });

  it('exports the statement of building charges as spreadsheet-safe CSV', async () => {
    const res = await statementCsv(root, runId);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const text = res.body as string;
    expect(text.startsWith('\uFEFFSection,Building,Billing point,')).toBe(true);
    const rows = text.slice(1).trim().split('\r\n');
    // The formula-like name is prefixed with an apostrophe (and quoted: it holds quotes).
    expect(rows[1]).toBe(
      `billing-point,ZH1,ZH1-01,"'=HYPERLINK(""http://x"") Flat 1",WATER,CHF,60,m³,150.00,75.00,225.00,18.24,243.24`,
    );
    expect(rows).toContain(
      `billing-point-total,ZH1,ZH1-01,"'=HYPERLINK(""http://x"") Flat 1",,CHF,,,150.00,75.00,225.00,18.24,243.24`,
    );
    expect(rows).toContain('utility-total,,,,WATER,CHF,60,m³,150.00,75.00,225.00,18.24,243.24');
    expect(rows).toContain('run-total,,,,,CHF,,,150.00,75.00,225.00,18.24,243.24');
  });

  it('exports the same statement as XLSX with number cells and no formulas', async () => {
    const { res, workbook } = await getWorkbook(root, `/utilities/charge-runs/${runId}/statement.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const sheet = workbook.getWorksheet('Statement')!;
    expect(sheet.getRow(2).getCell(1).value).toBe('Section');
    const first = sheet.getRow(3);
    expect(first.getCell(4).value).toBe(`'=HYPERLINK("http://x") Flat 1`);
    expect([
      first.getCell(7).value,
      first.getCell(9).value,
      first.getCell(10).value,
      first.getCell(11).value,
      first.getCell(13).value,
    ]).toEqual([60, 150, 75, 225, 243.24]);
    let formulas = 0;
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) formulas++;
      }),
    );
    expect(formulas).toBe(0);
  });

  it('makes a party with invoices undeletable (409 naming the invoices), as the billing guide requires', async () => {
    const res = await root.delete(`/utilities/parties/${ids.alice}`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('invoices');
    expect((await root.get(`/utilities/parties/${ids.alice}`)).status).toBe(200);
  });

  it('replaces the draft when run again for the same period and scope', async () => {
    const again = await runCharges(root, { ...june, scope: { building: ids.building } });
    expect(outcome(again)).toBe('replaced');
    expect(again.body.data.documentId).toBe(runId);
    const list = await root.get(`/utilities/invoices?chargeRun=${runId}`);
    expect(list.body.meta.pagination.total).toBe(3);
    const all = await root.get('/utilities/charge-runs?status=draft');
    expect(
      all.body.data.filter((r: any) => r.periodStart === '2024-06-01' && r.scope?.building === ids.building),
    ).toHaveLength(1);
  });
});

describe('finalizing', () => {
  it('locks the invoices and the period; voiding keeps the history and releases the lock', async () => {
    const first = (await runCharges(root, { ...june, scope: { billingPoint: ids.point } })).body.data;
    // A run for the same flat (through the building) drafted while June was still open.
    const overlapping = await runCharges(root, {
      periodStart: '2024-06-15',
      periodEnd: '2024-07-14',
      scope: { building: ids.building },
    });
    expect(outcome(overlapping)).toBe('drafted');
    expect(overlapping.body.data.billingPoints).toEqual([ids.point]);
    const fin = await root.post(`/utilities/charge-runs/${first.documentId}/finalize`);
    expect(fin.status).toBe(200);
    expect(fin.body.data).toMatchObject({ status: 'finalized' });
    expect(fin.body.data.finalizedAt).toEqual(expect.any(String));

    const invoices = (await root.get(`/utilities/invoices?chargeRun=${first.documentId}`)).body.data;
    expect(invoices.map((i: any) => i.status)).toEqual(['finalized', 'finalized', 'finalized']);
    const edit = await root.put(`/utilities/invoices/${invoices[0].documentId}`, { note: 'changed' });
    expect(edit.status).toBe(409);
    expect((await root.post(`/utilities/charge-runs/${first.documentId}/finalize`)).status).toBe(409);

    // The overlapping draft, made before, cannot be finalized now.
    const refused = await root.post(`/utilities/charge-runs/${overlapping.body.data.documentId}/finalize`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/already finalized/);
    expect(refused.body.error.details.run).toBe(first.documentId);

    // The next month does not overlap: it finalizes.
    const july = await runCharges(root, {
      periodStart: '2024-07-01',
      periodEnd: '2024-07-31',
      scope: { billingPoint: ids.point },
    });
    expect((await root.post(`/utilities/charge-runs/${july.body.data.documentId}/finalize`)).status).toBe(
      200,
    );

    const voided = await root.post(`/utilities/charge-runs/${first.documentId}/void`);
    expect(voided.status).toBe(200);
    expect(voided.body.data.status).toBe('void');
    const kept = await root.get(`/utilities/charge-runs/${first.documentId}`);
    expect(kept.body.data.invoices.map((i: any) => i.status)).toEqual(['void', 'void', 'void']);
    expect(kept.body.data.totals[0].gross).toBe('243.24');
    expect((await root.post(`/utilities/charge-runs/${first.documentId}/void`)).status).toBe(409);
    expect((await root.put(`/utilities/invoices/${invoices[0].documentId}`, { note: 'x' })).status).toBe(409);

    // June is free again for this flat, but July is still locked: the overlapping run stays refused.
    expect(
      (await root.post(`/utilities/charge-runs/${overlapping.body.data.documentId}/finalize`)).status,
    ).toBe(409);
    const juneAgain = await runCharges(root, {
      ...june,
      scope: { billingPoint: ids.point },
    });
    expect(outcome(juneAgain)).toBe('drafted');
    expect(
      (await root.post(`/utilities/charge-runs/${juneAgain.body.data.documentId}/finalize`)).status,
    ).toBe(200);
  });

  it('finalizes only one of two overlapping runs finalized at the same moment', async () => {
    const a = (
      await runCharges(root, {
        periodStart: '2023-03-01',
        periodEnd: '2023-03-31',
        scope: { billingPoint: ids.point },
      })
    ).body.data;
    const b = (
      await runCharges(root, {
        periodStart: '2023-03-15',
        periodEnd: '2023-04-14',
        scope: { building: ids.building },
      })
    ).body.data;
    const answers = await Promise.all(
      [a, b].map((run) => root.post(`/utilities/charge-runs/${run.documentId}/finalize`)),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('lets a draft invoice carry a note', async () => {
    const run = (
      await runCharges(root, {
        periodStart: '2024-05-01',
        periodEnd: '2024-05-31',
        scope: { billingPoint: ids.point },
      })
    ).body.data;
    const inv = (await root.get(`/utilities/invoices?chargeRun=${run.documentId}`)).body.data[0];
    const res = await root.put(`/utilities/invoices/${inv.documentId}`, {
      note: 'Checked with the caretaker',
    });
    expect(res.status).toBe(200);
    expect(res.body.data.note).toBe('Checked with the caretaker');
    expect((await root.put(`/utilities/invoices/${inv.documentId}`, { lines: [] })).status).toBe(400);
  });
});

describe('a finalized period is locked for new drafts too', () => {
  /**
   * A second flat ZH1-02 in the Seefeld building; May 2024 is finalized for it alone.
   * ZH1-01's May stays open, so a building run of May still charges ZH1-01.
   */
  const may = { periodStart: '2024-05-01', periodEnd: '2024-05-31' };
  let second: string;
  let finalizedRun: string;

  beforeAll(async () => {
    second = (await createPoint(root, { code: 'ZH1-02', name: 'Flat 2', building: ids.building })).documentId;
    const run = await runCharges(root, { ...may, scope: { billingPoint: second } });
    expect(outcome(run)).toBe('drafted');
    finalizedRun = run.body.data.documentId;
    expect((await root.post(`/utilities/charge-runs/${finalizedRun}/finalize`)).status).toBe(200);
  });

  it('refuses a draft of that billing point alone with 409 naming the finalized run and its period', async () => {
    const res = await runCharges(root, {
      periodStart: '2024-05-15',
      periodEnd: '2024-06-14',
      scope: { billingPoint: second },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `Billing point ZH1-02 cannot be charged for 2024-05-15 – 2024-06-14: the period 2024-05-01 – 2024-05-31 is already finalized for it in run ${finalizedRun}. Void that run first to charge it again.`,
    );
    expect(res.body.error.details).toMatchObject({
      run: finalizedRun,
      periodStart: '2024-05-01',
      periodEnd: '2024-05-31',
      billingPoint: second,
    });
    expect(
      (await root.get(`/utilities/charge-runs?status=draft&pageSize=100`)).body.data.filter(
        (r: any) => r.scope?.billingPoint === second,
      ),
    ).toEqual([]);
  });

  it('leaves it out of a building draft, listed among the exceptions, and drafts the rest', async () => {
    const res = await runCharges(root, { ...may, scope: { building: ids.building } });
    expect(outcome(res)).toBe('drafted');
    expect(res.body.data.billingPoints).toEqual([ids.point]);
    const locked = res.body.data.exceptions.filter((e: any) => e.kind === 'period-finalized');
    expect(locked).toEqual([
      {
        kind: 'period-finalized',
        code: 'period-finalized-elsewhere',
        params: { point: 'ZH1-02', run: finalizedRun, fromDate: '2024-05-01', toDate: '2024-05-31' },
        billingPointId: second,
        run: finalizedRun,
        runPeriodStart: '2024-05-01',
        runPeriodEnd: '2024-05-31',
        message: `Billing point ZH1-02 was left out: period already finalized in run ${finalizedRun} (2024-05-01 – 2024-05-31). Void that run to charge it again.`,
      },
    ]);
    const invoices = (
      await root.get(`/utilities/invoices?chargeRun=${res.body.data.documentId}&pageSize=100`)
    ).body.data;
    expect(invoices.length).toBeGreaterThan(0);
    expect(invoices.map((i: any) => i.billingPoint.documentId)).not.toContain(second);

    // The same for everything: the locked flat is left out there too.
    const everything = await runCharges(root, { ...may, scope: null });
    expect(outcome(everything)).toBe('drafted');
    expect(everything.body.data.billingPoints).toContain(ids.point);
    expect(everything.body.data.billingPoints).not.toContain(second);
    expect(
      everything.body.data.exceptions
        .filter((e: any) => e.kind === 'period-finalized')
        .map((e: any) => e.billingPointId),
    ).toEqual([second]);
  });

  it('no longer locks once the finalized run is voided', async () => {
    expect((await root.post(`/utilities/charge-runs/${finalizedRun}/void`)).status).toBe(200);
    const rerun = await runCharges(root, { ...may, scope: { building: ids.building } });
    expect(outcome(rerun)).toBe('replaced');
    expect(rerun.body.data.billingPoints.sort()).toEqual([ids.point, second].sort());
    expect(rerun.body.data.exceptions.filter((e: any) => e.kind === 'period-finalized')).toEqual([]);
    const alone = await runCharges(root, {
      periodStart: '2024-05-15',
      periodEnd: '2024-06-14',
      scope: { billingPoint: second },
    });
    expect(outcome(alone)).toBe('drafted');
    expect(alone.body.data.billingPoints).toEqual([second]);
  });
});

describe('a billing point finalized while a building run is charging it', () => {
  /**
   * A building of its own (June is finalized for ZH1-01 by now): two vacant flats, so the
   * owner pays both, each with a water meter read daily — ZH3-01 +2 m³ a day, ZH3-02 +3.
   */
  const flats: Record<string, string> = {};
  let building: string;

  beforeAll(async () => {
    building = (await createBuilding(root, { code: 'ZH3', name: 'Enge', owner: ids.owner, timezone: ZONE }))
      .documentId;
    for (const [code, perDay] of [
      ['ZH3-01', 2],
      ['ZH3-02', 3],
    ] as const) {
      flats[code] = (await createPoint(root, { code, name: code, building })).documentId;
      const meterNumber = `ZW-${code}`;
      const meter = (await createMeter(root, meterNumber, water, { unit: 'm³', registers: ['1'] }))
        .documentId;
      await created(
        await root.post(`/utilities/billing-points/${flats[code]}/meters`, {
          device: meter,
          from: '2024-01-01',
        }),
        'installation',
      );
      await insertDailyReads(meterNumber, meter, '2024-05-31', '2024-07-01', 100, perDay);
    }
  });

  it('is left out at the hand-over: its staged invoices go, and its share of the run totals', async () => {
    // Deterministic: the building run's first progress update (its chunk staged) waits
    // while ZH3-01's June is drafted alone and finalized.
    let alone: string | undefined;
    const unsubscribe = app.strapi.db.lifecycles.subscribe({
      models: ['plugin::utilities.charge-run'],
      async afterUpdateMany(event: any) {
        // A chunk's progress (done > 0), not a run's start, which holds the runs lock.
        if (alone !== undefined || !(event.params?.data?.progress?.done > 0)) return;
        alone = '';
        const single = await runCharges(root, { ...june, scope: { billingPoint: flats['ZH3-01'] } });
        expect(outcome(single)).toBe('drafted');
        alone = single.body.data.documentId as string;
        expect((await root.post(`/utilities/charge-runs/${alone}/finalize`)).status).toBe(200);
      },
    });
    try {
      const res = await runCharges(root, { ...june, scope: { building } });
      expect(alone).toBeTruthy();
      expect(outcome(res)).toBe('drafted');
      const run = res.body.data;
      expect(run.billingPoints).toEqual([flats['ZH3-02']]);
      expect(run.exceptions).toEqual([
        expect.objectContaining({ kind: 'period-finalized', billingPointId: flats['ZH3-01'], run: alone }),
      ]);
      // What is left is ZH3-02's invoice, and the totals are exactly its own.
      const invoices = (await root.get(`/utilities/invoices?chargeRun=${run.documentId}&pageSize=100`)).body
        .data;
      expect(invoices.map((i: any) => i.billingPoint.documentId)).toEqual([flats['ZH3-02']]);
      expect(run.invoiceCount).toBe(1);
      const { net, vat, gross } = invoices[0].totals;
      expect(run.totals).toEqual([{ currency: 'CHF', invoices: 1, net, vat, gross }]);
      // ZH3-01's invoice is the finalized run's, for 60 m³ where ZH3-02's is for 90 m³.
      const finalized = (await root.get(`/utilities/charge-runs/${alone}`)).body.data;
      expect(finalized.totals).toHaveLength(1);
      expect(finalized.totals[0].gross).not.toBe(gross);
      expect(
        await app.strapi.db
          .query('plugin::utilities.invoice')
          .count({ where: { runRef: { $startsWith: 'staging:' } } }),
      ).toBe(0);
    } finally {
      unsubscribe();
    }
  });
});

describe('invoices written while a run is being charged', () => {
  it('belong to no run until it is stored, and leftovers of a run cut off mid-way are dropped', async () => {
    // What a process stopped mid-run leaves: invoices under a staging reference, hours old.
    const hoursAgo = new Date(Date.now() - 7 * 3600_000);
    await app.strapi.db.query('plugin::utilities.invoice').create({
      data: {
        documentId: 'leftoverstaginginvoice01',
        runRef: 'staging:cutoff',
        partyRef: ids.alice,
        billingPointRef: ids.point,
        periodStart: '2024-09-01',
        periodEnd: '2024-09-30',
        status: 'draft',
        roles: ['occupant'],
        lines: [],
        currency: 'CHF',
        totals: { net: '1.00', vat: '0.00', gross: '1.00' },
        createdAt: hoursAgo,
        updatedAt: hoursAgo,
        publishedAt: hoursAgo,
      },
    });
    const listed = (await root.get(`/utilities/invoices?party=${ids.alice}&pageSize=100`)).body.data.map(
      (i: any) => i.documentId,
    );
    expect(listed).not.toContain('leftoverstaginginvoice01');
    expect((await root.get('/utilities/invoices?chargeRun=staging:cutoff')).status).toBe(400);

    expect(
      outcome(
        await runCharges(root, {
          periodStart: '2024-09-01',
          periodEnd: '2024-09-30',
          scope: { billingPoint: ids.point },
        }),
      ),
    ).toBe('drafted');
    expect(
      await app.strapi.db
        .query('plugin::utilities.invoice')
        .count({ where: { runRef: { $startsWith: 'staging:' } } }),
    ).toBe(0);
  });
});

describe('reporting what could not be charged', () => {
  it('lists a missing read as an exception and bills nothing for it', async () => {
    // Reads stop on 31 July: August has no closing read.
    const res = await runCharges(root, {
      periodStart: '2024-08-01',
      periodEnd: '2024-08-31',
      scope: { billingPoint: ids.point },
    });
    expect(outcome(res)).toBe('drafted');
    expect(res.body.data.exceptions.map((e: any) => e.kind)).toContain('missing-read');
    const invoices = (await root.get(`/utilities/invoices?chargeRun=${res.body.data.documentId}`)).body.data;
    const detail = await Promise.all(
      invoices.map(async (i: any) => (await root.get(`/utilities/invoices/${i.documentId}`)).body.data),
    );
    expect(detail.flatMap((i: any) => i.lines).filter((l: any) => l.kind === 'consumption')).toEqual([]);
  });
});

describe('usage records priced by a metric', () => {
  /**
   * A laundry room (its own building, so the June figures above stay as they are):
   * machine LM-1 posts one record per cycle (eGroup "laundry"); metric
   * LAUNDRY_CYCLES counts them at 2.50 CHF a cycle, 8.1 % VAT. Nobody occupies the
   * room, so cycles without a badge go to the owner. June 2024:
   *   Alice's badge 04:A1:B2 three times → 3 × 2.50 = 7.50, VAT 0.6075 → 0.61
   *   no badge once → owner: 1 × 2.50 = 2.50, VAT 0.2025 → 0.20
   *   an unknown badge once → exception "unknown-badge", billed to nobody
   *   a cycle on 1 July → outside the period, not counted.
   */
  it('charges the badge holder, the owner for the rest, and reports the unknown badge', async () => {
    const owner = (await createParty(root, { kind: 'legal', companyName: 'Laundry Owner GmbH' })).documentId;
    const building = (
      await createBuilding(root, { code: 'ZH2', name: 'Laundry house', owner, timezone: ZONE })
    ).documentId;
    const point = (await createPoint(root, { code: 'ZH2-LAUNDRY', name: 'Laundry room', building }))
      .documentId;
    const machine = (
      await created(await root.post('/utilities/devices', { meterNumber: 'LM-1', unit: 'cycle' }), 'LM-1')
    ).documentId;
    await created(
      await root.post(`/utilities/billing-points/${point}/meters`, { device: machine, from: '2024-01-01' }),
      'installation LM-1',
    );
    const metric = (
      await created(
        await root.post('/utilities/usage-metrics', {
          code: 'LAUNDRY_CYCLES',
          name: 'Laundry cycles',
          eGroup: 'laundry',
          field: 'intCounter',
          aggregation: 'count',
          unit: 'cycle',
        }),
        'metric',
      )
    ).documentId;
    await created(
      await root.post('/utilities/rates', {
        usageMetric: metric,
        scope: 'default',
        validFrom: '2024-01-01',
        unitPrice: '2.50',
        vatRate: '8.1',
        currency: 'CHF',
      }),
      'laundry rate',
    );
    await created(await root.post('/utilities/rfid-badges', { uid: '04:A1:B2', party: ids.alice }), 'badge');
    const record = (ref: string, iso: string, badge: string | null) => ({
      device_id: 'LM-1',
      e_group: 'laundry',
      e_id: 'M1',
      event_ref: ref,
      dtu: DateTime.fromISO(iso, { zone: ZONE }).toMillis(),
      int_counter: '1',
      badge,
      source: 'api',
      receipt: `test-${ref}`,
      received_at: Date.now(),
    });
    await app.strapi.db
      .connection('utilities_usage_records')
      .insert([
        record('c1', '2024-06-03T09:00', '04A1B2'),
        record('c2', '2024-06-12T18:30', '04A1B2'),
        record('c3', '2024-06-30T23:59', '04A1B2'),
        record('c4', '2024-06-15T10:00', null),
        record('c5', '2024-06-16T10:00', 'FFFF'),
        record('c6', '2024-07-01T00:00', '04A1B2'),
      ]);

    const res = await runCharges(root, { ...june, scope: { building } });
    expect(outcome(res)).toBe('drafted');
    expect(res.body.data.exceptions.map((e: any) => [e.kind, e.badge])).toEqual([['unknown-badge', 'FFFF']]);
    const list = (await root.get(`/utilities/invoices?chargeRun=${res.body.data.documentId}`)).body.data;
    const detail = await Promise.all(
      list.map(async (i: any) => (await root.get(`/utilities/invoices/${i.documentId}`)).body.data),
    );
    const alice = detail.find((i: any) => i.party.documentId === ids.alice);
    expect(alice.roles).toEqual(['badge-holder']);
    expect(
      alice.lines.map((l: any) => [l.kind, l.usageMetric, l.quantity, l.amount, l.vatAmount, l.badges]),
    ).toEqual([['usage', 'LAUNDRY_CYCLES', '3', '7.50', '0.61', ['04A1B2']]]);
    const ownerInvoice = detail.find((i: any) => i.party.documentId === owner);
    expect(ownerInvoice.lines.map((l: any) => [l.kind, l.quantity, l.amount, l.vatAmount])).toEqual([
      ['usage', '1', '2.50', '0.20'],
    ]);
    expect(detail).toHaveLength(2);
  });
});

describe('bad input', () => {
  const bad: [string, unknown][] = [
    ['no body', undefined],
    ['an array', [1, 2]],
    ['no periodEnd', { periodStart: '2024-06-01' }],
    ['an impossible date', { periodStart: '2024-02-30', periodEnd: '2024-03-31' }],
    ['a date in another format', { periodStart: '01.06.2024', periodEnd: '2024-06-30' }],
    ['end before start', { periodStart: '2024-06-30', periodEnd: '2024-06-01' }],
    ['a period of ten years', { periodStart: '2020-01-01', periodEnd: '2029-12-31' }],
    ['an unknown field', { ...june, extra: 1 }],
    ['an unknown scope', { ...june, scope: { tenant: 'x' } }],
    ['a scope with both', { ...june, scope: { building: 'a', billingPoint: 'b' } }],
    ['a scope as text', { ...june, scope: 'all' }],
    ['a building that does not exist', { ...june, scope: { building: 'nope' } }],
    ['a billing point that does not exist', { ...june, scope: { billingPoint: 'nope' } }],
    ['a hostile id', { ...june, scope: { building: "' OR 1=1 --" } }],
    ['numbers for dates', { periodStart: 20240601, periodEnd: 20240630 }],
  ];
  it.each(bad)('refuses %s with 400', async (_name, body) => {
    const res = await runCharges(root, body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toEqual(expect.any(String));
  });

  it('answers 404 for unknown runs and invoices, 400 for bad list parameters', async () => {
    expect((await root.get('/utilities/charge-runs/nope')).status).toBe(404);
    expect((await root.post('/utilities/charge-runs/nope/finalize')).status).toBe(404);
    expect((await root.post('/utilities/charge-runs/nope/void')).status).toBe(404);
    expect((await root.get('/utilities/charge-runs/nope/statement.csv')).status).toBe(404);
    expect((await root.get('/utilities/invoices/nope')).status).toBe(404);
    expect((await root.get('/utilities/invoices?chargeRun=a&chargeRun=b')).status).toBe(400);
    expect((await root.get('/utilities/charge-runs?status=paid')).status).toBe(400);
    expect((await root.get('/utilities/charge-runs?pageSize=-1')).status).toBe(400);
  });
});

describe('RBAC', () => {
  const GUARDS: ActionKey[] = ['charging.read', 'charging.run', 'charging.finalize'];
  const without = new Map<ActionKey, Agent>();
  const only = new Map<ActionKey, Agent>();
  let runId: string;
  let invoiceId: string;

  beforeAll(async () => {
    const all = Object.keys(ACTIONS) as ActionKey[];
    for (const action of GUARDS) {
      without.set(
        action,
        await adminWith(
          app.strapi,
          app.http,
          all.filter((a) => a !== action),
        ),
      );
      only.set(action, await adminWith(app.strapi, app.http, [action]));
    }
    const run = await runCharges(root, {
      periodStart: '2024-04-01',
      periodEnd: '2024-04-30',
      scope: { billingPoint: ids.point },
    });
    runId = run.body.data.documentId;
    invoiceId = (await root.get(`/utilities/invoices?chargeRun=${runId}`)).body.data[0].documentId;
  });

  type Route = [ActionKey, string, (a: Agent) => ReturnType<Agent['get']>];
  const routes: Route[] = [
    ['charging.read', 'GET /charge-runs', (a) => a.get('/utilities/charge-runs')],
    ['charging.read', 'GET /charge-runs/:id', (a) => a.get(`/utilities/charge-runs/${runId}`)],
    [
      'charging.read',
      'GET /charge-runs/:id/statement.csv',
      (a) => a.get(`/utilities/charge-runs/${runId}/statement.csv`),
    ],
    [
      'charging.read',
      'GET /charge-runs/:id/statement.xlsx',
      (a) => a.get(`/utilities/charge-runs/${runId}/statement.xlsx`),
    ],
    ['charging.read', 'GET /invoices', (a) => a.get(`/utilities/invoices?chargeRun=${runId}`)],
    ['charging.read', 'GET /invoices/:id', (a) => a.get(`/utilities/invoices/${invoiceId}`)],
    [
      'charging.run',
      'POST /charge-runs',
      (a) =>
        a.post('/utilities/charge-runs', {
          periodStart: '2024-04-01',
          periodEnd: '2024-04-30',
          scope: { billingPoint: ids.point },
        }),
    ],
    ['charging.run', 'PUT /invoices/:id', (a) => a.put(`/utilities/invoices/${invoiceId}`, { note: 'ok' })],
    [
      'charging.finalize',
      'POST /charge-runs/:id/finalize',
      (a) => a.post('/utilities/charge-runs/missing/finalize'),
    ],
    ['charging.finalize', 'POST /charge-runs/:id/void', (a) => a.post('/utilities/charge-runs/missing/void')],
  ];

  it.each(routes)('%s is required for %s', async (action, _name, call) => {
    const refused = await call(without.get(action)!);
    expect(refused.status).toBe(403);
    const allowed = await call(only.get(action)!);
    expect(allowed.status).not.toBe(403);
    expect(allowed.status).toBeLessThan(500);
  });
});
