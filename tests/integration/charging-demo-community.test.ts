import { DateTime } from 'luxon';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';

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
  app = await startStrapi({ UTILITIES_DEMO_SEED: 'true' });
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
});
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
 * One sunny day split by hand, interval by interval, from the stored readings:
 *   P = roof, Cᵢ = each member's meter, common = import + P − export − ΣCᵢ (to the owner),
 *   S = P − export; sᵢ = S × Cᵢ / ΣC (ΣC with the owner's common part), cut to whole Wh, and the
 *   Wh that rounding leaves go to the largest remainders (ties: the smaller id); gridᵢ = Cᵢ − sᵢ.
 * E.g. a quarter hour with P = 300 and ΣC = 12 + 135 + 195 + 40 = 382 (nothing exported): S = 300,
 * s = 300 × (12, 135, 195, 40) / 382 = 9.42, 106.02, 153.14, 31.41 → 9, 106, 153, 31 (299), the
 * last Wh to the largest remainder .42 (DL-05) → 10, 106, 153, 31; grid 2, 29, 42, 9.
 */
test('a sunny day split by hand, interval by interval, is what the community page shows for it', async () => {
  const daily = (
    await admin.get(
      `/utilities/communities/${community.documentId}/figures?from=${month.toISODate()}&to=${nextMonth.toISODate()}&granularity=day`,
    )
  ).body.data as Figures;
  // The sunniest day: the most exported.
  const sunny = [...daily.series].sort((a, b) => Number(b.exported) - Number(a.exported))[0].period;
  const from = DateTime.fromISO(sunny, { zone: ZONE });
  const to = from.plus({ days: 1 });
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
  const owner = '@owner';
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
    consumers.push({ id: owner, c: common });
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
    consumers.forEach((x, i) => {
      const sum = sums.get(x.id) ?? { solar: 0, grid: 0 };
      sums.set(x.id, { solar: sum.solar + solar[i], grid: sum.grid + x.c - solar[i] });
    });
  }
  // A real day: a surplus at midday, a deficit around it.
  expect(surplus).toBeGreaterThan(0);
  expect(deficit).toBeGreaterThan(0);
  const page = daily.series.find((d) => d.period === sunny)!;
  for (const [id, sum] of sums) {
    if (id === owner) continue;
    expect([
      id,
      Math.round(Number(page.members[id].solar) * 1000),
      Math.round(Number(page.members[id].grid) * 1000),
    ]).toEqual([id, sum.solar, sum.grid]);
  }
});
