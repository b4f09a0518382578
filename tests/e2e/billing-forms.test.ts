import type { Locator, Page } from 'playwright-core';
import { dateText, fillDate, isoOfDateText, openAdminPage, screenshot } from '../helpers/browser';
import {
  settledRun,
  startDemoSession,
  stopDemoSession,
  type DemoSession,
  DEMO_BOOT_TIMEOUT_MS,
} from '../helpers/demo-session';

/**
 * The record dialogs of billing, the meters catalog and charging, on the seeded
 * demo, each through its save step: a refused save keeps the dialog open with
 * the server's field error inline (or its reason notified) and changes nothing
 * on the server; an accepted one notifies, closes, and the page and the server
 * both show what was entered.
 */
const ADMIN = { email: 'e2e-forms@example.test', password: 'E2e-Forms-12345' };
const BILLING = '/admin/plugins/utilities/billing';
let demo: DemoSession;

beforeAll(async () => {
  demo = await startDemoSession(ADMIN);
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession({ ...demo }));

const api: DemoSession['api'] = (path, init) => demo.api(path, init);

/** The documentId of a demo record found by its exact code (the list search also matches names). */
async function idOf(collection: string, field: string, value: string): Promise<string> {
  const found = (
    await api(`/utilities/${collection}?q=${encodeURIComponent(value)}&pageSize=100`)
  ).body.data.filter((r: Record<string, string>) => r[field] === value);
  expect(found).toHaveLength(1);
  return found[0].documentId;
}

async function open(path: string, ready: (page: Page) => Locator): Promise<Page> {
  const page = await (await demo.signedInContext()).newPage();
  await openAdminPage(page, `${demo.playground.url}${path}`, ready(page));
  return page;
}

async function openPointTab(code: string, tab: string): Promise<Page> {
  const page = await open(`${BILLING}/billing-points/${await idOf('billing-points', 'code', code)}`, (p) =>
    p.getByRole('tab', { name: 'Meters' }),
  );
  await page.getByRole('tab', { name: tab }).click();
  return page;
}

/** Picks an option of a design-system select or combobox inside the dialog. */
async function choose(page: Page, field: string, option: string | RegExp, typed?: string) {
  const box = page.getByRole('dialog').getByRole('combobox', { name: field });
  await box.click();
  if (typed) await box.pressSequentially(typed);
  await page.getByRole('option', { name: option }).click();
}

/** Clicks the dialog's save button and waits until the dialog has closed (the save succeeded). */
async function saveAndClose(page: Page, button: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Closes a dialog whose save was refused, without saving. */
async function cancel(page: Page) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
}

const notified = (page: Page, text: string | RegExp) => page.getByText(text).first().waitFor();

test('billing point: a taken code is shown inline and creates nothing; then it is created and edited', async () => {
  const page = await open(BILLING, (p) => p.getByTestId('billing-point-DL-01'));
  await page.getByRole('button', { name: 'Add billing point' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Add billing point' }).waitFor();
  await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill('DL-01');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Guest studio');
  await choose(page, 'Kind', 'Commercial');
  // No building is chosen for you (a wrong default is worse than none): search for it.
  await choose(page, 'Building', /Lakeside/, 'Lake');
  await dialog.getByRole('button', { name: 'Create billing point' }).click();
  await dialog.getByText('Code already used').waitFor();
  await notified(page, 'A billing point with code DL-01 already exists');
  await screenshot(page, 'forms-billing-point-field-error');
  expect(
    (await api('/utilities/billing-points?q=DL-01')).body.data.map((p: { code: string }) => p.code),
  ).toEqual(['DL-01']);

  await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill('DL-20');
  await saveAndClose(page, 'Create billing point');
  await notified(page, 'Billing point created');
  // The form hands the created point to the list, which opens it.
  await page.getByRole('heading', { name: 'DL-20 · Guest studio' }).waitFor();
  const id = page.url().split('/').pop()!;
  expect((await api(`/utilities/billing-points/${id}`)).body.data).toMatchObject({
    code: 'DL-20',
    name: 'Guest studio',
    kind: 'commercial',
    active: true,
    owner: null,
  });

  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await dialog.getByRole('heading', { name: 'Edit DL-20' }).waitFor();
  expect(await dialog.getByRole('textbox', { name: 'Code', exact: true }).inputValue()).toBe('DL-20');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Guest studio east');
  await choose(page, 'Owner', 'Marc Favre', 'Favre');
  await dialog.getByLabel('Notes').fill('Let by the week');
  await saveAndClose(page, 'Save changes');
  await notified(page, 'Billing point saved');
  await page.getByRole('heading', { name: 'DL-20 · Guest studio east' }).waitFor();
  await page.getByText('Let by the week').waitFor();
  await screenshot(page, 'forms-billing-point-edited');
  const saved = (await api(`/utilities/billing-points/${id}`)).body.data;
  expect(saved).toMatchObject({ code: 'DL-20', name: 'Guest studio east', notes: 'Let by the week' });
  expect(saved.owner.displayName).toBe('Marc Favre');
  await page.close();
});

test('occupancy: assign an occupant; an overlapping one is refused with the reason and nothing changes; edit, then assign the next', async () => {
  const page = await openPointTab('DL-12', 'Occupants');
  await page.getByText('Nobody has occupied this billing point yet').waitFor();
  // Nobody to move out yet: "Register a move" is disabled, and the page says why.
  const move = page.getByRole('button', { name: 'Register a move' });
  expect(await move.isDisabled()).toBe(true);
  expect(
    await page.getByText('A move needs someone moving out: add the first occupancy instead.').count(),
  ).toBe(1);
  const pointId = page.url().split('/').pop()!;
  const stored = async () =>
    (await api(`/utilities/billing-points/${pointId}/occupancies?sort=entryDate:asc`)).body.data.map(
      (o: { party: { displayName: string }; entryDate: string; exitDate: string | null }) => [
        o.party.displayName,
        o.entryDate,
        o.exitDate,
      ],
    );
  const rows = page.locator('[data-testid^="occupancy-"]');
  const dialog = page.getByRole('dialog');

  await page.getByRole('button', { name: 'Add occupancy' }).click();
  await dialog.getByRole('heading', { name: 'Assign an occupant to DL-12' }).waitFor();
  await choose(page, 'Occupant', 'Clara Rossi', 'Rossi');
  await fillDate(dialog.getByLabel('Entry date'), '2030-01-01');
  await fillDate(dialog.getByLabel('Exit date'), '2030-12-31');
  await saveAndClose(page, 'Assign occupant');
  await notified(page, 'Occupant assigned');
  await page.getByTestId('occupancy-Clara Rossi').waitFor();
  expect(await stored()).toEqual([['Clara Rossi', '2030-01-01', '2030-12-31']]);

  await page.getByRole('button', { name: 'Add occupancy' }).click();
  await choose(page, 'Occupant', 'Ben Keller', 'Keller');
  await fillDate(dialog.getByLabel('Entry date'), '2030-06-01');
  await dialog.getByRole('button', { name: 'Assign occupant' }).click();
  await notified(
    page,
    /already occupied by Clara Rossi .* the next occupant can enter on Jan 1, 2031 at the earliest/,
  );
  await screenshot(page, 'forms-occupancy-overlap-refused');
  await cancel(page);
  expect(await rows.count()).toBe(1);
  expect(await stored()).toEqual([['Clara Rossi', '2030-01-01', '2030-12-31']]);

  await page.getByRole('button', { name: 'Edit occupancy of Clara Rossi' }).click();
  await dialog.getByRole('heading', { name: 'Occupancy of Clara Rossi' }).waitFor();
  expect(await dialog.getByLabel('Entry date').inputValue()).toBe(dateText('2030-01-01'));
  await fillDate(dialog.getByLabel('Exit date'), '2030-05-31');
  await saveAndClose(page, 'Save changes');
  await notified(page, 'Occupancy saved');
  expect(await stored()).toEqual([['Clara Rossi', '2030-01-01', '2030-05-31']]);

  await page.getByRole('button', { name: 'Add occupancy' }).click();
  await choose(page, 'Occupant', 'Ben Keller', 'Keller');
  await fillDate(dialog.getByLabel('Entry date'), '2030-06-01');
  await saveAndClose(page, 'Assign occupant');
  await page.getByTestId('occupancy-Ben Keller').waitFor();
  expect(await rows.count()).toBe(2);
  expect(await stored()).toEqual([
    ['Clara Rossi', '2030-01-01', '2030-05-31'],
    ['Ben Keller', '2030-06-01', null],
  ]);
  await screenshot(page, 'forms-occupants');
  await page.close();
});

test('meters: a meter installed elsewhere is refused with the reason; a free one is linked, then unlinked (after an inline date error)', async () => {
  const water = await idOf('utility-types', 'code', 'WATER');
  const waterMeter = await idOf('device-types', 'code', 'WATER_METER');
  const meter = await api('/utilities/devices', {
    method: 'POST',
    body: JSON.stringify({
      meterNumber: 'FORM-WM-1',
      label: 'Guest water',
      deviceType: waterMeter,
      utilityType: water,
      unit: 'm³',
    }),
  });
  expect(meter.status).toBe(201);

  const page = await openPointTab('DL-12', 'Meters');
  await page.getByText('No meter is linked to this billing point yet.').waitFor();
  const pointId = page.url().split('/').pop()!;
  const stored = async () =>
    (await api(`/utilities/billing-points/${pointId}/meters`)).body.data.map(
      (i: { device: { meterNumber: string }; from: string; to: string | null }) => [
        i.device.meterNumber,
        i.from,
        i.to,
      ],
    );
  const dialog = page.getByRole('dialog');

  await page.getByRole('button', { name: 'Link a meter' }).click();
  await dialog.getByRole('heading', { name: 'Link a meter to DL-12' }).waitFor();
  // The option says where the meter measures today, so the refusal below comes as no surprise.
  await choose(page, 'Meter', /^WM-1001 .*· installed at DL-01 · DEMO-LAKE$/, 'WM-1001');
  await fillDate(dialog.getByLabel('From'), '2024-01-01');
  await dialog.getByRole('button', { name: 'Link meter' }).click();
  await notified(
    page,
    /Meter WM-1001 \(Water meter 1\) is installed at DL-01 .*a meter is at one billing point at a time/,
  );
  await screenshot(page, 'forms-install-overlap-refused');
  await cancel(page);
  await page.getByText('No meter is linked to this billing point yet.').waitFor();
  expect(await stored()).toEqual([]);

  await page.getByRole('button', { name: 'Link a meter' }).click();
  await choose(page, 'Meter', /^FORM-WM-1 · Guest water/, 'FORM');
  await fillDate(dialog.getByLabel('From'), '2024-01-01');
  await saveAndClose(page, 'Link meter');
  await notified(page, 'Meter linked');
  const row = page.getByTestId('installation-FORM-WM-1');
  await row.getByText('Installed').waitFor();
  expect(await stored()).toEqual([['FORM-WM-1', '2024-01-01', null]]);

  await row.getByRole('button', { name: 'Unlink' }).click();
  await dialog.getByRole('heading', { name: 'Unlink meter FORM-WM-1' }).waitFor();
  await fillDate(dialog.getByLabel('Last day measured here'), '2023-12-31');
  await dialog.getByRole('button', { name: 'Unlink' }).click();
  await dialog.getByText('To must not be before from').waitFor();
  expect(await stored()).toEqual([['FORM-WM-1', '2024-01-01', null]]);
  await fillDate(dialog.getByLabel('Last day measured here'), '2024-12-31');
  await saveAndClose(page, 'Unlink');
  await notified(page, 'Meter FORM-WM-1 unlinked');
  await row.getByText('Removed').waitFor();
  await screenshot(page, 'forms-meter-unlinked');
  expect(await stored()).toEqual([['FORM-WM-1', '2024-01-01', '2024-12-31']]);
  await page.close();
});

test('rates: an invalid price is shown inline and saves nothing; a new building heat price closes the open one and says so', async () => {
  const page = await openPointTab('DL-12', 'Rates');
  await page.getByTestId('effective-HEAT').waitFor();
  const pointId = page.url().split('/').pop()!;
  const heatAt = async (at: string) =>
    (await api(`/utilities/rates/effective?billingPoint=${pointId}&utilityType=HEAT&at=${at}`)).body.data
      .rate;
  const rateCount = async () => (await api('/utilities/rates?pageSize=1')).body.meta.pagination.total;
  const before = await rateCount();

  await page.getByRole('button', { name: 'Change prices' }).click();
  const dialog = page.getByRole('dialog');
  await choose(page, 'Utility or usage', 'Heat');
  await choose(page, 'Applies to', 'The building (Lakeside Residence)');
  const validFrom = isoOfDateText(await dialog.getByLabel('Valid from').inputValue());
  await dialog.getByLabel('Unit price').fill('abc');
  await dialog.getByRole('button', { name: 'Save new prices' }).click();
  await dialog.getByText(/^Unit price must be/).waitFor();
  await screenshot(page, 'forms-rate-field-error');
  expect(await rateCount()).toBe(before);

  await dialog.getByLabel('Unit price').fill('0.1400');
  await saveAndClose(page, 'Save new prices');
  // The message depends on what the server answered: the open rate it closed.
  await notified(page, /^New prices from .+; the previous rate now ends on .+$/);
  await page.getByTestId(`rate-${validFrom}-building`).waitFor();
  expect(await rateCount()).toBe(before + 1);
  expect(await heatAt(validFrom)).toMatchObject({
    unitPrice: '0.14',
    scope: 'building',
    validFrom,
    validTo: null,
  });
  const [y, m, d] = validFrom.split('-').map(Number);
  const dayBefore = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
  expect(await heatAt(dayBefore)).toMatchObject({ unitPrice: '0.135', validTo: dayBefore });
  await page.close();
});

test('device types: add (after an inline code error), then edit', async () => {
  // Ready when the list can be worked with: the demo's meters run past the first page.
  const page = await open('/admin/plugins/utilities/meters', (p) =>
    p.getByRole('button', { name: 'Add device' }),
  );
  await page.getByRole('tab', { name: 'Device types' }).click();
  await page.getByTestId('device-type-WATER_METER').waitFor();
  await page.getByRole('button', { name: 'Add device type' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Add device type' }).waitFor();
  await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill('form meter');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Form meter');
  await dialog.getByRole('textbox', { name: 'Manufacturer' }).fill('ACME');
  await dialog.getByRole('button', { name: 'Create device type' }).click();
  await dialog.getByText('Code may contain only uppercase letters, digits and underscores').waitFor();
  await screenshot(page, 'forms-device-type-field-error');
  expect((await api('/utilities/device-types?q=Form%20meter')).body.data).toEqual([]);

  await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill('FORM_METER');
  await saveAndClose(page, 'Create device type');
  await notified(page, 'Device type saved');
  const row = page.getByTestId('device-type-FORM_METER');
  await row.getByText('ACME').waitFor();
  const id = await idOf('device-types', 'code', 'FORM_METER');
  expect((await api(`/utilities/device-types/${id}`)).body.data).toMatchObject({
    name: 'Form meter',
    manufacturer: 'ACME',
    active: true,
  });

  await page.getByRole('button', { name: 'Edit Form meter' }).click();
  await dialog.getByRole('heading', { name: 'Edit Form meter' }).waitFor();
  expect(await dialog.getByRole('textbox', { name: 'Code', exact: true }).isDisabled()).toBe(true);
  await dialog.getByRole('textbox', { name: 'Manufacturer' }).fill('ACME Metering');
  await saveAndClose(page, 'Save changes');
  await row.getByText('ACME Metering').waitFor();
  await screenshot(page, 'forms-device-types');
  expect((await api(`/utilities/device-types/${id}`)).body.data).toMatchObject({
    code: 'FORM_METER',
    manufacturer: 'ACME Metering',
  });
  await page.close();
});

test('devices: a taken meter number is shown inline and creates nothing; then the device is created and renamed', async () => {
  // Ready when the list can be worked with: the demo's meters run past the first page.
  const page = await open('/admin/plugins/utilities/meters', (p) =>
    p.getByRole('button', { name: 'Add device' }),
  );
  await page.getByRole('button', { name: 'Add device' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Add device' }).waitFor();
  await dialog.getByRole('textbox', { name: 'Meter number' }).fill('WM-1001');
  await choose(page, 'Device type', 'Water meter');
  await choose(page, 'Utility type', 'Water');
  await dialog.getByRole('textbox', { name: 'Unit' }).fill('m³');
  await dialog.getByRole('button', { name: 'Create device' }).click();
  await dialog.getByText('Meter number already used').waitFor();
  await notified(page, 'A device with meter number WM-1001 already exists');
  await screenshot(page, 'forms-device-field-error');
  expect((await api('/utilities/devices?q=WM-1001')).body.data).toHaveLength(1);

  await dialog.getByRole('textbox', { name: 'Meter number' }).fill('FORM-WM-2');
  await dialog.getByRole('textbox', { name: 'Label' }).fill('Garden tap');
  await saveAndClose(page, 'Create device');
  await notified(page, 'Device created');
  const row = page.getByTestId('device-FORM-WM-2');
  await row.getByText('Garden tap').waitFor();
  const id = await idOf('devices', 'meterNumber', 'FORM-WM-2');
  const created = (await api(`/utilities/devices/${id}`)).body.data;
  expect(created).toMatchObject({ label: 'Garden tap', unit: 'm³', registers: ['1'], active: true });
  expect([created.deviceType.code, created.utilityType.code]).toEqual(['WATER_METER', 'WATER']);

  await page.getByRole('button', { name: 'Edit FORM-WM-2' }).click();
  await dialog.getByRole('heading', { name: 'Edit meter FORM-WM-2' }).waitFor();
  await dialog.getByRole('textbox', { name: 'Label' }).fill('Garden tap (north)');
  await saveAndClose(page, 'Save changes');
  await notified(page, 'Device saved');
  await row.getByText('Garden tap (north)').waitFor();
  await screenshot(page, 'forms-devices');
  expect((await api(`/utilities/devices/${id}`)).body.data).toMatchObject({
    meterNumber: 'FORM-WM-2',
    label: 'Garden tap (north)',
    unit: 'm³',
  });
  await page.close();
});

test('charging: an inverted period is shown inline and runs nothing; an invoice note is saved', async () => {
  const runIds = async () =>
    (await api('/utilities/charge-runs?pageSize=100')).body.data.map(
      (r: { documentId: string }) => r.documentId,
    );
  const before = await runIds();
  const page = await open('/admin/plugins/utilities/charging', (p) =>
    p.getByRole('button', { name: 'New run' }),
  );
  await page.getByRole('button', { name: 'New run' }).click();
  const dialog = page.getByRole('dialog');
  await fillDate(dialog.getByLabel('First day'), '2024-01-31');
  await fillDate(dialog.getByLabel('Last day'), '2024-01-01');
  await dialog.getByRole('button', { name: 'Run' }).click();
  await dialog.getByText('periodEnd must not be before periodStart').waitFor();
  await screenshot(page, 'forms-charge-run-field-error');
  expect(await runIds()).toEqual(before);
  await cancel(page);

  // The run itself is charging.test's subject; here it only carries an invoice.
  const run = await api('/utilities/charge-runs', {
    method: 'POST',
    body: JSON.stringify({ periodStart: '2024-01-01', periodEnd: '2024-01-31', scope: null }),
  });
  expect(run.status).toBe(202);
  const runId = run.body.data.documentId;
  const invoice = (await settledRun(api, runId)).invoices.find(
    (i: { billingPoint: { code: string } }) => i.billingPoint.code === 'DL-01',
  );
  await openAdminPage(
    page,
    `${demo.playground.url}/admin/plugins/utilities/charging/runs/${runId}`,
    page.getByText(/^Invoices \(\d+\)$/),
  );
  await page.getByRole('tab', { name: /^Invoices/ }).click();
  await page.getByRole('row').filter({ hasText: 'DL-01 Apartment Rez Gauche' }).click();
  await dialog.getByLabel('Note').fill('Checked with the tenant');
  await dialog.getByRole('button', { name: 'Save note' }).click();
  await notified(page, 'Note saved');
  await screenshot(page, 'forms-invoice-note');
  expect((await api(`/utilities/invoices/${invoice.documentId}`)).body.data.note).toBe(
    'Checked with the tenant',
  );
  await page.close();
});
