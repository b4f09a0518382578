import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { created, createBuilding, createParty, createPoint, meterSetup } from '../helpers/billing';

/**
 * The sum check over HTTP (issue 20): building S1 has the water main meter W-MAIN and
 * two flats with sub-meters W-A (+3 m³/day) and W-B (+2 m³/day). Daily reads at 00:00
 * Zurich, 1 to 20 January 2026. The main meter measures 5.1 m³ a day (2 % more than
 * 3 + 2: pipes and the garden tap, within the 5 % tolerance) — except on 10 January:
 *
 *   main 10 Jan = 8 m³, sub-meters 3 + 2 = 5 m³: |8 − 5| / 8 = 37.5 % > 5 % → flagged,
 *   on the main meter's read that closes the day (11 January 00:00).
 *
 * Also W-X, a water meter of another building, and E-A, an electricity meter in flat A:
 * neither is a sub-meter of W-MAIN, so neither counts.
 */
const ZONE = 'Europe/Zurich';
let app: TestApp;
let root: Agent;
let folder: string;
let building: string;
const ids: Record<string, string> = {};
const midnight = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toUTC().toISO()!;

function meterFile(): string {
  const lines = ['meter_number,register,timestamp,value'];
  let main = 1000;
  for (let i = 0; i < 20; i++) {
    const d = DateTime.fromISO('2026-01-01', { zone: ZONE }).plus({ days: i });
    const at = midnight(d.toISODate()!);
    lines.push(`W-MAIN,1,${at},${main.toFixed(1)}`);
    lines.push(`W-A,1,${at},${100 + 3 * i}`, `W-B,1,${at},${200 + 2 * i}`);
    lines.push(`W-X,1,${at},${50 + 40 * i}`, `E-A,1,${at},${7 * i}`);
    // The day starting now: 8 m³ on 10 January, else 5.1.
    main += d.toISODate() === '2026-01-10' ? 8 : 5.1;
  }
  return lines.join('\n') + '\n';
}

type Flag = { id: number; meterNumber: string; rule: string; readingAt: string; message: string };
async function queue(): Promise<Flag[]> {
  const res = await root.get('/utilities/validation/queue?pageSize=100');
  expect(res.status).toBe(200);
  return res.body.data as Flag[];
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'vee-sum-'));
  writeFileSync(path.join(folder, 'reads.csv'), meterFile());
  app = await startStrapi({ UTILITIES_LOCAL_FOLDER_ROOTS: folder });
  root = await superAdmin(app.strapi, app.http);
  const owner = (await createParty(root, { kind: 'legal', companyName: 'Immo Summe AG' })).documentId;
  building = (await createBuilding(root, { code: 'S1', name: 'Sonnenhof', owner, timezone: ZONE }))
    .documentId;
  const other = (await createBuilding(root, { code: 'S2', name: 'Schattenhof', owner, timezone: ZONE }))
    .documentId;
  const flatA = (await createPoint(root, { code: 'S1-A', name: 'A', building })).documentId;
  const flatB = (await createPoint(root, { code: 'S1-B', name: 'B', building })).documentId;
  const flatX = (await createPoint(root, { code: 'S2-X', name: 'X', building: other })).documentId;
  const water = await meterSetup(root, 'WATER');
  const power = await meterSetup(root, 'ELECTRICITY');
  const meter = async (meterNumber: string, setup: typeof water, point: string | null) => {
    const device = await created(
      await root.post('/utilities/devices', {
        meterNumber,
        deviceType: setup.deviceType.documentId,
        utilityType: setup.utilityType.documentId,
        registers: ['1'],
      }),
      meterNumber,
    );
    if (point)
      await created(
        await root.post(`/utilities/billing-points/${point}/meters`, {
          device: device.documentId,
          from: '2025-12-01',
        }),
        `${meterNumber} installed`,
      );
    ids[meterNumber] = device.documentId;
  };
  await meter('W-MAIN', water, null);
  await meter('W-A', water, flatA);
  await meter('W-B', water, flatB);
  await meter('W-X', water, flatX);
  await meter('E-A', power, flatA);
  const put = await root.put(`/utilities/buildings/${building}`, { mainMeters: [ids['W-MAIN']] });
  expect([put.status, put.body.data?.mainMeters]).toEqual([200, [ids['W-MAIN']]]);
  const channel = await created(
    await root.post('/utilities/channels', {
      code: 'SUM',
      name: 'Sum drop',
      handler: 'local-folder',
      config: { root: folder, filePattern: '*.csv', afterProcessing: 'leave', format: 'csv', timeZone: ZONE },
    }),
    'channel',
  );
  expect((await root.post(`/utilities/channels/${channel.documentId}/pull`, {})).status).toBe(200);
});
afterAll(async () => {
  await app?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('the sum check after the file is stored', () => {
  it('flags the one day the main meter is 37.5 % above its sub-meters — nothing else', async () => {
    const found = await queue();
    expect(found.map((f) => [f.meterNumber, f.rule, f.readingAt])).toEqual([
      ['W-MAIN', 'sum-check', midnight('2026-01-11')],
    ]);
    expect(found[0].message).toBe(
      '2026-01-10: main meter 8, sub-meters together 5 (37.5 % off, tolerance 5 %)',
    );
  });

  it('keeps the flag when the register rules run again, and records it on the reading', async () => {
    const run = await root.post('/utilities/validation/runs', { from: '2026-01-01', to: '2026-01-21' });
    expect(run.status).toBe(200);
    const [flag] = await queue();
    expect(flag.rule).toBe('sum-check');
    const reading = await root.get(`/utilities/validation/readings/${flag.id}`);
    expect(
      reading.body.data.history.map((e: { action: string; rule: string }) => [e.action, e.rule]),
    ).toEqual([['flag', 'sum-check']]);
  });

  it('clears the flag once the tolerance allows the day, and flags it again when it no longer does', async () => {
    const tolerance = async (tolerancePercent: number) =>
      expect(
        (
          await root.put('/utilities/validation/settings', {
            devices: { 'W-MAIN': { 'sum-check': { tolerancePercent } } },
          })
        ).status,
      ).toBe(200);
    const rerun = async () =>
      (
        await root.post('/utilities/validation/runs', {
          from: '2026-01-01',
          to: '2026-01-21',
          meterNumber: 'W-A',
        })
      ).body.data as { flagged: number; cleared: number };
    await tolerance(40);
    expect(await rerun()).toMatchObject({ flagged: 0, cleared: 1 });
    expect(await queue()).toEqual([]);
    await tolerance(5);
    expect(await rerun()).toMatchObject({ flagged: 1, cleared: 0 });
    expect((await queue()).map((f) => f.readingAt)).toEqual([midnight('2026-01-11')]);
    expect((await root.put('/utilities/validation/settings', {})).status).toBe(200);
  });

  it('accepting the flagged read is final: the next run leaves it alone', async () => {
    const [flag] = await queue();
    const res = await root.post('/utilities/validation/corrections', {
      action: 'accept',
      readings: [flag.id],
      reason: 'Garden watering that day',
    });
    expect(res.status).toBe(200);
    const run = await root.post('/utilities/validation/runs', { from: '2026-01-01', to: '2026-01-21' });
    expect(run.body.data.flagged).toBe(0);
    expect(await queue()).toEqual([]);
  });
});

describe('main meters of a building', () => {
  it('are returned with the building and can be removed', async () => {
    expect((await root.get(`/utilities/buildings/${building}`)).body.data.mainMeters).toEqual([
      ids['W-MAIN'],
    ]);
    const cleared = await root.put(`/utilities/buildings/${building}`, { mainMeters: [] });
    expect([cleared.status, cleared.body.data.mainMeters]).toEqual([200, []]);
    const back = await root.put(`/utilities/buildings/${building}`, { mainMeters: [ids['W-MAIN']] });
    expect(back.body.data.mainMeters).toEqual([ids['W-MAIN']]);
  });

  it.each([
    ['an unknown device', { mainMeters: ['nope123'] }, 'mainMeters.0'],
    ['a device twice', () => ({ mainMeters: [ids['W-MAIN'], ids['W-MAIN']] }), 'mainMeters'],
    ['not a list', { mainMeters: 'W-MAIN' }, 'mainMeters'],
    ['a hostile id', { mainMeters: ["x' OR 1=1 --"] }, 'mainMeters.0'],
    ['21 main meters', { mainMeters: Array.from({ length: 21 }, (_, i) => `d${i}`) }, 'mainMeters'],
  ])('refuses %s with a 400 at the field', async (_what, body, where) => {
    const res = await root.put(
      `/utilities/buildings/${building}`,
      typeof body === 'function' ? body() : body,
    );
    expect([res.status, res.body.error.details.errors[0].path.join('.')]).toEqual([400, where]);
    expect((await root.get(`/utilities/buildings/${building}`)).body.data.mainMeters).toEqual([
      ids['W-MAIN'],
    ]);
  });

  it('refuses a sum-check tolerance above 100 % or below 0', async () => {
    for (const tolerancePercent of [101, -1])
      expect(
        (
          await root.put('/utilities/validation/settings', {
            utilityTypes: { WATER: { 'sum-check': { tolerancePercent } } },
          })
        ).status,
      ).toBe(400);
  });
});
