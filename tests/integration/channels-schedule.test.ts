import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { databaseClient } from '../helpers/database';

/**
 * Scheduled pulls with several Strapi instances on one database (PostgreSQL or MySQL when
 * DATABASE_CLIENT says so; on SQLite both instances open the same database file). Both
 * instances arm the same schedule; each occurrence is driven through the scheduler's
 * `fire` on both at once, with a fixed occurrence instead of waiting for the wall clock.
 * Each occurrence must run exactly once, and a channel is never pulled by both at once.
 */
jest.setTimeout(120_000);

const drop = mkdtempSync(path.join(tmpdir(), 'utilities-schedule-'));
const env = { UTILITIES_CRON_ENABLED: 'true', UTILITIES_LOCAL_FOLDER_ROOTS: drop };
// A schedule that will not fire by itself while the suite runs.
const YEARLY = '0 3 1 1 *';

let a: TestApp;
let b: TestApp;
let bStopped = false;
let admin: Agent;
let channelId: string;
const pulls = { a: 0, b: 0 };

type Scheduler = {
  running: boolean;
  start(): Promise<void>;
  resync(): Promise<void>;
  fire(
    id: string,
    occurrence: Date,
    options?: { expression?: string },
  ): Promise<{ outcome: string; reason?: string }>;
  describe(): { channel: string; expression: string; timezone: string; nextRunAt: string | null }[];
};
const jobsOf = (app: TestApp) => app.strapi.plugin('utilities').service('channel-jobs');
const schedulerOf = (app: TestApp): Scheduler => jobsOf(app).scheduler();

/** Counts the pulls an instance actually starts (wrapping its own service object). */
function countPulls(app: TestApp, name: 'a' | 'b') {
  const service = app.strapi.plugin('utilities').service('channel-pulls');
  const original = service.pull.bind(service);
  service.pull = async (...args: unknown[]) => {
    pulls[name]++;
    return original(...(args as [string, { trigger: 'manual' | 'schedule' }]));
  };
}

beforeAll(async () => {
  writeFileSync(path.join(drop, 'meter-1.csv'), 'meter;value\nA;1\n');
  a = await startStrapi(env);
  admin = await superAdmin(a.strapi, a.http);
  const res = await admin.post('/utilities/channels', {
    code: 'SCHEDULED',
    name: 'Scheduled',
    handler: 'local-folder',
    schedule: YEARLY,
    config: { root: drop },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  channelId = res.body.data.documentId;
  // The second instance opens the first one's database (the SQLite file, or the server database).
  const shared: Record<string, string> =
    databaseClient() === 'sqlite'
      ? { DATABASE_FILENAME: String(process.env.DATABASE_FILENAME) }
      : { DATABASE_URL: String(process.env.DATABASE_URL) };
  // A fresh module registry: Strapi keeps registries in module scope, so a second instance
  // in this process needs its own copy of Strapi — as a second server process would have.
  await jest.isolateModulesAsync(async () => {
    b = await startStrapi({ ...env, ...shared });
  });
  // The suite drives the first instance over HTTP; Strapi resolves some internals through the global.
  (globalThis as { strapi?: unknown }).strapi = a.strapi;
  countPulls(a, 'a');
  countPulls(b, 'b');
  // The scheduling is under test, not the parsing: no file processor on either instance.
  for (const app of [a, b]) app.strapi.plugin('utilities').service('channel-pulls').setFileProcessor(null);
});
afterAll(async () => {
  if (!bStopped) await b?.stop();
  // Strapi's destroy() drops the global `strapi`; give the first instance its own back.
  (globalThis as { strapi?: unknown }).strapi = a?.strapi;
  await a?.stop();
  rmSync(drop, { recursive: true, force: true });
});

const knexA = () => a.strapi.db.connection;
const occurrence = (day: number) => new Date(Date.UTC(2031, 0, day, 2, 0, 0)); // 03:00 Europe/Zurich

test('both instances share one database and both armed the schedule', async () => {
  expect(
    await b.strapi.db.connection('utilities_channels').where({ document_id: channelId }).first(),
  ).toBeDefined();
  for (const app of [a, b]) {
    const armed = schedulerOf(app).describe();
    expect(armed).toEqual([
      expect.objectContaining({ channel: channelId, expression: YEARLY, timezone: 'Europe/Zurich' }),
    ]);
    expect(armed[0].nextRunAt).toMatch(/-01-01T02:00:00\.000Z$/);
  }
});

test('each occurrence fired on both instances at once runs exactly once', async () => {
  // (On SQLite the two instances share one file from one thread, so a loser's INSERT can
  // wait out the winner's write lock; a few occurrences keep the suite quick.)
  const days = [1, 2, 3, 4];
  const outcomes: string[] = [];
  for (const day of days) {
    // Alternate who asks first, so neither instance is always the early one.
    const [first, second] = day % 2 ? [a, b] : [b, a];
    const [ra, rb] = await Promise.all([
      schedulerOf(first).fire(channelId, occurrence(day)),
      schedulerOf(second).fire(channelId, occurrence(day)),
    ]);
    outcomes.push(...[ra.outcome, rb.outcome].sort());
  }
  expect(outcomes).toEqual(days.flatMap(() => ['claimed-elsewhere', 'ran']));
  expect(pulls.a + pulls.b).toBe(days.length);
  const claims = await knexA()('utilities_job_claims').where({ job: `channel-pull:${channelId}` });
  expect(claims).toHaveLength(days.length);
  expect(new Set(claims.map((c: { scheduled_for: unknown }) => Number(c.scheduled_for))).size).toBe(
    days.length,
  );
  // The file was recorded once, whichever instance pulled first.
  const logs = await knexA()('utilities_ingestion_logs').where({ channel_ref: channelId });
  expect(logs).toHaveLength(1);
});

test('an occurrence is claimed once even when fired again later, on either instance', async () => {
  const before = pulls.a + pulls.b;
  expect((await schedulerOf(a).fire(channelId, occurrence(1))).outcome).toBe('claimed-elsewhere');
  expect((await schedulerOf(b).fire(channelId, new Date(occurrence(1).getTime() + 400))).outcome).toBe(
    'claimed-elsewhere',
  ); // same second
  expect(pulls.a + pulls.b).toBe(before);
});

test('an occurrence fired long after its time (older than the claim retention) still runs once', async () => {
  // A catch-up fire: the winner's own housekeeping must not prune the claim it just made.
  const late = new Date(Date.UTC(2020, 0, 1, 2, 0, 0));
  const before = pulls.a + pulls.b;
  const both = await Promise.all([
    schedulerOf(a).fire(channelId, late),
    schedulerOf(b).fire(channelId, late),
  ]);
  expect(both.map((r) => r.outcome).sort()).toEqual(['claimed-elsewhere', 'ran']);
  expect((await schedulerOf(b).fire(channelId, late)).outcome).toBe('claimed-elsewhere');
  expect(pulls.a + pulls.b).toBe(before + 1);
  expect(
    await knexA()('utilities_job_claims').where({
      job: `channel-pull:${channelId}`,
      scheduled_for: late.getTime(),
    }),
  ).toHaveLength(1);
});

test('two different occurrences overlapping: the channel is never pulled by both at once', async () => {
  const pullsA = a.strapi.plugin('utilities').service('channel-pulls');
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let inside = 0;
  let maxInside = 0;
  let entered!: () => void;
  const hasEntered = new Promise<void>((resolve) => (entered = resolve));
  // A slow pull on instance A: its file processor waits until released.
  writeFileSync(path.join(drop, 'meter-2.csv'), 'meter;value\nA;2\n');
  utimesSync(
    path.join(drop, 'meter-2.csv'),
    new Date('2030-01-01T00:00:00Z'),
    new Date('2030-01-01T00:00:00Z'),
  );
  const slow = async () => {
    inside++;
    maxInside = Math.max(maxInside, inside);
    entered();
    await gate;
    inside--;
  };
  pullsA.setFileProcessor(slow);
  b.strapi.plugin('utilities').service('channel-pulls').setFileProcessor(slow);
  try {
    const first = schedulerOf(a).fire(channelId, occurrence(10));
    await hasEntered; // A holds the channel's lease now
    const second = await schedulerOf(b).fire(channelId, occurrence(11));
    expect(second.outcome).toBe('busy');
    release();
    expect((await first).outcome).toBe('ran');
    expect(maxInside).toBe(1);
  } finally {
    pullsA.setFileProcessor(null);
    b.strapi.plugin('utilities').service('channel-pulls').setFileProcessor(null);
  }
  expect(
    await knexA()('utilities_leases')
      .where({ name: `channel-pull:${channelId}` })
      .first(),
  ).toBeUndefined();
});

test('a stale timer (schedule changed since it was armed) does not run', async () => {
  const res = await schedulerOf(b).fire(channelId, occurrence(20), { expression: '0 4 * * *' });
  expect(res).toEqual({ outcome: 'skipped', reason: 'schedule-changed' });
});

test('editing the schedule or the active flag re-arms without a restart', async () => {
  const res = await admin.put(`/utilities/channels/${channelId}`, { schedule: '30 2 1 2 *' });
  expect(res.status).toBe(200);
  expect(schedulerOf(a).describe()).toEqual([
    expect.objectContaining({ channel: channelId, expression: '30 2 1 2 *' }),
  ]);
  // Another instance picks the change up on its next re-read (run here instead of waiting a minute).
  await schedulerOf(b).resync();
  expect(schedulerOf(b).describe()).toEqual([
    expect.objectContaining({ channel: channelId, expression: '30 2 1 2 *' }),
  ]);

  await admin.put(`/utilities/channels/${channelId}`, { active: false });
  expect(schedulerOf(a).describe()).toEqual([]);
  expect(await schedulerOf(b).fire(channelId, occurrence(21))).toEqual({
    outcome: 'skipped',
    reason: 'inactive',
  });

  await admin.put(`/utilities/channels/${channelId}`, { active: true, schedule: '' });
  expect(schedulerOf(a).describe()).toEqual([]);
  expect(await schedulerOf(a).fire(channelId, occurrence(22))).toEqual({
    outcome: 'skipped',
    reason: 'unscheduled',
  });

  await admin.put(`/utilities/channels/${channelId}`, { schedule: YEARLY });
  expect(schedulerOf(a).describe()).toHaveLength(1);
});

test('switching the utilities module off stops the schedules; on again re-arms them', async () => {
  const modules = a.strapi.plugin('utilities').service('modules');
  await modules.update({ modules: { utilities: false } });
  try {
    expect(schedulerOf(a).running).toBe(false);
    expect(schedulerOf(a).describe()).toEqual([]);
    // Any instance checks the switch when a timer fires (B's cache may still say "on" for 2 s).
    expect(await schedulerOf(a).fire(channelId, occurrence(23))).toEqual({
      outcome: 'skipped',
      reason: 'module-disabled',
    });
  } finally {
    await modules.update({ modules: { utilities: true } });
  }
  await schedulerOf(a).start(); // joins the start the switch triggered
  expect(schedulerOf(a).running).toBe(true);
  expect(schedulerOf(a).describe()).toHaveLength(1);
});

test('deleting the channel disarms it; destroying an instance stops every timer', async () => {
  await admin.delete(`/utilities/channels/${channelId}`);
  expect(schedulerOf(a).describe()).toEqual([]);
  expect(await schedulerOf(b).fire(channelId, occurrence(24))).toEqual({
    outcome: 'skipped',
    reason: 'deleted',
  });
  const other = await admin.post('/utilities/channels', {
    code: 'SCHEDULED_2',
    name: 'Scheduled 2',
    handler: 'local-folder',
    schedule: YEARLY,
    config: { root: drop },
  });
  expect(other.status).toBe(201);
  expect(schedulerOf(a).describe()).toHaveLength(1);
  const scheduler = schedulerOf(b);
  await scheduler.resync();
  expect(scheduler.describe()).toHaveLength(1);
  bStopped = true;
  await b.stop(); // strapi.destroy() → the plugin's destroy()
  expect(scheduler.running).toBe(false);
  expect(scheduler.describe()).toEqual([]);
});
