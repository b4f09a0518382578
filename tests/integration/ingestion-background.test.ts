import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { buildZip } from '../unit/usage/support/zip-writer';

/**
 * A long pull: Pull now answers 202 once `channels.pullAnswerWithinMs` has passed
 * (0 here, so every pull counts as long) and the pull goes on; its progress and its
 * end show in the ingestion log. A server stopped mid-pull (destroy) stops the pull at
 * its next row, commits what it read and leaves the file Processing for the next pull.
 */
const drop = mkdtempSync(path.join(tmpdir(), 'utilities-background-'));
let app: TestApp;
let admin: Agent;

beforeAll(async () => {
  app = await startStrapi({ UTILITIES_LOCAL_FOLDER_ROOTS: drop, UTILITIES_PULL_ANSWER_WITHIN_MS: '0' });
  admin = await superAdmin(app.strapi, app.http);
});
afterAll(async () => {
  await app?.stop();
  rmSync(drop, { recursive: true, force: true });
});

type Log = {
  fileName: string;
  status: string;
  totalRows: number;
  insertedRows: number;
  error: string | null;
};

/** A CSV of `rows` hourly readings over 10 meters named `<prefix>-0` … `<prefix>-9`. */
function readingsCsv(prefix: string, rows: number): string {
  const lines = ['meter_number,register,timestamp,value'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `${prefix}-${i % 10},1,${new Date(Date.UTC(2022, 0, 1) + Math.floor(i / 10) * 3600_000).toISOString()},${i}`,
    );
  return lines.join('\n');
}

function writeReadings(folder: string, prefix: string, rows: number) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `${prefix}.csv`), readingsCsv(prefix, rows));
}

/** Readings stored for the meters `<prefix>-…`. */
async function storedReadings(prefix: string): Promise<number> {
  const [{ n }] = await app.strapi.db
    .connection('utilities_meter_readings')
    .where('meter_number', 'like', `${prefix}-%`)
    .count({ n: '*' });
  return Number(n);
}

async function channelOn(folder: string, code: string): Promise<string> {
  const channel = await admin.post('/utilities/channels', {
    code,
    name: code,
    handler: 'local-folder',
    config: { root: folder },
  });
  expect(channel.status).toBe(201);
  return channel.body.data.documentId as string;
}

async function pullInBackground(channel: string) {
  const res = await admin.post(`/utilities/channels/${channel}/pull`, {});
  expect(res.status).toBe(202);
  expect(res.body.data.status).toBe('running');
}

async function logOf(channel: string, fileName: string): Promise<Log | undefined> {
  const logs = (await admin.get(`/utilities/ingestion-logs?channel=${channel}`)).body.data as Log[];
  return logs.find((log) => log.fileName === fileName);
}

/** Polls the channel's log of `fileName` until `done` says so. */
async function logUntil(channel: string, fileName: string, done: (log: Log) => boolean) {
  let log: Log | undefined;
  for (let attempt = 0; attempt < 1200; attempt++) {
    log = await logOf(channel, fileName);
    if (log && done(log)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return log;
}

/** Stops the server as a deploy does (destroy) and starts it again on the same database. */
async function restart() {
  app = await app.restart();
  admin = await superAdmin(app.strapi, app.http);
}

const SHUTDOWN_MESSAGE =
  /^Processing stopped after row (\d+): the server was shutting down\. The next pull resumes the file from there/;

const finished = (log: Log) => !['Pending', 'Processing'].includes(log.status);

test('202 while the pull goes on; the log then shows the file Completed', async () => {
  const folder = path.join(drop, 'bg');
  writeReadings(folder, 'BG', 20_000);
  const channel = await channelOn(folder, 'BG');
  await pullInBackground(channel);
  expect(await logUntil(channel, 'BG.csv', finished)).toMatchObject({
    status: 'Completed',
    insertedRows: 20_000,
  });
});

test('a server stopped mid-pull leaves the file Processing with why; the next pull ends it exactly once', async () => {
  const rows = 300_000;
  const folder = path.join(drop, 'stop');
  writeReadings(folder, 'STOP', rows);
  const channel = await channelOn(folder, 'STOP');
  await pullInBackground(channel);
  // The first checkpoint (5,000 rows) is committed: the file is well under way.
  expect(await logUntil(channel, 'STOP.csv', (log) => log.totalRows > 0)).toMatchObject({
    status: 'Processing',
  });

  // destroy waits for the pull: nothing of it runs once the database connection closes.
  await restart();
  const stopped = (await logOf(channel, 'STOP.csv'))!;
  expect(stopped.status).toBe('Processing');
  const stoppedAt = Number(SHUTDOWN_MESSAGE.exec(stopped.error ?? '')?.[1]);
  expect(stoppedAt).toBeGreaterThan(0);
  expect(stoppedAt).toBeLessThan(rows);
  // The checkpoint the message names is what the log counts and the table holds.
  expect(stopped.totalRows).toBe(stoppedAt);
  expect(await storedReadings('STOP')).toBe(stoppedAt);

  await pullInBackground(channel);
  expect(await logUntil(channel, 'STOP.csv', finished)).toMatchObject({
    status: 'Completed',
    totalRows: rows,
    insertedRows: rows,
    error: null,
  });
  expect(await storedReadings('STOP')).toBe(rows);
});

test('stopped inside a zip member: the member and the archive say why; the next pull ends both', async () => {
  const rows = 300_000;
  const folder = path.join(drop, 'zip');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    path.join(folder, 'ZSTOP.zip'),
    buildZip([{ name: 'ZSTOP.csv', data: Buffer.from(readingsCsv('ZSTOP', rows)) }]),
  );
  const channel = await channelOn(folder, 'ZSTOP');
  await pullInBackground(channel);
  await logUntil(channel, 'ZSTOP.zip/ZSTOP.csv', (log) => log.totalRows > 0);

  await restart();
  const member = (await logOf(channel, 'ZSTOP.zip/ZSTOP.csv'))!;
  const archive = (await logOf(channel, 'ZSTOP.zip'))!;
  expect(member.status).toBe('Processing');
  expect(archive.status).toBe('Processing');
  const stoppedAt = Number(SHUTDOWN_MESSAGE.exec(member.error ?? '')?.[1]);
  expect(stoppedAt).toBeGreaterThan(0);
  expect(stoppedAt).toBeLessThan(rows);
  expect(archive.error).toBe(member.error);
  expect(await storedReadings('ZSTOP')).toBe(stoppedAt);

  await pullInBackground(channel);
  expect(await logUntil(channel, 'ZSTOP.zip', finished)).toMatchObject({ status: 'Completed', error: null });
  expect(await logOf(channel, 'ZSTOP.zip/ZSTOP.csv')).toMatchObject({
    status: 'Completed',
    totalRows: rows,
    insertedRows: rows,
    error: null,
  });
  expect(await storedReadings('ZSTOP')).toBe(rows);
});
