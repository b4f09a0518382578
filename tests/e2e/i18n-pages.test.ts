import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { openAdminPage, requestsSettled, screenshot } from '../helpers/browser';
import {
  settledRun,
  startDemoSession,
  stopDemoSession,
  type DemoSession,
  DEMO_BOOT_TIMEOUT_MS,
} from '../helpers/demo-session';
import { illegibleParts } from '../helpers/page-legibility';
import { ROOT } from '../helpers/strapi';

/**
 * Every plugin page in German and in French, as a user who set Profile → Interface
 * language sees it: a screenshot of each page (and of each of its tabs) goes to
 * artifacts/i18n-pages/, and no text the page shows — nor a placeholder, label or
 * tooltip — is one of the plugin's English catalogue strings that the language writes
 * differently. A string left out of the catalogues, or shown with a literal English
 * text, fails here with the page it is on.
 */
jest.setTimeout(600_000);

const ADMIN = { email: 'e2e-i18n-pages@example.test', password: 'E2e-I18n-Pages-12345' };
const PLUGIN = '/admin/plugins/utilities';
const SETTINGS = '/admin/settings/utilities';
type Language = 'de' | 'fr';
type Catalogue = Record<string, string>;

const catalogue = (language: string): Catalogue =>
  JSON.parse(readFileSync(path.join(ROOT, 'admin', 'translations', `${language}.json`), 'utf8')) as Catalogue;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The English strings a page in `language` must not show: each English message the
 * language's catalogue writes differently, as a whole-text pattern (a placeholder
 * stands for any text). Left out: plural and select messages, messages with fewer than
 * four letters of their own (eight for a template: a bare "{name}" or "Meter {number}"
 * matches text that is not the message), and English text the language also uses
 * elsewhere (German "Name", French "Date"). A charge run's exceptions are catalogue
 * strings too (by their code), so an exception left in the server's English fails here.
 */
function englishOnly(language: Language): Array<{ key: string; pattern: RegExp }> {
  const en = catalogue('en');
  const other = catalogue(language);
  const used = new Set(Object.values(other));
  return (
    Object.entries(en)
      .filter(([key, text]) => other[key] !== text && !used.has(text))
      .filter(([, text]) => !/\{\w+, *(plural|select|selectordinal|number|date|time)/.test(text))
      // A template's own words must be enough to recognise it: "{name} fixed fee" is, while
      // "Meter {number}" would match any sentence starting with "Meter".
      .filter(([, text]) => {
        const letters = text.replace(/\{\w+\}/g, '').replace(/[^A-Za-z]/g, '').length;
        return text.includes('{') ? letters >= 8 : letters >= 4;
      })
      .map(([key, text]) => ({
        key,
        pattern: new RegExp(
          `^${text
            .split(/\{\w+\}/)
            .map(escape)
            .join('.+')}$`,
          's',
        ),
      }))
  );
}

/** What the page shows: each visible text node, and visible placeholders, labels and tooltips. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const text = node.textContent?.trim();
      if (text && node.parentElement?.checkVisibility({ visibilityProperty: true })) texts.add(text);
    }
    for (const element of Array.from(document.querySelectorAll('[placeholder], [aria-label], [title]'))) {
      if (!element.checkVisibility({ visibilityProperty: true })) continue;
      for (const attribute of ['placeholder', 'aria-label', 'title']) {
        const value = element.getAttribute(attribute)?.trim();
        if (value) texts.add(value);
      }
    }
    return [...texts];
  });
}

let session: DemoSession;
let context: BrowserContext;
let pages: Array<{ name: string; path: string }>;

beforeAll(async () => {
  session = await startDemoSession(ADMIN);
  context = await session.signedInContext();
  const first = async (list: string) => {
    const res = await session.api(`/utilities/${list}`);
    expect(res.status).toBe(200);
    return (res.body as { data: Array<{ documentId: string }> }).data[0].documentId;
  };
  // A draft charge run of the demo's January, so the run page has invoices and exceptions.
  const run = await session.api('/utilities/charge-runs', {
    method: 'POST',
    body: JSON.stringify({ periodStart: '2024-01-01', periodEnd: '2024-01-31', scope: null }),
  });
  expect(run.status).toBe(202);
  expect((await settledRun(session.api, run.body.data.documentId)).status).toBe('draft');
  const lakeside = await first('buildings?q=Lakeside');
  pages = [
    { name: 'meters', path: `${PLUGIN}/meters` },
    { name: 'meter', path: `${PLUGIN}/meters/devices/${await first('devices?pageSize=1')}` },
    { name: 'usage-records', path: `${PLUGIN}/usage-records` },
    { name: 'billing-points', path: `${PLUGIN}/billing` },
    {
      name: 'billing-point',
      path: `${PLUGIN}/billing/billing-points/${await first('billing-points?q=DL-01')}`,
    },
    { name: 'buildings', path: `${PLUGIN}/billing/buildings` },
    { name: 'parties', path: `${PLUGIN}/billing/parties` },
    { name: 'rfid-badges', path: `${PLUGIN}/billing/rfid-badges` },
    { name: 'usage-metrics', path: `${PLUGIN}/billing/usage-metrics` },
    { name: 'charge-runs', path: `${PLUGIN}/charging` },
    {
      name: 'charge-run',
      path: `${PLUGIN}/charging/runs/${(run.body as { data: { documentId: string } }).data.documentId}`,
    },
    { name: 'communities', path: `${PLUGIN}/communities` },
    { name: 'settlements', path: `${PLUGIN}/allocation` },
    { name: 'settlement', path: `${PLUGIN}/allocation/runs/${await first('settlement-runs')}` },
    { name: 'cost-items', path: `${PLUGIN}/allocation/costs` },
    ...['keys', 'meter-figures', 'schemes', 'advances', 'payments'].map((tab) => ({
      name: tab,
      path: `${PLUGIN}/allocation/${tab}?building=${lakeside}`,
    })),
    { name: 'members', path: `${PLUGIN}/members` },
    { name: 'not-found', path: `${PLUGIN}/billing/no-such-page` },
    { name: 'utility-types', path: `${SETTINGS}/utility-types` },
    { name: 'activation', path: `${SETTINGS}/activation` },
    { name: 'channels', path: `${SETTINGS}/channels` },
    { name: 'channel', path: `${SETTINGS}/channels/${await first('channels?pageSize=1')}` },
    { name: 'ingestion-log', path: `${SETTINGS}/ingestion-log` },
    { name: 'correction-queue', path: `${SETTINGS}/validation` },
    { name: 'modules', path: `${SETTINGS}/modules` },
    { name: 'billing-documents', path: `${SETTINGS}/billing-documents` },
  ];
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession(session));

/** Waits until the page has its heading and has stopped loading. */
async function settled(page: Page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
}

/** Opens every page, and each tab of it, in `page`, and runs `check` on each. */
async function visitEveryPage(page: Page, check: (where: string) => Promise<void>) {
  for (const { name, path: url } of pages) {
    await openAdminPage(
      page,
      `${session.playground.url}${url}`,
      page.getByRole('heading', { level: 1 }).first(),
    );
    await settled(page);
    await check(name);
    // Each tab of the page (a billing point's meters, occupants, rates …).
    const tabs = page.getByRole('tab');
    for (let i = 1; i < (await tabs.count()); i++) {
      await tabs.nth(i).click();
      await requestsSettled(page);
      await check(`${name}-tab-${i}`);
    }
  }
}

/**
 * Walks every page in `language` and returns the English catalogue texts it shows; with
 * `dark1024`, in dark mode at 1024 px, and the parts that are unreadable or past the
 * window too. French walks that way: its words are the longest of the four, so it is the
 * strictest test of what fits.
 */
async function checkEveryPage(language: Language, { dark1024 = false } = {}) {
  const english = englishOnly(language);
  const found: string[] = [];
  const page = await context.newPage();
  await page.addInitScript((lang) => localStorage.setItem('strapi-admin-language', lang), language);
  if (dark1024) {
    await page.addInitScript(() => localStorage.setItem('STRAPI_THEME', 'dark'));
    await page.setViewportSize({ width: 1024, height: 768 });
  }
  await visitEveryPage(page, async (where) => {
    await screenshot(page, `i18n-pages/${language}${dark1024 ? '-dark-1024' : ''}-${where}`);
    for (const text of await visibleTexts(page)) {
      const hit = english.find((e) => e.pattern.test(text));
      if (hit) found.push(`${where}: "${text}" (${hit.key})`);
    }
    if (dark1024) for (const problem of await illegibleParts(page)) found.push(`${where}: ${problem}`);
  });
  await page.close();
  return found;
}

test('every plugin page in German shows no English catalogue text', async () => {
  expect(englishOnly('de').length).toBeGreaterThan(500);
  expect(await checkEveryPage('de')).toEqual([]);
});

test('every plugin page in French, dark, at 1024 px: no English, text readable, nothing past the window', async () => {
  expect(await checkEveryPage('fr', { dark1024: true })).toEqual([]);
});
