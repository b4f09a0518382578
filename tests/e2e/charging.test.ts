import type { Browser } from 'playwright-core';
import {
  settledRun,
  startDemoSession,
  stopDemoSession,
  type DemoSession,
  DEMO_BOOT_TIMEOUT_MS,
} from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import {
  dateText,
  downloadLines,
  eventually,
  fillDate,
  openAdminPage,
  screenshot,
  signIn,
} from '../helpers/browser';
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

beforeAll(async () => ({ playground, browser, token } = await startDemoSession(ADMIN)), DEMO_BOOT_TIMEOUT_MS);
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
  // Charged in the background: the page shows its progress and updates itself until the draft.
  const run = await settledRun(api, runId);
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

type Invoice = { documentId: string; party: { displayName: string }; totals: { gross: string } };

test("a run's invoices: tab, sort and search kept in the URL, CSV of them all", async () => {
  const [latest] = (await api('/utilities/charge-runs?sort=createdAt:desc&pageSize=1')).body.data;
  const run = (await api(`/utilities/charge-runs/${latest.documentId}`)).body.data;
  const invoices = run.invoices as Invoice[];
  expect(invoices.length).toBeGreaterThan(2);
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/charging/runs/${run.documentId}`,
    page.getByRole('tab', { name: `Invoices (${invoices.length})` }),
  );
  await page.getByRole('tab', { name: `Invoices (${invoices.length})` }).click();
  await page.waitForURL((url) => url.searchParams.get('tab') === 'invoices');

  // Gross, descending: the largest invoice first.
  const gross = page.locator('thead th').filter({ hasText: 'Gross' });
  await gross.click();
  await gross.click();
  await page.waitForURL((url) => url.searchParams.get('sort') === 'gross:DESC');
  const largest = [...invoices].sort((a, b) => Number(b.totals.gross) - Number(a.totals.gross))[0];
  const firstRow = page.locator('tbody tr').first();
  await firstRow.getByText(largest.party.displayName, { exact: true }).waitFor();

  // A reload shows the same tab, order and first row.
  await page.reload();
  await firstRow.getByText(largest.party.displayName, { exact: true }).waitFor();
  expect(await page.getByRole('tab', { name: /^Invoices/ }).getAttribute('aria-selected')).toBe('true');
  await screenshot(page, 'charging-run-invoices-sorted');

  // The export holds every invoice of the run, a header row first; a finalized run's
  // invoices have their number and how their e-mail went.
  const lines = await downloadLines(page, page.getByRole('button', { name: 'Export CSV' }));
  expect(lines[0]).toBe('Number,Billing point,Party,As,Net,VAT,Gross,E-mail');
  expect(lines).toHaveLength(invoices.length + 1);

  // Search by party: only that party's invoices remain, and the URL says so.
  await page.getByPlaceholder('Search by party or billing point').fill(largest.party.displayName);
  await page.waitForURL((url) => url.searchParams.get('filters[q]') === largest.party.displayName);
  const rows = page.locator('tbody tr');
  const expected = invoices.filter((i) => i.party.displayName.includes(largest.party.displayName)).length;
  await eventually(() => rows.count(), expected);
  await page.close();
});

test("a run's exceptions filtered by kind, kept in the URL; a scoped run names its building", async () => {
  const [building] = (await api('/utilities/buildings?sort=code:asc&pageSize=1')).body.data;
  // A month with no readings yet: every meter of the building is an exception.
  const created = await fetch(`${playground.url}/utilities/charge-runs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      periodStart: '2031-01-01',
      periodEnd: '2031-01-31',
      scope: { building: building.documentId },
    }),
  });
  expect(created.status).toBe(202);
  const runId = ((await created.json()) as { data: { documentId: string } }).data.documentId;
  const run = await settledRun(api, runId);
  const exceptions = run.exceptions as Array<{ kind: string }>;
  expect(exceptions.length).toBeGreaterThan(0);
  const kinds = [...new Set(exceptions.map((e) => e.kind))];

  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/charging/runs/${runId}`,
    page.getByRole('tab', { name: `Exceptions (${exceptions.length})` }),
  );
  await page.getByText(`Building ${building.code} ${building.name} · Draft`).waitFor();
  const rows = page.locator('tbody tr');
  await eventually(() => rows.count(), Math.min(exceptions.length, 25));

  await page.getByRole('combobox', { name: 'Kind' }).click();
  const kindLabel = (await page.getByRole('option').nth(1).textContent())!;
  await page.getByRole('option').nth(1).click();
  await page.waitForURL((url) => url.searchParams.get('filters[kind]') === kinds[0]);
  const ofKind = exceptions.filter((e) => e.kind === kinds[0]).length;
  await eventually(() => rows.count(), Math.min(ofKind, 25));
  await page.reload();
  await eventually(() => rows.count(), Math.min(ofKind, 25));
  expect(await page.getByRole('combobox', { name: 'Kind' }).textContent()).toContain(kindLabel);
  const lines = await downloadLines(page, page.getByRole('button', { name: 'Export CSV' }));
  expect(lines[0]).toBe('Kind,Billing point,What to look at');
  expect(lines).toHaveLength(ofKind + 1);
  expect(lines.slice(1).every((line) => line.startsWith(`${kindLabel},`))).toBe(true);
  await screenshot(page, 'charging-run-exceptions-filtered');

  // "Last month" fills in the previous calendar month, both days included.
  await page.goto(`${playground.url}/admin/plugins/utilities/charging`);
  await page.getByRole('button', { name: 'New run' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Last month' }).click();
  const now = new Date();
  const day = (d: Date) =>
    [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  expect(await dialog.getByLabel('First day').inputValue()).toBe(
    dateText(day(new Date(now.getFullYear(), now.getMonth() - 1, 1))),
  );
  expect(await dialog.getByLabel('Last day').inputValue()).toBe(
    dateText(day(new Date(now.getFullYear(), now.getMonth(), 0))),
  );
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
