#!/usr/bin/env node
/**
 * Readings at scale (a measurement, not a test): a year of 15-minute electricity data for
 * METERS meters (600 × 35,040 = 21,024,000 readings by default), delivered as one file per
 * building and day through a channel (each reading keeps its file's log and row, as the
 * ingestion path stores it), then the read paths a person uses every day, timed over HTTP
 * against the running plugin, p50/p95/max of SAMPLES requests each (after WARMUP not counted):
 *
 *   - a meter's month as a consumption series   GET /utilities/devices/:id/consumption
 *     (and its year as months: 35,040 reads, the resident's default span)
 *   - a device's readings list (newest page, and a page inside a month)
 *                                               GET /utilities/devices/:id/readings
 *   - the ingestion log list (newest, and one channel's)  GET /utilities/ingestion-logs
 *   - one file's rows                           GET /utilities/ingestion-logs/:id/rows
 *   - a building's monthly charge gathering     (the charge run's read side, in process:
 *                                               what src/charging is fed for 30 flats)
 *
 *   node scripts/prepare.mjs plugin
 *   DATABASE_CLIENT=postgres node bench/scale/run.mjs
 *   DATABASE_CLIENT=postgres KEEP=utilities_scale node bench/scale/run.mjs   # keep / reuse the data
 *   METERS=60 node bench/scale/run.mjs                                        # a quick SQLite smoke run
 *
 * The readings are generated inside the database (generate_series / a recursive CTE), a
 * building at a time, so seeding costs what the database's own bulk insert costs.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useFreshDatabase, useQuietSettings } from '../fresh-database.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const client = process.env.DATABASE_CLIENT ?? 'sqlite';
const METERS = Number(process.env.METERS ?? 600);
const FLATS_PER_BUILDING = 30;
const SAMPLES = Number(process.env.SAMPLES ?? 60);
const WARMUP = Number(process.env.WARMUP ?? 20);
const ZONE = 'Europe/Zurich';
const YEAR = 2025;
const KEEP = process.env.KEEP; // a PostgreSQL database name to keep and reuse

const work = mkdtempSync(path.join(tmpdir(), 'utilities-scale-bench-'));
let reuse = false;
let dropDatabase = async () => {};
if (KEEP && client === 'postgres') {
  const { Client } = require('pg');
  const c = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
  await c.connect();
  const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [KEEP]);
  if (!found.rowCount) await c.query(`CREATE DATABASE ${KEEP}`);
  else reuse = true;
  await c.end();
  // Not useFreshDatabase: its CREATE DATABASE fails on a second run, and the settings with it
  // (a reused database ran in development mode, logging every request, crons on).
  useQuietSettings(client);
  process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${KEEP}`;
} else {
  dropDatabase = await useFreshDatabase({
    client,
    work,
    name: `utilities_scale_bench_${process.pid}`,
    require,
  });
}

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
async function bulk(name, rows) {
  const now = new Date();
  for (let i = 0; i < rows.length; i += 2000)
    await strapi.db.query(UID(name)).createMany({
      data: rows.slice(i, i + 2000).map((r) => ({ createdAt: now, updatedAt: now, ...r })),
    });
}

const yearStart = DateTime.fromObject({ year: YEAR }, { zone: ZONE }).toMillis();
const yearEnd = DateTime.fromObject({ year: YEAR + 1 }, { zone: ZONE }).toMillis();
const dayStarts = [];
for (let d = DateTime.fromMillis(yearStart, { zone: ZONE }); d.toMillis() < yearEnd; d = d.plus({ days: 1 }))
  dayStarts.push(d.toMillis());

/** One building: 30 flats with an electricity meter each, a channel, a file per day. */
async function seedBuilding(b, utilityType, owner) {
  const building = await plugin.service('buildings').create({
    code: `SCALE-${b}`,
    name: `Scale ${b}`,
    timezone: ZONE,
    owner: owner.documentId,
  });
  const points = [];
  const parties = [];
  const occupancies = [];
  const devices = [];
  const installations = [];
  for (let f = 0; f < FLATS_PER_BUILDING; f++) {
    const point = {
      documentId: docId('bp'),
      code: `S${b}-${f}`,
      name: `Flat ${f}`,
      buildingRef: building.documentId,
      active: true,
      kind: 'apartment',
    };
    const party = {
      documentId: docId('pa'),
      kind: 'natural',
      firstName: 'T',
      lastName: `${b}-${f}`,
      displayName: `T ${b}-${f}`,
    };
    const device = {
      documentId: docId('dv'),
      meterNumber: `E${String(b).padStart(3, '0')}${String(f).padStart(3, '0')}`,
      registers: ['1'],
      unit: 'kWh',
      multiplier: '1',
      active: true,
    };
    points.push(point);
    parties.push(party);
    devices.push(device);
    occupancies.push({
      documentId: docId('oc'),
      billingPointRef: point.documentId,
      partyRef: party.documentId,
      entryDate: '2020-01-01',
      exitDate: null,
    });
    installations.push({
      documentId: docId('mi'),
      deviceRef: device.documentId,
      billingPointRef: point.documentId,
      fromDate: '2020-01-01',
      toDate: null,
    });
  }
  await bulk(
    'billing-point',
    points.map((p) => ({ ...p, publishedAt: new Date() })),
  );
  await bulk('party', parties);
  await bulk('occupancy', occupancies);
  await bulk('device', devices);
  await bulk('meter-installation', installations);
  const link = strapi.db.metadata.get(UID('device')).attributes.utilityType.joinTable;
  const ids = await knex('utilities_devices')
    .whereIn(
      'document_id',
      devices.map((d) => d.documentId),
    )
    .select('id');
  const utilityId = (
    await knex('utilities_utility_types').where({ document_id: utilityType.documentId }).first('id')
  ).id;
  await knex(link.name).insert(
    ids.map((r) => ({ [link.joinColumn.name]: r.id, [link.inverseJoinColumn.name]: utilityId })),
  );
  const channelRef = docId('ch');
  // One delivered file a day: 30 meters × 96 quarter hours (92/100 on DST days).
  const logs = dayStarts.map((start, i) => {
    const end = i + 1 < dayStarts.length ? dayStarts[i + 1] : yearEnd;
    const rows = ((end - start) / 900_000) * FLATS_PER_BUILDING;
    return {
      documentId: docId('lg'),
      channelRef,
      channelCode: `SCALE-${b}`,
      source: 'sftp',
      fileName: `scale-${b}-${DateTime.fromMillis(start, { zone: ZONE }).toISODate()}.csv`,
      status: 'Completed',
      totalRows: rows,
      insertedRows: rows,
      failedRows: 0,
      startedAt: new Date(end + 3600_000),
      completedAt: new Date(end + 3660_000),
    };
  });
  await bulk('ingestion-log', logs);
  const logIds = await knex('utilities_ingestion_logs')
    .where({ channel_ref: channelRef })
    .orderBy('id')
    .select('id');
  const firstLog = Number(logIds[0].id);
  // The readings, generated in the database: interval t (1-based quarter hour of the year,
  // ending at reading_at) of meter m has a value 0.050–0.350 kWh; its file is the day's
  // log, its row the position in that file (meter-major, as a per-meter CSV is written).
  // Stored in file order, as ingestion stores a file (a day's 96 reads of a meter side by
  // side): generated time-major, a meter's month lay on 1,400 heap pages instead of ~60.
  const meterRows = devices.map((d, m) => `('${d.meterNumber}', '${d.documentId}', ${m})`).join(',');
  const days = dayStarts.length;
  const dayOf = (t) => `(${t} - 1) / 96`; // DST days are off by an hour here: only the file's grouping
  const now = Date.now();
  if (client === 'postgres') {
    await knex.raw(`
      INSERT INTO utilities_meter_readings
        (meter_number, register, reading_at, value, kind, unit, device_ref, source_log_id, source_row, created_at)
      SELECT m.meter_number, '1', ${yearStart}::bigint + t::bigint * 900000,
             to_char(0.05 + ((t * 7 + m.n) % 31) / 100.0, 'FM0.00'), 'interval', 'kWh', m.document_id,
             ${firstLog} + LEAST(${dayOf('t')}, ${days - 1}), m.n * 96 + ((t - 1) % 96) + 1, ${now}
      FROM (VALUES ${meterRows}) AS m(meter_number, document_id, n)
      CROSS JOIN generate_series(1, ${(yearEnd - yearStart) / 900_000}) AS t
      ORDER BY ${dayOf('t')}, m.n, t`);
  } else {
    await knex.raw(`
      WITH RECURSIVE q(t) AS (SELECT 1 UNION ALL SELECT t + 1 FROM q WHERE t < ${(yearEnd - yearStart) / 900_000}),
      m(meter_number, document_id, n) AS (VALUES ${meterRows})
      INSERT INTO utilities_meter_readings
        (meter_number, register, reading_at, value, kind, unit, device_ref, source_log_id, source_row, created_at)
      SELECT m.meter_number, '1', ${yearStart} + t * 900000,
             printf('%.2f', 0.05 + ((t * 7 + m.n) % 31) / 100.0), 'interval', 'kWh', m.document_id,
             ${firstLog} + MIN(${dayOf('t')}, ${days - 1}), m.n * 96 + ((t - 1) % 96) + 1, ${now}
      FROM m CROSS JOIN q
      ORDER BY ${dayOf('t')}, m.n, t`);
  }
  return { building, points, devices, logs };
}

const buildingsCount = Math.ceil(METERS / FLATS_PER_BUILDING);
let seeded;
if (reuse) {
  console.error(`reusing database ${KEEP}`);
  seeded = { seconds: 0 };
} else {
  const t0 = Date.now();
  const utilityType = await plugin
    .service('utility-types')
    .create({ code: 'ELECTRICITY', name: 'Electricity' });
  await plugin.service('rates').create({
    scope: 'default',
    currency: 'CHF',
    vatRate: '8.1',
    utilityType: utilityType.documentId,
    validFrom: '2020-01-01',
    unitPrice: '0.2790',
    fixedFeePerMonth: '8.50',
  });
  const owner = await plugin.service('parties').create({ kind: 'legal', companyName: 'Scale Owner AG' });
  for (let b = 0; b < buildingsCount; b++) {
    await seedBuilding(b, utilityType, owner);
    if (b % 5 === 4)
      console.error(
        `seeded ${b + 1}/${buildingsCount} buildings, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      );
  }
  // What autovacuum does to an insert-only table on its own (PostgreSQL 13+) soon after a
  // load: statistics, and the visibility map that lets a count be an index-only scan.
  if (client === 'postgres') await knex.raw('VACUUM ANALYZE');
  seeded = { seconds: Math.round((Date.now() - t0) / 1000) };
}
const readings = Number((await knex('utilities_meter_readings').count({ n: '*' }))[0].n);
console.error(`${readings} readings`);

// ── HTTP: the running plugin, an admin signed in ──
strapi.server.mount();
const server = strapi.server.httpServer;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function call(method, url, body, token) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        agent,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode >= 400)
            reject(new Error(`${method} ${url}: ${res.statusCode} ${text.slice(0, 300)}`));
          else resolve(JSON.parse(text));
        });
      },
    );
    req.on('error', reject);
    if (body) req.write(JSON.stringify(body));
    req.end();
  });
}
const email = `scale${process.pid}@example.test`;
const role = await strapi.service('admin::role').getSuperAdmin();
await strapi.service('admin::user').create({
  email,
  password: 'Scale-Passw0rd!',
  firstname: 'S',
  lastname: 'A',
  isActive: true,
  roles: [role.id],
});
const { data: login } = await call('POST', '/admin/login', { email, password: 'Scale-Passw0rd!' });
const get = (url) => call('GET', url, undefined, login.token);

const deviceDocs = (await knex('utilities_devices').select('document_id').orderBy('id')).map(
  (r) => r.document_id,
);
const logDocs = await knex('utilities_ingestion_logs').select('document_id', 'channel_ref').orderBy('id');
const channels = [...new Set(logDocs.map((l) => l.channel_ref))];
const buildingDocs = (await knex('utilities_buildings').select('document_id').orderBy('id')).map(
  (r) => r.document_id,
);
let seed = 42;
const pick = (list) => list[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % list.length];
const month = () => {
  const m = 1 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 12);
  return `${YEAR}-${String(m).padStart(2, '0')}`;
};

async function measure(name, once) {
  // A running server has served these paths before: JIT-compiled code, planned queries, the
  // admin's permission engine warm. WARMUP requests of each path are not counted (one, until
  // 2026-12-05: its p95 then mostly measured the first requests' cold code).
  for (let i = 0; i < WARMUP; i++) await once();
  const times = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = process.hrtime.bigint();
    await once();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const q = (p) => +times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)].toFixed(1);
  const result = { name, samples: SAMPLES, p50: q(0.5), p95: q(0.95), max: q(1) };
  console.error(JSON.stringify(result));
  return result;
}

// The charge run's read side, loaded from the source as charge-runs.ts uses it (the built
// plugin bundles it without an export).
require(path.join(ROOT, 'scripts', 'ts-register.cjs'));
const { chargeGathering } = require(path.join(ROOT, 'server', 'services', 'charging', 'charge-gathering.ts'));

const results = {
  database: client,
  node: process.version,
  meters: deviceDocs.length,
  readings,
  seeded,
  loadAverage: loadavg().map((l) => +l.toFixed(1)),
  latenciesMs: [],
};
try {
  const r = results.latenciesMs;
  // The floor every admin path below stands on: an authenticated request that does no work
  // (Strapi's admin authentication rebuilds the user's permission engine on every request).
  r.push(
    await measure('floor: an authenticated admin request doing nothing', () => get('/utilities/modules')),
  );
  r.push(
    await measure('meter month consumption series', () => {
      const m = month();
      return get(
        `/utilities/devices/${pick(deviceDocs)}/consumption?period=day&from=${m}-01&to=${DateTime.fromISO(`${m}-01`).endOf('month').toISODate()}`,
      );
    }),
  );
  r.push(
    await measure('meter year as a monthly series', () =>
      get(
        `/utilities/devices/${pick(deviceDocs)}/consumption?period=month&from=${YEAR}-01-01&to=${YEAR + 1}-01-01`,
      ),
    ),
  );
  r.push(
    await measure('device readings, newest page', () =>
      get(`/utilities/devices/${pick(deviceDocs)}/readings?page=1&pageSize=50`),
    ),
  );
  r.push(
    await measure('device readings, a page inside a month', () => {
      const m = month();
      return get(
        `/utilities/devices/${pick(deviceDocs)}/readings?page=20&pageSize=50&from=${m}-01T00:00:00Z&to=${m}-28T00:00:00Z`,
      );
    }),
  );
  r.push(
    await measure('ingestion log list, newest page', () =>
      get('/utilities/ingestion-logs?page=1&pageSize=25'),
    ),
  );
  r.push(
    await measure("ingestion log list, one channel's page 5", () =>
      get(`/utilities/ingestion-logs?page=5&pageSize=25&channel=${pick(channels)}`),
    ),
  );
  r.push(
    await measure("one file's rows, page 10", () =>
      get(`/utilities/ingestion-logs/${pick(logDocs).document_id}/rows?page=10&pageSize=50`),
    ),
  );
  {
    r.push(
      await measure("a building's monthly charge gathering", async () => {
        const m = month();
        const g = chargeGathering(strapi);
        const b = pick(buildingDocs);
        const points = await strapi
          .documents(UID('billing-point'))
          .findMany({ filters: { buildingRef: b, active: true }, limit: 1000 });
        const building = await strapi.documents(UID('building')).findOne({ documentId: b });
        const end = DateTime.fromISO(`${m}-01`).endOf('month').toISODate();
        await g.gatherChunk(points, new Map([[b, building]]), `${m}-01`, end, await g.loadCatalog());
      }),
    );
  }
  console.log(JSON.stringify(results, null, 2));
} finally {
  agent.destroy();
  await new Promise((resolve) => server.close(resolve));
  await strapi.destroy();
  if (!KEEP) await dropDatabase();
  rmSync(work, { recursive: true, force: true });
}
