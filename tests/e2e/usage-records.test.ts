import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { createEditor } from '../helpers/admin-http';
import { openAdminPage, screenshot, signIn } from '../helpers/browser';
import { startDemoSession, stopDemoSession, DEMO_BOOT_TIMEOUT_MS } from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';

/**
 * The "done when", as a new user does it: create an API token in Settings →
 * API Tokens (custom, Utilities → usage-records → ingest), run the guide's quick start
 * twice, upload the guide's example table as .xlsx, and see both in Usage records.
 */
jest.setTimeout(300_000);

const ADMIN = { email: 'e2e-admin@example.test', password: 'E2e-Admin-12345' };
let playground: PlaygroundProcess;
let browser: Browser;
let adminToken: string;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'usage-e2e-'));
  ({ playground, browser, token: adminToken } = await startDemoSession(ADMIN));
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(async () => {
  await stopDemoSession({ playground, browser });
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const HEADER = [
  'DeviceId',
  'eGroup',
  'eId',
  'Dtu',
  'DtDevice',
  'SrcIp',
  'EventRef',
  'IntCounter',
  'IntCounter2',
  'IntCounter3',
  'IntCounter4',
  'IntCounter5',
  'Temperature',
  'EventDataJ',
];

async function guideTable(file: string, extraRows: unknown[][] = []) {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Usage');
  sheet.addRow(HEADER);
  sheet.addRow(['myDevice1', null, null, '12-jun-2021 14:31', null, null, 'tick-1718273', 301]);
  sheet.addRow(['myDevice1', null, null, '12-jun-2021 15:01', null, null, 'tick-1718274', 305]);
  sheet.addRow([
    'XY876',
    null,
    null,
    '12-jun-2022 15:22',
    '12-jun-2021 17:22',
    '10.50.190.201',
    'BS-1792(Alpha) ICS.14',
    82885,
    9182727,
    2307,
    56,
  ]);
  for (const row of extraRows) sheet.addRow(row);
  await book.xlsx.writeFile(file);
  return file;
}

async function createTokenInTheAdmin(page: Page): Promise<string> {
  await openAdminPage(page, `${playground.url}/admin/settings/api-tokens/create`, page.getByLabel('Name'));
  await page.getByLabel('Name').fill('Water meters');
  await page.getByRole('combobox', { name: 'Token duration' }).click();
  await page.getByRole('option', { name: 'Unlimited' }).click();
  await page.getByRole('combobox', { name: 'Token type' }).click();
  await page.getByRole('option', { name: 'Custom' }).click();
  await page.getByRole('button', { name: 'Utilities' }).click();
  await page.getByRole('checkbox', { name: 'ingest' }).check();
  await screenshot(page, 'usage-api-token-permission');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Copy your token').waitFor();
  const text = (await page.locator('main').textContent()) ?? '';
  const token = /[0-9a-f]{128,}/.exec(text)?.[0];
  if (!token) throw new Error('the new token was not shown');
  return token;
}

test('token, quick start, spreadsheet upload, and both in the Usage records page', async () => {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  const token = await createTokenInTheAdmin(page);

  // The guide's quick start, as curl would send it.
  const quickStart = `${playground.url}/api/utilities/usage-records/test/1/mydevice?ref=firsttry&intcounter=6789`;
  const first = await fetch(quickStart, { headers: { Authorization: `Bearer ${token}` } });
  expect(first.status).toBe(201);
  const again = await fetch(quickStart, { headers: { Authorization: `Bearer ${token}` } });
  expect(again.status).toBe(200);
  expect(((await again.json()) as { meta: { duplicate: boolean } }).meta.duplicate).toBe(true);
  expect((await fetch(quickStart)).status).toBe(401);

  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/usage-records`,
    page.getByText('mydevice', { exact: true }),
  );

  await page.getByRole('button', { name: 'Upload spreadsheet' }).click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByLabel('Spreadsheet')
    .setInputFiles(await guideTable(path.join(folder, 'guide.xlsx'), [['broken', '9BAD', 'x', 'someday']]));
  await dialog.getByLabel('eGroup for the whole file', { exact: true }).fill('COPIER');
  await dialog.getByLabel('eId for the whole file', { exact: true }).fill('MONTHLY');
  await dialog.getByRole('button', { name: 'Upload' }).click();
  const summary = dialog.getByTestId('usage-import-summary');
  await summary.waitFor();
  expect(await summary.textContent()).toMatch(/Rows read4Stored3Duplicates \(already stored\)0Rejected1/);
  const rejected = dialog.getByTestId('rejected-row-5');
  expect(await rejected.textContent()).toMatch(/eGroup \(B5\) must start with a letter/);
  await screenshot(page, 'usage-upload-summary');
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();

  for (const deviceId of ['mydevice', 'myDevice1', 'XY876'])
    await page.getByText(deviceId, { exact: true }).first().waitFor();
  await page.getByLabel('eGroup', { exact: true }).fill('COPIER');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.getByText('3 in total').waitFor();
  expect(await page.getByText('mydevice', { exact: true }).count()).toBe(0);
  await screenshot(page, 'usage-records-filtered');
  await page.close();
});

test('a reader sees the records but no upload; without either permission the page is refused', async () => {
  const reader = await createEditor(playground.url, adminToken, 'Usage reader', ['usage-records.read']);
  const page = await browser.newPage();
  await signIn(page, playground.url, reader.email, reader.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/usage-records`,
    page.getByText('mydevice', { exact: true }),
  );
  expect(await page.getByRole('button', { name: 'Upload spreadsheet' }).count()).toBe(0);
  await page.close();

  const nobody = await createEditor(playground.url, adminToken, 'Meters only', ['devices.read']);
  const other = await browser.newPage();
  await signIn(other, playground.url, nobody.email, nobody.password);
  await other.goto(`${playground.url}/admin/plugins/utilities/usage-records`);
  await other
    .getByText(/don't have the permissions|do not have the permissions|no permissions/i)
    .first()
    .waitFor();
  expect(await other.getByRole('link', { name: 'Usage records' }).count()).toBe(0);
  await other.close();
});
