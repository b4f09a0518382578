import type { Browser } from 'playwright-core';
import { DateTime } from 'luxon';
import { startDemoSession, stopDemoSession, DEMO_BOOT_TIMEOUT_MS } from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import { openAdminPage, screenshot, signIn } from '../helpers/browser';

/**
 * The demo's Lakeside ZEV (playground/src/demo/community.js) as a property manager opens
 * it: the Solar communities page lists it; its page, set to the demo month M (the calendar
 * month before this one) per month, shows the month's production, self-consumption,
 * export and common consumption, and each member flat with its entry date and its solar
 * and grid energy — the figures the API gives for the same month.
 */
const ADMIN = { email: 'e2e-community@example.test', password: 'E2e-Community-12345' };
let playground: PlaygroundProcess;
let browser: Browser;
let token: string;

beforeAll(async () => ({ playground, browser, token } = await startDemoSession(ADMIN)), DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession({ playground, browser }));

const api = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${playground.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await res.json()) as { data: T }).data;
};
type Figures = {
  totals: { production: string; selfConsumed: string; exported: string; common: string };
  members: { billingPoint: string; solar: string; grid: string }[];
};
type Community = {
  documentId: string;
  code: string;
  members: { billingPoint: string; code?: string; entryDate: string }[];
};
const kwh = (value: string) =>
  `${new Intl.NumberFormat('en', { maximumFractionDigits: 3 }).format(Number(value))} kWh`;
const text = async (locator: { textContent: () => Promise<string | null> }) =>
  ((await locator.textContent()) ?? '').replace(/\s/g, ' ');

test("the Lakeside ZEV's page: members, and the month's solar, grid and export figures", async () => {
  const month = DateTime.now().setZone('Europe/Zurich').startOf('month').minus({ months: 1 });
  const from = month.toISODate()!;
  const to = month.plus({ months: 1 }).toISODate()!;
  const community = (await api<Community[]>('/utilities/communities?pageSize=100')).find(
    (c) => c.code === 'LAKESIDE-ZEV',
  )!;
  const figures = await api<Figures>(
    `/utilities/communities/${community.documentId}/figures?from=${from}&to=${to}&granularity=month`,
  );
  expect(Number(figures.totals.production)).toBeGreaterThan(0);

  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/communities`,
    page.getByTestId('community-LAKESIDE-ZEV'),
  );
  const row = page.getByTestId('community-LAKESIDE-ZEV');
  expect(await text(row)).toContain('ZEV Lakeside Residence');
  await row.getByRole('button', { name: 'LAKESIDE-ZEV' }).click();

  await page.getByLabel('From').fill(from);
  await page.getByLabel('Until (exclusive)').fill(to);
  await page.getByRole('combobox', { name: 'Per' }).click();
  await page.getByRole('option', { name: 'Month', exact: true }).click();
  await page.getByRole('button', { name: 'Show' }).click();

  const totals = page.getByTestId('community-totals');
  await totals.getByText(kwh(figures.totals.production)).waitFor();
  const shown = await text(totals);
  for (const [label, value] of [
    ['Production', figures.totals.production],
    ['Self-consumption', figures.totals.selfConsumed],
    ['Export', figures.totals.exported],
    ['Common consumption', figures.totals.common],
  ]) {
    expect(shown).toContain(`${label}${kwh(value)}`);
  }
  for (const code of ['DL-05', 'DL-07', 'DL-08']) {
    const member = community.members.find((m) => m.code === code)!;
    const energy = figures.members.find((m) => m.billingPoint === member.billingPoint)!;
    const cells = await text(page.getByTestId(`community-member-${code}`));
    expect(cells).toContain(code);
    expect(cells).toContain(kwh(energy.solar));
    expect(cells).toContain(kwh(energy.grid));
    expect(Number(energy.solar)).toBeGreaterThan(0);
  }
  await screenshot(page, 'community-lakeside-zev');
  await page.close();
});
