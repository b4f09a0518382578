import { DateTime } from 'luxon';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { created, createBuilding, createParty, createPoint, meterSetup, person } from '../helpers/billing';
import { outcome, runCharges, statementCsv } from '../helpers/charge-runs';

/**
 * A ZEV's energy in a real charge run (issue 17, "Invoices" and "The legal price cap"),
 * over HTTP on a real database. ZEV "Sonnenhof" in Zurich, Monday 3 June 2024, on the
 * HT/NT calendar (HT Mon–Fri 07:00–20:00). Members: flat SH-01 (tenant Alice) and flat
 * SH-02 (vacant: its owner answers). Roof PV (2.8.0), connection meter (import 1.8.0,
 * export 2.8.0), common consumption to the owner, solar price 0.20 (every band),
 * feed-in credit 0.08. Grid rate (building scope, VAT 8.1 %): Energy HT 0.30 / NT 0.20,
 * Grid usage HT 0.10 / NT 0.05. Standard product 0.30 → EnV art. 16 cap 0.24.
 *
 * Every meter reports every quarter hour (zero where not listed). Values in kWh:
 *   10:00 HT  P 20  F1 10  F2 5   import 0  export 3 → total 17, common 2: all solar
 *                                 (F1 10, F2 5, owner 2); exported 3
 *   12:00 HT  P 10  F1 10  F2 5   import 5  export 0 → common 0; 10 by 10:5 = 6.666…/3.333…
 *                                 → 6.666 + 3.333 = 9.999, 1 Wh to F1 (larger remainder .666)
 *                                 → F1 solar 6.667 grid 3.333; F2 solar 3.333 grid 1.667
 *   21:00 NT  P 0   F1 6   F2 2   import 9  export 0 → common 1: all grid (F1 6, F2 2, owner 1)
 *
 *   F1 (Alice): solar HT 16.667, grid HT 3.333, grid NT 6 (= its 26 kWh metered)
 *     Solar HT          16.667 × 0.20 = 3.3334 → 3.33   VAT 3.33 × 8.1 % = 0.26973 → 0.27
 *     Energy HT          3.333 × 0.30 = 0.9999 → 1.00   VAT 0.081 → 0.08
 *     Energy NT              6 × 0.20 = 1.20            VAT 0.0972 → 0.10
 *     Grid usage HT      3.333 × 0.10 = 0.3333 → 0.33   VAT 0.02673 → 0.03
 *     Grid usage NT          6 × 0.05 = 0.30            VAT 0.0243 → 0.02
 *     net 6.16, VAT 0.50, gross 6.66
 *   F2 (vacant → owner): solar HT 8.333, grid HT 1.667, grid NT 2 (= its 12 kWh)
 *     Solar HT 1.6666 → 1.67 (VAT 0.14), Energy HT 0.5001 → 0.50 (0.04), Energy NT 0.40 (0.03),
 *     Grid usage HT 0.1667 → 0.17 (0.01), Grid usage NT 0.10 (0.01): net 2.84, VAT 0.23
 *   Owner's community lines (with the first member charged, SH-01): common solar HT 2 × 0.20
 *     = 0.40 (VAT 0.03), common grid Energy NT 1 × 0.20 = 0.20 (0.02), Grid usage NT
 *     1 × 0.05 = 0.05 (0.00), feed-in HT 3 × −0.08 = −0.24 (no VAT): net 0.41, VAT 0.05
 */
const ZONE = 'Europe/Zurich';
let app: TestApp;
let root: Agent;
const ids: Record<string, string> = {};
const period = { periodStart: '2024-06-03', periodEnd: '2024-06-03' };
const Q = 15 * 60_000;
const at = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();

type Line = {
  kind: string;
  energy?: string;
  component?: string;
  band?: string;
  partyRole: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  vatAmount: string;
  metered?: boolean;
};
type InvoiceBody = {
  party: { documentId: string };
  billingPoint: { documentId: string };
  lines: Line[];
  totals: { net: string; vat: string; gross: string };
};
type RunException = { kind: string; billingPointId: string; message: string } & Record<string, unknown>;

const community = (over: Record<string, unknown> = {}) => ({
  code: 'SH-ZEV',
  name: 'ZEV Sonnenhof',
  kind: 'ZEV',
  building: ids.building,
  members: [
    { billingPoint: ids.flat1, entryDate: '2024-01-01' },
    { billingPoint: ids.flat2, entryDate: '2024-01-01' },
  ],
  productionMeters: [{ meterNumber: 'PV-SH', register: '2.8.0' }],
  connection: {
    import: [{ meterNumber: 'CONN-SH', register: '1.8.0' }],
    export: [{ meterNumber: 'CONN-SH', register: '2.8.0' }],
  },
  solarPrices: [{ band: '*', price: '0.20' }],
  gridRate: ids.rate,
  feedInCredit: '0.08',
  standardPrices: [{ from: '2024-01-01', to: '2024-12-31', prices: [{ band: '*', price: '0.30' }] }],
  ...over,
});

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  ids.owner = (await createParty(root, { kind: 'legal', companyName: 'Sonnenhof AG' })).documentId;
  ids.alice = (await person(root, 'Alice', 'Alder')).documentId;
  ids.building = (
    await createBuilding(root, { code: 'SH', name: 'Sonnenhof', owner: ids.owner, timezone: ZONE })
  ).documentId;
  const setup = await meterSetup(root, 'ELECTRICITY');
  await created(
    await root.post('/utilities/tariff-calendars', {
      code: 'SH-HTNT',
      name: 'HT/NT',
      windows: [{ band: 'HT', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '20:00' }],
      defaultBand: 'NT',
    }),
    'calendar',
  );
  ids.rate = (
    await created(
      await root.post('/utilities/rates', {
        utilityType: setup.utilityType.documentId,
        scope: 'building',
        building: ids.building,
        validFrom: '2024-01-01',
        vatRate: '8.1',
        currency: 'CHF',
        tariffCalendar: 'SH-HTNT',
        components: [
          { name: 'Energy', bandPrices: { HT: '0.30', NT: '0.20' }, vatRate: '8.1' },
          { name: 'Grid usage', bandPrices: { HT: '0.10', NT: '0.05' }, vatRate: '8.1' },
        ],
      }),
      'grid rate',
    )
  ).documentId;
  for (const [key, code, meter] of [
    ['flat1', 'SH-01', 'E-SH1'],
    ['flat2', 'SH-02', 'E-SH2'],
  ]) {
    ids[key] = (await createPoint(root, { code, name: code, building: ids.building })).documentId;
    const device = await created(
      await root.post('/utilities/devices', {
        meterNumber: meter,
        deviceType: setup.deviceType.documentId,
        utilityType: setup.utilityType.documentId,
        unit: 'kWh',
        registers: ['1.8.0'],
      }),
      meter,
    );
    await created(
      await root.post(`/utilities/billing-points/${ids[key]}/meters`, {
        device: device.documentId,
        from: '2024-01-01',
      }),
      `${meter} installation`,
    );
  }
  await created(
    await root.post(`/utilities/billing-points/${ids.flat1}/occupancies`, {
      party: ids.alice,
      entryDate: '2024-01-01',
      exitDate: null,
    }),
    'occupancy',
  );
  const values: Record<string, Record<string, string>> = {
    'PV-SH|2.8.0': { '10:00': '20', '12:00': '10' },
    'E-SH1|1.8.0': { '10:00': '10', '12:00': '10', '21:00': '6' },
    'E-SH2|1.8.0': { '10:00': '5', '12:00': '5', '21:00': '2' },
    'CONN-SH|1.8.0': { '12:00': '5', '21:00': '9' },
    'CONN-SH|2.8.0': { '10:00': '3' },
  };
  const rows = [];
  const start = at('2024-06-03T00:00');
  for (const [series, byTime] of Object.entries(values)) {
    const [meter, register] = series.split('|');
    for (let s = start; s < start + 86_400_000; s += Q) {
      const hhmm = DateTime.fromMillis(s, { zone: ZONE }).toFormat('HH:mm');
      rows.push({
        meter_number: meter,
        register,
        reading_at: s + Q,
        value: byTime[hhmm] ?? '0',
        kind: 'interval',
        created_at: Date.now(),
      });
    }
  }
  for (let i = 0; i < rows.length; i += 200)
    await app.strapi.db.connection('utilities_meter_readings').insert(rows.slice(i, i + 200));
  const res = await root.post('/utilities/communities', community());
  expect([res.status, res.body.error]).toEqual([201, undefined]);
  ids.community = res.body.data.documentId;
});
afterAll(async () => app?.stop());

async function run(status: 'drafted' | 'replaced') {
  const res = await runCharges(root, { ...period, scope: { building: ids.building } });
  expect([outcome(res), res.body.error]).toEqual([status, undefined]);
  const runId: string = res.body.data.documentId;
  const list = await root.get(`/utilities/invoices?chargeRun=${runId}&pageSize=100`);
  const invoices: InvoiceBody[] = [];
  for (const brief of list.body.data as { documentId: string }[])
    invoices.push((await root.get(`/utilities/invoices/${brief.documentId}`)).body.data as InvoiceBody);
  const detail = (await root.get(`/utilities/charge-runs/${runId}`)).body.data as {
    exceptions: RunException[];
  };
  const of = (point: string, party: string) =>
    invoices.find((i) => i.billingPoint.documentId === point && i.party.documentId === party);
  return { runId, invoices, exceptions: detail.exceptions, of };
}

const brief = (l: Line) => [
  l.energy ?? l.kind,
  l.component ?? null,
  l.band ?? null,
  l.quantity,
  l.unitPrice,
  l.amount,
  l.vatAmount,
];

describe('a ZEV in a charge run', () => {
  it("bills each flat's solar and grid energy per band, by hand", async () => {
    const { of, exceptions } = await run('drafted');
    expect(exceptions.filter((e) => e.kind.startsWith('community'))).toEqual([]);
    const alice = of(ids.flat1, ids.alice)!;
    expect(alice.lines.map(brief)).toEqual([
      ['solar', null, 'HT', '16.667', '0.2', '3.33', '0.27'],
      ['grid', 'Energy', 'HT', '3.333', '0.3', '1.00', '0.08'],
      ['grid', 'Energy', 'NT', '6', '0.2', '1.20', '0.10'],
      ['grid', 'Grid usage', 'HT', '3.333', '0.1', '0.33', '0.03'],
      ['grid', 'Grid usage', 'NT', '6', '0.05', '0.30', '0.02'],
    ]);
    expect(alice.totals).toMatchObject({ net: '6.16', vat: '0.50', gross: '6.66' });
    // Solar + grid (counted once, not once per component) = the flat's 26 metered kWh.
    const metered = alice.lines.filter((l) => l.metered).reduce((s, l) => s + Number(l.quantity), 0);
    expect(metered.toFixed(3)).toBe('26.000');

    const vacant = of(ids.flat2, ids.owner)!;
    expect(vacant.lines.every((l) => l.partyRole === 'owner')).toBe(true);
    expect(vacant.lines.map((l) => l.amount)).toEqual(['1.67', '0.50', '0.40', '0.17', '0.10']);
    expect(vacant.totals).toMatchObject({ net: '2.84', vat: '0.23' });

    const owner = of(ids.flat1, ids.owner)!;
    expect(owner.lines.map(brief)).toEqual([
      ['solar', null, 'HT', '2', '0.2', '0.40', '0.03'],
      ['grid', 'Energy', 'NT', '1', '0.2', '0.20', '0.02'],
      ['grid', 'Grid usage', 'NT', '1', '0.05', '0.05', '0.00'],
      ['feed-in', null, 'HT', '3', '-0.08', '-0.24', '0.00'],
    ]);
    expect(owner.totals).toMatchObject({ net: '0.41', vat: '0.05' });
  });

  it('the community page and the statement of the run show the same totals', async () => {
    const { runId } = await run('replaced');
    const csv = await statementCsv(root, runId);
    expect(csv.status).toBe(200);
    const rows = (csv.body as string)
      .slice(1)
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const quantity = (section: string, point: string, utility: string) =>
      rows.find((r) => r[0] === section && r[2] === point && r[4] === utility)?.[6];
    const figures = (
      await root.get(`/utilities/communities/${ids.community}/figures?from=2024-06-03&to=2024-06-04`)
    ).body.data as {
      totals: { selfConsumed: string; exported: string; consumption: string; common: string };
      members: { billingPoint: string; solar: string; grid: string }[];
    };
    const member = (id: string) => figures.members.find((m) => m.billingPoint === id)!;
    const owner = member('@owner');
    // Self-consumed 27 = 16.667 + 8.333 + 2; grid 14 = (3.333 + 6) + (1.667 + 2) + 1; exported 3.
    expect(figures.totals).toMatchObject({
      selfConsumed: '27',
      exported: '3',
      consumption: '38',
      common: '3',
    });
    expect(quantity('utility-total', '', 'ELECTRICITY · solar')).toBe(figures.totals.selfConsumed);
    const gridTotal = figures.members.reduce((sum, m) => sum + Number(m.grid), 0);
    expect(Number(quantity('utility-total', '', 'ELECTRICITY · grid'))).toBeCloseTo(gridTotal, 9);
    expect(quantity('utility-total', '', 'ELECTRICITY · feed-in')).toBe(figures.totals.exported);
    // Per flat: SH-02 is its own member figures; SH-01 carries the owner's common consumption too.
    expect(quantity('billing-point', 'SH-02', 'ELECTRICITY · solar')).toBe(member(ids.flat2).solar);
    expect(quantity('billing-point', 'SH-02', 'ELECTRICITY · grid')).toBe(member(ids.flat2).grid);
    expect(Number(quantity('billing-point', 'SH-01', 'ELECTRICITY · solar'))).toBeCloseTo(
      Number(member(ids.flat1).solar) + Number(owner.solar),
      9,
    );
    expect(Number(quantity('billing-point', 'SH-01', 'ELECTRICITY · grid'))).toBeCloseTo(
      Number(member(ids.flat1).grid) + Number(owner.grid),
      9,
    );
  });

  it('refuses a solar price above the EnV art. 16 cap at charging, naming the cap and the figures', async () => {
    const put = await root.put(
      `/utilities/communities/${ids.community}`,
      community({ solarPrices: [{ band: '*', price: '0.25' }] }),
    );
    expect(put.status).toBe(200);
    const { of, exceptions } = await run('replaced');
    const refused = exceptions.filter((e) => e.kind === 'community-not-billed');
    expect(refused.map((e) => e.billingPointId).sort()).toEqual([ids.flat1, ids.flat2].sort());
    expect(refused[0]).toMatchObject({
      community: 'SH-ZEV',
      cap: 'EnV art. 16',
      band: '*',
      solarPrice: '0.25',
      standardPrice: '0.3',
      capPrice: '0.24',
    });
    // The admin words it from the code and params, in its language.
    expect(refused[0]).toMatchObject({
      code: 'community-not-billed',
      params: {
        community: 'SH-ZEV',
        reason: 'solar-price-above-cap',
        owner: 'no',
        band: '*',
        solarValue: '0.25',
        capValue: '0.24',
        standardValue: '0.3',
      },
    });
    expect(refused[0].message).toContain('EnV art. 16 cap of 0.24');
    expect(refused[0].message).toContain('solar price 0.25');
    // Nothing of the community's energy is billed, and not at the ordinary rate either.
    expect(of(ids.flat1, ids.alice)).toBeUndefined();
    expect(of(ids.flat2, ids.owner)).toBeUndefined();
  });

  it('refuses when no standard product covers the period: the cap cannot be checked', async () => {
    await root.put(
      `/utilities/communities/${ids.community}`,
      community({
        standardPrices: [{ from: '2023-01-01', to: '2023-12-31', prices: [{ band: '*', price: '0.3' }] }],
      }),
    );
    const { exceptions } = await run('replaced');
    const refused = exceptions.filter((e) => e.kind === 'community-not-billed');
    expect(refused).toHaveLength(2);
    expect(refused[0].message).toContain('cannot be checked');
    expect(refused[0].params).toMatchObject({ reason: 'standard-price-missing-days' });
  });

  it('names a member without a meter in the run, and bills nobody those intervals', async () => {
    ids.flat3 = (
      await createPoint(root, { code: 'SH-03', name: 'SH-03', building: ids.building })
    ).documentId;
    const put = await root.put(
      `/utilities/communities/${ids.community}`,
      community({
        members: [...community().members, { billingPoint: ids.flat3, entryDate: '2024-06-01' }],
      }),
    );
    expect(put.status).toBe(200);
    const { exceptions, of } = await run('replaced');
    const noMeter = exceptions.filter((e) => e.kind === 'community-no-meter');
    expect(noMeter).toEqual([
      expect.objectContaining({
        billingPointId: ids.flat3,
        community: 'SH-ZEV',
        intervals: 96,
        from: new Date(at('2024-06-03T00:00')).toISOString(),
        to: new Date(at('2024-06-04T00:00')).toISOString(),
      }),
    ]);
    expect(noMeter[0].message).toContain('SH-03');
    // Every interval was skipped, so no flat is billed solar or grid energy for the day.
    expect(of(ids.flat1, ids.alice)).toBeUndefined();
    await root.put(`/utilities/communities/${ids.community}`, community());
  });

  it('refuses to delete a member billing point or the grid rate, naming the community (409)', async () => {
    const point = await root.delete(`/utilities/billing-points/${ids.flat2}`);
    expect(point.status).toBe(409);
    expect(point.body.error.message).toContain('communities it is a member of: SH-ZEV');
    const rate = await root.delete(`/utilities/rates/${ids.rate}`);
    expect(rate.status).toBe(409);
    expect(rate.body.error.message).toContain('communities billing grid energy by it: SH-ZEV');
    // Still there, and billed as before.
    expect((await root.get(`/utilities/billing-points/${ids.flat2}`)).status).toBe(200);
    expect((await root.get(`/utilities/rates/${ids.rate}`)).status).toBe(200);
  });

  it('lets a billing point go once it has left no community behind', async () => {
    const lone = (await createPoint(root, { code: 'SH-09', name: 'SH-09', building: ids.building }))
      .documentId;
    expect((await root.delete(`/utilities/billing-points/${lone}`)).status).toBe(200);
  });
});
