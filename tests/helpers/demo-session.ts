import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { adminLogin } from './admin-http';
import { launchBrowser, signIn } from './browser';
import { startPlayground, type PlaygroundProcess } from './playground-process';
import { isAlive } from './database';
export { DEMO_BOOT_TIMEOUT_MS } from './strapi';

/**
 * What every browser suite starts with: the playground as a user runs it, the demo
 * seeded with `admin` as its super admin, one chromium, and that admin's token for
 * checking through the admin API (`api`) what the pages did.
 *
 * Strapi takes five logins of one account per five minutes, so the token is fetched
 * once per suite, and a suite with many pages can sign in once in the browser too:
 * every page of `signedInContext()` shares that session's cookie.
 */
export type DemoSession = {
  playground: PlaygroundProcess;
  browser: Browser;
  token: string;
  api: (path: string, init?: RequestInit) => Promise<{ status: number; body: any }>;
  signedInContext: () => Promise<BrowserContext>;
};

export async function startDemoSession(
  admin: { email: string; password: string },
  /** More environment for the playground (e.g. a plugin setting a suite needs). */
  env: Record<string, string> = {},
): Promise<DemoSession> {
  const playground = await startPlayground(
    {
      ...env,
      UTILITIES_DEMO_SEED: 'admin',
      DEMO_ADMIN_EMAIL: admin.email,
      DEMO_ADMIN_PASSWORD: admin.password,
    },
    { database: await seededDemoDatabase() },
  );
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const token = await adminLogin(playground.url, admin.email, admin.password);
    const api: DemoSession['api'] = async (path, init = {}) => {
      const res = await fetch(`${playground.url}${path}`, {
        ...init,
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
          ...(init.headers ?? {}),
        },
      });
      return { status: res.status, body: await res.json() };
    };
    let context: Promise<BrowserContext> | undefined;
    const signedInContext = () =>
      (context ??= (async () => {
        const created = await (browser as Browser).newContext();
        const login = await created.newPage();
        await signIn(login, playground.url, admin.email, admin.password);
        await login.close();
        return created;
      })());
    return { playground, browser, token, api, signedInContext };
  } catch (error) {
    // A half-started session must not leave the playground or the browser running.
    await stopDemoSession({ playground, browser });
    throw error;
  }
}

/**
 * Seeding the demo into a fresh database takes about a minute on a busy 2-core
 * machine; a copy of a seeded one boots in a quarter of that. The copy's boot only adds
 * the suite's own admin (UTILITIES_DEMO_SEED=admin; seeding again would change nothing —
 * billing-demo and members-demo prove it — and costs 8 s), so each browser suite starts
 * from the demo exactly as a fresh seed leaves it, on a database of its own. The seeded
 * file is kept per test process (jest runs the suites in band, in one process, but gives
 * each its own copy of process.env, so the path is derived from the pid, not handed on);
 * files left by processes that have ended are removed when the next one seeds.
 */
async function seededDemoDatabase(): Promise<string> {
  const dir = path.join(tmpdir(), `${SEEDED_PREFIX}${process.pid}`);
  const file = path.join(dir, 'data.db');
  if (existsSync(file)) return file;
  removeSeededDatabasesOfEndedProcesses();
  mkdirSync(dir, { recursive: true });
  const seeding = await startPlayground({ UTILITIES_DEMO_SEED: 'true', DATABASE_FILENAME: `${file}.part` });
  await seeding.stop();
  // Only a seed that finished becomes the file others copy.
  renameSync(`${file}.part`, file);
  return file;
}

const SEEDED_PREFIX = 'utilities-seeded-demo-';

function removeSeededDatabasesOfEndedProcesses() {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(SEEDED_PREFIX)) continue;
    const pid = Number(name.slice(SEEDED_PREFIX.length));
    if (pid === process.pid || isAlive(pid)) continue;
    rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
  }
}

/** Stops what started; either part may be missing when the start failed half-way. */
export async function stopDemoSession(session: {
  playground?: PlaygroundProcess;
  browser?: Browser;
}): Promise<void> {
  await session.browser?.close();
  await session.playground?.stop();
}

/**
 * A charge run as it ended: POST /charge-runs answers 202 with it running (charged in the
 * background); this asks GET until it is a draft or failed.
 */
export async function settledRun(api: DemoSession['api'], runId: string): Promise<any> {
  for (let attempt = 0; attempt < 1200; attempt++) {
    const run = (await api(`/utilities/charge-runs/${runId}`)).body.data;
    if (run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`charge run ${runId} still running after 5 minutes`);
}
