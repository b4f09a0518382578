import type { Browser } from 'playwright-core';
import { startDemoSession, stopDemoSession, type DemoSession } from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import { fillDate, openAdminPage, screenshot, signIn } from '../helpers/browser';
import { createEditor } from '../helpers/admin-http';

/**
 * Charging as a property manager uses it on the seeded demo: start a draft run,
 * see its invoices and exceptions, finalize it after confirming; a reader sees
 * runs but no New run / Finalize buttons.
 */
const ADMIN = { email: 'e2e-charging@example.test', password: 'E2e-Charging-12345' };
let playground: PlaygroundProcess;
let browser: Browser;
let token: string;

beforeAll(async () => ({ playground, browser, token } = await startDemoSession(ADMIN)));
afterAll(() => stopDemoSession({ playground, browser }));

const api: DemoSession['api'] = async (path) => {
  const res = await fetch(`${playground.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
};

test('run a draft over everything, look at it, finalize it', async () => {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/charging`,
    page.getByRole('button', { name: 'New run' }),
  );
  await page.getByRole('button', { name: 'New run' }).click();
  const dialog = page.getByRole('dialog');
  await fillDate(dialog.getByLabel('First day'), '2024-01-01');
  await fillDate(dialog.getByLabel('Last day'), '2024-01-31');
  await dialog.getByRole('button', { name: 'Run' }).click();

  await page.waitForURL(/\/charging\/runs\/[a-z0-9]+$/);
  const runId = page.url().split('/').pop()!;
  const run = (await api(`/utilities/charge-runs/${runId}`)).body.data;
  expect(run.status).toBe('draft');
  await page.getByText(`Invoices (${run.invoices.length})`).waitFor();
  await page.getByText(`Exceptions (${run.exceptions.length})`).waitFor();
  await screenshot(page, 'charging-run-draft');

  await page.getByRole('button', { name: 'Finalize' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
  await page.getByText(/· Finalized ·/).waitFor();
  expect((await api(`/utilities/charge-runs/${runId}`)).body.data.status).toBe('finalized');
  expect(await page.getByRole('button', { name: 'Finalize' }).count()).toBe(0);
  await screenshot(page, 'charging-run-finalized');
  await page.close();
});

test('a reader sees the runs but cannot start or finalize one', async () => {
  const reader = await createEditor(playground.url, token, 'Charging reader', ['charging.read']);
  const page = await browser.newPage();
  await signIn(page, playground.url, reader.email, reader.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/charging`,
    page.getByText('Jan 1, 2024 – Jan 31, 2024').first(),
  );
  expect(await page.getByRole('button', { name: 'New run' }).count()).toBe(0);
  await page.getByText('Jan 1, 2024 – Jan 31, 2024').first().click();
  await page.getByText(/^Invoices \(\d+\)$/).waitFor();
  expect(await page.getByRole('button', { name: 'Finalize' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Void' }).count()).toBe(0);
  await page.close();
});
