import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import { created, createBuilding, createParty, createPoint, meterSetup, person } from '../helpers/billing';
import { outcome, runCharges } from '../helpers/charge-runs';

/**
 * The VEE step over HTTP on a real database (issue 20). One meter file, pulled through
 * a local-folder channel, brings daily reads (00:00 Zurich) from 1 January to 5 March 2026:
 *
 *   W-1  water, flat P-1 (Alice):   100 + 2 m³/day; the 1 March read is 40 m³ too high (spike)
 *   E-1  electricity, flat P-1:     + 5 kWh/day until 14 Feb, then the same value (stuck)
 *   W-2  water, flat P-2 (Bob):     no reads 5–9 February (gap; flagged on the 10 Feb read)
 *   W-3  water, flat P-2:           dial of 1000, 990 → 2 on 5 Feb (a rollover, no spike)
 *   E-2  electricity, flat P-3:     vacant, never moves (a vacant flat's zero is no alarm)
 *   W-4  water, unlinked:           100 then 50 (backwards; nothing to estimate from after it)
 *
 * February for P-1 at 2.00 CHF/m³ water and 0.25 CHF/kWh, no VAT, no fee:
 *   raw:        W-1 1 Feb → 1 Mar = (218 + 40) − 162 = 96 m³ × 2 = 192.00
 *   corrected:  1 Mar = 218 (interpolated between 216 and 220): 56 m³ × 2 = 112.00
 *   E-1: 1 Feb 160 → 14 Feb 225, then stuck: 65 kWh × 0.25 = 16.25
 */
const ZONE = 'Europe/Zurich';
let app: TestApp;
let root: Agent;
let folder: string;
const ids: Record<string, string> = {};
const feb = { periodStart: '2026-02-01', periodEnd: '2026-02-28' };
const midnight = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toUTC().toISO()!;

function meterFile(): string {
  const lines = ['meter_number,register,timestamp,value'];
  let day = DateTime.fromISO('2026-01-01', { zone: ZONE });
  for (let i = 0; day <= DateTime.fromISO('2026-03-05', { zone: ZONE }); i++, day = day.plus({ days: 1 })) {
    const d = day.toISODate()!;
    const at = midnight(d);
    lines.push(`W-1,1,${at},${100 + 2 * i + (d === '2026-03-01' ? 40 : 0)}`);
    lines.push(`E-1,1,${at},${d <= '2026-02-14' ? 5 * i : 5 * 44}`);
    if (d < '2026-02-05' || d > '2026-02-09') lines.push(`W-2,1,${at},${1000 + 3 * i}`);
    lines.push(`W-3,1,${at},${(950 + 2 * i) % 1000}`);
    lines.push(`E-2,1,${at},777`);
  }
  lines.push(`W-4,1,${midnight('2026-01-01')},100`, `W-4,1,${midnight('2026-01-02')},50`);
  return lines.join('\n') + '\n';
}

type Line = { meterNumber?: string; quantity: string; amount: string; readQuality?: unknown };
type Invoice = { documentId: string; lines: Line[] };
type Exception = {
  kind: string;
  billingPointId: string;
  policy?: string;
  readings?: { meterNumber: string; rule: string }[];
};
type Run = { documentId: string; exceptions: Exception[] };
type Edit = {
  action: string;
  before: { state: string; value: string | null };
  after: { state: string; value: string | null };
  reason: string | null;
  user: string | null;
};

async function queue(query = '') {
  const res = await root.get(`/utilities/validation/queue?pageSize=100${query}`);
  expect(res.status).toBe(200);
  return res.body.data as {
    id: number;
    meterNumber: string;
    readingAt: string;
    rule: string;
    rawValue: string;
  }[];
}
const flagged = async (meter: string, rule: string) => (await queue(`&meterNumber=${meter}&rule=${rule}`))[0];

async function draftFeb(point: string) {
  const res = await runCharges(root, { ...feb, scope: { billingPoint: point } });
  // A new draft, or the replacement of the draft of the same period and scope.
  expect([['drafted', 'replaced'].includes(String(outcome(res))), res.body.error]).toEqual([true, undefined]);
  const list = await root.get(`/utilities/invoices?chargeRun=${res.body.data.documentId}&pageSize=100`);
  const invoices = await Promise.all(
    (list.body.data as Invoice[]).map(
      async (i) => (await root.get(`/utilities/invoices/${i.documentId}`)).body.data as Invoice,
    ),
  );
  return { run: res.body.data as Run, lines: invoices.flatMap((i) => i.lines) };
}
/** W-1's chart around the spike (1 March 00:00 closes 28 February): [day, quantity, estimated, edited]. */
async function chartAroundSpike() {
  const query = 'period=day&from=2026-02-27&to=2026-03-02';
  const device = await root.get(`/utilities/devices/${ids['W-1']}/consumption?${query}`);
  const point = await root.get(`/utilities/billing-points/${ids.p1}/consumption?${query}`);
  expect([device.status, point.status]).toEqual([200, 200]);
  type Bucket = { period: string; quantity: string | null; estimated: number; edited: number };
  const rows = (buckets: Bucket[]) => buckets.map((b) => [b.period, b.quantity, b.estimated, b.edited]);
  const water = (point.body.data as { utility: { code: string }; buckets: Bucket[] }[]).find(
    (u) => u.utility.code === 'WATER',
  );
  // The billing point sums its meters' buckets, flags included (W-1 is its only water meter).
  expect(rows(water!.buckets)).toEqual(rows(device.body.data.buckets));
  return rows(device.body.data.buckets);
}
const waterLine = (lines: Line[]): Line =>
  lines.find((l) => l.meterNumber === 'W-1') ?? { quantity: 'none', amount: 'none' };

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'vee-'));
  writeFileSync(path.join(folder, 'reads.csv'), meterFile());
  app = await startStrapi({ UTILITIES_LOCAL_FOLDER_ROOTS: folder });
  root = await superAdmin(app.strapi, app.http);
  const owner = (await createParty(root, { kind: 'legal', companyName: 'Immo Validierung AG' })).documentId;
  const building = (await createBuilding(root, { code: 'V1', name: 'Seeblick', owner, timezone: ZONE }))
    .documentId;
  const point = async (code: string) => (await createPoint(root, { code, name: code, building })).documentId;
  ids.p1 = await point('P-1');
  ids.p2 = await point('P-2');
  ids.p3 = await point('P-3');
  const water = await meterSetup(root, 'WATER');
  const power = await meterSetup(root, 'ELECTRICITY');
  const meter = async (meterNumber: string, setup: typeof water, pointId: string, extra = {}) => {
    const device = await created(
      await root.post('/utilities/devices', {
        meterNumber,
        deviceType: setup.deviceType.documentId,
        utilityType: setup.utilityType.documentId,
        registers: ['1'],
        ...extra,
      }),
      meterNumber,
    );
    await created(
      await root.post(`/utilities/billing-points/${pointId}/meters`, {
        device: device.documentId,
        from: '2025-12-01',
      }),
      `${meterNumber} installed`,
    );
    ids[meterNumber] = device.documentId;
  };
  await meter('W-1', water, ids.p1);
  await meter('E-1', power, ids.p1);
  await meter('W-2', water, ids.p2);
  await meter('W-3', water, ids.p2, { rolloverAt: '1000' });
  await meter('E-2', power, ids.p3);
  const occupy = async (pointId: string, who: string) =>
    created(
      await root.post(`/utilities/billing-points/${pointId}/occupancies`, {
        party: (await person(root, who, 'Muster')).documentId,
        entryDate: '2025-12-01',
        exitDate: null,
      }),
      who,
    );
  await occupy(ids.p1, 'Alice');
  await occupy(ids.p2, 'Bob');
  const rate = {
    scope: 'default',
    vatRate: '0',
    currency: 'CHF',
    fixedFeePerMonth: '0',
    validFrom: '2025-01-01',
  };
  for (const [setup, unitPrice] of [
    [water, '2.00'],
    [power, '0.25'],
  ] as const)
    await created(
      await root.post('/utilities/rates', { ...rate, utilityType: setup.utilityType.documentId, unitPrice }),
      `rate ${unitPrice}`,
    );
  const channel = await created(
    await root.post('/utilities/channels', {
      code: 'VEE',
      name: 'VEE drop',
      handler: 'local-folder',
      config: { root: folder, filePattern: '*.csv', afterProcessing: 'leave', format: 'csv', timeZone: ZONE },
    }),
    'channel',
  );
  const pull = await root.post(`/utilities/channels/${channel.documentId}/pull`, {});
  expect(pull.status).toBe(200);
});
afterAll(async () => {
  await app?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('rules after the file is stored', () => {
  it('flags the spike, the stuck meter, the gap and the backwards read — and nothing else', async () => {
    const found = (await queue()).map((r) => [r.meterNumber, r.rule, r.readingAt]);
    expect(found).toEqual([
      // E-1: 14 Feb is the last move; 21 Feb completes 7 days of the same value.
      ['E-1', 'stuck', midnight('2026-02-21')],
      ['W-1', 'spike', midnight('2026-03-01')],
      ['W-2', 'gap', midnight('2026-02-10')],
      ['W-4', 'backwards', midnight('2026-01-02')],
    ]);
    const res = await root.get('/utilities/validation/queue?pageSize=100');
    expect(res.body.meta.groups).toEqual([
      { meterNumber: 'E-1', rule: 'stuck', count: 1 },
      { meterNumber: 'W-1', rule: 'spike', count: 1 },
      { meterNumber: 'W-2', rule: 'gap', count: 1 },
      { meterNumber: 'W-4', rule: 'backwards', count: 1 },
    ]);
  });

  it('shows a reading with its raw value, its rule, its neighbours and the flag in its audit trail', async () => {
    const spike = await flagged('W-1', 'spike');
    const res = await root.get(`/utilities/validation/readings/${spike.id}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      rawValue: '258',
      effectiveValue: '258',
      state: 'suspect',
      rule: 'spike',
    });
    expect(
      (res.body.data.history as Edit[]).map((h) => [h.action, h.before.state, h.after.state, h.user]),
    ).toEqual([['flag', 'valid', 'suspect', null]]);
    const around = (res.body.data.neighbours as { rawValue: string }[]).map((n) => n.rawValue);
    const at = around.indexOf('258');
    expect(around.slice(at - 2, at + 3)).toEqual(['214', '216', '258', '220', '222']);
    expect(around).toHaveLength(20 + 1 + 4); // 20 reads before, the reading, the 4 after it (to 5 March)
  });
});

describe('charging respects it', () => {
  it('bills with the suspect values and lists them as an exception (default)', async () => {
    const { run, lines } = await draftFeb(ids.p1);
    expect(waterLine(lines)).toMatchObject({ quantity: '96', amount: '192.00' });
    const suspect = run.exceptions.find((e) => e.kind === 'suspect-readings');
    expect(suspect).toMatchObject({ billingPointId: ids.p1, policy: 'bill-and-flag', count: 2 });
    expect(suspect!.readings!.map((r) => [r.meterNumber, r.rule])).toEqual([
      ['E-1', 'stuck'],
      ['W-1', 'spike'],
    ]);
  });

  it('leaves the point out when the settings say block', async () => {
    expect((await root.put('/utilities/validation/settings', { suspectInChargeRun: 'block' })).status).toBe(
      200,
    );
    const res = await runCharges(root, {
      ...feb,
      scope: {
        building: (await root.get(`/utilities/billing-points/${ids.p1}`)).body.data.building.documentId,
      },
    });
    expect(outcome(res)).toBe('drafted');
    const blocked = (res.body.data.exceptions as Exception[]).filter((e) => e.kind === 'suspect-readings');
    expect(blocked.map((e) => [e.billingPointId, e.policy])).toEqual([
      [ids.p1, 'block'],
      [ids.p2, 'block'],
    ]);
    expect((await root.put('/utilities/validation/settings', {})).status).toBe(200);
  });
});

describe('the correction queue', () => {
  it('estimating the spike changes the effective value and the invoice; the raw value stays', async () => {
    // Before: the raw spike counts (258 − 216 = 42), the drop after it is left out, nothing estimated.
    expect(await chartAroundSpike()).toEqual([
      ['2026-02-27', '2', 0, 0],
      ['2026-02-28', '42', 0, 0],
      ['2026-03-01', null, 0, 0],
    ]);
    const spike = await flagged('W-1', 'spike');
    const res = await root.post('/utilities/validation/corrections', {
      action: 'estimate',
      readings: [spike.id],
      method: 'linear-interpolation',
    });
    expect([res.status, res.body.data]).toEqual([200, [{ reading: spike.id, outcome: 'done' }]]);
    const reading = (await root.get(`/utilities/validation/readings/${spike.id}`)).body.data;
    expect(reading).toMatchObject({
      rawValue: '258',
      effectiveValue: '218',
      state: 'estimated',
      method: 'linear-interpolation',
    });
    const raw = await app.strapi.db
      .connection('utilities_meter_readings')
      .where({ id: spike.id })
      .first('value');
    expect(raw?.value).toBe('258');
    const { lines } = await draftFeb(ids.p1);
    expect(waterLine(lines)).toMatchObject({ quantity: '56', amount: '112.00' });
    expect(waterLine(lines).readQuality).toEqual({
      estimated: 1,
      edited: 0,
      methods: ['linear-interpolation'],
    });
    // The chart counts the estimate (218) and marks its day; the days around it have none.
    expect(await chartAroundSpike()).toEqual([
      ['2026-02-27', '2', 0, 0],
      ['2026-02-28', '2', 1, 0],
      ['2026-03-01', '2', 0, 0],
    ]);
  });

  it('undo restores the suspect value; an edit with a reason then counts, recorded with who and why', async () => {
    const spikeId = (await queue('&state=estimated'))[0].id;
    const undone = await root.post(`/utilities/validation/readings/${spikeId}/undo`, {
      reason: 'wrong method',
    });
    expect([undone.status, undone.body.data.state, undone.body.data.effectiveValue]).toEqual([
      200,
      'suspect',
      '258',
    ]);
    expect(waterLine((await draftFeb(ids.p1)).lines).quantity).toBe('96');
    // Nothing left to undo.
    expect((await root.post(`/utilities/validation/readings/${spikeId}/undo`, {})).status).toBe(409);

    const edit = await root.post('/utilities/validation/corrections', {
      action: 'edit',
      readings: [spikeId],
      value: '219',
      reason: 'Read on site by the caretaker',
    });
    expect(edit.status).toBe(200);
    expect(waterLine((await draftFeb(ids.p1)).lines)).toMatchObject({
      quantity: '57',
      readQuality: { edited: 1 },
    });
    expect(await chartAroundSpike()).toEqual([
      ['2026-02-27', '2', 0, 0],
      ['2026-02-28', '3', 0, 1],
      ['2026-03-01', '1', 0, 0],
    ]);
    const history = (await root.get(`/utilities/validation/readings/${spikeId}`)).body.data.history;
    expect(
      (history as Edit[]).map((h) => [h.action, h.before.value, h.after.value, h.reason, h.user]),
    ).toEqual([
      ['edit', null, '219', 'Read on site by the caretaker', 'Super Admin'],
      ['undo', '218', null, 'wrong method', 'Super Admin'],
      ['estimate', null, '218', expect.stringContaining('between 216 and 220'), 'Super Admin'],
      ['flag', null, null, expect.stringContaining('recent median'), null],
    ]);
  });

  it('accepts a selection in bulk, with an outcome per reading', async () => {
    const gap = await flagged('W-2', 'gap');
    const res = await root.post('/utilities/validation/corrections', {
      action: 'accept',
      readings: [gap.id, 99_999_999],
      reason: 'Meter swapped, reads missing',
    });
    expect(res.status).toBe(200);
    expect(
      (res.body.data as { reading: number; outcome: string }[]).map((o) => [o.reading, o.outcome]),
    ).toEqual([
      [gap.id, 'done'],
      [99_999_999, 'not-found'],
    ]);
    expect(res.body.meta).toEqual({ done: 1, refused: 1 });
    expect((await queue('&state=accepted')).map((r) => r.meterNumber)).toEqual(['W-2']);
    // Accepting it again is refused: it is no longer suspect.
    const again = await root.post('/utilities/validation/corrections', {
      action: 'accept',
      readings: [gap.id],
    });
    expect([again.status, again.body.error.details.code]).toEqual([409, 'not-suspect']);
  });

  it('an estimate with no good read on either side is a 400 naming why', async () => {
    const back = await flagged('W-4', 'backwards');
    const res = await root.post('/utilities/validation/corrections', {
      action: 'estimate',
      readings: [back.id],
      method: 'linear-interpolation',
    });
    expect([res.status, res.body.error.details.code]).toEqual([400, 'no-good-reads']);
  });

  it('refuses malformed, hostile and duplicate requests with 400, never a 500', async () => {
    const spike = (await queue('&state=edited'))[0].id;
    const bad = [
      { action: 'edit', readings: [spike], value: '1' }, // no reason
      { action: 'edit', readings: [spike], value: '-5', reason: 'x' },
      { action: 'edit', readings: [spike], value: '1e400', reason: 'x' },
      { action: 'accept', readings: [spike, spike] },
      { action: 'accept', readings: ["1' OR 1=1 --"] },
      { action: 'accept', readings: [] },
      { action: 'estimate', readings: [spike], method: 'guess' },
      { action: 'accept', readings: [spike], reason: 'ok\u0000' },
      { action: 'accept', readings: [spike], extra: true },
      [1, 2, 3],
    ];
    for (const body of bad) {
      const res = await root.post('/utilities/validation/corrections', body);
      expect([res.status, res.body.error?.name]).toEqual([400, 'ValidationError']);
    }
    expect((await root.get('/utilities/validation/readings/abc')).status).toBe(404);
    expect((await root.get('/utilities/validation/readings/99999999')).status).toBe(404);
    expect((await root.get('/utilities/validation/queue?state=bogus')).status).toBe(400);
    expect((await root.get('/utilities/validation/queue?rule=%3Cscript%3E')).status).toBe(400);
    expect((await root.post('/utilities/validation/readings/abc/undo', {})).status).toBe(404);
  });

  it('a reading billed by a finalized run is corrected through a credit note, not here (409)', async () => {
    const { run } = await draftFeb(ids.p1);
    expect((await root.post(`/utilities/charge-runs/${run.documentId}/finalize`, {})).status).toBe(200);
    const spike = (await queue('&state=edited'))[0].id;
    const edit = await root.post('/utilities/validation/corrections', {
      action: 'edit',
      readings: [spike],
      value: '218',
      reason: 'again',
    });
    expect([edit.status, edit.body.error.details.code]).toEqual([409, 'reading-billed-final']);
    expect((await root.post(`/utilities/validation/readings/${spike}/undo`, {})).status).toBe(409);
    expect((await root.post(`/utilities/charge-runs/${run.documentId}/void`, {})).status).toBe(200);
  });
});

describe('rule settings and on-demand runs', () => {
  it('refuses parameters out of range (k ≤ 1, N < 1, tolerance > 100 %)', async () => {
    for (const [body, where] of [
      [{ utilityTypes: { WATER: { spike: { factor: 1 } } } }, 'utilityTypes.WATER.spike.factor'],
      [{ devices: { 'E-1': { stuck: { days: 0 } } } }, 'devices.E-1.stuck.days'],
      [
        { deviceTypes: { X: { 'sum-check': { tolerancePercent: 101 } } } },
        'deviceTypes.X.sum-check.tolerancePercent',
      ],
      [{ devices: { M: { limits: { lowPerDay: '9', highPerDay: '1' } } } }, 'devices.M.limits.lowPerDay'],
    ] as const) {
      const res = await root.put('/utilities/validation/settings', body);
      expect([res.status, res.body.error.details.errors[0].path.join('.')]).toEqual([400, where]);
    }
  });

  it('a device override and a run on demand clear the flags the rules no longer raise', async () => {
    const put = await root.put('/utilities/validation/settings', {
      devices: { 'E-1': { stuck: { days: 30 } } },
    });
    expect(put.status).toBe(200);
    expect((await root.get('/utilities/validation/settings')).body.data).toEqual({
      devices: { 'E-1': { stuck: { days: 30 } } },
    });
    const run = await root.post('/utilities/validation/runs', {
      from: '2026-02-01',
      to: '2026-03-06',
      meterNumber: 'E-1',
    });
    expect(run.status).toBe(200);
    expect(run.body.data).toMatchObject({ registers: 1, flagged: 0, cleared: 1 });
    expect(await queue('&meterNumber=E-1')).toEqual([]);
    const bad = await root.post('/utilities/validation/runs', { from: '2026-03-01', to: '2026-02-01' });
    expect(bad.status).toBe(400);
    expect(
      (await root.post('/utilities/validation/runs', { from: '2020-01-01', to: '2026-01-01' })).status,
    ).toBe(400);
  });
});

describe('RBAC', () => {
  it('validation.read lists, validation.write corrects; neither, nothing', async () => {
    const reader = await adminWith(app.strapi, app.http, ['validation.read']);
    const nobody = await adminWith(app.strapi, app.http, ['devices.read']);
    expect((await reader.get('/utilities/validation/queue')).status).toBe(200);
    expect(
      (await reader.post('/utilities/validation/corrections', { action: 'accept', readings: [1] })).status,
    ).toBe(403);
    expect((await reader.put('/utilities/validation/settings', {})).status).toBe(403);
    expect(
      (await reader.post('/utilities/validation/runs', { from: '2026-01-01', to: '2026-01-02' })).status,
    ).toBe(403);
    expect((await nobody.get('/utilities/validation/queue')).status).toBe(403);
    expect((await nobody.get('/utilities/validation/settings')).status).toBe(403);
  });
});
