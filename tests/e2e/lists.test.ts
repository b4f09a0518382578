import type { BrowserContext, Page } from 'playwright-core';
import { downloadLines, eventually, openAdminPage, screenshot } from '../helpers/browser';
import { contrast } from '../helpers/page-legibility';
import {
  startDemoSession,
  stopDemoSession,
  type DemoSession,
  DEMO_BOOT_TIMEOUT_MS,
} from '../helpers/demo-session';

/**
 * The plugin's lists work like Strapi's own: page numbers and a page size, sortable
 * columns, search and filters in the URL (a reload and the back button keep them),
 * long text cut with a tooltip, and a CSV export of what the list shows. Also: a list
 * in Italian, and the list's links readable in dark mode at 1024 px.
 */
jest.setTimeout(300_000);

const ADMIN = { email: 'e2e-lists@example.test', password: 'E2e-Lists-12345' };
const PLUGIN = '/admin/plugins/utilities';
let session: DemoSession;
let context: BrowserContext;

beforeAll(async () => {
  session = await startDemoSession(ADMIN);
  context = await session.signedInContext();
  // 30 companies "Listtest 01" … "Listtest 30", and one whose name a spreadsheet would run.
  const names = Array.from({ length: 30 }, (_, i) => `Listtest ${String(i + 1).padStart(2, '0')}`);
  for (const companyName of [...names, '=1+1 Listtest']) {
    const created = await session.api('/utilities/parties', {
      method: 'POST',
      body: JSON.stringify({ kind: 'legal', companyName, email: 'office@listtest.example' }),
    });
    expect(created.status).toBe(201);
  }
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession(session));

/**
 * A page in the shared signed-in context with the interface language and theme set as
 * the profile page sets them (localStorage is shared by the context's pages, so each
 * page sets both).
 */
async function newPage(language = 'en', theme = 'light') {
  const page = await context.newPage();
  await page.addInitScript(
    ([lang, look]) => {
      localStorage.setItem('strapi-admin-language', lang);
      localStorage.setItem('STRAPI_THEME', look);
    },
    [language, theme],
  );
  return page;
}
const header = (page: Page, label: string) => page.locator('thead th').filter({ hasText: label });
const firstCell = (page: Page) => page.locator('tbody tr').first().locator('td').first();
async function firstRowIs(page: Page, text: string) {
  await firstCell(page).getByText(text, { exact: true }).waitFor();
}
const query = (page: Page) => new URL(page.url()).searchParams;

test('parties: search, sort, page size and page live in the URL; reload and back keep them; CSV', async () => {
  const page = await newPage();
  await openAdminPage(
    page,
    `${session.playground.url}${PLUGIN}/billing/parties`,
    page.getByText('Parties').first(),
  );
  await page.getByPlaceholder('Search by name, email or phone').fill('Listtest');
  await firstRowIs(page, '=1+1 Listtest');
  expect(query(page).get('filters[q]')).toBe('Listtest');

  // Name, descending: the first click sorts ascending, the second descending.
  const nameHeader = header(page, 'Name');
  await nameHeader.click();
  await firstRowIs(page, '=1+1 Listtest');
  await nameHeader.click();
  await firstRowIs(page, 'Listtest 30');
  expect(query(page).get('sort')).toBe('displayName:DESC');

  await page.getByRole('combobox', { name: 'Entries per page' }).click();
  await page.getByRole('option', { name: '10', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('pageSize') === '10');
  // The URL changes first; the list follows when the smaller page has loaded.
  await eventually(() => page.locator('tbody tr').count(), 10);
  await page.getByRole('link', { name: 'Go to page 2' }).click();
  await firstRowIs(page, 'Listtest 20');
  expect(Object.fromEntries(query(page))).toMatchObject({
    page: '2',
    pageSize: '10',
    sort: 'displayName:DESC',
    'filters[q]': 'Listtest',
  });

  // A reload shows the same rows, and the search box the same text.
  await page.reload();
  await firstRowIs(page, 'Listtest 20');
  expect(await page.getByPlaceholder('Search by name, email or phone').inputValue()).toBe('Listtest');
  expect(await page.locator('tbody tr').count()).toBe(10);
  await screenshot(page, 'lists/parties-page-2');

  // Back: page 1 of the same search, sort and size.
  await page.goBack();
  await firstRowIs(page, 'Listtest 30');
  expect(query(page).get('page')).not.toBe('2');
  expect(query(page).get('pageSize')).toBe('10');

  // The export holds every row the search selects (31, not the 10 shown), in the list's order.
  const lines = await downloadLines(page, page.getByRole('button', { name: 'Export CSV' }));
  expect(lines[0]).toBe('Name,Kind,Contact,Member');
  expect(lines).toHaveLength(32);
  expect(lines[1]).toBe('Listtest 30,Legal person,office@listtest.example,—');
  expect(lines[30]).toBe('Listtest 01,Legal person,office@listtest.example,—');
  // A name a spreadsheet would run as a formula is written as text.
  expect(lines[31]).toBe("'=1+1 Listtest,Legal person,office@listtest.example,—");
  await page.close();
});

test('ingestion log: the status filter survives a reload, back clears it; log and rows export', async () => {
  const page = await newPage();
  await openAdminPage(
    page,
    `${session.playground.url}/admin/settings/utilities/ingestion-log`,
    page.getByTestId('log-readings-2024-01.csv'),
  );
  // The channel filter is a picker of channels searched by code and name, not an id to type;
  // empty, it says it shows all channels.
  const channel = page.getByRole('combobox', { name: 'Channel' });
  expect(await channel.getAttribute('placeholder')).toBe('All channels');
  await channel.click();
  await page.getByRole('option').first().waitFor();
  await page.keyboard.press('Escape');

  await page.getByRole('checkbox', { name: 'Partial' }).click();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.getByTestId('log-readings-2024-01.csv').waitFor({ state: 'detached' });
  expect(query(page).get('filters[status]')).toBe('Partial');

  await page.reload();
  await page.getByTestId('log-readings-2024-02.csv').waitFor();
  expect(await page.getByTestId('log-readings-2024-01.csv').count()).toBe(0);
  expect(await page.getByRole('checkbox', { name: 'Partial' }).isChecked()).toBe(true);

  const lines = await downloadLines(page, page.getByRole('button', { name: 'Export CSV' }));
  expect(lines[0]).toBe('Channel,File,Status,Total,Inserted,Failed,Started,Completed');
  expect(lines.slice(1).every((l) => l.includes(',Partial,'))).toBe(true);
  expect(lines.some((l) => l.includes('readings-2024-02.csv'))).toBe(true);

  // The rejected rows, as exported, carry the cells as the file wrote them.
  await page.getByTestId('log-readings-2024-02.csv').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('rejected').first().waitFor();
  const rowLines = await downloadLines(page, dialog.getByRole('button', { name: 'Export CSV' }));
  expect(rowLines[0]).toBe('Row,Outcome,Meter number,Register,Reading time,Value,Link,Error');
  expect(rowLines).toHaveLength(3);
  expect(rowLines.some((l) => l.includes('not-a-number'))).toBe(true);
  await page.keyboard.press('Escape');

  // Back: the list before the filter.
  await page.goBack();
  await page.getByTestId('log-readings-2024-01.csv').waitFor();
  expect(query(page).get('filters[status]')).toBeNull();
  await page.close();
});

test('a list in Italian', async () => {
  const page = await newPage('it');
  await openAdminPage(
    page,
    `${session.playground.url}${PLUGIN}/billing/parties`,
    page.getByRole('heading', { name: 'Persone', exact: true }),
  );
  expect(await page.getByRole('button', { name: 'Esporta in CSV' }).count()).toBe(1);
  expect(await page.getByPlaceholder('Cerca per nome, e-mail o telefono').count()).toBe(1);
  await screenshot(page, 'lists/it-parties');
  await page.close();
});

test('dark mode at 1024 px: the list links are readable and every column is on screen', async () => {
  const page = await newPage('en', 'dark');
  await page.setViewportSize({ width: 1024, height: 768 });
  await openAdminPage(
    page,
    `${session.playground.url}${PLUGIN}/billing`,
    page.getByTestId('billing-point-DL-01'),
  );
  const link = page.getByTestId('billing-point-DL-01').getByRole('link');
  const colours = await link.evaluate((el) => {
    let leaf: Element = el;
    while (leaf.firstElementChild) leaf = leaf.firstElementChild;
    let box: Element | null = leaf;
    let background = 'rgba(0, 0, 0, 0)';
    while (box && /rgba\(0, 0, 0, 0\)|transparent/.test(background)) {
      background = getComputedStyle(box).backgroundColor;
      box = box.parentElement;
    }
    return { text: getComputedStyle(leaf).color, background };
  });
  expect(contrast(colours.text, colours.background)).toBeGreaterThanOrEqual(4.5);
  await screenshot(page, 'lists/dark-1024-billing-points');
  // Every column fits: the table's scrolling box has nothing hidden to the right.
  const fit = await page.locator('table').evaluate((table) => {
    let box: HTMLElement | null = table.parentElement;
    while (box && !/auto|scroll/.test(getComputedStyle(box).overflowX)) box = box.parentElement;
    const scroller = box ?? document.documentElement;
    return { scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth };
  });
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  const status = await header(page, 'Status').boundingBox();
  expect(status!.x).toBeLessThan(1024);
  await page.close();
});

test('an RFID badge whose validity has ended shows as ended, not active', async () => {
  const parties = await session.api('/utilities/parties?q=Listtest%2001');
  const party = parties.body.data[0].documentId as string;
  for (const [uid, validTo] of [
    ['E2E0001', '2024-12-31'],
    ['E2E0002', null],
  ] as const) {
    const created = await session.api('/utilities/rfid-badges', {
      method: 'POST',
      body: JSON.stringify({ uid, party, validFrom: '2024-01-01', validTo }),
    });
    expect(created.status).toBe(201);
  }
  const page = await newPage();
  await openAdminPage(
    page,
    `${session.playground.url}${PLUGIN}/billing/rfid-badges`,
    page.getByTestId('badge-state-E2E0001'),
  );
  expect(await page.getByTestId('badge-state-E2E0001').textContent()).toBe('Ended');
  expect(await page.getByTestId('badge-state-E2E0002').textContent()).toBe('Active');
  await page.close();
});
