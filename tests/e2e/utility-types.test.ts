import type { Browser } from 'playwright-core';
import { startDemoSession, stopDemoSession, DEMO_BOOT_TIMEOUT_MS } from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import { openAdminPage, screenshot, signIn } from '../helpers/browser';
import { createEditor } from '../helpers/admin-http';

/**
 * The admin as a person uses it: the playground started as a user starts it, the
 * demo seeded, a real chromium clicking through Settings → Utilities.
 */
const ADMIN = { email: 'e2e-admin@example.test', password: 'E2e-Admin-12345' };
let playground: PlaygroundProcess;
let browser: Browser;
let adminToken: string;

beforeAll(
  async () => ({ playground, browser, token: adminToken } = await startDemoSession(ADMIN)),
  DEMO_BOOT_TIMEOUT_MS,
);
afterAll(() => stopDemoSession({ playground, browser }));

test('a super admin sees the demo types and creates one through the form', async () => {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/settings/utilities/utility-types`,
    page.getByTestId('utility-type-WATER'),
  );
  for (const code of ['WATER', 'ELECTRICITY', 'GAS', 'HEAT']) {
    await page.getByTestId(`utility-type-${code}`).waitFor();
  }
  await page.getByRole('button', { name: 'Add utility type' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Code').fill('DISTRICT_COOLING');
  await dialog.getByLabel('Name').fill('District cooling');
  await dialog.getByLabel('Display order').fill('50');
  await dialog.getByRole('button', { name: 'Create type' }).click();

  const row = page.getByTestId('utility-type-DISTRICT_COOLING');
  await row.waitFor();
  expect(await row.textContent()).toContain('District cooling');
  await screenshot(page, 'utility-types-after-create');

  // The server's field errors show inline: a lowercase code is refused.
  await page.getByRole('button', { name: 'Add utility type' }).click();
  await dialog.getByLabel('Code').fill('lowercase');
  await dialog.getByLabel('Name').fill('Bad');
  await dialog.getByRole('button', { name: 'Create type' }).click();
  await dialog
    .getByText('Code may contain only uppercase letters, digits and underscores (e.g. WATER)')
    .first()
    .waitFor();
  await screenshot(page, 'utility-types-field-error');
  await page.close();
});

test('an editor without types.create sees the list but no Add button', async () => {
  const editor = await createEditor(playground.url, adminToken, 'Reader', ['types.read']);
  const page = await browser.newPage();
  await signIn(page, playground.url, editor.email, editor.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/settings/utilities/utility-types`,
    page.getByTestId('utility-type-WATER'),
  );
  expect(await page.getByRole('button', { name: 'Add utility type' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: /^Edit / }).count()).toBe(0);
  await screenshot(page, 'utility-types-read-only');
  await page.close();
});

test('a disabled module hides its settings links; its Modules switch stays reachable', async () => {
  const setModules = (modules: Record<string, boolean>) =>
    fetch(`${playground.url}/utilities/settings`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ modules }),
    });
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  const nav = page.getByRole('navigation');

  await openAdminPage(
    page,
    `${playground.url}/admin/settings`,
    nav.getByRole('link', { name: 'Utility types' }),
  );

  expect((await setModules({ utilities: false })).status).toBe(200);
  await openAdminPage(page, `${playground.url}/admin/settings`, nav.getByRole('link', { name: 'Modules' }));
  expect(await nav.getByRole('link', { name: 'Utility types' }).count()).toBe(0);
  await screenshot(page, 'settings-utilities-module-off');

  expect((await setModules({ utilities: true })).status).toBe(200);
  await openAdminPage(
    page,
    `${playground.url}/admin/settings`,
    nav.getByRole('link', { name: 'Utility types' }),
  );
  await page.close();
});
