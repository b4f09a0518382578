import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_BOOT_TIMEOUT_MS, ROOT, PLAYGROUND } from './strapi';

/**
 * The playground as a user runs it: `strapi start` in a child process, on a free
 * loopback port and a fresh SQLite file — or a copy of `database`, a file an earlier
 * playground left. For browser tests (which need the built admin) and crash tests
 * (which need a process to kill).
 */
export type PlaygroundProcess = {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** How often a start is tried again on another port that something else took first. */
const PORT_ATTEMPTS = 3;

export async function startPlayground(
  env: Record<string, string> = {},
  { database }: { database?: string } = {},
): Promise<PlaygroundProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'utilities-playground-'));
  if (database) copyFileSync(database, path.join(dir, 'data.db'));
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(await freePort(), dir, env);
    } catch (error) {
      // Between freePort closing its probe and Strapi listening, a process running beside
      // (CI runs two test streams at once) can take the port: Strapi then exits with
      // "The port … is already used". Try another; the database file stays as it is.
      if (!(error instanceof PortTaken) || attempt >= PORT_ATTEMPTS) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

class PortTaken extends Error {}

/**
 * Whether process `pid` (or a child of it) holds the listening socket on `port`: read from
 * /proc, so that a `/_health` answered by another server that took the port first is not
 * taken for ours.
 */
function listensOn(pid: number, port: number): boolean {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 is the socket's inode.
      if (fields[1]?.endsWith(`:${portHex}`) && fields[3] === '0A') inodes.add(fields[9]);
    }
  }
  const holds = (id: number) => {
    try {
      return readdirSync(`/proc/${id}/fd`).some((fd) => {
        const target = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${id}/fd/${fd}`));
        return target !== null && inodes.has(target[1]);
      });
    } catch {
      return false; // the process is gone, or an fd closed while read
    }
  };
  const children = (id: number) => {
    try {
      return readdirSync(`/proc/${id}/task`).flatMap((task) =>
        readFileSync(`/proc/${id}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
      );
    } catch {
      return [];
    }
  };
  return inodes.size > 0 && [pid, ...children(pid)].some(holds);
}

async function startOn(port: number, dir: string, env: Record<string, string>): Promise<PlaygroundProcess> {
  let log = '';
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'strapi'), ['start'], {
    cwd: PLAYGROUND,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: path.join(dir, 'data.db'),
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_LOG_LEVEL: 'warn',
      BROWSER: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) {
      const message = `the playground exited (${child.exitCode}):\n${log}`;
      throw /port \d+ is already used/i.test(log) ? new PortTaken(message) : new Error(message);
    }
    try {
      const res = await fetch(`${url}/_health`);
      // Another server on the port answers too: ours then exits with PortTaken (above).
      if ((res.status === 204 || res.ok) && listensOn(child.pid!, port)) break;
    } catch {
      // not listening yet
    }
    // The demo seeds before the server listens; on a busy machine that takes minutes.
    if (attempt * 500 > DEMO_BOOT_TIMEOUT_MS - 60_000) {
      child.kill('SIGKILL');
      throw new Error(`the playground did not answer within ${(attempt * 500) / 60_000} minutes:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }

  return {
    url,
    port,
    child,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
