import type { Browser, BrowserContext } from 'playwright-core';
import { adminLogin } from './admin-http';
import { launchBrowser, signIn } from './browser';
import { startPlayground, type PlaygroundProcess } from './playground-process';

/**
 * The seeded demo with one admin signed in twice over: in the browser, once for
 * the whole suite, and for the admin API (`api`), which checks what the pages
 * did. One browser sign-in because Strapi takes five logins of an account per
 * five minutes; every page of `context` shares its session cookie.
 */
export type DemoSession = {
  playground: PlaygroundProcess;
  context: BrowserContext;
  api: (path: string, init?: RequestInit) => Promise<{ status: number; body: any }>;
  stop: () => Promise<void>;
};

export async function startDemoSession(admin: { email: string; password: string }): Promise<DemoSession> {
  const playground = await startPlayground({ UTILITIES_DEMO_SEED: 'true', DEMO_ADMIN_EMAIL: admin.email, DEMO_ADMIN_PASSWORD: admin.password });
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await playground.stop();
  };
  try {
    browser = await launchBrowser();
    const token = await adminLogin(playground.url, admin.email, admin.password);
    const context = await browser.newContext();
    const login = await context.newPage();
    await signIn(login, playground.url, admin.email, admin.password);
    await login.close();
    const api: DemoSession['api'] = async (path, init = {}) => {
      const res = await fetch(`${playground.url}${path}`, { ...init, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
      return { status: res.status, body: (await res.json()) as any };
    };
    return { playground, context, api, stop };
  } catch (error) {
    // A half-started session must not leave the playground or the browser running.
    await stop();
    throw error;
  }
}
