#!/usr/bin/env node
/**
 * Charging benchmark (a measurement, not a test): a draft charge run of one month over a
 * building of N billing points, at N = 1,000 and N = 10,000 in the same run (two
 * buildings in one database), timed, with the process's peak RSS growth during each run.
 *
 * Per billing point: 3 meters (water, electricity, heat; register "1"), a cumulative read
 * every day at local midnight from 31 May to 1 July 2024 (32 reads, so both boundaries are
 * exact), an occupant (every 10th point changes occupant on 16 June), 6 laundry usage
 * records on its water meter (one in May: the baseline), and default rates with an
 * electricity price change on 16 June. Data is generated with bulk inserts through
 * Strapi's query engine (content types) and knex (readings, usage records); only the
 * catalog goes through the plugin's services.
 *
 *   node scripts/prepare.mjs plugin
 *   node --expose-gc bench/charging/run.mjs                              # SQLite
 *   DATABASE_CLIENT=postgres node --expose-gc bench/charging/run.mjs     # PostgreSQL at 127.0.0.1
 *   SIZES=100,1000 node --expose-gc bench/charging/run.mjs               # a quick smoke run
 *   PROGRESS=10 … bench/charging/run.mjs                                 # the pace every 10 s
 *   ISOLATED=1 … bench/charging/run.mjs                                  # each draft in a fresh process
 *   KEEP_DATABASE=1 … bench/charging/run.mjs                             # keep it, to look at plans
 *   ISOLATED=1 DRAFT_HEAP_MB=400 … bench/charging/run.mjs                # the draft's heap capped
 *
 * Each run prints its peak RSS growth and its peak live heap growth (timed-draft.mjs). In
 * this process the RSS growth is over a heap that generating the data grew first; with
 * ISOLATED=1 each draft runs in a process of its own on the generated database, as a
 * server would (draft-child.mjs).
 *
 * The run is the service call behind POST /utilities/charge-runs (charge-runs.draft):
 * gathering, the engine, and writing the run and its invoices.
 *
 * Time-of-use tariffs: VARIANTS=flat,bands runs each size twice in the same process —
 * today's flat rates, then a building whose electricity meter (one of three) has
 * 15-minute interval data billed on an HT/NT calendar with Zurich holidays, three
 * components and a demand charge (a building rate). PERIOD=from..to shortens the
 * period (15-minute data is 96 readings a day per meter):
 *
 *   VARIANTS=flat,bands SIZES=10000 PERIOD=2024-06-03..2024-06-09 node --expose-gc bench/charging/run.mjs
 *
 * Self-consumption community (issue 17): VARIANTS=community seeds one "bands" building once,
 * plus a roof (PV, 1 kWp a flat, sunny and cloudy days) and a connection meter (import and
 * export, 2 Wh a flat of common consumption a quarter hour), and bills the same month twice
 * in one process: first with every flat a member of a ZEV (solar and grid energy per band,
 * the building's band rate as the grid rate), then — the community deleted — without it (the
 * same flats at the band rate; this draft replaces the first). The first run also pays the
 * process's warm-up, so the ratio errs against the community (FIRST=without turns the order
 * round; the second run's RSS growth is over a heap the first one already grew):
 *
 *   VARIANTS=community SIZES=200 node --expose-gc bench/charging/run.mjs
 *   VARIANTS=community SIZES=200 FIRST=without node --expose-gc --max-old-space-size=400 bench/charging/run.mjs
 */
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { useFreshDatabase } from '../fresh-database.mjs';
import { timedDraft } from './timed-draft.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const SIZES = (process.env.SIZES ?? '1000,10000').split(',').map(Number);
const client = process.env.DATABASE_CLIENT ?? 'sqlite';
const ZONE = 'Europe/Zurich';
const [periodStart, periodEnd] = (process.env.PERIOD ?? '2024-06-01..2024-06-30').split('..');
const PERIOD = { periodStart, periodEnd };
const VARIANTS = (process.env.VARIANTS ?? 'flat').split(',');
const PROGRESS_EVERY = Number(process.env.PROGRESS ?? 0);
const ISOLATED = process.env.ISOLATED === '1';
if (ISOLATED && VARIANTS.includes('community'))
  throw new Error('ISOLATED=1 runs flat and bands variants (a community run reads its invoices back here)');
if (VARIANTS.some((v) => !['flat', 'bands', 'community'].includes(v)))
  throw new Error('VARIANTS: flat, bands and/or community');

if (!existsSync(path.join(ROOT, 'dist', 'server', 'index.js')))
  throw new Error('dist/ is missing: run `node scripts/prepare.mjs plugin` first');
const work = mkdtempSync(path.join(tmpdir(), 'utilities-charging-bench-'));

const dropDatabase = await useFreshDatabase({
  client,
  work,
  name: `utilities_charging_bench_${process.pid}`,
  require,
});

const { DateTime } = require('luxon');
const { createStrapi } = require('@strapi/strapi');
const strapi = await createStrapi({
  appDir: path.join(ROOT, 'playground'),
  distDir: path.join(ROOT, 'playground'),
}).load();
const plugin = strapi.plugin('utilities');
const knex = strapi.db.connection;
const UID = (name) => `plugin::utilities.${name}`;

let sequence = 0;
const docId = (prefix) => `${prefix}${(sequence++).toString(36).padStart(8, '0')}`.slice(0, 24);

/** Content-type rows through the query engine, as many per statement as the dialect takes. */
async function bulk(name, rows) {
  const now = new Date();
  for (let i = 0; i < rows.length; i += 5000) {
    await strapi.db.query(UID(name)).createMany({
      data: rows.slice(i, i + 5000).map((r) => ({ createdAt: now, updatedAt: now, publishedAt: now, ...r })),
    });
  }
}
async function insert(table, rows) {
  const batch = client === 'sqlite' ? 500 : 2000;
  for (let i = 0; i < rows.length; i += batch) await knex(table).insert(rows.slice(i, i + batch));
}

const localMidnight = (isoDate) => DateTime.fromISO(isoDate, { zone: ZONE }).toMillis();
// Daily reads from the day before the period to the day after it, so both boundaries are exact.
const DAYS = [];
for (
  let d = DateTime.fromISO(periodStart, { zone: ZONE }).minus({ days: 1 });
  d <= DateTime.fromISO(periodEnd, { zone: ZONE }).plus({ days: 1 });
  d = d.plus({ days: 1 })
)
  DAYS.push(d.toMillis());
// 15-minute interval ends covering the period (local midnight to local midnight, DST-correct).
const QUARTERS = [];
for (
  let t = localMidnight(periodStart) + 900_000;
  t <= DateTime.fromISO(periodEnd, { zone: ZONE }).plus({ days: 1 }).toMillis();
  t += 900_000
)
  QUARTERS.push(t);

// ── catalog (through the services) ──
const utility = {};
for (const [code, name] of [
  ['WATER', 'Water'],
  ['ELECTRICITY', 'Electricity'],
  ['HEAT', 'Heat'],
]) {
  utility[code] = await plugin.service('utility-types').create({ code, name });
}
const laundry = await plugin.service('usage-metrics').create({
  code: 'LAUNDRY_CYCLES',
  name: 'Laundry cycles',
  eGroup: 'laundry',
  field: 'intCounter',
  aggregation: 'count',
  unit: 'cycle',
});
const rates = plugin.service('rates');
const rate = (body) => rates.create({ scope: 'default', currency: 'CHF', vatRate: '8.1', ...body });
await rate({
  utilityType: utility.WATER.documentId,
  validFrom: '2020-01-01',
  unitPrice: '2.85',
  fixedFeePerMonth: '12.00',
});
await rate({
  utilityType: utility.ELECTRICITY.documentId,
  validFrom: '2020-01-01',
  unitPrice: '0.2450',
  fixedFeePerMonth: '8.50',
});
await rate({
  utilityType: utility.ELECTRICITY.documentId,
  validFrom: '2024-06-16',
  unitPrice: '0.2790',
  fixedFeePerMonth: '8.50',
});
await rate({ utilityType: utility.HEAT.documentId, validFrom: '2020-01-01', unitPrice: '0.1350' });
await rate({ usageMetric: laundry.documentId, validFrom: '2020-01-01', unitPrice: '2.50' });
// The band tariff a "bands" building's electricity is billed at (a building rate).
if (VARIANTS.includes('bands') || VARIANTS.includes('community'))
  await plugin.service('tariff-calendars').create({
    code: 'BENCH-HTNT',
    name: 'HT/NT Zürich',
    windows: [
      { band: 'HT', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '07:00', to: '20:00' },
      { band: 'HT', days: ['sat'], from: '07:00', to: '13:00' },
    ],
    defaultBand: 'NT',
    holidayRegion: 'CH-ZH',
  });
const bandRate = (building) =>
  rate({
    utilityType: utility.ELECTRICITY.documentId,
    scope: 'building',
    building,
    validFrom: '2020-01-01',
    tariffCalendar: 'BENCH-HTNT',
    components: [
      { name: 'Energy', bandPrices: { HT: '0.148', NT: '0.116' }, vatRate: '8.1' },
      {
        name: 'Grid usage',
        bandPrices: { HT: '0.097', NT: '0.052' },
        vatRate: '8.1',
        fixedFeePerMonth: '8.50',
      },
      { name: 'Federal levy', unitPrice: '0.023', vatRate: '8.1' },
    ],
    demandPricePerKw: '9.80',
  });
const owner = await plugin.service('parties').create({ kind: 'legal', companyName: 'Bench Owner AG' });
const utilityIds = Object.fromEntries(
  await Promise.all(
    Object.entries(utility).map(async ([code, u]) => [
      code,
      (await knex('utilities_utility_types').where({ document_id: u.documentId }).first('id')).id,
    ]),
  ),
);
const link = strapi.db.metadata.get(UID('device')).attributes.utilityType.joinTable;

/** N billing points with everything a month's run reads, in their own building. */
async function generate(n, variant) {
  const t0 = Date.now();
  const building = await plugin.service('buildings').create({
    code: `BENCH-${n}-${variant.toUpperCase()}`,
    name: `Bench ${n} ${variant}`,
    timezone: ZONE,
    owner: owner.documentId,
  });
  const bands = variant === 'bands' || variant === 'community';
  const gridRate = bands ? await bandRate(building.documentId) : null;
  const points = [];
  const parties = [];
  const occupancies = [];
  const devices = [];
  const installations = [];
  for (let p = 0; p < n; p++) {
    const point = {
      documentId: docId('bp'),
      code: `B${n}${variant[0].toUpperCase()}-${p}`,
      name: `Flat ${p}`,
      buildingRef: building.documentId,
      active: true,
      kind: 'apartment',
    };
    points.push(point);
    const tenant = {
      documentId: docId('pa'),
      kind: 'natural',
      firstName: 'Tenant',
      lastName: `${n}${variant[0]}-${p}`,
      displayName: `Tenant ${n}${variant[0]}-${p}`,
    };
    parties.push(tenant);
    if (p % 10 === 0) {
      const next = {
        documentId: docId('pa'),
        kind: 'natural',
        firstName: 'Next',
        lastName: `${n}${variant[0]}-${p}`,
        displayName: `Next ${n}${variant[0]}-${p}`,
      };
      parties.push(next);
      occupancies.push({
        documentId: docId('oc'),
        billingPointRef: point.documentId,
        partyRef: tenant.documentId,
        entryDate: '2020-01-01',
        exitDate: '2024-06-15',
      });
      occupancies.push({
        documentId: docId('oc'),
        billingPointRef: point.documentId,
        partyRef: next.documentId,
        entryDate: '2024-06-16',
        exitDate: null,
      });
    } else {
      occupancies.push({
        documentId: docId('oc'),
        billingPointRef: point.documentId,
        partyRef: tenant.documentId,
        entryDate: '2020-01-01',
        exitDate: null,
      });
    }
    for (const code of ['WATER', 'ELECTRICITY', 'HEAT']) {
      const device = {
        documentId: docId('dv'),
        meterNumber: `${code[0]}${n}${variant[0]}-${p}`,
        registers: ['1'],
        unit: code === 'WATER' ? 'm³' : 'kWh',
        multiplier: '1',
        active: true,
        code,
      };
      devices.push(device);
      installations.push({
        documentId: docId('mi'),
        deviceRef: device.documentId,
        billingPointRef: point.documentId,
        fromDate: '2020-01-01',
        toDate: null,
      });
    }
  }
  await bulk('billing-point', points);
  await bulk('party', parties);
  await bulk('occupancy', occupancies);
  await bulk(
    'device',
    devices.map(({ code: _code, ...d }) => d),
  );
  await bulk('meter-installation', installations);
  // device → utility type: the relation's link table (createMany writes no relations).
  for (let i = 0; i < devices.length; i += 5000) {
    const part = devices.slice(i, i + 5000);
    const found = await knex('utilities_devices')
      .select('id', 'document_id')
      .whereIn(
        'document_id',
        part.map((d) => d.documentId),
      );
    const byDoc = new Map(found.map((r) => [r.document_id, r.id]));
    await insert(
      link.name,
      part.map((d) => ({
        [link.joinColumn.name]: byDoc.get(d.documentId),
        [link.inverseJoinColumn.name]: utilityIds[d.code],
      })),
    );
  }
  // Daily reads; per day and meter a steady consumption with some spread. In a "bands"
  // building the electricity meter has 15-minute interval data instead.
  const readings = [];
  let readingCount = 0;
  // Σ of the flats' electricity per quarter hour, in Wh (a community's connection meter sees it).
  const flatsWh = QUARTERS.map(() => 0);
  for (const [m, d] of devices.entries()) {
    const perDay = 1 + (m % 7);
    if (bands && d.code === 'ELECTRICITY') {
      for (const [i, at] of QUARTERS.entries()) {
        // 0.05–0.35 kWh a quarter hour, a peak somewhere each evening.
        const wh = i % 96 === 75 + (m % 5) ? 900 : 10 * (5 + ((i * 7 + m) % 31));
        flatsWh[i] += wh;
        readings.push({
          meter_number: d.meterNumber,
          register: '1',
          reading_at: at,
          value: (wh / 1000).toFixed(2),
          kind: 'interval',
          device_ref: d.documentId,
          created_at: Date.now(),
        });
      }
      readingCount += QUARTERS.length;
      if (readings.length >= 50_000) await insert('utilities_meter_readings', readings.splice(0));
      continue;
    }
    readingCount += DAYS.length;
    for (const [i, at] of DAYS.entries())
      readings.push({
        meter_number: d.meterNumber,
        register: '1',
        reading_at: at,
        value: String(1000 + i * perDay),
        kind: 'cumulative',
        device_ref: d.documentId,
        created_at: Date.now(),
      });
    if (readings.length >= 50_000) await insert('utilities_meter_readings', readings.splice(0));
  }
  if (variant === 'community') readingCount += await roofAndConnection(n, flatsWh, readings);
  await insert('utilities_meter_readings', readings);
  const records = [];
  for (const d of devices.filter((x) => x.code === 'WATER')) {
    for (const [i, day] of [
      '2024-05-20',
      '2024-06-03',
      '2024-06-09',
      '2024-06-14',
      '2024-06-22',
      '2024-06-28',
    ].entries()) {
      records.push({
        device_id: d.meterNumber,
        e_group: 'laundry',
        e_id: 'M1',
        event_ref: `c${i}`,
        dtu: localMidnight(day) + 9 * 3600_000,
        int_counter: '1',
        badge: null,
        source: 'api',
        receipt: `bench-${n}`,
        received_at: Date.now(),
      });
    }
  }
  await insert('utilities_usage_records', records);
  // What autovacuum does on its own soon after a load (statistics, the visibility map). This
  // machine's PostgreSQL runs with autovacuum off, and unanalyzed tables get plans no server
  // would use: a sequential scan of every device per chunk (bench/charging/RESULTS.md).
  if (client === 'postgres') await knex.raw('VACUUM ANALYZE');
  return {
    building: building.documentId,
    gridRate: gridRate?.data.documentId,
    points: points.map((p) => p.documentId),
    readings: readingCount,
    usageRecords: records.length,
    seconds: (Date.now() - t0) / 1000,
  };
}

/**
 * A community's roof and connection meter: PV of 1 kWp a flat (a quarter hour yields
 * 250 Wh·sin a kWp, every third day cloudy at 30 %), a common consumption of 2 Wh a flat
 * and quarter hour, and the connection's import and export as the balance of the two.
 */
async function roofAndConnection(n, flatsWh, readings) {
  const series = (meter, register, at, wh) => ({
    meter_number: meter,
    register,
    reading_at: at,
    value: (wh / 1000).toFixed(3),
    kind: 'interval',
    created_at: Date.now(),
  });
  for (const [i, at] of QUARTERS.entries()) {
    const start = DateTime.fromMillis(at - 900_000, { zone: ZONE });
    const hour = start.hour + start.minute / 60;
    const sun = Math.max(0, Math.sin(((hour - 6) / 14) * Math.PI));
    const cloudy = start.day % 3 === 2 ? 0.3 : 1;
    const pv = Math.round(n * 250 * sun * cloudy);
    const balance = flatsWh[i] + 2 * n - pv;
    readings.push(
      series(`PV-${n}`, '2.8.0', at, pv),
      series(`CONN-${n}`, '1.8.0', at, Math.max(0, balance)),
      series(`CONN-${n}`, '2.8.0', at, Math.max(0, -balance)),
    );
    if (readings.length >= 50_000) await insert('utilities_meter_readings', readings.splice(0));
  }
  return 3 * QUARTERS.length;
}

/** Every flat a member of a ZEV for the whole period; the building's band rate is its grid rate. */
const createCommunity = (n, data) =>
  plugin.service('communities').create({
    code: `BENCH-ZEV-${n}`,
    name: `Bench ZEV ${n}`,
    kind: 'ZEV',
    building: data.building,
    members: data.points.map((billingPoint) => ({ billingPoint, entryDate: '2020-01-01' })),
    productionMeters: [{ meterNumber: `PV-${n}`, register: '2.8.0' }],
    connection: {
      import: [{ meterNumber: `CONN-${n}`, register: '1.8.0' }],
      export: [{ meterNumber: `CONN-${n}`, register: '2.8.0' }],
    },
    solarPrices: [{ band: '*', price: '0.20' }],
    gridRate: data.gridRate,
    feedInCredit: '0.06',
    standardPrices: [{ from: '2020-01-01', to: '2030-12-31', prices: [{ band: '*', price: '0.30' }] }],
  });

/**
 * Electricity Wh a run's invoices bill: metered community lines (solar, grid) and consumption
 * lines (the band rate's first component, Energy: each component repeats the kWh).
 */
async function electricityOf(runId) {
  const invoices = await strapi.db
    .query(UID('invoice'))
    .findMany({ where: { runRef: runId }, select: ['lines'], limit: 100_000 });
  const energy = { solar: 0, grid: 0, electricity: 0 };
  for (const line of invoices.flatMap((i) => i.lines ?? [])) {
    if (line.utilityType !== 'ELECTRICITY') continue;
    const wh = Math.round(Number(line.quantity) * 1000);
    if (line.kind === 'community' && line.metered && (line.energy === 'solar' || line.energy === 'grid')) {
      energy[line.energy] += wh;
      energy.electricity += wh;
    } else if (line.kind === 'consumption' && (line.component ?? 'Energy') === 'Energy')
      energy.electricity += wh;
  }
  // Whole Wh, so the two runs compare exactly.
  return energy;
}

/**
 * A draft run of the building's month, timed, with its memory (timed-draft.mjs): in this
 * process, or with ISOLATED=1 in a fresh one on the same database (draft-child.mjs).
 */
async function draft(n, variant, data) {
  const job = { n, variant, data, period: PERIOD, progressEvery: PROGRESS_EVERY };
  if (ISOLATED) {
    // Only what the draft reads of the data: one environment variable holds 128 KB at most.
    const { building, readings, usageRecords } = data;
    const result = await inFreshProcess({ ...job, data: { building, readings, usageRecords } });
    if (result.exceptions) throw new Error(`unexpected exceptions: ${result.exceptions}`);
    console.error(JSON.stringify(result));
    return result;
  }
  const { run, result } = await timedDraft({ strapi, ...job });
  if (run.exceptions.length)
    throw new Error(`unexpected exceptions: ${JSON.stringify(run.exceptions.slice(0, 3))}`);
  if (data.gridRate && VARIANTS.includes('community')) result.energy = await electricityOf(run.documentId);
  console.error(JSON.stringify(result));
  return result;
}

function inFreshProcess(job) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        // DRAFT_HEAP_MB: the old generation capped, as an operator bounds a server's memory.
        ...(process.env.DRAFT_HEAP_MB ? [`--max-old-space-size=${process.env.DRAFT_HEAP_MB}`] : []),
        path.join(ROOT, 'bench', 'charging', 'draft-child.mjs'),
      ],
      {
        env: { ...process.env, BENCH_DRAFT: JSON.stringify({ ...job, client }) },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()))
        : reject(new Error(`the draft's own process exited with ${code}`)),
    );
  });
}

const results = { database: client, node: process.version, period: PERIOD, runs: [] };
try {
  for (const n of SIZES)
    for (const variant of VARIANTS) {
      const data = await generate(n, variant);
      console.error(
        `generated ${n} billing points, ${variant} (${data.readings} readings, ${data.usageRecords} usage records) in ${data.seconds.toFixed(1)} s`,
      );
      if (variant !== 'community') {
        results.runs.push(await draft(n, variant, data));
        continue;
      }
      let member;
      let without;
      if (process.env.FIRST === 'without') {
        without = await draft(n, 'without community', data);
        await createCommunity(n, data);
        member = await draft(n, 'community', data);
      } else {
        const community = await createCommunity(n, data);
        member = await draft(n, 'community', data);
        await plugin.service('communities').delete(community.data.documentId);
        without = await draft(n, 'without community', data);
      }
      // The same month's electricity both times: the members' solar + grid energy is their
      // metered kWh, plus the common consumption (2 Wh a flat and quarter hour) the owner carries.
      const commonWh = 2 * n * QUARTERS.length;
      if (!(member.energy.solar > 0) || member.energy.electricity !== without.energy.electricity + commonWh)
        throw new Error(`energy (Wh) differs: ${JSON.stringify([member.energy, without.energy, commonWh])}`);
      results.runs.push(member, without);
      results[`communityVsWithout${n}`] = {
        timeRatio: +(member.seconds / without.seconds).toFixed(2),
        peakRssGrowthMB: [member.peakRssGrowthMB, without.peakRssGrowthMB],
      };
    }
  if (VARIANTS.length === 2 && !VARIANTS.includes('community')) {
    for (const n of SIZES) {
      const [flat, banded] = VARIANTS.map((v) =>
        results.runs.find((r) => r.billingPoints === n && r.variant === v),
      );
      results[`bandsVsFlat${n}`] = {
        timeRatio: +(banded.seconds / flat.seconds).toFixed(2),
        peakRssGrowthMB: [flat.peakRssGrowthMB, banded.peakRssGrowthMB],
      };
    }
  } else if (results.runs.length >= 2 && !VARIANTS.includes('community')) {
    const [small, large] = [results.runs[0], results.runs[results.runs.length - 1]];
    results.workRatio = large.billingPoints / small.billingPoints;
    results.timeRatio = +(large.seconds / small.seconds).toFixed(2);
  }
  console.log(JSON.stringify(results, null, 2));
} finally {
  await strapi.destroy();
  // KEEP_DATABASE=1: left for a look at its plans (psql, sqlite3); the next run makes its own.
  if (process.env.KEEP_DATABASE === '1')
    console.error(`kept the database: ${process.env.DATABASE_URL ?? process.env.DATABASE_FILENAME}`);
  else {
    await dropDatabase();
    rmSync(work, { recursive: true, force: true });
  }
}
