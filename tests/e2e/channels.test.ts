import type { Browser } from 'playwright-core';
import { startDemoSession, stopDemoSession, DEMO_BOOT_TIMEOUT_MS } from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import { eventually, openAdminPage, screenshot, signIn } from '../helpers/browser';
import { createEditor } from '../helpers/admin-http';
import { startSshd, type SshdServer } from '../helpers/sshd';

/**
 * The guide's "Set up utility channels" in a real browser: a new user adds an SFTP
 * channel through the form, sees the password masked on reopening, tests the connection
 * against a real sshd, sees the remote files and pulls them.
 */
/** A form field by its exact label (a required field's label ends with "*"). */
const label = (name: string) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\*?$`);

const ADMIN = { email: 'e2e-channels@example.test', password: 'E2e-Admin-12345' };
let playground: PlaygroundProcess;
let browser: Browser;
let adminToken: string;
let sshd: SshdServer;

beforeAll(async () => {
  sshd = await startSshd();
  await sshd.writeFile(
    'outbox/readings-2024-03-01.csv',
    'meter_number,register,timestamp,value\nE2E-1,1,2024-03-01T00:00:00Z,100\n',
    new Date('2024-03-01T06:00:00Z'),
  );
  // Every pull answers 202 and goes on in the background, so the admin follows its progress.
  ({
    playground,
    browser,
    token: adminToken,
  } = await startDemoSession(ADMIN, {
    UTILITIES_PULL_ANSWER_WITHIN_MS: '0',
  }));
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(async () => {
  await stopDemoSession({ playground, browser });
  await sshd?.stop();
});

test('add an SFTP channel, reopen it (password masked), test it, see and pull its remote files', async () => {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/settings/utilities/channels`,
    page.getByRole('button', { name: 'Add channel' }),
  );
  // Escape closes the dialog and gives focus back to the button that opened it.
  await page.getByRole('button', { name: 'Add channel' }).click();
  await page.getByRole('dialog').waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.textContent === 'Add channel');

  await page.getByRole('button', { name: 'Add channel' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(label('Code')).fill('VENDOR_SFTP');
  await dialog.getByLabel(label('Name')).fill('Vendor SFTP');
  await dialog.getByRole('combobox', { name: 'Handler' }).click();
  await page.getByRole('option', { name: 'SFTP' }).click();
  // The handler's own fields appear once it is chosen.
  await dialog.getByLabel(label('Host')).fill(sshd.host);
  await dialog.getByLabel(label('Port')).fill(String(sshd.port));
  await dialog.getByLabel(label('Username')).fill(sshd.username);
  await dialog.getByLabel(label('Password')).fill(sshd.password);
  await dialog.getByLabel(label('Remote folder')).fill(`${sshd.root}/outbox`);
  await dialog.getByLabel(label('Host key fingerprint')).fill(sshd.fingerprint);
  await screenshot(page, 'channels-add-sftp');
  await dialog.getByRole('button', { name: 'Create channel' }).click();

  // The new channel opens, to test its connection and see its files.
  await page.waitForURL(/\/settings\/utilities\/channels\/[a-z0-9]+$/);
  await page.getByRole('heading', { name: 'Vendor SFTP' }).waitFor();

  // Reopened: the stored password is never sent to the browser; the field says one is stored.
  const password = page.getByLabel(label('Password'));
  await password.waitFor();
  expect(await password.inputValue()).toBe('');
  expect(await password.getAttribute('placeholder')).toContain('••••••••');
  expect(await page.content()).not.toContain(sshd.password);
  expect(await page.getByLabel(label('Code')).isDisabled()).toBe(true);
  await screenshot(page, 'channels-reopened-masked');

  await page.getByRole('button', { name: 'Test connection' }).click();
  const result = page.getByTestId('test-connection-result');
  await result.waitFor();
  expect(await result.textContent()).toContain('Connection OK');
  expect(await result.textContent()).toContain('The host key matches the pinned fingerprint');

  await page.getByRole('tab', { name: 'Remote files' }).click();
  const file = page.getByTestId('remote-file-readings-2024-03-01.csv');
  await file.waitFor();
  expect(await file.textContent()).toContain('New');
  await screenshot(page, 'channels-remote-files');

  await page.getByRole('tabpanel').getByRole('button', { name: 'Pull now' }).click();
  // The pull runs in the background: its progress shows beside the button, then its row report.
  await page
    .getByRole('tabpanel')
    .getByRole('status')
    .filter({ hasText: /^Pulling: / })
    .waitFor();
  await page
    .getByText(
      /Vendor SFTP: Pull finished: 1 file processed — rows: 1 inserted, 0 duplicate, 0 conflicts, 0 rejected/,
    )
    .first()
    .waitFor({ timeout: 60_000 });
  await page.waitForFunction(
    () =>
      !document
        .querySelector('[data-testid="remote-file-readings-2024-03-01.csv"]')
        ?.textContent?.includes('New'),
    undefined,
    { timeout: 30_000 },
  );
  await screenshot(page, 'channels-after-pull');
  expect(await page.content()).not.toContain(sshd.password);

  // The list is searched by code or name; the search is in the URL and survives a reload.
  await openAdminPage(
    page,
    `${playground.url}/admin/settings/utilities/channels`,
    page.getByTestId('channel-VENDOR_SFTP'),
  );
  const rows = page.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  // Pull now from the list: only that channel's row shows the pull running.
  const vendorRow = page.getByTestId('channel-VENDOR_SFTP');
  await vendorRow.getByRole('button', { name: 'Pull now Vendor SFTP' }).click();
  await vendorRow
    .getByRole('status')
    .filter({ hasText: /^Pulling: / })
    .waitFor();
  expect(
    await page.locator('tbody tr:not([data-testid="channel-VENDOR_SFTP"])').getByRole('status').count(),
  ).toBe(0);
  await page
    .getByText(/Vendor SFTP: Pull finished: 0 files processed/)
    .first()
    .waitFor({ timeout: 60_000 });
  await eventually(() => vendorRow.getByRole('status').count(), 0);

  await page.getByPlaceholder('Search by code or name').fill('vendor sf');
  await page.waitForURL((url) => url.searchParams.get('filters[q]') === 'vendor sf');
  await eventually(() => rows.count(), 1);
  await page.reload();
  await page.getByTestId('channel-VENDOR_SFTP').waitFor();
  await eventually(() => rows.count(), 1);
  await page.getByPlaceholder('Search by code or name').fill('no such channel');
  await page.getByText('Nothing matches these filters.').waitFor();
  await page.close();
});

test('an editor with channels.read only sees the list and the detail, but no Add, Pull now, Edit or Delete', async () => {
  const reader = await createEditor(playground.url, adminToken, 'Channel reader', ['channels.read']);
  const page = await browser.newPage();
  await signIn(page, playground.url, reader.email, reader.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/settings/utilities/channels`,
    page.getByTestId('channel-VENDOR_SFTP'),
  );
  expect(await page.getByRole('button', { name: 'Add channel' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: /^(Pull now|Edit|Delete) / }).count()).toBe(0);
  await page.getByTestId('channel-VENDOR_SFTP').click();
  await page.getByLabel(label('Code')).waitFor();
  expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Test connection' }).count()).toBe(0);
  expect(await page.getByLabel(label('Name')).isDisabled()).toBe(true);
  await screenshot(page, 'channels-read-only');
  await page.close();
});

test('deleting a channel asks for confirmation first', async () => {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/settings/utilities/channels`,
    page.getByTestId('channel-VENDOR_SFTP'),
  );
  await page.getByRole('button', { name: 'Delete Vendor SFTP' }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.waitFor();
  expect(await confirm.textContent()).toContain('cannot be undone');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect(await page.getByTestId('channel-VENDOR_SFTP').count()).toBe(1);
  await page.getByRole('button', { name: 'Delete Vendor SFTP' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
  await page.getByTestId('channel-VENDOR_SFTP').waitFor({ state: 'detached' });
  await page.close();
});
