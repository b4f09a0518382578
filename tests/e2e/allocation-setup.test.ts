import type { Locator, Page } from 'playwright-core';
import { fillDate, openAdminPage, screenshot } from '../helpers/browser';
import {
  startDemoSession,
  stopDemoSession,
  type DemoSession,
  DEMO_BOOT_TIMEOUT_MS,
} from '../helpers/demo-session';

/**
 * What a property manager prepares before the annual settlement, on the seeded
 * Lakeside Residence: a flat's keys, a category's scheme (a share that does not
 * add up is refused with the server's reason, the VEWA default comes back), an
 * occupant's monthly advance, cost items imported from CSV with an outcome per
 * line, and a supplier's invoice attached from the media library. Each step is
 * checked on the server through the admin API.
 */
const ADMIN = { email: 'e2e-allocation-setup@example.test', password: 'E2e-Allocation-Setup-12345' };
const BASE = '/admin/plugins/utilities/allocation';
let demo: DemoSession;
let building: string;

beforeAll(async () => {
  demo = await startDemoSession(ADMIN);
  const buildings = (await demo.api('/utilities/buildings?pageSize=100')).body.data as {
    documentId: string;
    code: string;
  }[];
  building = buildings.find((b) => b.code === 'DEMO-LAKE')!.documentId;
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession({ ...demo }));

async function open(path: string, ready: (page: Page) => Locator): Promise<Page> {
  const page = await (await demo.signedInContext()).newPage();
  await openAdminPage(page, `${demo.playground.url}${BASE}${path}?building=${building}`, ready(page));
  return page;
}

async function choose(page: Page, field: string, option: string | RegExp) {
  await page.getByRole('dialog').getByRole('combobox', { name: field }).click();
  await page.getByRole('option', { name: option }).click();
}

async function pointId(code: string): Promise<string> {
  const points = (await demo.api(`/utilities/billing-points?building=${building}&pageSize=100`)).body
    .data as { documentId: string; code: string }[];
  return points.find((p) => p.code === code)!.documentId;
}

test('the keys of a flat: edited in the table, stored on the server', async () => {
  const page = await open('/keys', (p) => p.getByTestId('keys-DL-01'));
  // The demo's DL-01: 85 m², 100 ‰; the building's value quotas add up to 1000 ‰.
  await page.getByTestId('keys-DL-01').getByText('85').first().waitFor();
  await page.getByText('Building total: 898 m² heated area, 1,000 ‰ value quota').waitFor();
  await page.getByRole('button', { name: 'Edit the keys of DL-01' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Persons').fill('3');
  await dialog.getByLabel('Heated area (m²)').fill('0');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  // An area of 0 is refused with the field named; nothing changes.
  await dialog
    .getByText(/heatedArea|Heated area/)
    .first()
    .waitFor();
  await dialog.getByLabel('Heated area (m²)').fill('86.5');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.waitFor({ state: 'detached' });
  const dl01 = await pointId('DL-01');
  const keys = (await demo.api(`/utilities/allocation-keys?billingPoint=${dl01}`)).body.data;
  expect(keys).toMatchObject([{ heatedArea: '86.5', valueQuota: '100', persons: '3' }]);
  await page.getByTestId('keys-DL-01').getByText('86.5').waitFor();
  await screenshot(page, 'allocation-keys');
  await page.close();
});

test('a scheme: shares must add up to 100 %, and the VEWA default comes back', async () => {
  const page = await open('/schemes', (p) => p.getByTestId('scheme-heating-energy'));
  const row = page.getByTestId('scheme-heating-energy');
  await row.getByText('30 % Heated area (m²) + 70 % Heat meters').waitFor();
  await row.getByText('Default').waitFor();
  await page.getByRole('button', { name: 'Change how Heating energy is shared' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Share (%)').first().fill('40');
  await dialog.getByText('Together 110 % (must be 100 %)').waitFor();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.getByText('The shares add up to 110 %, not 100 %').first().waitFor();
  await dialog.getByLabel('Share (%)').nth(1).fill('60');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.waitFor({ state: 'detached' });
  await row.getByText('40 % Heated area (m²) + 60 % Heat meters').waitFor();
  const schemes = (await demo.api(`/utilities/allocation-schemes?building=${building}`)).body.data;
  expect(schemes).toMatchObject([
    {
      category: 'heating-energy',
      parts: [
        { key: 'area', percent: '40' },
        { key: 'heat', percent: '60' },
      ],
    },
  ]);
  await page.getByRole('button', { name: 'Share Heating energy by the default again' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
  await row.getByText('30 % Heated area (m²) + 70 % Heat meters').waitFor();
  expect((await demo.api(`/utilities/allocation-schemes?building=${building}`)).body.data).toEqual([]);
  await page.close();
});

test('an advance payment for an occupancy, its dates taken from the lease', async () => {
  const page = await open('/advances', (p) => p.getByRole('button', { name: 'Add advance payment' }));
  await page.getByRole('button', { name: 'Add advance payment' }).click();
  const dialog = page.getByRole('dialog');
  await choose(page, 'Billing point', /^DL-09 /);
  await choose(page, 'Occupancy', /.+/);
  await choose(page, 'Cost group', 'Other operating costs');
  await dialog.getByLabel('Per month').fill('77.50');
  await fillDate(dialog.getByRole('combobox', { name: 'Valid from' }), '2030-01-01');
  await dialog.getByRole('button', { name: 'Add advance payment' }).click();
  await dialog.waitFor({ state: 'detached' });
  const dl09 = await pointId('DL-09');
  const advances = (await demo.api(`/utilities/advance-payments?billingPoint=${dl09}&pageSize=100`)).body
    .data as { group: string; monthlyAmount: string; validFrom: string }[];
  expect(advances.filter((a) => a.monthlyAmount === '77.5' || a.monthlyAmount === '77.50')).toMatchObject([
    { group: 'operating', validFrom: '2030-01-01' },
  ]);
  await page.close();
});

test('a payment received: recorded in its page, listed, stored on the server', async () => {
  const page = await open('/payments', (p) => p.getByRole('button', { name: 'Record payment' }));
  await page.getByRole('button', { name: 'Record payment' }).click();
  const dialog = page.getByRole('dialog');
  await choose(page, 'Billing point', /^DL-09 /);
  await choose(page, 'Party', /.+/);
  await choose(page, 'Cost group', 'Other operating costs');
  await dialog.getByLabel('Amount').fill('-250.00');
  await fillDate(dialog.getByRole('combobox', { name: 'Date' }), '2030-02-01');
  await dialog.getByLabel('Reference').fill('E2E-QR-0001');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  // A negative payment is refused with the reason in the admin's words; nothing is stored.
  await dialog
    .getByText(/money paid back/)
    .first()
    .waitFor();
  await dialog.getByLabel('Amount').fill('250.00');
  await dialog.getByRole('button', { name: 'Record payment' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page
    .getByRole('row', { name: /E2E-QR-0001/ })
    .getByText(/250\.00/)
    .waitFor();
  const dl09 = await pointId('DL-09');
  const payments = (await demo.api(`/utilities/recorded-payments?billingPoint=${dl09}&pageSize=100`)).body
    .data as { reference: string | null }[];
  expect(payments.filter((p) => p.reference === 'E2E-QR-0001')).toMatchObject([
    { kind: 'payment', amount: '250.00', date: '2030-02-01', group: 'operating' },
  ]);
  await screenshot(page, 'allocation-payments');
  await page.close();
});

test('the keys of one period: the default copied, then changed for that period only', async () => {
  const page = await open('/keys', (p) => p.getByTestId('keys-DL-02'));
  await fillDate(page.getByRole('combobox', { name: 'Valid from' }), '2031-01-01');
  await fillDate(page.getByRole('combobox', { name: 'Valid to' }), '2031-12-31');
  await page.getByRole('button', { name: 'Show this period' }).click();
  // The period's view: every point still on the default.
  await page.getByTestId('keys-DL-02').getByText('Default (every period)').waitFor();
  await page.getByRole('button', { name: 'Copy the default to this period' }).click();
  await page.getByTestId('keys-DL-02').getByText('This period').waitFor();
  await page.getByRole('button', { name: 'Edit the keys of DL-02' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Persons').fill('4');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.waitFor({ state: 'detached' });
  const dl02 = await pointId('DL-02');
  const rows = (await demo.api(`/utilities/allocation-keys?billingPoint=${dl02}&sort=periodKey:asc`)).body
    .data as { periodKey: string; persons: string | null }[];
  expect([new URL(page.url()).searchParams.get('period'), rows.map((r) => r.periodKey)]).toEqual([
    '2031-01-01..2031-12-31',
    ['', '2031-01-01..2031-12-31'],
  ]);
  expect(rows[1].persons).toBe('4');
  expect(rows[0].persons).not.toBe('4');
  await page.close();
});

test('cost items from CSV: every line gets its outcome', async () => {
  const page = await open('/costs', (p) => p.getByRole('button', { name: 'Import CSV' }));
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const dialog = page.getByRole('dialog');
  const csv = [
    'category;amount;vat;date;supplier',
    'caretaking;420,00;;15.03.2031;Conciergerie du Lac',
    'caretaking;420.00;;2031-03-15;Conciergerie du Lac',
    'garden;80.00;;2031-03-20;Jardins SA',
    'water-sewage;-50.00;;2031-03-21;Eau service Lausanne',
  ].join('\n');
  await dialog.getByLabel('CSV file').setInputFiles({
    name: 'costs.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await dialog.getByText('1 line added, 1 already there, 2 refused').waitFor();
  await dialog.getByTestId('import-line-2').getByText('Added').waitFor();
  await dialog.getByTestId('import-line-3').getByText('Already there').waitFor();
  await dialog
    .getByTestId('import-line-4')
    .getByText(/Category “garden” is neither a default category/)
    .waitFor();
  await dialog
    .getByTestId('import-line-5')
    .getByText(/belongs in a credit category/)
    .waitFor();
  await screenshot(page, 'allocation-cost-import');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  const items = (await demo.api(`/utilities/cost-items?building=${building}&pageSize=100`)).body.data as {
    date: string;
  }[];
  expect(items.filter((i) => i.date.startsWith('2031-'))).toHaveLength(1);
  await page.close();
});

test('a cost item’s invoice attached from the media library', async () => {
  // A supplier's invoice in the media library, uploaded as an editor would.
  const form = new FormData();
  form.append('files', new Blob(['%PDF-1.4 demo invoice'], { type: 'application/pdf' }), 'invoice-q1.pdf');
  const uploaded = await fetch(`${demo.playground.url}/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${demo.token}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  const page = await open('/costs', (p) => p.getByRole('button', { name: 'Import CSV' }));
  await page
    .getByRole('button', { name: /^Edit Heating energy/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('No file attached').waitFor();
  await dialog.getByRole('button', { name: 'Attach from the media library' }).click();
  // The media library's own dialog: tick the file's card, then Finish.
  const library = page.getByRole('dialog').last();
  await library
    .getByRole('checkbox', { name: /invoice-q1/ })
    .first()
    .waitFor();
  await screenshot(page, 'allocation-media-library');
  await library
    .getByRole('checkbox', { name: /invoice-q1/ })
    .first()
    .click();
  await library.getByRole('button', { name: 'Finish' }).click();
  await dialog.getByRole('link', { name: 'invoice-q1.pdf' }).waitFor();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'invoice-q1.pdf' }).waitFor();
  const items = (await demo.api(`/utilities/cost-items?building=${building}&pageSize=100`)).body.data as {
    attachment: { name: string } | null;
  }[];
  expect(items.filter((i) => i.attachment?.name === 'invoice-q1.pdf')).toHaveLength(1);
  await screenshot(page, 'allocation-cost-attachment');
  await page.close();
});
