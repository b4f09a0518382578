import type { Browser } from 'playwright-core';
import { adminLogin } from './admin-http';
import { launchBrowser } from './browser';
import { startPlayground, type PlaygroundProcess } from './playground-process';

/**
 * What every browser suite starts with: the playground as a user runs it, the demo
 * seeded with `admin` as its super admin, one chromium, and that admin's token for
 * checking the server's state through the admin API.
 */
export type DemoSession = { playground: PlaygroundProcess; browser: Browser; token: string };

export async function startDemoSession(admin: { email: string; password: string }): Promise<DemoSession> {
  const playground = await startPlayground({ UTILITIES_DEMO_SEED: 'true', DEMO_ADMIN_EMAIL: admin.email, DEMO_ADMIN_PASSWORD: admin.password });
  const browser = await launchBrowser();
  const token = await adminLogin(playground.url, admin.email, admin.password);
  return { playground, browser, token };
}

/** Stops what started; either part may be missing when the start failed half-way. */
export async function stopDemoSession(session: { playground?: PlaygroundProcess; browser?: Browser }): Promise<void> {
  await session.browser?.close();
  await session.playground?.stop();
}
