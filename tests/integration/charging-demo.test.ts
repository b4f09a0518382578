import path from 'node:path';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { DEMO_BOOT_TIMEOUT_MS, PLAYGROUND, startSeededDemo, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';

/**
 * The demo's draft charge run (playground/src/demo/charging.js), booted as `npm run demo`
 * boots it: UTILITIES_DEMO_SEED=true seeds in bootstrap (seeded-demo.ts). The demo month
 * M is the calendar month before this one (Europe/Zurich): Ben Keller leaves DL-02 on the
 * 14th and Sara Weber moves in on the 15th; water goes from 2.85 to 3.10 on the 16th.
 *
 * @sqlite-only the demo month’s invoices worked by hand; gathering and pricing are charging’s and
 * tariff-charging’s on every database.
 */
jest.setTimeout(180_000);
let app: TestApp;
let admin: Agent;
const month = DateTime.now().setZone('Europe/Zurich').startOf('month').minus({ months: 1 });
const day = (n: number) => month.set({ day: n }).toISODate()!;
const periodEnd = month.endOf('month').toISODate()!;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedDemo } = require(path.join(PLAYGROUND, 'src', 'demo', 'seed.js')) as {
  seedDemo: (strapi: unknown) => Promise<void>;
};

type Line = {
  kind: string;
  utilityType: string | null;
  register?: string;
  component?: string;
  band?: string;
  periodStart: string;
  periodEnd: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  peakStartLocal?: string;
  peakQuantity?: string;
};
type Invoice = {
  documentId: string;
  party: { displayName: string };
  billingPoint: { code: string };
  totals: { net: string; gross: string };
  lines: Line[];
};
let run: {
  documentId: string;
  status: string;
  periodStart: string;
  periodEnd: string;
  exceptions: unknown[];
  totals: { gross: string }[];
};
let invoices: Invoice[];

beforeAll(async () => {
  app = await startSeededDemo();
  admin = await superAdmin(app.strapi, app.http);
  const runs = (await admin.get('/utilities/charge-runs?pageSize=100')).body.data;
  expect(runs).toHaveLength(1);
  run = runs[0];
  const list = (await admin.get(`/utilities/invoices?chargeRun=${run.documentId}&pageSize=100`)).body.data;
  invoices = await Promise.all(
    list.map(
      async (i: { documentId: string }) => (await admin.get(`/utilities/invoices/${i.documentId}`)).body.data,
    ),
  );
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(async () => app?.stop());

const invoiceOf = (code: string, name: string) =>
  invoices.find((i) => i.billingPoint.code === code && i.party.displayName === name)!;
const water = (invoice: Invoice) =>
  invoice.lines
    .filter((l) => l.kind === 'consumption' && l.utilityType === 'WATER')
    .map((l) => [l.periodStart, l.periodEnd, l.unitPrice]);

test('is a draft over the demo building for last month, every billing point accounted for, real amounts', () => {
  expect(run).toMatchObject({ status: 'draft', periodStart: day(1), periodEnd });
  // No exception, only a notice for each billing point without a meter (no invoice, and why).
  const notices = (run.exceptions as { kind: string; message: string }[])
    .map((e) => [e.kind, e.message.split(' ')[2]])
    .sort((a, b) => (a[1] < b[1] ? -1 : 1));
  expect(notices).toEqual([
    ['no-meter', 'DL-11'],
    ['no-meter', 'DL-12'],
  ]);
  // The metered flats and shops (the parking spaces have no meters; DL-07 and DL-08 only the smart
  // meters of the Lakeside ZEV), DL-02 twice: the move.
  expect(invoices.map((i) => i.billingPoint.code).sort()).toEqual([
    'DL-01',
    'DL-02',
    'DL-02',
    'DL-03',
    'DL-04',
    'DL-05',
    'DL-06',
    'DL-07',
    'DL-08',
    'DL-09',
    'DL-10',
  ]);
  for (const invoice of invoices) {
    expect(Number(invoice.totals.gross)).toBeGreaterThan(0);
    expect(
      invoice.lines
        .filter((l) => l.kind === 'consumption')
        .every((l) => Number(l.quantity) > 0 && Number(l.amount) > 0),
    ).toBe(true);
  }
  expect(Number(run.totals[0].gross)).toBeGreaterThan(0);
});

test('splits DL-02 at the move: Ben Keller until the 14th, Sara Weber from the 15th', () => {
  const keller = invoiceOf('DL-02', 'Ben Keller');
  const weber = invoiceOf('DL-02', 'Sara Weber');
  expect(keller.lines.every((l) => l.periodStart >= day(1) && l.periodEnd <= day(14))).toBe(true);
  expect(weber.lines.every((l) => l.periodStart >= day(15) && l.periodEnd <= periodEnd)).toBe(true);
  expect(water(keller)).toEqual([[day(1), day(14), '2.85']]);
  expect(water(weber)).toEqual([
    [day(15), day(15), '2.85'],
    [day(16), periodEnd, '3.1'],
  ]);
});

test('splits water at the price change on the 16th for everyone supplied all month', () => {
  const blumer = invoiceOf('DL-01', 'Hans Blumer');
  expect(water(blumer)).toEqual([
    [day(1), day(15), '2.85'],
    [day(16), periodEnd, '3.1'],
  ]);
  // The vacant flat's water goes to the owner, split the same way.
  expect(water(invoiceOf('DL-05', 'Immo Léman SA'))).toEqual([
    [day(1), day(15), '2.85'],
    [day(16), periodEnd, '3.1'],
  ]);
});

test("DL-04's dual-register meter bills 1.8.1 at HT and 1.8.2 at NT prices, component by component", () => {
  const invoice = invoices.find((i) => i.billingPoint.code === 'DL-04')!;
  const electricity = invoice.lines.filter(
    (l) => l.kind === 'consumption' && l.utilityType === 'ELECTRICITY',
  );
  expect(electricity.map((l) => [l.register, l.component, l.band ?? null, l.unitPrice])).toEqual([
    ['1.8.1', 'Energy', 'HT', '0.148'],
    ['1.8.1', 'Grid usage', 'HT', '0.105'],
    ['1.8.1', 'Municipal levies', null, '0.012'],
    ['1.8.1', 'Federal grid surcharge', null, '0.023'],
    ['1.8.2', 'Energy', 'NT', '0.116'],
    ['1.8.2', 'Grid usage', 'NT', '0.061'],
    ['1.8.2', 'Municipal levies', null, '0.012'],
    ['1.8.2', 'Federal grid surcharge', null, '0.023'],
  ]);
  const gridFee = invoice.lines.find((l) => l.kind === 'fixed-fee' && l.component === 'Grid usage')!;
  expect([gridFee.quantity, gridFee.unitPrice, gridFee.amount]).toEqual(['1', '6', '6.00']);
  // Quantities: each register's delta priced once per component.
  const ht = electricity.filter((l) => l.band === 'HT').map((l) => l.quantity);
  expect(new Set(ht).size).toBe(1);
});

/**
 * DL-06 (Luc Dubois, all month) has a smart meter reporting every quarter hour
 * (demo/load-profiles.js) and the HT/NT tariff with a power price (demo/billing.js).
 *
 * Every day the same household curve, in Wh per quarter hour by local hour:
 *   00–05 50 · 06 120 · 07 150 · 08 80 · 09–11 60 · 12 140 · 13–16 60 · 17 100 · 18 220 ·
 *   19 180 · 20 140 · 21 110 · 22 80 · 23 60
 * and once, on the second Tuesday 18:45–19:00, 2500 Wh instead of 220 (+2280 Wh, in HT).
 *
 *   a day            4 × (6×50 + 120 + 150 + 80 + 3×60 + 140 + 4×60 + 100 + 220 + 180 + 140 + 110 + 80 + 60)
 *                    = 4 × 2100 = 8400 Wh; a 23-hour day (no 02:00–03:00) 8400 − 4×50 = 8200, a 25-hour one 8600
 *   HT Mon–Fri 07–20 4 × (150 + 80 + 3×60 + 140 + 4×60 + 100 + 220 + 180) = 4 × 1290 = 5160 Wh
 *   HT Sat 07–13     4 × (150 + 80 + 3×60 + 140) = 4 × 550 = 2200 Wh
 *   Sundays and Zurich's public holidays: all NT.
 *
 *   HT = 5160 × working days + 2200 × Saturdays (holidays excluded) + 2280;  NT = month − HT
 *   Energy HT × 0.148, NT × 0.116; grid usage HT × 0.105, NT × 0.061; municipal levies
 *   (HT + NT) × 0.012; federal grid surcharge (HT + NT) × 0.023; each rounded half-up to 0.01.
 *   Grid usage basic fee 6.00 (the whole month). Power: 2.5 kWh × 60 / 15 = 10 kW × 4.20 = 42.00.
 */
test("DL-06's smart meter: HT and NT energy, grid usage, levies and the month's peak power, by hand", () => {
  const holidays = new Set(
    new Holidays('CH', 'ZH')
      .getHolidays(month.year)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10)),
  );
  let workingDays = 0;
  let saturdays = 0;
  const days = month.daysInMonth!;
  for (let d = 1; d <= days; d++) {
    const date = month.set({ day: d });
    if (holidays.has(date.toISODate()!)) continue;
    if (date.weekday <= 5) workingDays++;
    if (date.weekday === 6) saturdays++;
  }
  const hours = month.plus({ months: 1 }).diff(month, 'hours').hours; // 24 × days, ±1 in March and October
  const monthWh = 8400 * days + 200 * (hours - 24 * days) + 2280;
  const ht = 5160 * workingDays + 2200 * saturdays + 2280;
  const nt = monthWh - ht;
  /** Wh × price (CHF/kWh, 4 decimals as an integer) in CHF, rounded half-up to 0.01. */
  const chf = (wh: number, price: number) => (Math.floor((wh * price + 50_000) / 100_000) / 100).toFixed(2);
  const kwh = (wh: number) => String(wh / 1000);

  const invoice = invoiceOf('DL-06', 'Luc Dubois');
  const electricity = invoice.lines
    .filter((l) => l.utilityType === 'ELECTRICITY')
    .map((l) => [l.kind, l.component ?? null, l.band ?? null, l.quantity, l.unitPrice, l.amount]);
  expect(electricity).toEqual(
    expect.arrayContaining([
      ['consumption', 'Energy', 'HT', kwh(ht), '0.148', chf(ht, 1480)],
      ['consumption', 'Energy', 'NT', kwh(nt), '0.116', chf(nt, 1160)],
      ['consumption', 'Grid usage', 'HT', kwh(ht), '0.105', chf(ht, 1050)],
      ['consumption', 'Grid usage', 'NT', kwh(nt), '0.061', chf(nt, 610)],
      ['consumption', 'Municipal levies', null, kwh(monthWh), '0.012', chf(monthWh, 120)],
      ['consumption', 'Federal grid surcharge', null, kwh(monthWh), '0.023', chf(monthWh, 230)],
      ['fixed-fee', 'Grid usage', null, '1', '6', '6.00'],
      ['demand', null, null, '10', '4.2', '42.00'],
    ]),
  );
  const demand = invoice.lines.find((l) => l.kind === 'demand')!;
  const tuesday = month.set({ day: 1 + ((2 - month.weekday + 7) % 7) + 7 });
  expect([demand.peakStartLocal, demand.peakQuantity]).toEqual([`${tuesday.toISODate()} 18:45`, '2.5']);
});

test('seeding again replaces the draft with the same figures and adds nothing', async () => {
  await seedDemo(app.strapi);
  const runs = (await admin.get('/utilities/charge-runs?pageSize=100')).body.data;
  expect(runs.map((r: { documentId: string }) => r.documentId)).toEqual([run.documentId]);
  expect(runs[0].totals).toEqual(run.totals);
  const moves = (await admin.get('/utilities/parties?q=Weber')).body.data;
  expect(moves).toHaveLength(1);
});
