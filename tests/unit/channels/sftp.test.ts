import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  ChannelError,
  createHandlerContext,
  createSftpHandler,
  SftpSession,
  validateHandlerConfig,
  type ChannelConfig,
} from '../../../src/channels';
import {
  startFreezableProxy,
  startSilentServer,
  startSshd,
  type FreezableProxy,
  type SshdServer,
} from '../../helpers/sshd';

jest.setTimeout(60_000);

// Short timeouts so a dead server fails the test run quickly; the behaviour, not the duration, is asserted.
const TIMEOUTS = { readyTimeoutMs: 2000, inactivityTimeoutMs: 2000 };
const handler = createSftpHandler(TIMEOUTS);
const ctx = () => createHandlerContext({ timeoutMs: 30_000 });

let server: SshdServer;
let proxy: FreezableProxy;

beforeAll(async () => {
  server = await startSshd();
  proxy = await startFreezableProxy(server.port);
});

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

beforeEach(async () => {
  // A clean remote root for every test.
  for (const entry of await fs.readdir(server.root))
    await fs.rm(join(server.root, entry), { recursive: true, force: true });
});

/** A validated config pointing at the test server through the proxy (so open connections can be counted). */
function config(overrides: Record<string, unknown> = {}): ChannelConfig {
  return validateHandlerConfig(handler, {
    host: server.host,
    port: proxy.port,
    username: server.username,
    auth: 'password',
    password: server.password,
    remoteFolder: join(server.root, 'in'),
    filePattern: '*.csv',
    ...overrides,
  });
}

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function channelError(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelError);
    return error as ChannelError;
  }
  throw new Error('expected a ChannelError');
}

/** Every connection the handler opened is closed again (polls; the close is asynchronous). */
async function expectAllConnectionsClosed(): Promise<void> {
  for (let i = 0; i < 100 && proxy.connections() > 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(proxy.connections()).toBe(0);
}

function expectNoSecrets(error: ChannelError, secrets: string[]): void {
  const everything = `${error.message}\n${JSON.stringify(error.details)}\n${error.stack ?? ''}`;
  for (const secret of secrets) {
    expect(everything).not.toContain(secret);
    for (const line of secret.split('\n').filter((l) => l.length >= 8 && !l.startsWith('-----')))
      expect(everything).not.toContain(line);
  }
}

describe('SFTP handler against a real OpenSSH server', () => {
  it('lists matching files with password login, oldest first, and closes the connection', async () => {
    await server.writeFile('in/b.csv', 'bb', new Date('2024-01-02T00:00:00Z'));
    await server.writeFile('in/a.CSV', 'a', new Date('2024-01-03T00:00:00Z'));
    await server.writeFile('in/notes.txt', 'n');
    await server.writeFile('in/.upload.csv', 'partial');
    await server.mkdir('in/archive.csv');
    const before = proxy.accepted();
    const files = await handler.listRemoteFiles(config(), ctx());
    expect(files).toEqual([
      {
        name: 'b.csv',
        path: join(server.root, 'in', 'b.csv'),
        size: 2,
        modifiedAt: new Date('2024-01-02T00:00:00Z'),
      },
      {
        name: 'a.CSV',
        path: join(server.root, 'in', 'a.CSV'),
        size: 1,
        modifiedAt: new Date('2024-01-03T00:00:00Z'),
      },
    ]);
    expect(proxy.accepted()).toBe(before + 1);
    await expectAllConnectionsClosed();
  });

  it('filters case-sensitively when asked, and with character classes', async () => {
    await server.writeFile('in/m1.csv', '1');
    await server.writeFile('in/M2.CSV', '2');
    await server.writeFile('in/mx.csv', 'x');
    expect(
      (await handler.listRemoteFiles(config({ caseInsensitive: false }), ctx())).map((f) => f.name).sort(),
    ).toEqual(['m1.csv', 'mx.csv']);
    expect(
      (await handler.listRemoteFiles(config({ filePattern: 'm[0-9].csv' }), ctx())).map((f) => f.name).sort(),
    ).toEqual(['M2.CSV', 'm1.csv']);
  });

  it('resolves a relative remote folder from the login folder', async () => {
    await server.writeFile('in/r.csv', 'x');
    const files = await handler.listRemoteFiles(config({ remoteFolder: 'in' }), ctx());
    expect(files.map((f) => f.path)).toEqual(['in/r.csv']);
    expect(
      (
        await read(await handler.openRemoteFile(config({ remoteFolder: 'in' }), 'in/r.csv', ctx()))
      ).toString(),
    ).toBe('x');
  });

  it('logs in with a private key, and with a passphrase-protected key', async () => {
    await server.writeFile('in/r.csv', 'x');
    const plain = config({ auth: 'privateKey', privateKey: server.privateKey, password: undefined });
    expect((await handler.listRemoteFiles(plain, ctx())).map((f) => f.name)).toEqual(['r.csv']);
    const encrypted = config({
      auth: 'privateKey',
      privateKey: server.encryptedPrivateKey,
      passphrase: server.passphrase,
    });
    expect((await handler.listRemoteFiles(encrypted, ctx())).map((f) => f.name)).toEqual(['r.csv']);
    await expectAllConnectionsClosed();
  });

  it('reports the presented host key when testing a channel without a pin', async () => {
    await server.writeFile('in/a.csv', 'a');
    await server.writeFile('in/b.txt', 'b');
    const result = await handler.testConnection(config(), ctx());
    expect(result.details).toEqual({
      hostKeyFingerprint: server.fingerprint,
      hostKeyPinned: false,
      files: 2,
      matchingFiles: 1,
    });
    expect(result.message).toContain(`the server presented ${server.fingerprint}`);
    await expectAllConnectionsClosed();
  });

  it('connects when the pinned fingerprint matches (as ssh-keygen -l prints it)', async () => {
    const result = await handler.testConnection(
      config({ hostKeyFingerprint: server.fingerprint, remoteFolder: '.' }),
      ctx(),
    );
    expect(result.details).toMatchObject({ hostKeyFingerprint: server.fingerprint, hostKeyPinned: true });
  });

  it('refuses a server whose host key does not match the pin, naming both fingerprints', async () => {
    const wrong = `SHA256:${createHash('sha256').update('another server').digest('base64').replace(/=+$/, '')}`;
    const error = await channelError(handler.listRemoteFiles(config({ hostKeyFingerprint: wrong }), ctx()));
    expect(error.code).toBe('host-key-mismatch');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`Expected ${wrong}, received ${server.fingerprint}`);
    expect(error.message).toContain(`${server.host}:${proxy.port}`);
    expectNoSecrets(error, [server.password]);
    await expectAllConnectionsClosed();
  });

  it('says the login was refused for a wrong password, without echoing it', async () => {
    const wrongPassword = 'Wr0ng-P4ssw0rd-that-must-not-leak';
    const error = await channelError(handler.listRemoteFiles(config({ password: wrongPassword }), ctx()));
    expect(error.code).toBe('authentication');
    expect(error.message).toBe(
      `The SFTP server ${server.host}:${proxy.port} refused the login for user "${server.username}": check the username and the password`,
    );
    expectNoSecrets(error, [wrongPassword]);
    await expectAllConnectionsClosed();
  });

  it('says the login was refused for an unknown user', async () => {
    const error = await channelError(handler.listRemoteFiles(config({ username: 'nobody-here' }), ctx()));
    expect(error.code).toBe('authentication');
  });

  it('explains an unusable private key without quoting it', async () => {
    const garbage = `-----BEGIN OPENSSH PRIVATE KEY-----\n${randomBytes(90).toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`;
    const bad = await channelError(
      handler.listRemoteFiles(config({ auth: 'privateKey', privateKey: garbage }), ctx()),
    );
    expect(bad.code).toBe('invalid-config');
    expect(bad.message).toContain('The private key could not be used');
    expectNoSecrets(bad, [garbage]);

    const noPassphrase = await channelError(
      handler.listRemoteFiles(config({ auth: 'privateKey', privateKey: server.encryptedPrivateKey }), ctx()),
    );
    expect(noPassphrase.code).toBe('invalid-config');
    expect(noPassphrase.message).toContain('no passphrase given');
    expectNoSecrets(noPassphrase, [server.encryptedPrivateKey]);

    const wrongPassphrase = 'not-the-right-passphrase-123';
    const wrong = await channelError(
      handler.listRemoteFiles(
        config({ auth: 'privateKey', privateKey: server.encryptedPrivateKey, passphrase: wrongPassphrase }),
        ctx(),
      ),
    );
    expect(wrong.code).toBe('invalid-config');
    expect(wrong.message).toContain('bad passphrase');
    expectNoSecrets(wrong, [server.encryptedPrivateKey, wrongPassphrase]);
    await expectAllConnectionsClosed();
  });

  it('names a missing remote folder', async () => {
    const folder = join(server.root, 'does-not-exist');
    const error = await channelError(handler.listRemoteFiles(config({ remoteFolder: folder }), ctx()));
    expect(error.code).toBe('not-found');
    expect(error.message).toBe(
      `The remote folder "${folder}" does not exist on ${server.host}:${proxy.port}. Check the remote folder in the channel settings`,
    );
    await expectAllConnectionsClosed();
  });

  it('says so when the remote folder is a file', async () => {
    await server.writeFile('in', 'not a folder');
    const error = await channelError(handler.listRemoteFiles(config(), ctx()));
    expect(error.code).toBe('invalid-config');
    expect(error.message).toContain('is a file, not a folder');
    await expectAllConnectionsClosed();
  });

  it('streams a file byte for byte and closes the connection when the stream ends', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17);
    await server.writeFile('in/big.csv', content);
    const [file] = await handler.listRemoteFiles(config(), ctx());
    expect(file.size).toBe(content.length);
    const stream = await handler.openRemoteFile(config(), file.path, ctx());
    expect(proxy.connections()).toBe(1);
    const received = await read(stream);
    expect(createHash('sha256').update(received).digest('hex')).toBe(
      createHash('sha256').update(content).digest('hex'),
    );
    await expectAllConnectionsClosed();
  });

  it('closes the connection when the consumer destroys the stream early', async () => {
    await server.writeFile('in/big.csv', randomBytes(2 * 1024 * 1024));
    const stream = await handler.openRemoteFile(config(), join(server.root, 'in', 'big.csv'), ctx());
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.destroy();
    await expectAllConnectionsClosed();
  });

  it('refuses to open a file outside the folder or not matching the pattern', async () => {
    await server.writeFile('secret.csv', 'x');
    await server.writeFile('in/notes.txt', 'x');
    for (const path of [
      join(server.root, 'secret.csv'),
      join(server.root, 'in', '..', 'secret.csv'),
      join(server.root, 'in', 'notes.txt'),
      '/etc/passwd',
    ]) {
      const error = await channelError(handler.openRemoteFile(config(), path, ctx()));
      expect(error.code).toBe('outside-root');
    }
    expect(proxy.connections()).toBe(0);
  });

  it('says a listed file is gone when it vanished before opening', async () => {
    const error = await channelError(
      handler.openRemoteFile(config(), join(server.root, 'in', 'gone.csv'), ctx()),
    );
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('no longer exists');
    await expectAllConnectionsClosed();
  });

  it('moves a processed file, creating the folder and never overwriting', async () => {
    const cfg = config({ afterProcessing: 'move', moveToFolder: 'done/2024' });
    await server.writeFile('in/r.csv', 'one');
    const path = join(server.root, 'in', 'r.csv');
    expect(await handler.afterProcessing!(cfg, path, 'completed', ctx())).toEqual({
      action: 'moved',
      to: join(server.root, 'in', 'done', '2024', 'r.csv'),
    });
    await server.writeFile('in/r.csv', 'two');
    expect(await handler.afterProcessing!(cfg, path, 'skipped', ctx())).toEqual({
      action: 'moved',
      to: join(server.root, 'in', 'done', '2024', 'r-1.csv'),
    });
    expect(await fs.readFile(join(server.root, 'in', 'done', '2024', 'r.csv'), 'utf8')).toBe('one');
    expect(await fs.readFile(join(server.root, 'in', 'done', '2024', 'r-1.csv'), 'utf8')).toBe('two');
    expect(existsSync(path)).toBe(false);
    await expectAllConnectionsClosed();
  });

  it('moves into an absolute folder', async () => {
    await server.mkdir('archive');
    await server.writeFile('in/r.csv', 'x');
    const cfg = config({ afterProcessing: 'move', moveToFolder: join(server.root, 'archive') });
    await handler.afterProcessing!(cfg, join(server.root, 'in', 'r.csv'), 'completed', ctx());
    expect(await fs.readFile(join(server.root, 'archive', 'r.csv'), 'utf8')).toBe('x');
  });

  it('deletes a processed file but leaves a failed one', async () => {
    const cfg = config({ afterProcessing: 'delete' });
    await server.writeFile('in/r.csv', 'x');
    const path = join(server.root, 'in', 'r.csv');
    expect((await handler.afterProcessing!(cfg, path, 'failed', ctx())).action).toBe('left');
    expect(existsSync(path)).toBe(true);
    expect(await handler.afterProcessing!(cfg, path, 'completed', ctx())).toEqual({ action: 'deleted' });
    expect(existsSync(path)).toBe(false);
    await expectAllConnectionsClosed();
  });

  it('runs operations one at a time on a session, even when asked concurrently', async () => {
    await server.writeFile('in/a.csv', 'a');
    await server.writeFile('in/b.csv', 'bb');
    const session = await SftpSession.open(
      {
        host: server.host,
        port: proxy.port,
        username: server.username,
        auth: { kind: 'password', password: server.password },
      },
      ctx(),
      TIMEOUTS,
    );
    try {
      const [list, a, b, missing] = await Promise.all([
        session.run('listing', (c) => c.list(join(server.root, 'in'))),
        session.run('stat a', (c) => c.stat(join(server.root, 'in', 'a.csv'))),
        session.run('stat b', (c) => c.stat(join(server.root, 'in', 'b.csv'))),
        session.run('checking missing', (c) => c.exists(join(server.root, 'in', 'zzz'))),
      ]);
      expect(list.map((e) => e.name).sort()).toEqual(['a.csv', 'b.csv']);
      expect([a.size, b.size, missing]).toEqual([1, 2, false]);
    } finally {
      await session.close();
    }
    await session.close(); // twice is fine
    await expectAllConnectionsClosed();
  });
});

describe('SFTP handler when the server misbehaves', () => {
  it('errors quickly and clearly when nothing listens on the port', async () => {
    const dead = await startSshd();
    const port = dead.port;
    await dead.stop();
    const error = await channelError(handler.listRemoteFiles({ ...config(), port }, ctx()));
    expect(error.code).toBe('connection-refused');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`Could not connect to 127.0.0.1:${port}`);
    expectNoSecrets(error, [server.password]);
  });

  it('gives up on a server that accepts but never answers (handshake timeout)', async () => {
    const silent = await startSilentServer();
    try {
      const error = await channelError(handler.listRemoteFiles({ ...config(), port: silent.port }, ctx()));
      expect(error.code).toBe('timeout');
      expect(error.message).toContain(`127.0.0.1:${silent.port}`);
    } finally {
      await silent.close();
    }
  });

  it('gives up on an operation when the server stops answering mid-session', async () => {
    const stall = await startFreezableProxy(server.port);
    const session = await SftpSession.open(
      {
        host: server.host,
        port: stall.port,
        username: server.username,
        auth: { kind: 'password', password: server.password },
      },
      ctx(),
      TIMEOUTS,
    );
    try {
      stall.freeze();
      const error = await channelError(session.run('listing the folder "/"', (c) => c.list('/')));
      expect(error.code).toBe('timeout');
      expect(error.message).toBe(
        `The SFTP server 127.0.0.1:${stall.port} did not answer within 2 s while listing the folder "/"`,
      );
      // The socket was torn down, not left hanging.
      for (let i = 0; i < 100 && stall.connections() > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(stall.connections()).toBe(0);
    } finally {
      await session.close();
      await stall.close();
    }
  });

  it('fails a stream whose server stops sending data', async () => {
    await server.writeFile('in/big.csv', randomBytes(8 * 1024 * 1024));
    const stall = await startFreezableProxy(server.port);
    try {
      const stream = await handler.openRemoteFile(
        { ...config(), port: stall.port },
        join(server.root, 'in', 'big.csv'),
        ctx(),
      );
      await new Promise<void>((resolve) => stream.once('data', () => resolve()));
      stall.freeze();
      const error = await channelError(read(stream));
      expect(error.code).toBe('timeout');
      expect(error.message).toContain('sent no data');
    } finally {
      await stall.close();
    }
  });

  it('stops connecting when the call is aborted', async () => {
    const silent = await startSilentServer();
    const controller = new AbortController();
    try {
      const pending = handler.listRemoteFiles(
        { ...config(), port: silent.port },
        createHandlerContext({ timeoutMs: 30_000, signal: controller.signal }),
      );
      setTimeout(() => controller.abort(), 100);
      const error = await channelError(pending);
      expect(error.code).toBe('aborted');
    } finally {
      await silent.close();
    }
  });

  it('stops when the call budget runs out before the server answers', async () => {
    const silent = await startSilentServer();
    try {
      const slowHandler = createSftpHandler({ readyTimeoutMs: 20_000, inactivityTimeoutMs: 20_000 });
      const error = await channelError(
        slowHandler.listRemoteFiles(
          { ...config(), port: silent.port },
          createHandlerContext({ timeoutMs: 300 }),
        ),
      );
      expect(error.code).toBe('timeout');
      expect(error.message).toContain('time budget');
    } finally {
      await silent.close();
    }
  });
});
