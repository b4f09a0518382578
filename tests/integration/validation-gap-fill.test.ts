import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, superAdmin, type Agent } from '../helpers/admin-users';
import { created, createBuilding, createParty, createPoint, meterSetup, person } from '../helpers/billing';
import { runCharges } from '../helpers/charge-runs';

/**
 * Filling a gap over HTTP (issue 20): G-1, a water meter in flat F-1 (Anna), sends daily
 * reads at 00:00 Zurich from 1 January to 10 February 2026, 100 + 2 m³ a day (read i of
 * day i: 100 + 2i), but nothing from 20 to 24 January. The 25 January read (148) is
 * flagged as a gap. Filled by linear interpolation between 19 January (136) and
 * 25 January (148): 6 days, 2 m³ each — 138, 140, 142, 144, 146 on 20–24 January.
 *
 * January for F-1 at 2.00 CHF/m³: 1 Feb (162) − 1 Jan (100) = 62 m³ = 124.00, with the
 * five estimated reads inside the line's span.
 */
const ZONE = 'Europe/Zurich';
let app: TestApp;
let root: Agent;
let folder: string;
let point: string;
const midnight = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toUTC().toISO()!;
const GAP = ['2026-01-20', '2026-01-21', '2026-01-22', '2026-01-23', '2026-01-24'];

function meterFile(): string {
  const lines = ['meter_number,register,timestamp,value'];
  for (let i = 0; i <= 40; i++) {
    const d = DateTime.fromISO('2026-01-01', { zone: ZONE }).plus({ days: i }).toISODate()!;
    if (!GAP.includes(d)) lines.push(`G-1,1,${midnight(d)},${100 + 2 * i}`);
  }
  return lines.join('\n') + '\n';
}

type Reading = { id: number; readingAt: string; rawValue: string; state: string; rule: string | null };
async function queue(state = 'suspect'): Promise<(Reading & { method: string | null })[]> {
  const res = await root.get(`/utilities/validation/queue?pageSize=100&state=${state}`);
  expect(res.status).toBe(200);
  return res.body.data;
}
async function readingAt(day: string): Promise<number> {
  const res = await root.get(`/utilities/validation/queue?pageSize=100&state=accepted`);
  const accepted = (res.body.data as Reading[]).find((r) => r.readingAt === midnight(day));
  if (accepted) return accepted.id;
  const flagged = (await queue()).find((r) => r.readingAt === midnight(day));
  if (!flagged) throw new Error(`no reading on ${day} in the queue`);
  return flagged.id;
}
async function januaryLine() {
  const run = await runCharges(root, {
    periodStart: '2026-01-01',
    periodEnd: '2026-01-31',
    scope: { billingPoint: point },
  });
  expect(run.status).toBe(202);
  expect(run.body.data.status).toBe('draft');
  const list = await root.get(`/utilities/invoices?chargeRun=${run.body.data.documentId}&pageSize=10`);
  const invoice = await root.get(`/utilities/invoices/${list.body.data[0].documentId}`);
  return (
    invoice.body.data.lines as { meterNumber?: string; quantity: string; readQuality?: unknown }[]
  ).find((l) => l.meterNumber === 'G-1')!;
}

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'vee-gap-'));
  writeFileSync(path.join(folder, 'reads.csv'), meterFile());
  app = await startStrapi({ UTILITIES_LOCAL_FOLDER_ROOTS: folder });
  root = await superAdmin(app.strapi, app.http);
  const owner = (await createParty(root, { kind: 'legal', companyName: 'Immo Lücke AG' })).documentId;
  const building = (await createBuilding(root, { code: 'L1', name: 'Lindenhof', owner, timezone: ZONE }))
    .documentId;
  point = (await createPoint(root, { code: 'F-1', name: 'F-1', building })).documentId;
  const water = await meterSetup(root, 'WATER');
  const device = await created(
    await root.post('/utilities/devices', {
      meterNumber: 'G-1',
      deviceType: water.deviceType.documentId,
      utilityType: water.utilityType.documentId,
      registers: ['1'],
    }),
    'G-1',
  );
  await created(
    await root.post(`/utilities/billing-points/${point}/meters`, {
      device: device.documentId,
      from: '2025-12-01',
    }),
    'installed',
  );
  await created(
    await root.post(`/utilities/billing-points/${point}/occupancies`, {
      party: (await person(root, 'Anna', 'Muster')).documentId,
      entryDate: '2025-12-01',
      exitDate: null,
    }),
    'Anna',
  );
  await created(
    await root.post('/utilities/rates', {
      scope: 'default',
      vatRate: '0',
      currency: 'CHF',
      fixedFeePerMonth: '0',
      validFrom: '2025-01-01',
      utilityType: water.utilityType.documentId,
      unitPrice: '2.00',
    }),
    'rate',
  );
  const channel = await created(
    await root.post('/utilities/channels', {
      code: 'GAP',
      name: 'Gap drop',
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

describe('filling a gap', () => {
  it('starts with the 25 January read flagged as a gap', async () => {
    expect((await queue()).map((r) => [r.readingAt, r.rule])).toEqual([[midnight('2026-01-25'), 'gap']]);
  });

  it('fills the five missing days by linear interpolation and accepts the read after the gap', async () => {
    const id = await readingAt('2026-01-25');
    const res = await root.post(`/utilities/validation/readings/${id}/fill`, {
      method: 'linear-interpolation',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ state: 'accepted', rule: 'gap', rawValue: '148' });
    expect(res.body.data.filled).toEqual(
      GAP.map((d, k) => ({
        readingAt: midnight(d),
        value: String(138 + 2 * k),
        method: 'linear-interpolation',
      })),
    );
    expect(await queue()).toEqual([]);
    const estimated = await queue('estimated');
    expect(estimated.map((r) => [r.readingAt, r.rawValue, r.method])).toEqual(
      GAP.map((d, k) => [midnight(d), String(138 + 2 * k), 'linear-interpolation']),
    );
  });

  it('shows a filled read with its method and who filled it', async () => {
    const [first] = await queue('estimated');
    const res = await root.get(`/utilities/validation/readings/${first.id}`);
    expect(res.body.data).toMatchObject({
      state: 'estimated',
      method: 'linear-interpolation',
      effectiveValue: '138',
    });
    expect(res.body.data.history).toMatchObject([
      { action: 'fill', after: { state: 'estimated', value: '138' }, user: 'Super Admin' },
    ]);
    expect(res.body.data.history[0].reason).toBe(
      '5 missing reads estimated (linear-interpolation): between 136 and 148',
    );
  });

  it('marks the January invoice line: 62 m³ with five estimated reads', async () => {
    expect(await januaryLine()).toMatchObject({
      quantity: '62',
      readQuality: { estimated: 5, edited: 0, methods: ['linear-interpolation'] },
    });
  });

  it('refuses to fill again (409, no gap left) and keeps the register rules quiet on a re-run', async () => {
    const id = await readingAt('2026-01-25');
    const again = await root.post(`/utilities/validation/readings/${id}/fill`, {
      method: 'linear-interpolation',
    });
    expect([again.status, again.body.error.details.code]).toEqual([409, 'no-gap']);
    const run = await root.post('/utilities/validation/runs', { from: '2026-01-01', to: '2026-02-11' });
    expect(run.body.data.flagged).toBe(0);
  });

  it('undo removes the filled reads and puts the gap back in the queue', async () => {
    const id = await readingAt('2026-01-25');
    const res = await root.post(`/utilities/validation/readings/${id}/undo`, { reason: 'Wrong method' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ state: 'suspect', rule: 'gap' });
    expect(await queue('estimated')).toEqual([]);
    expect((await queue()).map((r) => r.readingAt)).toEqual([midnight('2026-01-25')]);
    const line = await januaryLine();
    expect([line.quantity, line.readQuality ?? null]).toEqual(['62', null]);
    const history = (await root.get(`/utilities/validation/readings/${id}`)).body.data.history as {
      action: string;
    }[];
    expect(history.map((h) => h.action)).toEqual(['undo', 'fill', 'flag']);
  });

  it('fills with the same weekday’s average of the weeks before (2 m³ a day there too)', async () => {
    const id = await readingAt('2026-01-25');
    const res = await root.post(`/utilities/validation/readings/${id}/fill`, {
      method: 'same-weekday-average',
    });
    expect(res.status).toBe(200);
    expect(
      (res.body.data.filled as { value: string; method: string }[]).map((f) => [f.value, f.method]),
    ).toEqual(GAP.map((_, k) => [String(138 + 2 * k), 'same-weekday-average']));
    expect((await root.post(`/utilities/validation/readings/${id}/undo`, {})).status).toBe(200);
  });
});

describe('bad input', () => {
  it.each([
    ['no method', {}, 400, 'method'],
    ['an unknown method', { method: 'guess' }, 400, 'method'],
    ['an unknown field', { method: 'linear-interpolation', value: '1' }, 400, null],
    ['a hostile reason', { method: 'linear-interpolation', reason: 'a\u0000b' }, 400, 'reason'],
  ])('refuses %s', async (_what, body, status, where) => {
    const id = await readingAt('2026-01-25');
    const res = await root.post(`/utilities/validation/readings/${id}/fill`, body);
    expect(res.status).toBe(status);
    if (where) expect(res.body.error.details.errors[0].path.join('.')).toBe(where);
  });

  it('refuses last year’s figure when there is no last year (400, nothing stored)', async () => {
    const id = await readingAt('2026-01-25');
    const res = await root.post(`/utilities/validation/readings/${id}/fill`, { method: 'last-year-scaled' });
    expect([res.status, res.body.error.details.code]).toEqual([400, 'no-good-reads']);
    expect(await queue('estimated')).toEqual([]);
  });

  it('answers 404 for an unknown or malformed reading id, 409 where there is no gap, 400 without a rhythm', async () => {
    expect(
      (await root.post('/utilities/validation/readings/999999999/fill', { method: 'linear-interpolation' }))
        .status,
    ).toBe(404);
    expect(
      (await root.post('/utilities/validation/readings/abc/fill', { method: 'linear-interpolation' })).status,
    ).toBe(404);
    const gap = await root.get(`/utilities/validation/readings/${await readingAt('2026-01-25')}`);
    const near = gap.body.data.neighbours as Reading[];
    const on = (day: string) => near.find((r) => r.readingAt === midnight(day))!.id;
    // 1 January: the file's first read, nothing before it to know the rhythm from.
    const noRhythm = await root.post(`/utilities/validation/readings/${on('2026-01-01')}/fill`, {
      method: 'linear-interpolation',
    });
    expect([noRhythm.status, noRhythm.body.error.details.code]).toEqual([400, 'no-rhythm']);
    const noGap = await root.post(`/utilities/validation/readings/${on('2026-01-26')}/fill`, {
      method: 'linear-interpolation',
    });
    expect([noGap.status, noGap.body.error.details.code]).toEqual([409, 'no-gap']);
  });

  it('needs validation.write', async () => {
    const reader = await adminWith(app.strapi, app.http, ['validation.read']);
    const id = await readingAt('2026-01-25');
    expect(
      (await reader.post(`/utilities/validation/readings/${id}/fill`, { method: 'linear-interpolation' }))
        .status,
    ).toBe(403);
  });
});
