import type { Page } from 'playwright-core';
import { openAdminPage, requestsSettled, screenshot } from '../helpers/browser';
import {
  startDemoSession,
  stopDemoSession,
  type DemoSession,
  DEMO_BOOT_TIMEOUT_MS,
} from '../helpers/demo-session';

/**
 * Pickers that scale: a building with more billing points than one list page holds
 * (the selects they replace showed the first 100), and the plugin's dialogs alike —
 * Cancel left, the action right, focus back on the opener after Escape.
 */
const ADMIN = { email: 'e2e-pickers@example.test', password: 'E2e-Pickers-12345' };
const CHARGING = '/admin/plugins/utilities/charging';
const BILLING = '/admin/plugins/utilities/billing';
const POINTS = 150;
let demo: DemoSession;
/** The building with POINTS billing points, made by the first test. */
let pickerCourt: string;

beforeAll(async () => {
  demo = await startDemoSession(ADMIN);
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession({ ...demo }));

const api: DemoSession['api'] = (path, init) => demo.api(path, init);
const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body) });
const pointCode = (n: number) => `PK-${String(n).padStart(3, '0')}`;

async function open(path: string, ready: (page: Page) => ReturnType<Page['getByRole']>): Promise<Page> {
  const page = await (await demo.signedInContext()).newPage();
  await openAdminPage(page, `${demo.playground.url}${path}`, ready(page));
  return page;
}

/** The new charge run dialog, scoped to one billing point, its picker clicked open. */
async function openPointPicker() {
  const page = await open(CHARGING, (p) => p.getByRole('button', { name: 'New run' }));
  await page.getByRole('button', { name: 'New run' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Scope' }).click();
  await page.getByRole('option', { name: 'One billing point' }).click();
  const picker = dialog.getByRole('combobox', { name: 'Billing point' });
  await picker.click();
  return { page, dialog, picker };
}

test('the billing point picker finds the 150th of a building by part of its code', async () => {
  const building = await post('/utilities/buildings', { code: 'PK-B', name: 'Picker Court' });
  expect(building.status).toBe(201);
  pickerCourt = building.body.data.documentId;
  for (let n = 1; n <= POINTS; n++) {
    const created = await post('/utilities/billing-points', {
      code: pointCode(n),
      name: `Flat ${n}`,
      kind: 'apartment',
      building: building.body.data.documentId,
    });
    expect([n, created.status]).toEqual([n, 201]);
  }
  const listed = await api('/utilities/billing-points?building=' + building.body.data.documentId);
  expect(listed.body.meta.pagination.total).toBe(POINTS);

  const { page, dialog, picker } = await openPointPicker();
  await picker.pressSequentially('K-150');
  // The server searched: the one match, labelled with its building.
  const option = page.getByRole('option', { name: 'PK-150 Flat 150 · PK-B' });
  await option.waitFor();
  expect(await page.getByRole('option').count()).toBe(1);
  await screenshot(page, 'pickers-billing-point-150th');
  await option.click();
  expect(await picker.inputValue()).toBe('PK-150 Flat 150 · PK-B');
  expect(await dialog.getByRole('button', { name: 'Run' }).isDisabled()).toBe(false);
});

test('scrolling the picker loads the next page of billing points', async () => {
  const { page, picker } = await openPointPicker();
  await picker.pressSequentially('PK-');
  await page.getByRole('option', { name: /^PK-001 / }).waitFor();
  // A page is 20; scrolling to the last option shown asks for the next.
  await page.getByRole('option', { name: /^PK-020 / }).scrollIntoViewIfNeeded();
  await page.getByRole('option', { name: /^PK-021 / }).waitFor();
});

test('tables that need every billing point of a building get all of them, past the first 100', async () => {
  // The keys table pages locally: at 100 a page, the 150th point is on page 2.
  const page = await open(
    `/admin/plugins/utilities/allocation/keys?building=${pickerCourt}&page=2&pageSize=100`,
    (p) => p.getByRole('heading', { name: 'Allocation keys' }),
  );
  await page.getByTestId(`keys-${pointCode(POINTS)}`).waitFor();
  expect(await page.getByTestId(/^keys-PK-/).count()).toBe(POINTS - 100);
  await page.close();
});

/** The dialog's last two labelled buttons, in document order: the footer, left to right. */
async function footerButtons(page: Page): Promise<string[]> {
  const texts = await page.getByRole('dialog').getByRole('button').allTextContents();
  return texts
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(-2);
}

test.each([
  { name: 'new charge run', path: CHARGING, opener: 'New run', action: 'Run' },
  {
    name: 'new billing point',
    path: `${BILLING}`,
    opener: 'Add billing point',
    action: 'Create billing point',
  },
])('$name: Cancel left, $action right; Escape gives focus back to the opener', async (c) => {
  const page = await open(c.path, (p) => p.getByRole('button', { name: c.opener }));
  const opener = page.getByRole('button', { name: c.opener });
  // The list is still loading when its button shows; a re-render then would take the focus away.
  await requestsSettled(page);
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  const buttons = await footerButtons(page);
  expect(buttons).toEqual(['Cancel', c.action]);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction((label) => document.activeElement?.textContent?.trim() === label, c.opener);
  expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(c.opener);

  // Cancel does the same as Escape.
  await opener.click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction((label) => document.activeElement?.textContent?.trim() === label, c.opener);
});
