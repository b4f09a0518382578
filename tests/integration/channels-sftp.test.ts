import { createServer } from 'node:net';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { captureOutput, dumpChannelTables, type Capture } from '../helpers/channels';
import { startSilentServer, startSshd, type SshdServer } from '../helpers/sshd';
import { SECRET_MASK } from '../../src/channels/secret-config';

/**
 * SFTP channels against a real OpenSSH server on 127.0.0.1 (started per suite): test
 * connection, remote files and pulls through the admin API, with every failure a person
 * can meet — wrong password, a host key that does not match the pinned one, a server that
 * is down or silent, a missing folder — answered readably and within seconds.
 *
 * @sqlite-only the database server plays no part: the SFTP transport (the file processor is
 * switched off); storing pulled files is the ingestion suites’ on every database.
 */
let app: TestApp;
let admin: Agent;
let sshd: SshdServer;
let capture: Capture;
const responses: string[] = [];
const WRONG_PASSWORD = 'Wrong-Passw0rd-for-sftp!';

beforeAll(async () => {
  sshd = await startSshd();
  app = await startStrapi();
  capture = captureOutput(app.strapi);
  admin = await superAdmin(app.strapi, app.http);
  // Pulls here check the transport and the Pending bookkeeping; parsing is the ingestion suite's.
  app.strapi.plugin('utilities').service('channel-pulls').setFileProcessor(null);
  await sshd.writeFile('in/readings-2024-03-01.csv', 'meter;value\nA;1\n', new Date('2024-03-01T06:00:00Z'));
  await sshd.writeFile(
    'in/readings-2024-03-02.csv',
    'meter;value\nA;2\nB;3\n',
    new Date('2024-03-02T06:00:00Z'),
  );
  await sshd.writeFile('in/READINGS-2024-03-03.CSV', 'meter;value\nA;4\n', new Date('2024-03-03T06:00:00Z'));
  await sshd.writeFile('in/readme.txt', 'not a reading file');
  await sshd.writeFile('in/.upload-in-progress.csv', 'half a file');
});
afterAll(async () => {
  capture?.stop();
  await app?.stop();
  await sshd?.stop();
});

/** Keeps every response body, to search them all for secrets at the end. */
async function kept<T extends { body: unknown }>(request: PromiseLike<T>): Promise<T & { body: any }> {
  const res = await request;
  responses.push(JSON.stringify(res.body));
  return res;
}

let counter = 0;
async function channel(config: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const code = `SFTP_${++counter}`;
  const res = await kept(
    admin.post('/utilities/channels', {
      code,
      name: `SFTP ${counter}`,
      handler: 'sftp',
      ...extra,
      config: {
        host: sshd.host,
        port: sshd.port,
        username: sshd.username,
        auth: 'password',
        password: sshd.password,
        remoteFolder: `${sshd.root}/in`,
        filePattern: '*.csv',
        ...config,
      },
    }),
  );
  if (res.status !== 201) throw new Error(`create failed: ${JSON.stringify(res.body)}`);
  return res.body.data.documentId as string;
}

const test_ = (id: string) => kept(admin.post(`/utilities/channels/${id}/test`));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('test connection', () => {
  test('password login with the pinned host key: ok, and the form shows the password masked', async () => {
    const id = await channel({ hostKeyFingerprint: sshd.fingerprint }, { production: true });
    const res = await test_(id);
    expect(res.status).toBe(200);
    expect(res.body.data.ok).toBe(true);
    expect(res.body.data.message).toContain(`Connected to 127.0.0.1:${sshd.port} as "${sshd.username}"`);
    expect(res.body.data.message).toContain('3 matching "*.csv"');
    expect(res.body.data.message).toContain('The host key matches the pinned fingerprint');
    const read = await kept(admin.get(`/utilities/channels/${id}`));
    expect(read.body.data.config.password).toBe(SECRET_MASK);
  });

  test('an unpinned channel is told the fingerprint the server presented', async () => {
    const res = await test_(await channel({}));
    expect(res.body.data).toMatchObject({
      ok: true,
      details: { hostKeyFingerprint: sshd.fingerprint, hostKeyPinned: false },
    });
    expect(res.body.data.message).toContain(`the server presented ${sshd.fingerprint}`);
  });

  test('private key login, and an encrypted key with its passphrase', async () => {
    const plain = await channel({ auth: 'privateKey', password: undefined, privateKey: sshd.privateKey });
    expect((await test_(plain)).body.data.ok).toBe(true);
    const encrypted = await channel({
      auth: 'privateKey',
      password: undefined,
      privateKey: sshd.encryptedPrivateKey,
      passphrase: sshd.passphrase,
    });
    expect((await test_(encrypted)).body.data.ok).toBe(true);
    const read = await kept(admin.get(`/utilities/channels/${encrypted}`));
    expect(read.body.data.config).toMatchObject({ privateKey: SECRET_MASK, passphrase: SECRET_MASK });
  });

  test('a wrong password: refused, with a message saying what to check', async () => {
    const res = await test_(await channel({ password: WRONG_PASSWORD }));
    expect(res.body.data).toMatchObject({ ok: false, code: 'authentication', retryable: false });
    expect(res.body.data.message).toBe(
      `The SFTP server 127.0.0.1:${sshd.port} refused the login for user "${sshd.username}": check the username and the password`,
    );
  });

  test('an encrypted key without its passphrase: a readable key error', async () => {
    const res = await test_(
      await channel({ auth: 'privateKey', password: undefined, privateKey: sshd.encryptedPrivateKey }),
    );
    expect(res.body.data).toMatchObject({ ok: false, code: 'invalid-config' });
    expect(res.body.data.message).toMatch(/^The private key could not be used/);
  });

  test('a host key that does not match the pinned one: refused before logging in', async () => {
    const other = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';
    const res = await test_(await channel({ hostKeyFingerprint: other }));
    expect(res.body.data).toMatchObject({ ok: false, code: 'host-key-mismatch' });
    expect(res.body.data.message).toContain('its host key does not match the pinned fingerprint');
    expect(res.body.data.message).toContain(`Expected ${other}, received ${sshd.fingerprint}`);
  });

  test('a server that is down: connection refused, at once', async () => {
    const res = await test_(await channel({ port: await freePort() }));
    expect(res.body.data).toMatchObject({ ok: false, code: 'connection-refused', retryable: true });
    expect(res.body.data.message).toMatch(
      /^Could not connect to 127\.0\.0\.1:\d+: the connection was refused/,
    );
  });

  test('a server that accepts but never answers: a timeout error within seconds, not a hang', async () => {
    const silent = await startSilentServer();
    try {
      const res = await test_(await channel({ port: silent.port }));
      expect(res.body.data).toMatchObject({ ok: false, code: 'timeout', retryable: true });
      expect(res.body.data.message).toMatch(/did not (complete the connection|answer) within 1?\d(\.\d)? s/);
    } finally {
      await silent.close();
    }
  }, 30_000);

  test('a remote folder that does not exist: says which folder', async () => {
    const res = await test_(await channel({ remoteFolder: `${sshd.root}/missing` }));
    expect(res.body.data).toMatchObject({ ok: false, code: 'not-found' });
    expect(res.body.data.message).toContain(`The remote folder "${sshd.root}/missing" does not exist`);
  });
});

describe('remote files and pulls', () => {
  let id: string;
  beforeAll(async () => {
    id = await channel({ hostKeyFingerprint: sshd.fingerprint });
  });

  test('lists the matching files (pattern, case, no hidden uploads) with size and time, all new', async () => {
    const res = await kept(admin.get(`/utilities/channels/${id}/remote-files`));
    expect(res.status).toBe(200);
    expect(res.body.data.files).toEqual([
      {
        name: 'readings-2024-03-01.csv',
        path: `${sshd.root}/in/readings-2024-03-01.csv`,
        size: 16,
        modifiedAt: '2024-03-01T06:00:00.000Z',
        status: 'new',
        log: null,
      },
      {
        name: 'readings-2024-03-02.csv',
        path: `${sshd.root}/in/readings-2024-03-02.csv`,
        size: 20,
        modifiedAt: '2024-03-02T06:00:00.000Z',
        status: 'new',
        log: null,
      },
      {
        name: 'READINGS-2024-03-03.CSV',
        path: `${sshd.root}/in/READINGS-2024-03-03.CSV`,
        size: 16,
        modifiedAt: '2024-03-03T06:00:00.000Z',
        status: 'new',
        log: null,
      },
    ]);
    expect(res.body.data.lastSuccessfulPullAt).toBeNull();
  });

  test('a case-sensitive pattern leaves the upper-case file out', async () => {
    const strict = await channel({ caseInsensitive: false });
    const res = await kept(admin.get(`/utilities/channels/${strict}/remote-files`));
    expect(res.body.data.files.map((f: { name: string }) => f.name)).toEqual([
      'readings-2024-03-01.csv',
      'readings-2024-03-02.csv',
    ]);
  });

  test('Pull now records the new files as Pending; the next pull finds nothing new', async () => {
    const first = await kept(admin.post(`/utilities/channels/${id}/pull`));
    expect(first.status).toBe(200);
    expect(first.body.data.newFiles).toBe(3);
    expect(first.body.data.files.map((f: { status: string }) => f.status)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
    const second = await kept(admin.post(`/utilities/channels/${id}/pull`));
    expect(second.body.data.newFiles).toBe(0);
    const logs = await kept(admin.get(`/utilities/ingestion-logs?channel=${id}&pageSize=100`));
    expect(logs.body.data).toHaveLength(3);
    expect(
      logs.body.data.every(
        (l: { source: string; status: string }) => l.source === 'sftp' && l.status === 'Pending',
      ),
    ).toBe(true);
    const remote = await kept(admin.get(`/utilities/channels/${id}/remote-files`));
    expect(remote.body.data.lastSuccessfulPullAt).not.toBeNull();
    expect(remote.body.data.files.every((f: { status: string }) => f.status === 'pending')).toBe(true);
  });

  test('a pull from a dead server fails with 502, is recorded on the channel, and keeps the last success', async () => {
    const before = (await kept(admin.get(`/utilities/channels/${id}`))).body.data;
    const port = await freePort();
    const changed = await kept(
      admin.put(`/utilities/channels/${id}`, { config: { ...before.config, port } }),
    );
    expect(changed.status).toBe(200);
    const res = await kept(admin.post(`/utilities/channels/${id}/pull`));
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ name: 'ChannelError', details: { code: 'connection-refused' } });
    const after = (await kept(admin.get(`/utilities/channels/${id}`))).body.data;
    expect(after.status).toBe('failing');
    expect(after.lastError).toMatch(/^Could not connect to 127\.0\.0\.1:\d+/);
    expect(after.lastSuccessfulPullAt).toBe(before.lastSuccessfulPullAt);
    expect(after.lastPullAt).not.toBe(before.lastPullAt);
  });
});

test('no SFTP password, key or passphrase in any response, log line or stored row', async () => {
  expect(responses.length).toBeGreaterThan(20); // runs last, after every call above
  expect(capture.text()).toContain('manual pull failed');
  const everything = [responses.join('\n'), capture.text(), await dumpChannelTables(app.strapi)].join('\n');
  const keyLines = [sshd.privateKey, sshd.encryptedPrivateKey]
    .flatMap((key) => key.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.length >= 16 && !line.startsWith('-----'));
  expect(keyLines.length).toBeGreaterThan(4);
  for (const secret of [sshd.password, WRONG_PASSWORD, sshd.passphrase, ...keyLines]) {
    expect(everything).not.toContain(secret);
  }
});
