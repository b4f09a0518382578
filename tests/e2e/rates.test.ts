import type { Browser, Locator, Page } from 'playwright-core';
import { startDemoSession, stopDemoSession, DEMO_BOOT_TIMEOUT_MS } from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import { fillDate, openAdminPage, screenshot, signIn } from '../helpers/browser';

/**
 * Correcting prices as a property manager does on the seeded demo: DL-04's
 * smart-meter tariff (HT/NT on the Zurich calendar, four components) has a wrong
 * energy HT price; it is corrected in the Rates tab while only the demo's draft
 * run used it, the draft is run again from the Charging page, and the invoice
 * shows the new price. The tariff calendar page shows a bad window time beside
 * the window, and refuses a schedule that would leave DL-04's rate unpriced.
 */
const ADMIN = { email: 'e2e-rates@example.test', password: 'E2e-Rates-12345' };
const BILLING = '/admin/plugins/utilities/billing';
let playground: PlaygroundProcess;
let browser: Browser;
let token: string;

beforeAll(async () => ({ playground, browser, token } = await startDemoSession(ADMIN)), DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession({ playground, browser }));

/** An admin API answer's `data`, as the test expects it to be shaped. */
async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${playground.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await res.json()) as { data: T }).data;
}

async function open(path: string, ready: (page: Page) => Locator): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(page, `${playground.url}${path}`, ready(page));
  return page;
}

type Line = {
  kind: string;
  component: string | null;
  band: string | null;
  unitPrice: string;
  register: string;
};

/** The demo's draft run and DL-04's invoice lines in it. */
async function demoDraft() {
  const runs = await get<{ documentId: string; status: string; periodStart: string; periodEnd: string }[]>(
    '/utilities/charge-runs?pageSize=100',
  );
  const draft = runs.find((r) => r.status === 'draft')!;
  const invoices = await get<{ documentId: string; billingPoint: { code: string } }[]>(
    `/utilities/invoices?chargeRun=${draft.documentId}&pageSize=100`,
  );
  const dl04 = invoices.find((i) => i.billingPoint.code === 'DL-04')!;
  const { lines } = await get<{ lines: Line[] }>(`/utilities/invoices/${dl04.documentId}`);
  const energyHt = lines.filter((l) => l.component === 'Energy' && l.band === 'HT').map((l) => l.unitPrice);
  return { draft, energyHt };
}

test('a wrong band price is corrected in the Rates tab, and the re-run draft shows the new price', async () => {
  const before = await demoDraft();
  expect(before.energyHt).toEqual(['0.148']);
  const points = await get<{ documentId: string; code: string }[]>('/utilities/billing-points?q=DL-04');
  const point = points.find((p) => p.code === 'DL-04')!;
  const page = await open(`${BILLING}/billing-points/${point.documentId}`, (p) =>
    p.getByRole('tab', { name: 'Rates' }),
  );
  await page.getByRole('tab', { name: 'Rates' }).click();
  const row = page.getByTestId('rate-2018-01-01-billing-point');
  await row.getByText('Energy: HT CHF 0.148').waitFor();
  await row.getByRole('button', { name: /^Edit rate Electricity/ }).click();

  const dialog = page.getByRole('dialog');
  const energy = dialog.getByTestId('component-0');
  await expect(energy.getByRole('textbox', { name: 'Component' }).inputValue()).resolves.toBe('Energy');
  const ht = energy.getByRole('textbox', { name: 'Price HT' });
  await expect(ht.inputValue()).resolves.toBe('0.148');
  // A price that is not a decimal is refused and shown beside that band's input, by its words.
  await ht.fill('0.16x');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await energy.getByText(/must be a plain decimal number/).waitFor();
  expect(await dialog.textContent()).not.toContain('components.0');
  await screenshot(page, 'rates-band-price-error');

  await ht.fill('0.1625');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.waitFor({ state: 'detached' });
  await row.getByText('Energy: HT CHF 0.1625').waitFor();

  // Run the draft again (same period and scope) from the Charging page.
  const charging = await open('/admin/plugins/utilities/charging', (p) =>
    p.getByRole('button', { name: 'New run' }),
  );
  await charging.getByRole('button', { name: 'New run' }).click();
  const run = charging.getByRole('dialog');
  await fillDate(run.getByLabel('First day'), before.draft.periodStart);
  await fillDate(run.getByLabel('Last day'), before.draft.periodEnd);
  await run.getByRole('combobox', { name: 'Scope' }).click();
  await charging.getByRole('option', { name: 'One building' }).click();
  await run.getByRole('combobox', { name: 'Building' }).click();
  await charging.getByRole('option').first().click();
  await run.getByRole('button', { name: 'Run' }).click();
  await charging.waitForURL(/\/charging\/runs\/[a-z0-9]+/);
  await charging.getByRole('tab', { name: /^Invoices/ }).click();
  await charging.getByRole('row').filter({ hasText: 'DL-04' }).first().click();
  await charging.getByText('CHF 0.1625').first().waitFor();
  expect(await charging.getByText('CHF 0.148', { exact: true }).count()).toBe(0);
  await screenshot(charging, 'rates-rerun-new-price');

  const after = await demoDraft();
  expect(after.energyHt).toEqual(['0.1625']);
  await charging.close();

  // "Change prices" starts from the rate it replaces: water at its 2.6 % VAT, not 8.1 %,
  // and at the price applying today.
  const effective = await get<{ rates: { target: { code: string }; rate: { unitPrice: string } }[] }>(
    `/utilities/rates/effective?billingPoint=${point.documentId}`,
  );
  const water = effective.rates.find((e) => e.target.code === 'WATER')!.rate;
  await page.getByRole('button', { name: 'Change prices' }).click();
  const change = page.getByRole('dialog');
  await change.getByRole('combobox', { name: 'Utility or usage' }).click();
  await page.getByRole('option', { name: 'Water', exact: true }).click();
  await expect(change.getByRole('textbox', { name: 'VAT rate (%)' }).inputValue()).resolves.toBe('2.6');
  await expect(change.getByRole('textbox', { name: 'Unit price' }).inputValue()).resolves.toBe(
    water.unitPrice,
  );
  // …and electricity from DL-04's band tariff, its components included.
  await change.getByRole('combobox', { name: 'Utility or usage' }).click();
  await page.getByRole('option', { name: 'Electricity', exact: true }).click();
  await expect(
    change.getByTestId('component-0').getByRole('textbox', { name: 'Price HT' }).inputValue(),
  ).resolves.toBe('0.1625');
  // The rate's own VAT comes after its components' (each component has its own).
  await expect(change.getByRole('textbox', { name: 'VAT rate (%)' }).last().inputValue()).resolves.toBe(
    '8.1',
  );
  await change.getByRole('button', { name: 'Cancel' }).click();
  await page.close();
});

test('the calendar editor shows a 25:00 window inline and refuses to drop a band a rate prices', async () => {
  const page = await open(`${BILLING}/tariff-calendars`, (p) => p.getByTestId('calendar-EKZ-HTNT'));
  const demo = await page.getByTestId('calendar-EKZ-HTNT').textContent();
  expect(demo).toContain('HT, NT');
  expect(demo).toContain('HT Mon–Fri 07:00–20:00; HT Sat 07:00–13:00; otherwise NT');
  expect(demo).toContain('CH-ZH');

  await page.getByRole('button', { name: 'Add tariff calendar' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Code' }).fill('EWB-HTNT');
  await dialog.getByRole('textbox', { name: 'Name' }).fill('HT/NT Bern');
  const window = dialog.getByTestId('window-0');
  await window.getByRole('textbox', { name: 'To' }).fill('25:00');
  await dialog.getByRole('textbox', { name: 'Public holidays of' }).fill('CH-BE');
  await dialog.getByRole('button', { name: 'Create tariff calendar' }).click();
  await window.getByText('Window to must be a local time from 00:00 to 24:00, got "25:00"').waitFor();
  await screenshot(page, 'calendar-window-error');

  await window.getByRole('textbox', { name: 'To' }).fill('21:00');
  await dialog.getByRole('button', { name: 'Create tariff calendar' }).click();
  await dialog.waitFor({ state: 'detached' });
  const created = await page.getByTestId('calendar-EWB-HTNT').textContent();
  expect(created).toContain('HT Mon–Fri 07:00–21:00; otherwise NT');
  type Calendar = { code: string; holidayRegion: string | null; defaultBand: string | null };
  const [stored] = await get<Calendar[]>('/utilities/tariff-calendars?q=EWB');
  expect(stored).toMatchObject({ code: 'EWB-HTNT', holidayRegion: 'CH-BE', defaultBand: 'NT' });

  // DL-04 and DL-06 price HT and NT on EKZ-HTNT: a default band "LOW" would leave NT unpriced.
  await page.getByRole('button', { name: 'Edit Hoch-/Niedertarif Kanton Zürich' }).click();
  await dialog.getByRole('textbox', { name: 'Default band' }).fill('LOW');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await page
    .getByText(/EKZ-HTNT can’t change this way: Smart meter tariff HT\/NT \(2018-01-01\)/)
    .first()
    .waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const [ekz] = await get<Calendar[]>('/utilities/tariff-calendars?q=EKZ');
  expect(ekz.defaultBand).toBe('NT');
  await page.close();
});
