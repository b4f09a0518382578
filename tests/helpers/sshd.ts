/**
 * A real OpenSSH server for SFTP tests, bound to 127.0.0.1 on a free port.
 *
 * Each call starts its own `/usr/sbin/sshd -D -e -f <generated config>` with a freshly
 * generated ed25519 host key and user keys, serving SFTP only (`ForceCommand
 * internal-sftp`) to the dedicated system user `utilsftp`, starting in a temporary root
 * folder. `stop()` kills it and removes the folder.
 *
 * Needs Debian's openssh-server (installed here on demand when running as root; CI
 * installs it up front) and root, to run sshd and to create the user.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const SFTP_USER = 'utilsftp';
export const SFTP_PASSWORD = 'Utilities-sftp-test-Pa55';
export const KEY_PASSPHRASE = 'correct horse battery staple';
const SSHD = '/usr/sbin/sshd';

export type SshdServer = {
  host: string;
  port: number;
  username: string;
  password: string;
  /** OpenSSH-format ed25519 private key without passphrase, authorised for the user. */
  privateKey: string;
  /** A second authorised key, protected by `passphrase`. */
  encryptedPrivateKey: string;
  passphrase: string;
  /** The host key fingerprint as `ssh-keygen -l -E sha256` prints it. */
  fingerprint: string;
  /** Absolute path of the folder the SFTP session starts in. */
  root: string;
  /** Writes a file under root (creating folders), owned by the SFTP user. Returns its absolute path. */
  writeFile(relativePath: string, content: string | Buffer, mtime?: Date): Promise<string>;
  /** Creates a folder under root owned by the SFTP user. */
  mkdir(relativePath: string): Promise<string>;
  stop(): Promise<void>;
};

function run(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { input, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`,
    );
  }
  return result.stdout;
}

/** Installs openssh-server when sshd is missing (root only). */
export function ensureOpenSsh(): void {
  if (existsSync(SSHD)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${SSHD} is missing: install Debian's openssh-server (apt-get install -y openssh-server)`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', 'openssh-server']]) {
    const result = spawnSync('apt-get', args, { env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed: ${result.stderr}`);
  }
  if (!existsSync(SSHD)) throw new Error(`openssh-server was installed but ${SSHD} is still missing`);
}

function userIds(): { uid: number; gid: number } | null {
  const result = spawnSync('id', ['-u', SFTP_USER], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  const gid = Number(run('id', ['-g', SFTP_USER]).trim());
  return { uid: Number(result.stdout.trim()), gid };
}

/** The dedicated SFTP user with its known password (idempotent; safe when workers race). */
function ensureUser(): { uid: number; gid: number } {
  let ids = userIds();
  if (!ids) {
    const result = spawnSync(
      'useradd',
      [
        '--system',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        SFTP_USER,
      ],
      {
        encoding: 'utf8',
      },
    );
    // 9 = already exists (another worker created it meanwhile).
    if (result.status !== 0 && result.status !== 9)
      throw new Error(`useradd ${SFTP_USER} failed: ${result.stderr}`);
    ids = userIds();
    if (!ids) throw new Error(`user ${SFTP_USER} could not be created`);
  }
  run('chpasswd', [], `${SFTP_USER}:${SFTP_PASSWORD}\n`);
  return ids;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitForListening(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`sshd did not start listening within 10 s:\n${output}`)),
      10_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null) =>
      fail(new Error(`sshd exited (${code}) before listening:\n${output}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stderr?.removeListener('data', onData);
      child.removeListener('exit', onExit);
    };
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

export async function startSshd(): Promise<SshdServer> {
  if (process.getuid?.() !== 0)
    throw new Error('The SFTP tests start their own sshd and need to run as root');
  ensureOpenSsh();
  const { uid, gid } = ensureUser();
  await fs.mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  const dir = await fs.mkdtemp(join(tmpdir(), 'utilities-sshd-'));
  await fs.chmod(dir, 0o755); // the SFTP user must traverse it to reach root/ and authorized_keys
  const root = join(dir, 'root');
  await fs.mkdir(root);
  await fs.chown(root, uid, gid);

  const hostKey = join(dir, 'ssh_host_ed25519_key');
  const userKey = join(dir, 'id_ed25519');
  const encryptedKey = join(dir, 'id_ed25519_encrypted');
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'utilities-test-host', '-f', hostKey]);
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'utilities-test-user', '-f', userKey]);
  run('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    KEY_PASSPHRASE,
    '-C',
    'utilities-test-user-encrypted',
    '-f',
    encryptedKey,
  ]);
  const authorizedKeys = join(dir, 'authorized_keys');
  await fs.writeFile(
    authorizedKeys,
    (await fs.readFile(`${userKey}.pub`, 'utf8')) + (await fs.readFile(`${encryptedKey}.pub`, 'utf8')),
    {
      mode: 0o644,
    },
  );
  const fingerprint = run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`]).split(/\s+/)[1];

  let child: ChildProcess | undefined;
  let port: number;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const config = join(dir, 'sshd_config');
    await fs.writeFile(
      config,
      [
        'ListenAddress 127.0.0.1',
        `Port ${port}`,
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        'PubkeyAuthentication yes',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin no',
        `AllowUsers ${SFTP_USER}`,
        'UsePAM no',
        'StrictModes no',
        'Subsystem sftp internal-sftp',
        `ForceCommand internal-sftp -d ${root}`,
        'AllowTcpForwarding no',
        'AllowAgentForwarding no',
        'X11Forwarding no',
        'PermitTTY no',
        'MaxStartups 100',
        'MaxAuthTries 6',
        'LogLevel INFO',
        '',
      ].join('\n'),
    );
    child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      await waitForListening(child, port);
      break;
    } catch (error) {
      child.kill('SIGKILL');
      if (attempt >= 5 || !/Address already in use/.test(String(error))) throw error;
    }
  }
  const sshd = child;
  // Keep reading its log so a chatty sshd never blocks on a full pipe.
  sshd.stderr?.on('data', () => undefined);

  const owned = async (path: string) => fs.chown(path, uid, gid);
  const ensureDir = async (path: string) => {
    const parts = path
      .slice(root.length + 1)
      .split('/')
      .filter(Boolean);
    let current = root;
    for (const part of parts) {
      current = join(current, part);
      if (!existsSync(current)) {
        await fs.mkdir(current);
        await owned(current);
      }
    }
    return current;
  };

  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    username: SFTP_USER,
    password: SFTP_PASSWORD,
    privateKey: await fs.readFile(userKey, 'utf8'),
    encryptedPrivateKey: await fs.readFile(encryptedKey, 'utf8'),
    passphrase: KEY_PASSPHRASE,
    fingerprint,
    root,
    async writeFile(relativePath, content, mtime) {
      const path = join(root, relativePath);
      await ensureDir(dirname(path));
      await fs.writeFile(path, content);
      await owned(path);
      if (mtime) await fs.utimes(path, mtime, mtime);
      return path;
    },
    async mkdir(relativePath) {
      return ensureDir(join(root, relativePath));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (sshd.exitCode === null && sshd.signalCode === null) {
        const exited = new Promise((resolve) => sshd.once('exit', resolve));
        sshd.kill('SIGTERM');
        await exited;
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A TCP relay in front of a server that can be frozen: once frozen it accepts and keeps
 * connections but forwards nothing — a server that stopped answering mid-session.
 */
export type FreezableProxy = {
  port: number;
  freeze(): void;
  /** Client connections currently open through the proxy. */
  connections(): number;
  /** Client connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
};

export async function startFreezableProxy(targetPort: number): Promise<FreezableProxy> {
  let frozen = false;
  let accepted = 0;
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  const server: Server = createServer((client) => {
    accepted++;
    const upstream = connect(targetPort, '127.0.0.1');
    clients.add(client);
    sockets.add(client);
    sockets.add(upstream);
    const relay = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (!frozen) to.write(chunk);
      });
    relay(client, upstream);
    relay(upstream, client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      clients.delete(client);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze: () => {
      frozen = true;
    },
    connections: () => clients.size,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP server that accepts connections and never says anything (not even the SSH banner). */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
