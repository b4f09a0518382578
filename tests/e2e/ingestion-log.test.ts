import type { Browser } from 'playwright-core';
import { startDemoSession, stopDemoSession, DEMO_BOOT_TIMEOUT_MS } from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import { openAdminPage, screenshot, signIn } from '../helpers/browser';

/**
 * "Review ingestion logs and readings": the demo's drop folder is pulled at start;
 * a person filters the log to Partial, opens the file and reads which rows were
 * rejected and why.
 */
const ADMIN = { email: 'ingest-admin@example.test', password: 'E2e-Admin-12345' };
let playground: PlaygroundProcess;
let browser: Browser;

beforeAll(async () => ({ playground, browser } = await startDemoSession(ADMIN)), DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession({ playground, browser }));

test('filter to Partial, open the file, read the rejected rows and the unknown meter', async () => {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/settings/utilities/ingestion-log`,
    page.getByTestId('log-readings-2024-01.csv'),
  );
  expect(await page.getByTestId('log-readings-2024-01-resent.csv').textContent()).toMatch(
    /Completed|Skipped/,
  );

  await page.getByRole('checkbox', { name: 'Partial' }).click();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.getByTestId('log-readings-2024-01.csv').waitFor({ state: 'detached' });
  const partial = page.getByTestId('log-readings-2024-02.csv');
  expect(await partial.textContent()).toContain('Partial');

  await partial.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Row details').waitFor();
  // A file with failures opens on the rows that did not make it in.
  await dialog.getByText('rejected').first().waitFor();
  const text = await dialog.textContent();
  expect(text).toContain('not-a-number');
  expect(await dialog.getByText('rejected').count()).toBe(2);
  // All rows: the unknown meter's reading was stored, unlinked.
  await dialog.getByRole('checkbox', { name: 'Only rows that did not make it in' }).click();
  await dialog.getByText('inserted').first().waitFor();
  expect(await dialog.getByText('Row details').count()).toBe(1);
  await screenshot(page, 'ingestion-log-partial-rows');
  await page.close();
});
