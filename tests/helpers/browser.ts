import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page, type Request } from 'playwright-core';
import { ROOT } from './strapi';

/** Debian's chromium, driven by playwright-core: no browser download, loopback only. */
export const ARTIFACTS = path.join(ROOT, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Signs into the Strapi admin through its login form. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await openAdminPage(page, `${baseUrl}/admin/auth/login`, page.getByLabel('Email'));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 60_000 });
}

/**
 * Opens an admin page and waits until `ready` is visible.
 *
 * The Strapi admin is a single-page app: a full navigation reloads its bundle, asks
 * the server for the session, permissions and plugin settings, then renders the
 * route. On a loaded two-core CI machine that first paint has, rarely, stalled past
 * 30 s (seen twice in ~40 runs, on different pages). When it does, this prints what
 * the page was still waiting for — so the cause is on record — and navigates once
 * more; the assertion the caller makes afterwards is unchanged.
 */
export async function openAdminPage(page: Page, url: string, ready: Locator): Promise<void> {
  const pending = new Map<Request, number>();
  const started = (r: Request) => pending.set(r, Date.now());
  const done = (r: Request) => pending.delete(r);
  page.on('request', started);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  try {
    await page.goto(url);
    try {
      await ready.waitFor({ timeout: 30_000 });
    } catch {
      const waiting = [...pending].map(
        ([r, at]) => `${r.method()} ${r.url()} (${Math.round((Date.now() - at) / 1000)} s)`,
      );
      console.warn(
        `[e2e] ${url}: not ready after 30 s; still pending: ${waiting.join(', ') || 'nothing'}; navigating again`,
      );
      await screenshot(page, `stalled-${new URL(url).pathname.replace(/\W+/g, '-')}`);
      await page.goto(url);
      await ready.waitFor({ timeout: 60_000 });
    }
  } finally {
    page.off('request', started);
    page.off('requestfinished', done);
    page.off('requestfailed', done);
  }
}

/**
 * "2024-01-31" as Strapi's date picker shows and reads it in the admin's language:
 * 01/31/2024 in English, 31.01.2024 in German (the browser's Intl, which Node shares).
 */
export function dateText(iso: string, locale = 'en'): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(y, m - 1, d),
  );
}

/** The calendar date a date picker shows, back as "yyyy-MM-dd" (the inverse of `dateText`). */
export function isoOfDateText(text: string, locale = 'en'): string {
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(2000, 0, 2))
    .filter((p) => p.type === 'year' || p.type === 'month' || p.type === 'day')
    .map((p) => p.type);
  const values = text.split(/\D+/).filter(Boolean);
  const of = (type: string) => values[parts.indexOf(type as (typeof parts)[number])];
  return `${of('year')}-${of('month')}-${of('day')}`;
}

/**
 * Types a calendar date into a Strapi date picker as a person does — in the admin's
 * format — and leaves the field, which is when the picker takes the typed date.
 */
export async function fillDate(field: Locator, iso: string, locale = 'en'): Promise<void> {
  // A dialog that is still setting its defaults (today's date) can overwrite a value typed
  // too early: type again until the field keeps it.
  const text = dateText(iso, locale);
  const end = Date.now() + 30_000;
  do {
    await field.fill(text);
    await field.blur();
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while ((await field.inputValue()) !== text && Date.now() < end);
  expect(await field.inputValue()).toBe(text);
}

/** Clicks an export button and returns the downloaded CSV's lines (it starts with a BOM, lines end CRLF). */
export async function downloadLines(page: Page, button: Locator): Promise<string[]> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  const text = readFileSync(await file.path(), 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text.slice(1).trimEnd().split('\r\n');
}

/** Waits until `read` gives `expected` (a list re-rendering after a filter), then asserts it. */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  let last = await read();
  while (last !== expected && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await read();
  }
  expect(last).toBe(expected);
}

/**
 * Waits until the page has had no request in flight for `quietMs`. Playwright's
 * `waitForLoadState('networkidle')` is a navigation's state: once reached it resolves at
 * once, so after a click that loads a tab's data it does not wait for that data.
 */
export async function requestsSettled(page: Page, quietMs = 500, timeout = 30_000): Promise<void> {
  let inFlight = 0;
  let lastChange = Date.now();
  const started = () => {
    inFlight++;
    lastChange = Date.now();
  };
  const ended = () => {
    inFlight = Math.max(0, inFlight - 1);
    lastChange = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    const deadline = Date.now() + timeout;
    // Give the click's effects a moment to send their requests before judging quiet.
    await page.waitForTimeout(100);
    while (inFlight > 0 || Date.now() - lastChange < quietMs) {
      if (Date.now() > deadline) throw new Error(`requests still in flight after ${timeout} ms`);
      await page.waitForTimeout(50);
    }
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
  }
}
