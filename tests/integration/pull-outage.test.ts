import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dropDatabaseConnections } from '../helpers/database';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';

/**
 * A long pull in the background shows its progress, and heals itself when the database
 * drops it: every connection of the app's database is cut mid-file (what a restart does
 * to a client), and without anyone pressing Pull now the file's log records the
 * interruption, the channel says it is retrying, the pull resumes from the checkpoint,
 * and exactly N readings are stored.
 */
const N = 100_000;
const drop = mkdtempSync(path.join(tmpdir(), 'utilities-outage-'));
let app: TestApp;
let admin: Agent;

type Status = {
  running: boolean;
  files?: { done: number; total: number };
  rows?: number;
  last: null | {
    processedFiles: number;
    rows: { inserted: number; duplicate: number; conflict: number; rejected: number };
  };
};

beforeAll(async () => {
  app = await startStrapi({
    UTILITIES_LOCAL_FOLDER_ROOTS: drop,
    UTILITIES_PULL_ANSWER_WITHIN_MS: '0',
    UTILITIES_OUTAGE_RETRY_FIRST_MS: '1000',
  });
  admin = await superAdmin(app.strapi, app.http);
});
afterAll(async () => {
  await app?.stop();
  rmSync(drop, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The admin's own requests during the outage: one that lands on a connection being cut
 * fails with a 500, as any request would during a database restart. That is not what this
 * suite tests (the pull healing itself is), so such a request is asked again, a few times.
 */
async function data(url: string) {
  let res = await admin.get(url);
  for (let attempt = 1; res.status >= 500 && attempt < 5; attempt++) {
    await sleep(200);
    res = await admin.get(url);
  }
  expect(res.status).toBe(200);
  return res.body.data;
}

test('progress while the pull runs; an outage mid-file is recorded and healed, N readings stored once', async () => {
  const lines = ['meter_number,register,timestamp,value'];
  for (let i = 0; i < N; i++)
    lines.push(
      `OUT-${i % 20},1,${new Date(Date.UTC(2021, 0, 1) + Math.floor(i / 20) * 900_000).toISOString()},${i}`,
    );
  writeFileSync(path.join(drop, 'big.csv'), lines.join('\n'));
  const channel = await admin.post('/utilities/channels', {
    code: 'OUTAGE',
    name: 'Outage',
    handler: 'local-folder',
    config: { root: drop },
  });
  expect(channel.status).toBe(201);
  const id = channel.body.data.documentId as string;

  const res = await admin.post(`/utilities/channels/${id}/pull`, {});
  expect(res.status).toBe(202);

  // Progress, until the first checkpoint is committed: then the connections are cut.
  const seen: { done: number; rows: number }[] = [];
  let status: Status;
  for (;;) {
    status = (await admin.get(`/utilities/channels/${id}/pull-status`)).body.data;
    if (status.running) {
      // 0 while the remote files are being listed, then the one file.
      expect(status.files!.total).toBeLessThanOrEqual(1);
      seen.push({ done: status.files!.done, rows: status.rows! });
      if (status.rows! > 0) break;
    }
    await sleep(50);
  }
  expect(status!.files!.total).toBe(1);
  expect(seen.at(-1)!.rows).toBeLessThan(N); // cut mid-file
  // Inside a write of readings: cut between two of the file's transactions, the pull
  // would hold no connection and go on unharmed (seen once on MariaDB in CI).
  expect(
    await dropDatabaseConnections(app.strapi.db.connection as never, {
      inWriteTo: 'utilities_meter_readings',
    }),
  ).toBeGreaterThan(0);

  // Nobody presses Pull now: the log and the channel say what happened, the pull resumes.
  let log: { status: string; insertedRows: number; totalRows: number; interruptions: unknown[] } | undefined;
  let retrying: string | null = null;
  for (let i = 0; i < 2400; i++) {
    [log] = await data(`/utilities/ingestion-logs?channel=${id}`);
    const error = (await data(`/utilities/channels/${id}`)).lastError as string | null;
    if (error?.includes('Retrying at')) retrying = error;
    status = await data(`/utilities/channels/${id}/pull-status`);
    if (status.running) seen.push({ done: status.files!.done, rows: status.rows! });
    if (log && log.status === 'Completed' && !status.running) break;
    await sleep(100);
  }
  expect(retrying).toMatch(
    /^The pull was interrupted at \S+: the database connection was lost \(.+\)\. Retrying at \S+ \(attempt 1 of 10\)\.$/,
  );
  expect(log).toMatchObject({ status: 'Completed', insertedRows: N, totalRows: N });
  expect(log!.interruptions).toEqual([
    { at: expect.any(String), reason: expect.stringContaining('the database connection was lost') },
  ]);
  const channelNow = (await admin.get(`/utilities/channels/${id}`)).body.data;
  expect(channelNow).toMatchObject({ lastError: null, status: 'active' });

  // Exactly N readings, each once.
  const knex = app.strapi.db.connection;
  const [{ n }] = await knex('utilities_meter_readings')
    .where('meter_number', 'like', 'OUT-%')
    .count({ n: '*' });
  expect(Number(n)).toBe(N);
  const [{ keys }] = await knex
    .from(
      knex('utilities_meter_readings')
        .where('meter_number', 'like', 'OUT-%')
        .distinct('meter_number', 'register', 'reading_at')
        .as('k'),
    )
    .count({ keys: '*' });
  expect(Number(keys)).toBe(N);

  // The progress never went back, and the pull's report is the file's rows by outcome.
  for (let i = 1; i < seen.length; i++) {
    expect(seen[i].rows).toBeGreaterThanOrEqual(seen[i - 1].rows);
    expect(seen[i].done).toBeGreaterThanOrEqual(seen[i - 1].done);
  }
  expect(status!.last).toEqual({
    startedAt: expect.any(String),
    processedFiles: 1,
    rows: { total: N, inserted: N, duplicate: 0, conflict: 0, rejected: 0 },
  });
}, 600_000);

test('pull status: 404 for an unknown channel, refused without the read permission', async () => {
  expect((await admin.get('/utilities/channels/nope/pull-status')).status).toBe(404);
  const res = await app.http().get('/utilities/channels/nope/pull-status');
  expect(res.status).toBe(401);
});
