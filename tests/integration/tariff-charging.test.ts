import { DateTime } from 'luxon';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { created, createBuilding, createParty, createPoint, meterSetup, person } from '../helpers/billing';
import { outcome, runCharges } from '../helpers/charge-runs';

/**
 * Time-of-use tariffs in a real charge run (issue 16, items 2–4 and "Done when"), over HTTP on a
 * real database. Building ZH1 in Zurich, Mon 3 – Tue 4 June 2024, on the Swiss HT/NT calendar
 * (HT Mon–Fri 07:00–20:00, Sat 07:00–13:00, NT otherwise, CH-ZH holidays):
 *
 *   - Flat 1: meter E-1 with 15-minute interval data (192 quarter hours of 0.25 kWh, Monday
 *     18:45–19:00 1.5 kWh). HT = 103 × 0.25 + 1.5 = 27.25 kWh, NT = 88 × 0.25 = 22 kWh.
 *   - Flat 2: dual-register meter E-2, 1.8.1 → HT (+12.5 kWh), 1.8.2 → NT (+8 kWh).
 *   - Flat 3: single-register cumulative meter E-3: an exception naming it, no invoice line.
 *
 * The rate: Energy HT 0.30 / NT 0.20, Grid usage HT 0.10 / NT 0.05 (+ 5.00 a month), Federal levy
 * 0.023, demand 10.00 per kW, all at 8.1 % VAT. Flat 1, worked out by hand:
 *   Energy HT 27.25 × 0.30 = 8.175 → 8.18     Energy NT 22 × 0.20 = 4.40
 *   Grid HT 27.25 × 0.10 = 2.725 → 2.73       Grid NT 22 × 0.05 = 1.10
 *   Federal levy 49.25 × 0.023 = 1.13275 → 1.13
 *   Demand 1.5 kWh × 60 / 15 = 6 kW × 10 = 60.00 (peak interval starting Mon 18:45)
 *   Grid basic fee 2/30 = 0.066667 month × 5 = 0.333335 → 0.33
 *   Net 77.87, VAT 0.66 + 0.36 + 0.22 + 0.09 + 0.09 + 4.86 + 0.03 = 6.31, gross 84.18.
 */
const ZONE = 'Europe/Zurich';
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};
const period = { periodStart: '2024-06-03', periodEnd: '2024-06-04' };

const calendarBody = {
  code: 'EKZ-HTNT',
  name: 'HT/NT Kanton Zürich',
  windows: [
    { band: 'HT', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '20:00' },
    { band: 'HT', days: ['sat'], from: '07:00', to: '13:00' },
  ],
  defaultBand: 'NT',
  holidayRegion: 'CH-ZH',
};

const rateBody = () => ({
  utilityType: ids.electricity,
  scope: 'default',
  validFrom: '2024-01-01',
  vatRate: '8.1',
  currency: 'CHF',
  tariffCalendar: 'EKZ-HTNT',
  components: [
    { name: 'Energy', bandPrices: { HT: '0.30', NT: '0.20' }, vatRate: '8.1' },
    { name: 'Grid usage', bandPrices: { HT: '0.10', NT: '0.05' }, vatRate: '8.1', fixedFeePerMonth: '5' },
    { name: 'Federal levy', unitPrice: '0.023', vatRate: '8.1' },
  ],
  demandPricePerKw: '10',
});

async function flat(code: string, meterNumber: string, body: Record<string, unknown>) {
  const point = (await createPoint(root, { code, name: code, building: ids.building })).documentId;
  const device = (
    await created(
      await root.post('/utilities/devices', {
        meterNumber,
        deviceType: ids.deviceType,
        utilityType: ids.electricity,
        unit: 'kWh',
        ...body,
      }),
      meterNumber,
    )
  ).documentId;
  await created(
    await root.post(`/utilities/billing-points/${point}/meters`, { device, from: '2024-01-01' }),
    `${meterNumber} installation`,
  );
  await created(
    await root.post(`/utilities/billing-points/${point}/occupancies`, {
      party: ids.tenant,
      entryDate: '2024-01-01',
      exitDate: null,
    }),
    `${code} occupancy`,
  );
  return { point, device };
}

const row = (
  meterNumber: string,
  device: string,
  register: string,
  at: DateTime,
  value: string,
  kind: string,
) => ({
  meter_number: meterNumber,
  register,
  reading_at: at.toMillis(),
  value,
  kind,
  device_ref: device,
  created_at: Date.now(),
});

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  ids.owner = (await createParty(root, { kind: 'legal', companyName: 'Immo Zürich AG' })).documentId;
  ids.tenant = (await person(root, 'Alice', 'Alder')).documentId;
  ids.building = (
    await createBuilding(root, { code: 'ZH1', name: 'Seefeld', owner: ids.owner, timezone: ZONE })
  ).documentId;
  const setup = await meterSetup(root, 'ELECTRICITY');
  ids.electricity = setup.utilityType.documentId;
  ids.deviceType = setup.deviceType.documentId;
  ids.calendar = (
    await created(await root.post('/utilities/tariff-calendars', calendarBody), 'calendar')
  ).documentId;

  const one = await flat('ZH1-01', 'E-1', { registers: ['1.8.0'] });
  const two = await flat('ZH1-02', 'E-2', {
    registers: ['1.8.1', '1.8.2'],
    registerBands: { '1.8.1': 'HT', '1.8.2': 'NT' },
  });
  const three = await flat('ZH1-03', 'E-3', { registers: ['1.8.0'] });
  Object.assign(ids, { flat1: one.point, flat2: two.point, flat3: three.point });

  const start = DateTime.fromISO('2024-06-03T00:00', { zone: ZONE });
  const rows = [];
  for (let i = 1; i <= 192; i++) {
    const end = start.plus({ minutes: 15 * i });
    const peak = end.toFormat('yyyy-MM-dd HH:mm') === '2024-06-03 19:00';
    rows.push(row('E-1', one.device, '1.8.0', end, peak ? '1.5' : '0.25', 'interval'));
  }
  const end = start.plus({ days: 2 });
  rows.push(
    row('E-2', two.device, '1.8.1', start, '1000', 'cumulative'),
    row('E-2', two.device, '1.8.1', end, '1012.5', 'cumulative'),
    row('E-2', two.device, '1.8.2', start, '500', 'cumulative'),
    row('E-2', two.device, '1.8.2', end, '508', 'cumulative'),
    row('E-3', three.device, '1.8.0', start, '7000', 'cumulative'),
    row('E-3', three.device, '1.8.0', end, '7020', 'cumulative'),
  );
  await app.strapi.db.connection('utilities_meter_readings').insert(rows);
});
afterAll(async () => app?.stop());

type Line = {
  kind: string;
  component?: string;
  band?: string;
  register?: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  vatAmount: string;
  peakStartLocal?: string;
};

async function runBuilding(status: 'drafted' | 'replaced') {
  const res = await runCharges(root, { ...period, scope: { building: ids.building } });
  expect([outcome(res), res.body.error]).toEqual([status, undefined]);
  const runId: string = res.body.data.documentId;
  const list = await root.get(`/utilities/invoices?chargeRun=${runId}&pageSize=100`);
  const invoices: Record<string, { lines: Line[]; totals: Record<string, unknown> }> = {};
  for (const brief of list.body.data as { documentId: string }[]) {
    const invoice = (await root.get(`/utilities/invoices/${brief.documentId}`)).body.data;
    invoices[invoice.billingPoint?.documentId ?? invoice.billingPointRef] = invoice;
  }
  const run = (await root.get(`/utilities/charge-runs/${runId}`)).body.data;
  return { runId, run, invoices };
}

const brief = (l: Line) => [
  l.kind,
  l.component ?? null,
  l.band ?? null,
  l.quantity,
  l.unitPrice,
  l.amount,
  l.vatAmount,
];

describe('a charge run on a time-of-use tariff', () => {
  it('stores the rate with its calendar, components and demand price', async () => {
    const res = await root.post('/utilities/rates', rateBody());
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    ids.rate = res.body.data.documentId;
    expect(res.body.data).toMatchObject({
      tariffCalendar: 'EKZ-HTNT',
      unitPrice: null,
      demandPricePerKw: '10',
      components: [
        { name: 'Energy', bandPrices: { HT: '0.3', NT: '0.2' }, unitPrice: null, vatRate: '8.1' },
        { name: 'Grid usage', bandPrices: { HT: '0.1', NT: '0.05' }, fixedFeePerMonth: '5' },
        { name: 'Federal levy', unitPrice: '0.023', bandPrices: null },
      ],
    });
  });

  it('bills 15-minute data by band and component, with the demand peak, as worked out by hand', async () => {
    const { invoices } = await runBuilding('drafted');
    const flat1 = invoices[ids.flat1];
    expect(flat1.lines.map(brief)).toEqual([
      ['consumption', 'Energy', 'HT', '27.25', '0.3', '8.18', '0.66'],
      ['consumption', 'Energy', 'NT', '22', '0.2', '4.40', '0.36'],
      ['consumption', 'Grid usage', 'HT', '27.25', '0.1', '2.73', '0.22'],
      ['consumption', 'Grid usage', 'NT', '22', '0.05', '1.10', '0.09'],
      ['consumption', 'Federal levy', null, '49.25', '0.023', '1.13', '0.09'],
      ['demand', null, null, '6', '10', '60.00', '4.86'],
      ['fixed-fee', 'Grid usage', null, '0.066667', '5', '0.33', '0.03'],
    ]);
    expect(flat1.lines[5].peakStartLocal).toBe('2024-06-03 18:45');
    expect(flat1.totals).toMatchObject({ net: '77.87', vat: '6.31', gross: '84.18' });
  });

  it('bills a dual-register meter register by register at its band price', async () => {
    // 1.8.1 → HT 12.5 kWh: energy 12.5 × 0.30 = 3.75, grid 12.5 × 0.10 = 1.25;
    // 1.8.2 → NT 8 kWh: energy 8 × 0.20 = 1.60, grid 8 × 0.05 = 0.40; levy per register 12.5 × 0.023 = 0.2875 → 0.29,
    // 8 × 0.023 = 0.184 → 0.18; no demand line (and an exception: no interval data).
    const { invoices, run } = await runBuilding('replaced');
    const lines = invoices[ids.flat2].lines.filter((l) => l.kind === 'consumption');
    expect(lines.map((l) => [l.register, l.component, l.band ?? null, l.amount])).toEqual([
      ['1.8.1', 'Energy', 'HT', '3.75'],
      ['1.8.1', 'Grid usage', 'HT', '1.25'],
      ['1.8.1', 'Federal levy', null, '0.29'],
      ['1.8.2', 'Energy', 'NT', '1.60'],
      ['1.8.2', 'Grid usage', 'NT', '0.40'],
      ['1.8.2', 'Federal levy', null, '0.18'],
    ]);
    const exceptions = run.exceptions as { kind: string; meterNumber?: string; message: string }[];
    expect(exceptions.filter((e) => e.meterNumber === 'E-2').map((e) => e.kind)).toEqual([
      'needs-interval-data',
      'needs-interval-data',
    ]);
  });

  it('a single-register meter under a band rate is an exception naming the meter, never a guess', async () => {
    const { invoices, run } = await runBuilding('replaced');
    expect((invoices[ids.flat3]?.lines ?? []).filter((l) => l.kind === 'consumption')).toEqual([]);
    const exceptions = run.exceptions as { kind: string; meterNumber?: string; message: string }[];
    const e3 = exceptions.find((e) => e.kind === 'needs-band-data');
    expect(e3).toMatchObject({ meterNumber: 'E-3' });
    expect(e3!.message).toContain('needs interval data or band registers');
  });

  it('a corrected component price shows in the re-run before finalizing', async () => {
    const components = rateBody().components.map((c) =>
      c.name === 'Federal levy' ? { ...c, unitPrice: '0.03' } : c,
    );
    const res = await root.put(`/utilities/rates/${ids.rate}`, { components });
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    const { invoices } = await runBuilding('replaced');
    // 49.25 × 0.03 = 1.4775 → 1.48
    const levy = invoices[ids.flat1].lines.find((l) => l.component === 'Federal levy')!;
    expect([levy.unitPrice, levy.amount]).toEqual(['0.03', '1.48']);
    const history = (await root.get(`/utilities/rates/${ids.rate}/history`)).body.data;
    expect(history[0].before.components[2].unitPrice).toBe('0.023');
    expect(history[0].after.components[2].unitPrice).toBe('0.03');
  });
});

describe('bad tariff input is a 400 naming the field, never a 500', () => {
  const refused = async (body: Record<string, unknown>) => {
    const res = await root.post('/utilities/rates', { ...rateBody(), validFrom: '2030-01-01', ...body });
    expect(res.status).toBe(400);
    return res.body.error as { message: string; details: { errors: { path: string[]; message: string }[] } };
  };

  it('a band price for a band the calendar lacks', async () => {
    const error = await refused({ components: null, bandPrices: { HT: '0.3', NT: '0.2', PEAK: '0.5' } });
    expect(error.details.errors[0]).toMatchObject({ path: ['bandPrices', 'PEAK'] });
    expect(error.message).toContain('Band "PEAK" is not a band of calendar EKZ-HTNT');
  });

  it('negative and non-decimal prices, a component without a name', async () => {
    const component = (c: Record<string, unknown>) => ({ components: [{ vatRate: '8.1', ...c }] });
    expect((await refused(component({ name: 'Energy', unitPrice: '-0.1' }))).message).toContain(
      'must not be negative',
    );
    expect((await refused(component({ name: 'Energy', unitPrice: '1e3' }))).message).toContain(
      'plain decimal',
    );
    expect((await refused(component({ unitPrice: '0.1' }))).details.errors[0].path).toEqual([
      'components',
      '0',
      'name',
    ]);
  });

  it('an unknown calendar, band prices without one, hostile text', async () => {
    expect((await refused({ tariffCalendar: 'NOPE' })).message).toBe('Tariff calendar "NOPE" does not exist');
    expect((await refused({ tariffCalendar: null })).message).toContain('need a tariff calendar');
    expect((await refused({ components: 'DROP TABLE' })).message).toContain('Components must be a list');
    expect(
      (
        await refused({
          components: [
            { name: 'Energy', unitPrice: '0.1', vatRate: '8.1' },
            { name: 'energy', unitPrice: '0.2', vatRate: '8.1' },
          ],
        })
      ).message,
    ).toContain('listed twice');
  });

  it('a device register band that is not a band code', async () => {
    const res = await root.post('/utilities/devices', {
      meterNumber: 'E-BAD',
      registers: ['1.8.1'],
      registerBands: { '1.8.1': 'H T' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['registerBands', '1.8.1']);
  });

  it('a calendar change that drops a band a rate prices is a 409 naming the rate', async () => {
    // Without its NT window the calendar has HT and a new default "LOW": the rate prices NT, and has no LOW price.
    const dropped = await root.put(`/utilities/tariff-calendars/${ids.calendar}`, {
      ...calendarBody,
      defaultBand: 'LOW',
    });
    expect(dropped.status).toBe(409);
    expect(dropped.body.error.message).toContain(`rate ${ids.rate}`);
    expect(dropped.body.error.message).toContain('Band "NT" is not a band of calendar EKZ-HTNT');
    expect(dropped.body.error.details.rates).toEqual([
      expect.objectContaining({ rateId: ids.rate, name: null, validFrom: '2024-01-01' }),
    ]);
    // The admin words it from its code and params (the rate by its name, else its id, and its first day).
    expect(dropped.body.error.details).toMatchObject({
      code: 'calendar-breaks-rates',
      params: { calendar: 'EKZ-HTNT', rates: `${ids.rate} (2024-01-01)` },
    });
    // A band added beside the priced ones leaves the rate without its price: also refused.
    const added = await root.put(`/utilities/tariff-calendars/${ids.calendar}`, {
      ...calendarBody,
      windows: [...calendarBody.windows, { band: 'PEAK', days: ['sun'], from: '11:00', to: '12:00' }],
    });
    expect(added.status).toBe(409);
    expect(added.body.error.message).toContain('Band "PEAK" of calendar EKZ-HTNT has no price');
    // Nothing changed: the stored schedule is still HT/NT.
    const stored = await root.get(`/utilities/tariff-calendars/${ids.calendar}`);
    expect(stored.body.data.defaultBand).toBe('NT');
    expect(stored.body.data.windows).toHaveLength(2);
    // Moving a window keeps the bands: allowed.
    const moved = await root.put(`/utilities/tariff-calendars/${ids.calendar}`, {
      ...calendarBody,
      windows: [calendarBody.windows[0], { ...calendarBody.windows[1], to: '12:00' }],
    });
    expect([moved.status, moved.body.error]).toEqual([200, undefined]);
    const back = await root.put(`/utilities/tariff-calendars/${ids.calendar}`, calendarBody);
    expect(back.status).toBe(200);
  });

  it('a calendar a rate prices by cannot be deleted', async () => {
    const res = await root.delete(`/utilities/tariff-calendars/${ids.calendar}`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('rates priced by its bands');
  });
});
