import type { Browser, Page } from 'playwright-core';
import {
  startDemoSession,
  stopDemoSession,
  type DemoSession,
  DEMO_BOOT_TIMEOUT_MS,
} from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';
import { dateText, fillDate, isoOfDateText, openAdminPage, screenshot, signIn } from '../helpers/browser';
import { createEditor } from '../helpers/admin-http';

/**
 * Billing as a property manager uses it, on the seeded demo: the billing points
 * list, a billing point's meters by utility, the "Register a move" wizard with a
 * new occupant, and "Change prices" from next month — then the server's coverage
 * and effective-rate answers agree with what was entered.
 */
const ADMIN = { email: 'e2e-billing@example.test', password: 'E2e-Billing-12345' };
let playground: PlaygroundProcess;
let browser: Browser;
let token: string;

beforeAll(async () => ({ playground, browser, token } = await startDemoSession(ADMIN)), DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession({ playground, browser }));

const api: DemoSession['api'] = async (path, init = {}) => {
  const res = await fetch(`${playground.url}${path}`, {
    ...init,
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
      ...(init.headers ?? {}),
    },
  });
  return { status: res.status, body: await res.json() };
};

async function openPoint(page: Page, code: string) {
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/billing`,
    page.getByTestId(`billing-point-${code}`),
  );
  await page.getByTestId(`billing-point-${code}`).getByRole('link').click();
  await page.getByRole('tab', { name: 'Meters' }).waitFor();
}

test('the billing points list shows who occupies each point today, and vacancy billed to the owner', async () => {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  const rez = page.getByTestId('billing-point-DL-01');
  await openAdminPage(page, `${playground.url}/admin/plugins/utilities/billing`, rez);
  expect(await rez.textContent()).toContain('Hans Blumer');
  expect(await page.getByTestId('billing-point-DL-05').textContent()).toContain(
    'Vacant — billed to Immo Léman SA',
  );
  expect(await page.getByTestId('billing-point-DL-12').textContent()).toContain('billed to Marc Favre');
  await screenshot(page, 'billing-points-list');

  await openPoint(page, 'DL-02');
  await page.getByTestId('installation-WM-1002').waitFor();
  expect(await page.getByTestId('installation-WM-1002').textContent()).toContain('Removed');
  expect(await page.getByTestId('installation-WM-1006').textContent()).toContain('Installed');
  await screenshot(page, 'billing-point-meters');
  await page.close();
});

test('register a move with a new occupant through the wizard', async () => {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openPoint(page, 'DL-04');
  await page.getByRole('tab', { name: 'Occupants' }).click();
  await page.getByTestId('occupancy-David Nguyen').waitFor();
  await page.getByRole('button', { name: 'Register a move' }).click();
  const dialog = page.getByRole('dialog');
  const exit = dialog.getByLabel('Exit date of David Nguyen');
  await fillDate(exit, '2030-03-31');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByLabel('First name').fill('Olivia');
  await dialog.getByLabel('Last name').fill('Ostermann');
  await dialog.getByLabel('Email').fill('olivia@example.com');
  expect(await dialog.getByLabel('Entry date').inputValue()).toBe(dateText('2030-04-01'));
  await dialog.getByRole('button', { name: 'Review' }).click();
  await dialog.getByText('Olivia Ostermann enters on').waitFor();
  await screenshot(page, 'billing-move-review');
  await dialog.getByRole('button', { name: 'Register the move' }).click();
  await page.getByTestId('occupancy-Olivia Ostermann').waitFor();
  await screenshot(page, 'billing-occupants-after-move');

  const id = page.url().split('/').pop()!;
  const coverage = await api(`/utilities/billing-points/${id}/coverage?from=2030-03-01&to=2030-04-30`);
  expect(
    coverage.body.data.periods.map((p: { from: string; to: string; party: { displayName: string } }) => [
      p.from,
      p.to,
      p.party.displayName,
    ]),
  ).toEqual([
    ['2030-03-01', '2030-03-31', 'David Nguyen'],
    ['2030-04-01', '2030-04-30', 'Olivia Ostermann'],
  ]);
  await page.close();
});

test('a same-day move-in is refused with the reason, and nothing changes', async () => {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openPoint(page, 'DL-07');
  await page.getByRole('tab', { name: 'Occupants' }).click();
  await page.getByTestId('occupancy-Giulia Bianchi').waitFor();
  await page.getByRole('button', { name: 'Register a move' }).click();
  const dialog = page.getByRole('dialog');
  await fillDate(dialog.getByLabel('Exit date of Giulia Bianchi'), '2030-06-30');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByLabel('Last name').fill('Sameday');
  await fillDate(dialog.getByLabel('Entry date'), '2030-06-30');
  await dialog.getByRole('button', { name: 'Review' }).click();
  await dialog.getByRole('button', { name: 'Register the move' }).click();
  await dialog.getByTestId('move-error').waitFor();
  expect(await dialog.getByTestId('move-error').textContent()).toContain('Jul 1, 2030 at the earliest');
  await screenshot(page, 'billing-move-refused');
  await page.close();
  const id = (await api('/utilities/billing-points?q=DL-07')).body.data[0].documentId;
  const occupancies = await api(`/utilities/billing-points/${id}/occupancies`);
  expect(occupancies.body.data).toHaveLength(1);
  expect(occupancies.body.data[0].exitDate).toBeNull();
});

test('change the electricity price from next month in the Rates tab', async () => {
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await openPoint(page, 'DL-01');
  await page.getByRole('tab', { name: 'Rates' }).click();
  await page.getByTestId('effective-ELECTRICITY').waitFor();
  // Money is formatted by Intl: "CHF 0.279" with a no-break space after the currency.
  expect((await page.getByTestId('effective-ELECTRICITY').textContent())?.replace(/\s/g, ' ')).toContain(
    'CHF 0.279',
  );
  await page.getByRole('button', { name: 'Change prices' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Utility or usage' }).click();
  await page.getByRole('option', { name: 'Electricity', exact: true }).click();
  await dialog.getByRole('combobox', { name: 'Applies to' }).click();
  await page.getByRole('option', { name: 'Everyone (default)' }).click();
  const validFrom = isoOfDateText(await dialog.getByLabel('Valid from').inputValue());
  await dialog.getByLabel('Unit price').fill('0.3120');
  await dialog.getByLabel('Fixed fee per month').fill('8.50');
  await dialog.getByRole('button', { name: 'Save new prices' }).click();
  await page.getByTestId(`rate-${validFrom}-default`).waitFor();
  await screenshot(page, 'billing-rates-after-change');

  const id = page.url().split('/').pop()!;
  const next = await api(
    `/utilities/rates/effective?billingPoint=${id}&utilityType=ELECTRICITY&at=${validFrom}`,
  );
  expect(next.body.data.rate).toMatchObject({ unitPrice: '0.312', validFrom, currency: 'CHF' });
  const [y, m, d] = validFrom.split('-').map(Number);
  const dayBefore = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
  const before = await api(
    `/utilities/rates/effective?billingPoint=${id}&utilityType=ELECTRICITY&at=${dayBefore}`,
  );
  expect(before.body.data.rate).toMatchObject({ unitPrice: '0.279', validTo: dayBefore });
  await page.close();
});

test('a reader (billing.read only) sees billing points but no write buttons', async () => {
  const reader = await createEditor(playground.url, token, 'Billing reader', ['billing.read']);
  const page = await browser.newPage();
  await signIn(page, playground.url, reader.email, reader.password);
  await openPoint(page, 'DL-01');
  await page.getByRole('tab', { name: 'Occupants' }).click();
  await page.getByTestId('occupancy-Hans Blumer').waitFor();
  expect(await page.getByRole('button', { name: 'Register a move' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Link a meter' }).count()).toBe(0);
  expect(await page.getByRole('tab', { name: 'Rates' }).count()).toBe(0);
  await screenshot(page, 'billing-read-only');
  await page.close();
});
