import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';

/**
 * A long pull: Pull now answers 202 once `channels.pullAnswerWithinMs` has passed
 * (0 here, so every pull counts as long) and the pull goes on; its progress and its
 * end show in the ingestion log.
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

test('202 while the pull goes on; the log then shows the file Completed', async () => {
  const lines = ['meter_number,register,timestamp,value'];
  for (let i = 0; i < 20_000; i++)
    lines.push(
      `BG-${i % 10},1,${new Date(Date.UTC(2022, 0, 1) + Math.floor(i / 10) * 3600_000).toISOString()},${i}`,
    );
  writeFileSync(path.join(drop, 'long.csv'), lines.join('\n'));
  const channel = await admin.post('/utilities/channels', {
    code: 'BG',
    name: 'Background',
    handler: 'local-folder',
    config: { root: drop },
  });
  expect(channel.status).toBe(201);

  const res = await admin.post(`/utilities/channels/${channel.body.data.documentId}/pull`, {});
  expect(res.status).toBe(202);
  expect(res.body.data.status).toBe('running');

  let log: { status: string; insertedRows: number } | undefined;
  for (let attempt = 0; attempt < 600; attempt++) {
    [log] = (await admin.get(`/utilities/ingestion-logs?channel=${channel.body.data.documentId}`)).body.data;
    if (log && !['Pending', 'Processing'].includes(log.status)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(log).toMatchObject({ status: 'Completed', insertedRows: 20_000 });
});
