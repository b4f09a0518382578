import { createServer, connect, type Server, type Socket } from 'node:net';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { startSshd, type SshdServer } from '../helpers/sshd';

/**
 * An SFTP connection dropped in the middle of a transfer: the file is logged Failed
 * with a readable error and nothing half-read is stored; the next pull completes it.
 * The drop is real: a loopback relay between Strapi and OpenSSH cuts every socket
 * once a given number of bytes went down to Strapi (i.e. mid-file).
 */
type CuttingRelay = { port: number; cutAfter(bytes: number): void; close(): Promise<void> };

async function startCuttingRelay(targetPort: number): Promise<CuttingRelay> {
  let cutAt = Infinity;
  let sent = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      sent += chunk.length;
      client.write(chunk);
      if (sent >= cutAt) {
        cutAt = Infinity; // one cut only: the next connection passes
        for (const s of sockets) s.destroy();
      }
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cutAfter: (bytes) => {
      sent = 0;
      cutAt = bytes;
    },
    close: () =>
      new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

let app: TestApp;
let admin: Agent;
let sshd: SshdServer;
let relay: CuttingRelay;
const ROWS = 60_000; // ~3 MB: the cut lands well inside the transfer

beforeAll(async () => {
  sshd = await startSshd();
  relay = await startCuttingRelay(sshd.port);
  // Both pulls must answer when done (200), not hand over to the background (202) when a
  // loaded machine takes longer than the default 10 s for the 60,000 rows.
  app = await startStrapi({ UTILITIES_PULL_ANSWER_WITHIN_MS: '300000' });
  admin = await superAdmin(app.strapi, app.http);
  const lines = ['meter_number,register,timestamp,value'];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `S-${i % 50},1,${new Date(Date.UTC(2021, 0, 1) + Math.floor(i / 50) * 900_000).toISOString()},${i}.5`,
    );
  await sshd.writeFile('drop/big.csv', lines.join('\n'));
});
afterAll(async () => {
  await app?.stop();
  await relay?.close();
  await sshd?.stop();
});

test('cut mid-transfer → Failed with a readable error, nothing stored; the next pull completes the file', async () => {
  const created = await admin.post('/utilities/channels', {
    code: 'SFTP_DROP',
    name: 'SFTP drop',
    handler: 'sftp',
    config: {
      host: '127.0.0.1',
      port: relay.port,
      username: sshd.username,
      auth: 'password',
      password: sshd.password,
      hostKeyFingerprint: sshd.fingerprint,
      remoteFolder: `${sshd.root}/drop`,
      filePattern: '*.csv',
      format: 'csv',
    },
  });
  expect(created.status).toBe(201);
  const id = created.body.data.documentId;

  relay.cutAfter(1_000_000);
  const first = await admin.post(`/utilities/channels/${id}/pull`, {});
  expect(first.status).toBe(200);
  const [failed] = (await admin.get(`/utilities/ingestion-logs?channel=${id}`)).body.data;
  expect(failed.status).toBe('Failed');
  expect(failed.error).toMatch(/could not be transferred/);
  expect(failed.error).not.toContain(sshd.password);
  const [{ n }] = await app.strapi.db
    .connection('utilities_meter_readings')
    .where('meter_number', 'like', 'S-%')
    .count({ n: '*' });
  expect(Number(n)).toBe(0);

  const second = await admin.post(`/utilities/channels/${id}/pull`, {});
  expect(second.status).toBe(200);
  const logs = (await admin.get(`/utilities/ingestion-logs?channel=${id}`)).body.data;
  expect(logs).toHaveLength(1);
  expect(logs[0]).toMatchObject({
    status: 'Completed',
    totalRows: ROWS,
    insertedRows: ROWS,
    failedRows: 0,
    error: null,
  });
});
