import { DateTime } from 'luxon';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import { created, createBuilding, createParty, createPoint, meterSetup, person } from '../helpers/billing';
import { outcome, runCharges } from '../helpers/charge-runs';

/**
 * Rates that can be corrected (issue 16, item 5), over HTTP on a real database.
 * One flat in Zurich, water meter ZW-1 read daily (+2 m³ a day, 60 m³ in June),
 * Alice occupies it all month; water rate 3.00 CHF/m³ with 8.1 % VAT.
 *
 *   - a wrong price is corrected (PUT) while only a draft used it, and the
 *     re-run bills the new price: 60 m³ × 3.20 = 192.00;
 *   - a rate a draft used cannot be deleted (409 naming the run);
 *   - once the run is finalized the rate cannot be changed (409 naming the run)
 *     — a new rate is added instead;
 *   - an unused rate is deleted; every change is in the history with who,
 *     when, before and after, also after the deletion.
 */
const ZONE = 'Europe/Zurich';
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};
const june = { periodStart: '2024-06-01', periodEnd: '2024-06-30' };

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  ids.owner = (await createParty(root, { kind: 'legal', companyName: 'Immo Zürich AG' })).documentId;
  ids.alice = (await person(root, 'Alice', 'Alder')).documentId;
  ids.building = (
    await createBuilding(root, { code: 'ZH1', name: 'Seefeld', owner: ids.owner, timezone: ZONE })
  ).documentId;
  ids.point = (
    await createPoint(root, { code: 'ZH1-01', name: 'Flat 1', building: ids.building })
  ).documentId;
  const water = await meterSetup(root, 'WATER');
  ids.water = water.utilityType.documentId;
  ids.meter = (
    await created(
      await root.post('/utilities/devices', {
        meterNumber: 'ZW-1',
        deviceType: water.deviceType.documentId,
        utilityType: ids.water,
        unit: 'm³',
        registers: ['1'],
      }),
      'meter ZW-1',
    )
  ).documentId;
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
      exitDate: null,
    }),
    'Alice',
  );
  ids.rate = (
    await created(
      await root.post('/utilities/rates', {
        utilityType: ids.water,
        scope: 'default',
        validFrom: '2024-01-01',
        unitPrice: '3.00',
        vatRate: '8.1',
        currency: 'CHF',
      }),
      'rate 3.00',
    )
  ).documentId;
  const rows = [];
  for (
    let day = DateTime.fromISO('2024-05-31', { zone: ZONE }), value = 998;
    day.toISODate()! <= '2024-08-01';
    day = day.plus({ days: 1 })
  ) {
    rows.push({
      meter_number: 'ZW-1',
      register: '1',
      reading_at: day.toMillis(),
      value: String(value),
      kind: 'cumulative',
      device_ref: ids.meter,
      created_at: Date.now(),
    });
    value += 2;
  }
  await app.strapi.db.connection('utilities_meter_readings').insert(rows);
});
afterAll(async () => app?.stop());

/** Runs June for the flat: 'drafted' for a new draft, 'replaced' when it replaces the draft of the same period. */
async function runJune(status: 'drafted' | 'replaced'): Promise<{
  runId: string;
  lines: { unitPrice: string; amount: string; rateId: string }[];
}> {
  const res = await runCharges(root, { ...june, scope: { billingPoint: ids.point } });
  expect([outcome(res), res.body.error]).toEqual([status, undefined]);
  const runId = res.body.data.documentId;
  const list = await root.get(`/utilities/invoices?chargeRun=${runId}&pageSize=100`);
  expect(list.body.data).toHaveLength(1);
  const invoice = (await root.get(`/utilities/invoices/${list.body.data[0].documentId}`)).body.data;
  return { runId, lines: invoice.lines };
}

describe('correcting a rate', () => {
  let draftRun: string;

  it('a draft run bills the rate as it is', async () => {
    const { runId, lines } = await runJune('drafted');
    draftRun = runId;
    expect(lines.map((l) => [l.rateId, l.unitPrice, l.amount])).toEqual([[ids.rate, '3', '180.00']]);
  });

  it('a wrong price is corrected while only a draft used it, and the re-run shows the new price', async () => {
    const res = await root.put(`/utilities/rates/${ids.rate}`, { unitPrice: '3.20' });
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    expect(res.body.data.unitPrice).toBe('3.2'); // stored as canonical decimal text
    const { runId, lines } = await runJune('replaced');
    draftRun = runId;
    expect(lines.map((l) => [l.unitPrice, l.amount])).toEqual([['3.2', '192.00']]); // 60 m³ × 3.20
  });

  it('a rate a draft used cannot be deleted: 409 naming the run', async () => {
    const res = await root.delete(`/utilities/rates/${ids.rate}`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `Rate ${ids.rate} was used by draft charge run ${draftRun} (2024-06-01 – 2024-06-30), so it cannot be deleted; void or re-run the draft with another rate, or close the rate with a validTo instead`,
    );
    expect((await root.get(`/utilities/rates/${ids.rate}`)).status).toBe(200);
  });

  it('once a finalized invoice used the rate, a change is refused with 409 naming the run', async () => {
    expect((await root.post(`/utilities/charge-runs/${draftRun}/finalize`)).status).toBe(200);
    const res = await root.put(`/utilities/rates/${ids.rate}`, { unitPrice: '3.30' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `Rate ${ids.rate} was used by finalized charge run ${draftRun} (2024-06-01 – 2024-06-30), so it cannot be changed; add a new rate from the day the price changes instead`,
    );
    expect(res.body.error.details).toMatchObject({
      run: draftRun,
      runStatus: 'finalized',
      // The admin words it from its code and params, in the editor's language.
      code: 'rate-used',
      params: { runStatus: 'finalized', action: 'changed', from: '2024-06-01', to: '2024-06-30' },
    });
    expect((await root.get(`/utilities/rates/${ids.rate}`)).body.data.unitPrice).toBe('3.2');
  });

  it('the history says who changed what, when, before and after', async () => {
    const res = await root.get(`/utilities/rates/${ids.rate}/history`);
    expect(res.status).toBe(200);
    const history = res.body.data;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
    const [update, create] = history;
    expect(update.changedBy).toMatch(/<super\d+@example\.test>/);
    expect(Number.isNaN(Date.parse(update.changedAt))).toBe(false);
    expect([update.before.unitPrice, update.after.unitPrice]).toEqual(['3', '3.2']);
    expect([create.before, create.after.unitPrice]).toEqual([null, '3']);
  });

  it('an unused rate is deleted, and its history stays readable', async () => {
    const unused = (
      await created(
        await root.post('/utilities/rates', {
          utilityType: ids.water,
          scope: 'billing-point',
          billingPoint: ids.point,
          validFrom: '2025-01-01',
          unitPrice: '4.00',
          vatRate: '8.1',
          currency: 'CHF',
        }),
        'unused rate',
      )
    ).documentId;
    const res = await root.delete(`/utilities/rates/${unused}`);
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    expect((await root.get(`/utilities/rates/${unused}`)).status).toBe(404);
    const history = (await root.get(`/utilities/rates/${unused}/history`)).body.data;
    expect(history.map((h: { action: string; after: unknown }) => [h.action, h.after === null])).toEqual([
      ['delete', true],
      ['create', false],
    ]);
    expect((await root.get('/utilities/rates/no-such-rate/history')).status).toBe(404);
  });

  it('only rates.write may change or delete; rates.read may read the history', async () => {
    const reader = await adminWith(app.strapi, app.http, ['rates.read']);
    expect((await reader.put(`/utilities/rates/${ids.rate}`, { unitPrice: '1' })).status).toBe(403);
    expect((await reader.delete(`/utilities/rates/${ids.rate}`)).status).toBe(403);
    expect((await reader.get(`/utilities/rates/${ids.rate}/history`)).status).toBe(200);
    const nobody = await adminWith(app.strapi, app.http, []);
    expect((await nobody.get(`/utilities/rates/${ids.rate}/history`)).status).toBe(403);
  });

  it('a run accounts for every billing point: a flat without a meter appears with its reason', async () => {
    const flat2 = (await createPoint(root, { code: 'ZH1-02', name: 'Flat 2', building: ids.building }))
      .documentId;
    await created(
      await root.post(`/utilities/billing-points/${flat2}/occupancies`, {
        party: ids.alice,
        entryDate: '2024-01-01',
        exitDate: null,
      }),
      'occupant of flat 2',
    );
    const res = await runCharges(root, {
      periodStart: '2024-07-01',
      periodEnd: '2024-07-31',
      scope: { building: ids.building },
    });
    expect([outcome(res), res.body.error]).toEqual(['drafted', undefined]);
    expect(res.body.data.invoiceCount).toBe(1); // flat 1: 62 m³ in July
    expect(res.body.data.exceptions).toEqual([
      {
        kind: 'no-meter',
        code: 'billing-point-no-meter',
        params: { point: 'ZH1-02', fromDate: '2024-07-01', toDate: '2024-07-31' },
        billingPointId: flat2,
        message:
          'Billing point ZH1-02 has no invoice for 2024-07-01 – 2024-07-31: no meter was installed there in the period',
      },
    ]);
  });
});
