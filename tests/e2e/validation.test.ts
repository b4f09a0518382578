import type { Browser } from 'playwright-core';
import {
  startDemoSession,
  stopDemoSession,
  type DemoSession,
  DEMO_BOOT_TIMEOUT_MS,
} from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import { eventually, openAdminPage, screenshot, signIn } from '../helpers/browser';

/**
 * The correction queue on the seeded demo (playground/src/demo/validation.js): the
 * planted cases are listed; a person opens the gap on VEE-WM-02, sees the register
 * around it, fills the gap by linear interpolation — the six missing days appear as
 * estimated reads, the change in the audit trail; the meter's consumption chart hatches
 * April's bar, which now rests on the estimates — and undoes it again.
 */
const ADMIN = { email: 'e2e-validation@example.test', password: 'E2e-Validation-12345' };
let playground: PlaygroundProcess;
let browser: Browser;
let api: DemoSession['api'];

beforeAll(async () => ({ playground, browser, api } = await startDemoSession(ADMIN)), DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession({ playground, browser }));

type Flag = { id: number; meterNumber: string; rule: string };
const estimatedOf = async (meter: string) =>
  (
    (await api(`/utilities/validation/queue?pageSize=100&state=estimated&meterNumber=${meter}`)).body
      .data as Flag[]
  ).length;

/** The meter's page, April 2024 by month: its bar is hatched, with a legend, and the table says how many. */
async function expectEstimatedMonth(meter: string, estimated: number) {
  const [device] = (await api(`/utilities/devices?q=${meter}&pageSize=10`)).body.data as {
    documentId: string;
  }[];
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  const chart = page.getByTestId('device-consumption');
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/meters/devices/${device.documentId}`,
    chart,
  );
  // The latest 12 months end this month; April 2024 is two spans back.
  for (const button of ['Per month', 'Earlier', 'Earlier'])
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/consumption?') && r.ok()),
      page.getByRole('button', { name: button }).click(),
    ]);
  await eventually(() => chart.getAttribute('data-corrected-bars'), '1');
  await chart
    .getByTestId('chart-corrected-legend')
    .getByText('Includes estimated or edited readings')
    .waitFor();
  expect(await chart.locator('[data-corrected="true"]').count()).toBe(1);
  await screenshot(page, 'validation-chart-estimated');
  await chart.getByRole('button', { name: 'Show as table' }).click();
  await chart.getByText(`(includes ${estimated} estimated readings)`, { exact: false }).waitFor();
  await page.close();
}

test('open the gap, fill it, see the estimates and the audit trail, undo it', async () => {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openAdminPage(
    page,
    `${playground.url}/admin/settings/utilities/validation`,
    page.getByRole('button', { name: /Show reading VEE-WM-02/ }),
  );
  for (const meter of ['VEE-WM-01', 'VEE-EM-01', 'VEE-WM-03'])
    await page.getByRole('button', { name: new RegExp(`Show reading ${meter}`) }).waitFor();
  await page.getByText('Continuous flow (leak)').first().waitFor();
  await page.getByText('Stuck meter').first().waitFor();

  await page.getByRole('button', { name: /Show reading VEE-WM-02/ }).click();
  const panel = page.getByTestId('reading-panel');
  await panel.getByRole('heading', { name: 'Reading VEE-WM-02 · 1' }).waitFor();
  // The chart of the register around the flagged read, and the reads as a table.
  await panel.getByRole('img', { name: /Register 1 of meter VEE-WM-02: \d+ reads around/ }).waitFor();
  expect(await panel.locator('svg .recharts-line').count()).toBe(2);
  expect(await panel.getByText('Flagged by the rules').count()).toBe(1);

  await panel.getByRole('button', { name: 'Fill the gap' }).click();
  await page.getByText('The missing reads were estimated').waitFor();
  // Six days (10–15 April) are now estimated reads, each marked in the table.
  await eventually(() => panel.getByText(/^Estimated · Linear interpolation$/).count(), 6);
  expect(await estimatedOf('VEE-WM-02')).toBe(6);
  expect(await panel.getByText('Gap filled').count()).toBe(1);
  await screenshot(page, 'validation-gap-filled');
  await expectEstimatedMonth('VEE-WM-02', 6);

  await panel.getByRole('textbox', { name: 'Reason' }).fill('Wrong method, the caretaker has the readings');
  await panel.getByRole('button', { name: 'Undo last change' }).click();
  await panel.getByText('Undone').first().waitFor();
  await eventually(() => panel.getByText(/^Estimated/).count(), 0);
  expect(await estimatedOf('VEE-WM-02')).toBe(0);
  const history = await panel.getByTestId('history-entry').allTextContents();
  expect(history[0]).toContain('Wrong method, the caretaker has the readings');
  await page.close();
});
