import type { Browser, Locator, Page } from 'playwright-core';
import { startDemoSession, stopDemoSession, DEMO_BOOT_TIMEOUT_MS } from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import { openAdminPage, screenshot, signIn } from '../helpers/browser';
import { createEditor } from '../helpers/admin-http';

/**
 * The billing registers — Buildings, Parties, RFID badges, Usage metrics — on the
 * seeded demo: the demo rows show; a record is added through the modal (after a
 * server field error shows inline), edited and deleted through the confirm
 * dialog; a delete the server refuses (409) shows its reason and keeps the row;
 * the Parties search filters; a read-only editor sees no write buttons.
 */
const ADMIN = { email: 'e2e-registers@example.test', password: 'E2e-Registers-12345' };
const BILLING = '/admin/plugins/utilities/billing';
let playground: PlaygroundProcess;
let browser: Browser;
let token: string;

beforeAll(async () => ({ playground, browser, token } = await startDemoSession(ADMIN)), DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession({ playground, browser }));

async function open(path: string, ready: (page: Page) => Locator, who = ADMIN): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, playground.url, who.email, who.password);
  await openAdminPage(page, `${playground.url}${BILLING}${path}`, ready(page));
  return page;
}

const rowWith = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

/** Clicks the modal's save button and waits for the modal to close (the save succeeded). */
async function saveAndClose(page: Page, button: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Deletes through the row's Delete button and the confirm dialog. */
async function confirmDelete(page: Page, label: string, confirmText: string) {
  await page.getByRole('button', { name: label, exact: true }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByText(confirmText).waitFor();
  await confirm.getByRole('button', { name: 'Confirm' }).click();
  await confirm.waitFor({ state: 'detached' });
}

test('buildings: add (after an inline code error), edit, delete; a building with billing points stays', async () => {
  const page = await open('/buildings', (p) => p.getByTestId('building-DEMO-LAKE'));
  const demo = await page.getByTestId('building-DEMO-LAKE').textContent();
  expect(demo).toContain('Lakeside Residence');
  expect(demo).toContain('Quai du Lac 5, 1006 Lausanne');
  expect(demo).toContain('Immo Léman SA');
  expect(demo).toContain('Europe/Zurich');

  await page.getByRole('button', { name: 'Add building' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Add building' }).waitFor();
  await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill('harbour house');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Harbour House');
  await dialog.getByLabel('Street and number').fill('Rue du Port 2');
  await dialog.getByLabel('City').fill('Vevey');
  await dialog.getByRole('button', { name: 'Create building' }).click();
  await dialog.getByText('Code may contain only uppercase letters, digits and . _ -').waitFor();
  await screenshot(page, 'registers-building-field-error');
  await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill('DEMO-HARBOUR');
  await saveAndClose(page, 'Create building');
  const row = page.getByTestId('building-DEMO-HARBOUR');
  await row.waitFor();
  expect(await row.textContent()).toContain('Rue du Port 2, Vevey');
  await screenshot(page, 'registers-buildings');

  await page.getByRole('button', { name: 'Edit Harbour House', exact: true }).click();
  await dialog.getByRole('heading', { name: 'Edit Harbour House' }).waitFor();
  expect(await dialog.getByRole('textbox', { name: 'Code', exact: true }).inputValue()).toBe('DEMO-HARBOUR');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Harbour House East');
  await saveAndClose(page, 'Save changes');
  await row.getByText('Harbour House East', { exact: true }).waitFor();

  await confirmDelete(
    page,
    'Delete Harbour House East',
    'Delete building Harbour House East? Only a building without billing points can be deleted.',
  );
  await page.getByText('Harbour House East deleted').waitFor();
  await row.waitFor({ state: 'detached' });

  await confirmDelete(page, 'Delete Lakeside Residence', 'Delete building Lakeside Residence?');
  await page.getByText(/Building DEMO-LAKE is still used/).waitFor();
  await page.getByTestId('building-DEMO-LAKE').waitFor();
  await page.close();
});

test('parties: search filters; add (after an inline name error), edit, delete; a party with occupancies stays', async () => {
  const page = await open('/parties', (p) => rowWith(p, 'Hans Blumer'));
  await rowWith(page, 'Immo Léman SA').waitFor();
  expect(await rowWith(page, 'Immo Léman SA').textContent()).toContain('Legal person');
  expect(await rowWith(page, 'Hans Blumer').textContent()).toContain(
    'hans.blumer@example.com · +41 79 555 21 01',
  );

  await page.getByPlaceholder('Search by name, email or phone').fill('Blumer');
  await rowWith(page, 'Immo Léman SA').waitFor({ state: 'detached' });
  expect(await page.locator('[data-testid^="party-"]').count()).toBe(1);
  await page.getByPlaceholder('Search by name, email or phone').fill('nobody-by-this-name');
  await page.getByText('No parties found.').waitFor();
  await page.getByRole('button', { name: 'Clear' }).click();
  await rowWith(page, 'Immo Léman SA').waitFor();

  await page.getByRole('button', { name: 'Add party' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Add party' }).waitFor();
  await dialog.getByLabel('First name').fill('Zoe');
  await dialog.getByRole('button', { name: 'Create party' }).click();
  await dialog.getByText('Last name is required for a natural person').waitFor();
  await dialog.getByLabel('Last name').fill('Zimmer');
  await saveAndClose(page, 'Create party');
  await rowWith(page, 'Zoe Zimmer').waitFor();
  await screenshot(page, 'registers-parties');

  await page.getByRole('button', { name: 'Edit Zoe Zimmer', exact: true }).click();
  await dialog.getByRole('heading', { name: 'Edit Zoe Zimmer' }).waitFor();
  await dialog.getByLabel('Email').fill('zoe.zimmer@example.com');
  await saveAndClose(page, 'Save changes');
  await rowWith(page, 'Zoe Zimmer').getByText('zoe.zimmer@example.com').waitFor();

  await confirmDelete(
    page,
    'Delete Zoe Zimmer',
    "Delete Zoe Zimmer? A party with occupancies, badges or invoices keeps its history and can't be deleted.",
  );
  await page.getByText('Zoe Zimmer deleted').waitFor();
  await rowWith(page, 'Zoe Zimmer').waitFor({ state: 'detached' });

  await confirmDelete(page, 'Delete Hans Blumer', 'Delete Hans Blumer?');
  await page.getByText(/Hans Blumer can't be deleted: the party still has/).waitFor();
  await screenshot(page, 'registers-party-refused');
  await rowWith(page, 'Hans Blumer').waitFor();
  await page.close();
});

test('RFID badges: the holder lookup; add (after an inline UID error), edit, delete', async () => {
  const page = await open('/rfid-badges', (p) => p.getByTestId('badge-04A32B1C5D80'));
  const demo = await page.getByTestId('badge-04A32B1C5D80').textContent();
  expect(demo).toContain('Hans Blumer');
  expect(demo).toContain('Laundry card');
  expect(await page.getByTestId('badge-04550EB2').textContent()).toContain('Deactivated');

  await page.getByLabel('Who holds badge…').fill('04:a3:2b:1c:5d:80');
  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByTestId('badge-lookup-result').getByText('04A32B1C5D80 is held by Hans Blumer on').waitFor();

  await page.getByRole('button', { name: 'Add badge' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Add badge' }).waitFor();
  await dialog.getByLabel('UID').fill('ZZ:11');
  await dialog.getByLabel('Label').fill('Spare card');
  const holder = dialog.getByRole('combobox', { name: 'Holder' });
  await holder.click();
  // The server searches names, email and phone: a last name finds the party.
  await holder.pressSequentially('Favre');
  await page.getByRole('option', { name: 'Marc Favre' }).click();
  await dialog.getByRole('button', { name: 'Create badge' }).click();
  await dialog.getByText('UID must be an RFID UID in hexadecimal').waitFor();
  await screenshot(page, 'registers-badge-field-error');
  await dialog.getByLabel('UID').fill('0a:0b:0c:0d');
  await saveAndClose(page, 'Create badge');
  const row = page.getByTestId('badge-0A0B0C0D');
  await row.waitFor();
  expect(await row.textContent()).toContain('Marc Favre');
  await screenshot(page, 'registers-badges');

  await page.getByRole('button', { name: 'Edit badge 0A0B0C0D', exact: true }).click();
  await dialog.getByRole('heading', { name: 'Edit badge 0A0B0C0D' }).waitFor();
  await dialog.getByLabel('Label').fill('Guest laundry card');
  await saveAndClose(page, 'Save changes');
  await row.getByText('Guest laundry card').waitFor();

  await confirmDelete(
    page,
    'Delete badge 0A0B0C0D',
    'Delete badge 0A0B0C0D? To stop a lost badge, deactivate it instead',
  );
  await page.getByText('Badge 0A0B0C0D deleted').waitFor();
  await row.waitFor({ state: 'detached' });
  await page.close();
});

test('usage metrics: add (after an inline code error), edit, delete; a metric that rates use stays', async () => {
  const page = await open('/usage-metrics', (p) => rowWith(p, 'LAUNDRY_CYCLES'));
  const demo = await rowWith(page, 'LAUNDRY_CYCLES').textContent();
  expect(demo).toContain('Laundry cycles');
  expect(demo).toContain('laundry · intCounter');
  expect(demo).toContain('Count of records');
  expect(await rowWith(page, 'EV_CHARGING_KWH').textContent()).toContain('Growth of a cumulative counter');

  await page.getByRole('button', { name: 'Add usage metric' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Add usage metric' }).waitFor();
  await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill('dryer-cycles');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Dryer cycles');
  await dialog.getByLabel('eGroup').fill('dryer');
  await dialog.getByLabel('Unit').fill('cycle');
  await dialog.getByRole('button', { name: 'Create usage metric' }).click();
  await dialog.getByText('Code may contain only uppercase letters, digits and underscores').waitFor();
  await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill('DRYER_CYCLES');
  await saveAndClose(page, 'Create usage metric');
  const row = rowWith(page, 'DRYER_CYCLES');
  await row.waitFor();
  expect(await row.textContent()).toContain('dryer · intCounter');
  await screenshot(page, 'registers-usage-metrics');

  await page.getByRole('button', { name: 'Edit Dryer cycles', exact: true }).click();
  await dialog.getByRole('heading', { name: 'Edit Dryer cycles' }).waitFor();
  await dialog.getByLabel('eId').fill('D1');
  await saveAndClose(page, 'Save changes');
  await row.getByText('dryer / D1 · intCounter').waitFor();

  await confirmDelete(
    page,
    'Delete Dryer cycles',
    "Delete Dryer cycles? A metric that rates use can't be deleted.",
  );
  await page.getByText('Dryer cycles deleted').waitFor();
  await row.waitFor({ state: 'detached' });

  await confirmDelete(page, 'Delete Laundry cycles', 'Delete Laundry cycles?');
  await page.getByText(/Usage metric LAUNDRY_CYCLES is still used/).waitFor();
  await rowWith(page, 'LAUNDRY_CYCLES').waitFor();
  await page.close();
});

test('a reader (billing.read, rates.read) sees the registers without Add, Edit or Delete', async () => {
  const reader = await createEditor(playground.url, token, 'Registers reader', [
    'billing.read',
    'rates.read',
  ]);
  const pages: [string, (p: Page) => Locator, string][] = [
    ['/buildings', (p) => p.getByTestId('building-DEMO-LAKE'), 'Add building'],
    ['/parties', (p) => rowWith(p, 'Hans Blumer'), 'Add party'],
    ['/rfid-badges', (p) => p.getByTestId('badge-04A32B1C5D80'), 'Add badge'],
    ['/usage-metrics', (p) => rowWith(p, 'LAUNDRY_CYCLES'), 'Add usage metric'],
  ];
  for (const [path, ready, add] of pages) {
    const page = await open(path, ready, reader);
    expect(await page.getByRole('button', { name: add }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Edit|Delete) / }).count()).toBe(0);
    if (path === '/parties') await screenshot(page, 'registers-read-only');
    await page.close();
  }
});
