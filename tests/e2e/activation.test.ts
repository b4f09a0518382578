import type { Browser } from 'playwright-core';
import { startDemoSession, stopDemoSession, DEMO_BOOT_TIMEOUT_MS } from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import { openAdminPage, screenshot, signIn } from '../helpers/browser';

/**
 * "Set device activation / pairing" as a person does it: open the Activation
 * screen, tick a device type in the link dialog, save, see the confirmation, and
 * find the new pairing after a reload; then tag a meter with the paired utility.
 */
const ADMIN = { email: 'activation-admin@example.test', password: 'E2e-Admin-12345' };
let playground: PlaygroundProcess;
let browser: Browser;
let token: string;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${playground.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => ({ playground, browser, token } = await startDemoSession(ADMIN)), DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession({ playground, browser }));

test('pair a device type in the dialog, see "Utility device links updated", and the pairing survives a reload', async () => {
  const created = await api('POST', '/utilities/device-types', {
    code: 'SUB_METER',
    name: 'Sub meter',
    manufacturer: 'ACME',
  });
  expect(created.status).toBe(201);

  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  const waterRow = page.getByTestId('activation-WATER');
  await openAdminPage(page, `${playground.url}/admin/settings/utilities/activation`, waterRow);
  expect(await waterRow.textContent()).toContain('Water meter');
  expect(await waterRow.textContent()).not.toContain('Sub meter');

  await waterRow.getByRole('button', { name: 'Edit links' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('checkbox', { name: 'Sub meter (SUB_METER)' }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Utility device links updated').first().waitFor();
  await screenshot(page, 'activation-saved');

  // A fresh load of the page, not the state the dialog left behind.
  await openAdminPage(
    page,
    `${playground.url}/admin/settings/utilities/activation`,
    page.getByTestId('activation-WATER'),
  );
  expect(await page.getByTestId('activation-WATER').textContent()).toContain('Sub meter');
  const matrix = await api('GET', '/utilities/activation');
  const water = matrix.body.data.utilityTypes.find((u: { code: string }) => u.code === 'WATER');
  expect(water.deviceTypes.map((d: { code: string }) => d.code).sort()).toEqual(['SUB_METER', 'WATER_METER']);
  await page.close();
});

test('a meter of the newly paired type takes the paired utility, never an unpaired one', async () => {
  const types = await api('GET', '/utilities/device-types?q=SUB_METER');
  const sub = types.body.data[0].documentId;
  const utilities = await api('GET', '/utilities/utility-types?pageSize=100');
  const id = (code: string) => utilities.body.data.find((u: { code: string }) => u.code === code).documentId;

  const tagged = await api('POST', '/utilities/devices', {
    meterNumber: 'SUB-1',
    deviceType: sub,
    utilityType: id('WATER'),
  });
  expect(tagged.status).toBe(201);
  const refused = await api('POST', '/utilities/devices', {
    meterNumber: 'SUB-2',
    deviceType: sub,
    utilityType: id('ELECTRICITY'),
  });
  expect(refused.status).toBe(400);
  expect(refused.body.error.message).toContain(
    'Sub meter (SUB_METER) is not activated for utility type Electricity (ELECTRICITY)',
  );

  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/meters`,
    page.getByTestId('device-SUB-1'),
  );
  expect(await page.getByTestId('device-SUB-1').textContent()).toContain('Water');
  await screenshot(page, 'meters-list');
  await page.close();
});
