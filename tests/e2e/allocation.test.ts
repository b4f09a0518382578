import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startDemoSession, stopDemoSession, DEMO_BOOT_TIMEOUT_MS } from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import { fillDate, openAdminPage, screenshot, signIn } from '../helpers/browser';
import { createEditor } from '../helpers/admin-http';

/**
 * Cost allocation as a property manager uses it on the seeded demo (last year's
 * heating year of the Lakeside Residence): run the settlement again, read the
 * statements, finalize after confirming; then a cost item dated in the locked
 * period is refused with the server's reason. A reader sees settlements but no
 * New settlement / Finalize buttons.
 */
const ADMIN = { email: 'e2e-allocation@example.test', password: 'E2e-Allocation-12345' };
let playground: PlaygroundProcess;
let browser: Browser;
let token: string;

beforeAll(async () => ({ playground, browser, token } = await startDemoSession(ADMIN)), DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession({ playground, browser }));

type Run = {
  documentId: string;
  building: string;
  periodStart: string;
  periodEnd: string;
  status: string;
  result: { totals: { balanced: boolean }; statements: unknown[] };
};
const api = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${playground.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await res.json()) as { data: T }).data;
};

test('run the settlement, read its statements, finalize it; the period is locked', async () => {
  const [demo] = await api<Run[]>('/utilities/settlement-runs');
  const building = await api<{ code: string; name: string }>(`/utilities/buildings/${demo.building}`);
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/allocation`,
    page.getByRole('button', { name: 'New settlement' }),
  );
  await page.getByRole('button', { name: 'New settlement' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Building' }).click();
  await page.getByRole('option', { name: `${building.code} ${building.name}` }).click();
  await fillDate(dialog.getByLabel('First day'), demo.periodStart);
  await fillDate(dialog.getByLabel('Last day'), demo.periodEnd);
  await dialog.getByRole('button', { name: 'Run' }).click();

  // Same building and period: the demo's draft is replaced, not duplicated.
  await page.waitForURL(new RegExp(`/allocation/runs/${demo.documentId}$`));
  const run = await api<Run>(`/utilities/settlement-runs/${demo.documentId}`);
  expect(run.result.totals.balanced).toBe(true);
  await page.getByText(`Statements (${run.result.statements.length})`).waitFor();
  await page.getByText('Exceptions (0)').waitFor();
  await page.getByText("The building's statement of charges").waitFor();
  await screenshot(page, 'allocation-run-draft');

  await page.getByRole('button', { name: 'Finalize' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
  await page.getByText(/^Finalized · costs/).waitFor();
  expect((await api<Run>(`/utilities/settlement-runs/${demo.documentId}`)).status).toBe('finalized');
  expect(await page.getByRole('button', { name: 'Finalize' }).count()).toBe(0);

  // Each party's statement as a PDF, from the statements tab.
  await page.getByText(`Statements (${run.result.statements.length})`).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Statement PDF' }).first().click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^settlement-.+\.pdf$/);
  expect(
    readFileSync(await download.path())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');

  // A cost in the finalized period cannot be added.
  await page.getByRole('link', { name: 'Cost items' }).click();
  await page.getByRole('combobox', { name: 'Building' }).click();
  await page.getByRole('option', { name: `${building.code} ${building.name}` }).click();
  await page.getByRole('button', { name: 'Add cost item' }).first().click();
  const form = page.getByRole('dialog');
  await form.getByLabel('Net amount').fill('100.00');
  await fillDate(form.getByRole('combobox', { name: 'Date' }), demo.periodEnd);
  await form.getByRole('button', { name: 'Add cost item' }).click();
  await page
    .getByText(/is finalized \(settlement .*\)\. Its costs can’t change/)
    .first()
    .waitFor();
  await screenshot(page, 'allocation-cost-locked');
  await page.close();
});

test('a reader sees the settlements but cannot run or finalize one', async () => {
  const reader = await createEditor(playground.url, token, 'Allocation reader', ['allocation.read']);
  const page = await browser.newPage();
  await signIn(page, playground.url, reader.email, reader.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/allocation`,
    page.getByText('Settlements of charges').first(),
  );
  expect(await page.getByRole('button', { name: 'New settlement' }).count()).toBe(0);
  await page.getByRole('row').nth(1).getByRole('link').click();
  await page.getByText(/^Statements \(\d+\)$/).waitFor();
  expect(await page.getByRole('button', { name: 'Finalize' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Void' }).count()).toBe(0);
  await page.close();
});
