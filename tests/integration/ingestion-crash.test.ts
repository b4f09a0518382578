import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startPlayground, type PlaygroundProcess } from '../helpers/playground-process';

/**
 * Crash safety for real: the playground process is killed (SIGKILL) in the middle of
 * a file; a new process on the same database pulls again, detects the stale
 * Processing log, resumes it and ends with every reading stored exactly once.
 *
 * @sqlite-only it runs on a SQLite file of its own whatever the stage, so the PostgreSQL and
 * MariaDB stages would repeat it; crash recovery on those is charging-restart’s and pull-outage’s.
 */
const work = mkdtempSync(path.join(tmpdir(), 'utilities-crash-'));
const drop = path.join(work, 'drop');
const env = {
  DATABASE_FILENAME: path.join(work, 'data.db'),
  UTILITIES_LOCAL_FOLDER_ROOTS: drop,
  UTILITIES_CRON_ENABLED: 'false',
};
const ROWS = 200_000;
let playground: PlaygroundProcess | null = null;

afterAll(async () => {
  await playground?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function call(p: PlaygroundProcess, token: string | null, method: string, url: string, body?: unknown) {
  const res = await fetch(`${p.url}${url}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: any = await res.json().catch(() => null);
  return { status: res.status, body: json };
}

const login = async (p: PlaygroundProcess) =>
  (await call(p, null, 'POST', '/admin/login', { email: 'crash@example.test', password: 'Crash-Test-12345' }))
    .body.data.token as string;

test('SIGKILL mid-file, restart, pull: resumed without duplicates or losses', async () => {
  mkdirSync(drop);
  const lines = ['meter_number,register,timestamp,value'];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `K-${i % 100},1,${new Date(Date.UTC(2020, 0, 1) + Math.floor(i / 100) * 3600_000).toISOString()},${i}`,
    );
  writeFileSync(path.join(drop, 'big.csv'), lines.join('\n'));

  playground = await startPlayground(env);
  const registered = await call(playground, null, 'POST', '/admin/register-admin', {
    email: 'crash@example.test',
    password: 'Crash-Test-12345',
    firstname: 'Crash',
    lastname: 'Test',
  });
  expect(registered.status).toBe(200);
  let token = await login(playground);
  const channel = await call(playground, token, 'POST', '/utilities/channels', {
    code: 'CRASH',
    name: 'Crash',
    handler: 'local-folder',
    config: { root: drop, format: 'csv' },
  });
  expect(channel.status).toBe(201);
  const channelId = channel.body.data.documentId;

  // Start the pull and kill the process once the log shows rows stored but not all.
  const first = playground;
  void call(first, token, 'POST', `/utilities/channels/${channelId}/pull`, {}).catch(() => undefined);
  for (;;) {
    const logs = (await call(first, token, 'GET', `/utilities/ingestion-logs?channel=${channelId}`)).body
      .data;
    if (logs[0]?.status === 'Processing' && logs[0].totalRows > 0) break;
    if (logs[0] && logs[0].status !== 'Pending' && logs[0].status !== 'Processing')
      throw new Error(`finished before the kill: ${JSON.stringify(logs[0])}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  first.child.kill('SIGKILL');
  await first.stop().catch(() => undefined);

  playground = await startPlayground(env);
  token = await login(playground);
  const before = (await call(playground, token, 'GET', `/utilities/ingestion-logs?channel=${channelId}`)).body
    .data[0];
  expect(before.status).toBe('Processing');
  expect(before.totalRows).toBeLessThan(ROWS);

  // The dead process still holds the channel's pull lease until it expires (no heartbeat
  // any more); until then a pull answers 409, then the next one takes the lease over.
  let pulled = await call(playground, token, 'POST', `/utilities/channels/${channelId}/pull`, {});
  for (let attempt = 0; pulled.status === 409 && attempt < 60; attempt++) {
    expect(pulled.body.error.message).toContain('already being pulled');
    await new Promise((r) => setTimeout(r, 2000));
    pulled = await call(playground, token, 'POST', `/utilities/channels/${channelId}/pull`, {});
  }
  // 200 when the rest of the file is done within the pull's answer window, 202 when it
  // goes on in the background (a loaded machine): either way the log ends Completed.
  expect([200, 202]).toContain(pulled.status);
  let after = (await call(playground, token, 'GET', `/utilities/ingestion-logs?channel=${channelId}`)).body
    .data;
  while (after[0]?.status === 'Processing') {
    await new Promise((r) => setTimeout(r, 500));
    after = (await call(playground, token, 'GET', `/utilities/ingestion-logs?channel=${channelId}`)).body
      .data;
  }
  expect(after).toHaveLength(1);
  expect(after[0]).toMatchObject({ status: 'Completed', totalRows: ROWS, insertedRows: ROWS, failedRows: 0 });
  const rows = await call(
    playground,
    token,
    'GET',
    `/utilities/ingestion-logs/${after[0].documentId}/rows?pageSize=1`,
  );
  expect(rows.body.meta.pagination.total).toBe(ROWS);
});
