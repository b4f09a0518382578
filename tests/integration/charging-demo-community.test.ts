import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { DEMO_BOOT_TIMEOUT_MS, startSeededDemo, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { statementCsv } from '../helpers/charge-runs';

/**
 * The demo's Lakeside ZEV (playground/src/demo/community.js) in the demo's draft charge run
 * of month M (the calendar month before this one, Europe/Zurich), booted as `npm run demo`
 * boots it. Members DL-05 (vacant: Immo Léman SA answers, and as the owner also carries the
 * common consumption), DL-07 (Giulia Bianchi) and DL-08 (Henrik Larsen); a 29.6 kWp roof;
 * the connection meter sees the members and the common 40 Wh a quarter hour.
 *
 * Member loads (demo/load-profiles.js), Wh per quarter hour by local hour, every day:
 *   DL-07 = 0.9 × the household curve: 00–05 45 · 06 108 · 07 135 · 08 72 · 09–11 54 · 12 126 ·
 *           13–16 54 · 17 90 · 18 198 · 19 162 · 20 126 · 21 99 · 22 72 · 23 54
 *           a day 4 × (6×45 + 108 + 135 + 72 + 3×54 + 126 + 4×54 + 90 + 198 + 162 + 126 + 99 + 72 + 54)
 *           = 4 × 1890 = 7560 Wh; a 23-hour day 7560 − 4×45 = 7380, a 25-hour day 7740
 *   DL-08 = 1.3 × the curve: 00–05 65 · 06 156 · 07 195 · 08 104 · 09–11 78 · 12 182 · 13–16 78 ·
 *           17 130 · 18 286 · 19 234 · 20 182 · 21 143 · 22 104 · 23 78
 *           a day 4 × 2730 = 10920 Wh; a 23-hour day 10920 − 4×65 = 10660, a 25-hour day 11180
 *   DL-05 = 12 Wh every quarter hour, and its owner's common consumption 40 Wh
 * Each member's solar + grid energy in the run is exactly that consumption.
 *
 * @sqlite-only the demo community’s figures worked by hand; the split and its queries are
 * community-charging’s on every database.
 */
jest.setTimeout(240_000);
const ZONE = 'Europe/Zurich';
let app: TestApp;
let admin: Agent;
const month = DateTime.now().setZone(ZONE).startOf('month').minus({ months: 1 });
const nextMonth = month.plus({ months: 1 });
const days = month.daysInMonth!;
const extraHours = nextMonth.diff(month, 'hours').hours - 24 * days; // −1 in March, +1 in October
const quarterHours = (24 * days + extraHours) * 4;

type Line = {
  kind: string;
  energy?: string;
  component?: string;
  band?: string;
  metered?: boolean;
  quantity: string;
  unitPrice: string;
  amount: string;
};
type Invoice = { party: { displayName: string }; billingPoint: { code: string }; lines: Line[] };
type Figures = {
  community: { code: string; name: string; kind: string };
  totals: Record<string, string | null>;
  series: { period: string; exported: string; members: Record<string, { solar: string; grid: string }> }[];
  members: { billingPoint: string; solar: string; grid: string; consumption: string; common: string }[];
};
let invoices: Invoice[];
let community: { documentId: string; code: string; members: { billingPoint: string }[] };
const points: Record<string, string> = {};

beforeAll(async () => {
  app = await startSeededDemo();
  admin = await superAdmin(app.strapi, app.http);
  const [run] = (await admin.get('/utilities/charge-runs?pageSize=100')).body.data;
  const list = (await admin.get(`/utilities/invoices?chargeRun=${run.documentId}&pageSize=100`)).body.data;
  invoices = await Promise.all(
    list.map(
      async (i: { documentId: string }) => (await admin.get(`/utilities/invoices/${i.documentId}`)).body.data,
    ),
  );
  const communities = (await admin.get('/utilities/communities?pageSize=100')).body.data;
  community = communities.find((c: { code: string }) => c.code === 'LAKESIDE-ZEV');
  for (const code of ['DL-05', 'DL-07', 'DL-08']) {
    points[code] = (await admin.get(`/utilities/billing-points?q=${code}`)).body.data.find(
      (p: { code: string }) => p.code === code,
    ).documentId;
  }
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(async () => app?.stop());

const linesOf = (code: string) =>
  invoices
    .filter((i) => i.billingPoint.code === code)
    .flatMap((i) => i.lines)
    .filter((l) => l.kind === 'community');
/** Σ Wh of a member's metered solar and grid lines, by energy. */
const meteredWh = (lines: Line[], energy: string) =>
  lines
    .filter((l) => l.metered && l.energy === energy)
    .reduce((sum, l) => sum + Math.round(Number(l.quantity) * 1000), 0);
const chf = (wh: number, price: number) => (Math.floor((wh * price + 50_000) / 100_000) / 100).toFixed(2);

test('each member pays solar and grid energy that add up to its metered month, worked out by hand', () => {
  expect(community.members.map((m) => m.billingPoint).sort()).toEqual(
    [points['DL-05'], points['DL-07'], points['DL-08']].sort(),
  );
  const month07 = 7560 * days + 4 * 45 * extraHours;
  const month08 = 10920 * days + 4 * 65 * extraHours;
  const month05 = (12 + 40) * quarterHours; // the flat's standby and the owner's common consumption
  for (const [code, wh] of [
    ['DL-07', month07],
    ['DL-08', month08],
    ['DL-05', month05],
  ] as const) {
    const lines = linesOf(code);
    const solar = meteredWh(lines, 'solar');
    const grid = meteredWh(lines, 'grid');
    expect([code, solar + grid]).toEqual([code, wh]);
    // Nights are all grid, sunny middays all solar: both shares are real.
    expect(solar).toBeGreaterThan(0);
    expect(grid).toBeGreaterThan(0);
    // Solar at the community's price, each band on its own line, rounded half-up.
    for (const line of lines.filter((l) => l.energy === 'solar')) {
      const price = line.band === 'HT' ? 2300 : 1650;
      expect([line.band, line.unitPrice, line.amount]).toEqual([
        line.band,
        line.band === 'HT' ? '0.23' : '0.165',
        chf(Math.round(Number(line.quantity) * 1000), price),
      ]);
    }
    // Grid energy at the grid rate, per component: energy, grid usage, levies.
    expect([...new Set(lines.filter((l) => l.energy === 'grid').map((l) => l.component))].sort()).toEqual([
      'Energy',
      'Federal grid surcharge',
      'Grid usage',
      'Municipal levies',
    ]);
  }
  // The roof's surplus is paid to the owner at 0.06, without VAT: a credit line.
  const feedIn = linesOf('DL-05').filter((l) => l.energy === 'feed-in');
  expect(feedIn.length).toBeGreaterThan(0);
  expect(feedIn.every((l) => l.unitPrice === '-0.06' && Number(l.amount) < 0)).toBe(true);
});

test("the community page's month figures are the run's: solar and grid per member", async () => {
  const res = await admin.get(
    `/utilities/communities/${community.documentId}/figures?from=${month.toISODate()}&to=${nextMonth.toISODate()}&granularity=month`,
  );
  expect(res.status).toBe(200);
  const figures = res.body.data as Figures;
  expect(figures.community).toMatchObject({ code: 'LAKESIDE-ZEV', kind: 'ZEV' });
  for (const code of ['DL-07', 'DL-08']) {
    const member = figures.members.find((m) => m.billingPoint === points[code])!;
    const lines = linesOf(code);
    expect([code, Math.round(Number(member.solar) * 1000), Math.round(Number(member.grid) * 1000)]).toEqual([
      code,
      meteredWh(lines, 'solar'),
      meteredWh(lines, 'grid'),
    ]);
  }
  // total = import + P − export; self-consumed = P − export; the common consumption is 40 Wh a quarter hour.
  const t = figures.totals;
  expect(Number(t.common)).toBeCloseTo((40 * quarterHours) / 1000, 3);
  expect(Number(t.selfConsumed) + Number(t.exported)).toBeCloseTo(Number(t.production), 3);
  expect(Number(t.production)).toBeGreaterThan(0);
});

/**
 * The split by hand, interval by interval, from the stored readings (reading_at = the end of the
 * quarter hour):
 *   P = roof, Cᵢ = each member's meter, common = import + P − export − ΣCᵢ (to the owner),
 *   S = P − export; sᵢ = S × Cᵢ / ΣC (ΣC with the owner's common part), cut to whole Wh, and the
 *   Wh that rounding leaves go to the largest remainders (ties: the smaller id); gridᵢ = Cᵢ − sᵢ.
 * E.g. a quarter hour with P = 300 and ΣC = 12 + 135 + 195 + 40 = 382 (nothing exported): S = 300,
 * s = 300 × (12, 135, 195, 40) / 382 = 9.42, 106.02, 153.14, 31.41 → 9, 106, 153, 31 (299), the
 * last Wh to the largest remainder .42 (DL-05) → 10, 106, 153, 31; grid 2, 29, 42, 9.
 * Each quarter hour's band is that of its start on the demo's calendar EKZ-HTNT: HT Monday to
 * Friday 07:00–20:00 and Saturday 07:00–13:00, NT otherwise and on Zurich's public holidays.
 * Returns Wh by "id|band".
 */
const OWNER = '@owner';
async function splitByHand(from: DateTime, to: DateTime) {
  const rows = (await app.strapi.db
    .connection('utilities_meter_readings')
    .select('meter_number', 'register', 'reading_at', 'value')
    .where('kind', 'interval')
    .whereIn('meter_number', ['PV-1001', 'CM-1001', 'EM-1005', 'EM-1007', 'EM-1008'])
    .andWhere('reading_at', '>', from.toMillis())
    .andWhere('reading_at', '<=', to.toMillis())) as {
    meter_number: string;
    register: string;
    reading_at: string | number;
    value: string;
  }[];
  const wh = new Map<string, number>();
  for (const r of rows)
    wh.set(`${r.meter_number}|${r.register}|${Number(r.reading_at)}`, Math.round(Number(r.value) * 1000));
  const ids = { 'EM-1005': points['DL-05'], 'EM-1007': points['DL-07'], 'EM-1008': points['DL-08'] };
  const sums = new Map<string, { solar: number; grid: number }>();
  let surplus = 0;
  let deficit = 0;
  for (let end = from.toMillis() + 900_000; end <= to.toMillis(); end += 900_000) {
    const at = (meter: string, register: string) => wh.get(`${meter}|${register}|${end}`)!;
    const p = at('PV-1001', '2.8.0');
    const exported = at('CM-1001', '2.8.0');
    const consumers = Object.entries(ids).map(([meter, id]) => ({ id, c: at(meter, '1.8.0') }));
    const common = at('CM-1001', '1.8.0') + p - exported - consumers.reduce((s, x) => s + x.c, 0);
    expect(common).toBe(40);
    consumers.push({ id: OWNER, c: common });
    consumers.sort((a, b) => (a.id < b.id ? -1 : 1));
    const total = consumers.reduce((s, x) => s + x.c, 0);
    const s = p - exported;
    if (exported > 0) surplus++;
    else if (p > 0) deficit++;
    const solar = consumers.map((x) => Math.floor((s * x.c) / total));
    const byRemainder = consumers
      .map((x, i) => ({ i, r: (s * x.c) % total }))
      .sort((a, b) => b.r - a.r || a.i - b.i);
    const left = s - solar.reduce((a, b) => a + b, 0);
    for (let k = 0; k < left; k++) solar[byRemainder[k].i]++;
    const band = bandAt(DateTime.fromMillis(end - 900_000, { zone: ZONE }));
    consumers.forEach((x, i) => {
      const key = `${x.id}|${band}`;
      const sum = sums.get(key) ?? { solar: 0, grid: 0 };
      sums.set(key, { solar: sum.solar + solar[i], grid: sum.grid + x.c - solar[i] });
    });
  }
  return { sums, surplus, deficit };
}

/** Zurich's public holidays (CH-ZH) that fall on a working day or Saturday, from Easter (Gauss). */
function zurichHolidays(year: number): Set<string> {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = (19 * a + b - Math.floor(b / 4) - Math.floor((b - Math.floor((b + 8) / 25) + 1) / 3) + 15) % 30;
  const e = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - d - (c % 4)) % 7;
  const f = Math.floor((a + 11 * d + 22 * e) / 451);
  const month = Math.floor((d + e - 7 * f + 114) / 31);
  const easter = DateTime.fromObject({ year, month, day: ((d + e - 7 * f + 114) % 31) + 1 }, { zone: ZONE });
  return new Set([
    `${year}-01-01`,
    `${year}-05-01`,
    `${year}-08-01`,
    `${year}-12-25`,
    `${year}-12-26`,
    ...[-2, 1, 39, 50].map((days) => easter.plus({ days }).toISODate()!), // Good Friday, Easter/Whit Monday, Ascension
  ]);
}
function bandAt(start: DateTime): 'HT' | 'NT' {
  if (zurichHolidays(start.year).has(start.toISODate()!)) return 'NT';
  const hour = start.hour;
  if (start.weekday <= 5) return hour >= 7 && hour < 20 ? 'HT' : 'NT';
  return start.weekday === 6 && hour >= 7 && hour < 13 ? 'HT' : 'NT';
}

test("each flat's solar and grid energy per band is the split by hand over the month", async () => {
  const { sums } = await splitByHand(month, nextMonth);
  const hand = (id: string, band: string) => sums.get(`${id}|${band}`) ?? { solar: 0, grid: 0 };
  // Wh per component (DL-05's own lines and its owner's common ones are separate lines).
  const byComponent = (lines: Line[]) =>
    lines.reduce<Record<string, number>>((acc, l) => {
      acc[l.component!] = (acc[l.component!] ?? 0) + Math.round(Number(l.quantity) * 1000);
      return acc;
    }, {});
  for (const code of ['DL-05', 'DL-07', 'DL-08']) {
    const lines = linesOf(code);
    let gridMonth = 0;
    for (const band of ['HT', 'NT']) {
      const inBand = lines.filter((l) => l.band === band);
      const wh = (energy: string) => meteredWh(inBand, energy);
      // DL-05 is vacant: its owner also carries the common consumption, on the same invoice.
      const expected = [hand(points[code], band), ...(code === 'DL-05' ? [hand(OWNER, band)] : [])];
      const solar = expected.reduce((sum, x) => sum + x.solar, 0);
      const grid = expected.reduce((sum, x) => sum + x.grid, 0);
      expect([code, band, wh('solar'), wh('grid')]).toEqual([code, band, solar, grid]);
      // Both bands have sun and grid energy in a month (Saturday mornings and weekdays are HT).
      expect([code, band, solar > 0, grid > 0]).toEqual([code, band, true, true]);
      // The grid rate's band-priced components (energy, grid usage) each price the band's grid kWh.
      expect([code, band, byComponent(inBand.filter((l) => l.energy === 'grid'))]).toEqual([
        code,
        band,
        { Energy: grid, 'Grid usage': grid },
      ]);
      gridMonth += grid;
    }
    // Its flat-priced components (levies) price the month's grid kWh of both bands at once.
    expect([code, byComponent(lines.filter((l) => l.energy === 'grid' && !l.band))]).toEqual([
      code,
      { 'Federal grid surcharge': gridMonth, 'Municipal levies': gridMonth },
    ]);
  }
});

/** The statement of building charges of the demo's run, parsed (quoted fields may hold commas). */
async function statementOf(runId: string) {
  const res = await statementCsv(admin, runId);
  expect(res.status).toBe(200);
  const rows: string[][] = parse((res.body as string).slice(1));
  const column = (label: string) => rows[0].indexOf(label);
  return (section: string, point: string, utility: string) =>
    rows.find(
      (r) =>
        r[column('Section')] === section &&
        r[column('Billing point')] === point &&
        r[column('Utility / usage')] === utility,
    )?.[column('Quantity')];
}

test("the community page's month and the run's statement of building charges show the same totals", async () => {
  const [run] = (await admin.get('/utilities/charge-runs?pageSize=100')).body.data;
  const quantity = await statementOf(run.documentId);
  const figures = (
    await admin.get(
      `/utilities/communities/${community.documentId}/figures?from=${month.toISODate()}&to=${nextMonth.toISODate()}&granularity=month`,
    )
  ).body.data as Figures;
  const kWh = (text: string | null | undefined) => Math.round(Number(text) * 1000);
  const member = (id: string) => figures.members.find((m) => m.billingPoint === id)!;
  const t = figures.totals;
  // Self-consumption is the solar energy billed, export the feed-in credited, the rest grid energy.
  expect(kWh(quantity('utility-total', '', 'ELECTRICITY · solar'))).toBe(kWh(t.selfConsumed));
  expect(kWh(quantity('utility-total', '', 'ELECTRICITY · feed-in'))).toBe(kWh(t.exported));
  const gridWh = figures.members.reduce((sum, m) => sum + kWh(m.grid), 0);
  expect(kWh(quantity('utility-total', '', 'ELECTRICITY · grid'))).toBe(gridWh);
  // Solar + grid = the members' consumption + the common consumption, as the page says.
  expect(gridWh + kWh(t.selfConsumed)).toBe(kWh(t.consumption) + kWh(t.common));
  for (const code of ['DL-05', 'DL-07', 'DL-08']) {
    const parts = [member(points[code]), ...(code === 'DL-05' ? [member(OWNER)] : [])];
    expect([
      code,
      kWh(quantity('billing-point', code, 'ELECTRICITY · solar')),
      kWh(quantity('billing-point', code, 'ELECTRICITY · grid')),
    ]).toEqual([
      code,
      parts.reduce((sum, m) => sum + kWh(m.solar), 0),
      parts.reduce((sum, m) => sum + kWh(m.grid), 0),
    ]);
  }
});

/** One sunny day split by hand (splitByHand) is what the community page shows for it. */
test('a sunny day split by hand, interval by interval, is what the community page shows for it', async () => {
  const daily = (
    await admin.get(
      `/utilities/communities/${community.documentId}/figures?from=${month.toISODate()}&to=${nextMonth.toISODate()}&granularity=day`,
    )
  ).body.data as Figures;
  // The sunniest day: the most exported.
  const sunny = [...daily.series].sort((a, b) => Number(b.exported) - Number(a.exported))[0].period;
  const from = DateTime.fromISO(sunny, { zone: ZONE });
  const { sums, surplus, deficit } = await splitByHand(from, from.plus({ days: 1 }));
  // A real day: a surplus at midday, a deficit around it.
  expect(surplus).toBeGreaterThan(0);
  expect(deficit).toBeGreaterThan(0);
  const page = daily.series.find((d) => d.period === sunny)!;
  for (const code of ['DL-05', 'DL-07', 'DL-08']) {
    const id = points[code];
    const day = ['HT', 'NT'].map((band) => sums.get(`${id}|${band}`) ?? { solar: 0, grid: 0 });
    expect([
      code,
      Math.round(Number(page.members[id].solar) * 1000),
      Math.round(Number(page.members[id].grid) * 1000),
    ]).toEqual([code, day[0].solar + day[1].solar, day[0].grid + day[1].grid]);
  }
});
