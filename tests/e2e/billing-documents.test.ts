import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { documentFileNames } from '../../src/documents/document-file-names';
import { createEditor } from '../helpers/admin-http';
import { openAdminPage, screenshot, signIn } from '../helpers/browser';
import {
  startDemoSession,
  stopDemoSession,
  type DemoSession,
  DEMO_BOOT_TIMEOUT_MS,
} from '../helpers/demo-session';
import type { PlaygroundProcess } from '../helpers/playground-process';

/**
 * Billing documents as an office manager uses them on the seeded demo: the issuer
 * settings (saved, shown again after a reload, a wrong IBAN refused at its field),
 * the SMTP password that is never shown or answered, and on a finalized run the
 * invoice dialog with its number, its PDF and a credit note for one line, the run's
 * documents as one ZIP, and its void issuing credit notes. A role
 * with documents.read only sees the settings read-only.
 */
const ADMIN = { email: 'e2e-documents@example.test', password: 'E2e-Documents-12345' };
const SMTP_PASSWORD = 'Sm7p-Secret-Never-Shown';
let playground: PlaygroundProcess;
let browser: Browser;
let token: string;
let api: DemoSession['api'];
let signedInContext: DemoSession['signedInContext'];

beforeAll(
  async () => ({ playground, browser, token, api, signedInContext } = await startDemoSession(ADMIN)),
  DEMO_BOOT_TIMEOUT_MS,
);
afterAll(() => stopDemoSession({ playground, browser }));

const SETTINGS = () => `${playground.url}/admin/settings/utilities/billing-documents`;

/** A page of the admin's one browser session (Strapi takes five logins of an account per five minutes). */
const signedIn = async (): Promise<Page> => (await signedInContext()).newPage();

test('the issuer settings are saved and shown again; a wrong IBAN is refused at its field', async () => {
  const page = await signedIn();
  await openAdminPage(page, SETTINGS(), page.getByLabel('Issuer name'));
  // The demo's issuer is there.
  expect(await page.getByLabel('Issuer name').inputValue()).toBe('Immo Léman SA');

  await page.getByLabel('Issuer name').fill('Immo Léman Gérance SA');
  await page.getByLabel('Town').fill('Lausanne 3');
  await page.getByLabel('Payment terms (days)').fill('45');
  await page.getByLabel('Footer text').fill('Merci · Danke · Grazie');
  await page.getByLabel('Invoice number pattern').fill('R-{YYYY}-{SEQ:5}');
  // One digit off: the check digits do not match.
  await page.getByLabel('IBAN or QR-IBAN').fill('CH44 3199 9123 0008 8901 3');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('The IBAN check digits do not match (mistyped?)').first().waitFor();
  expect(await page.getByLabel('IBAN or QR-IBAN').getAttribute('aria-invalid')).toBe('true');
  expect((await api('/utilities/document-settings')).body.data.default.name).toBe('Immo Léman SA');
  await screenshot(page, 'documents-issuer-iban-refused');

  await page.getByLabel('IBAN or QR-IBAN').fill('CH44 3199 9123 0008 8901 2');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Issuer settings saved').waitFor();

  await page.reload();
  await page.getByLabel('Issuer name').waitFor();
  expect(await page.getByLabel('Issuer name').inputValue()).toBe('Immo Léman Gérance SA');
  expect(await page.getByLabel('Town').inputValue()).toBe('Lausanne 3');
  expect(await page.getByLabel('Payment terms (days)').inputValue()).toBe('45');
  expect(await page.getByLabel('Footer text').inputValue()).toBe('Merci · Danke · Grazie');
  expect(await page.getByLabel('IBAN or QR-IBAN').inputValue()).toBe('CH4431999123000889012');
  // The pattern's example number is shown beside it.
  await page.getByText(`Example: R-${new Date().getFullYear()}-00123`).waitFor();
  expect((await api('/utilities/document-settings')).body.data.default).toMatchObject({
    name: 'Immo Léman Gérance SA',
    paymentTermsDays: 45,
    invoiceNumberPattern: 'R-{YYYY}-{SEQ:5}',
    address: { town: 'Lausanne 3', postalCode: '1003', country: 'CH' },
  });
  await screenshot(page, 'documents-issuer-saved');
  await page.close();
});

test('in German, the refusals are shown at their fields in German', async () => {
  // A session of its own: the interface language is kept in the browser's storage.
  const page = await browser.newPage();
  await signIn(page, playground.url, ADMIN.email, ADMIN.password);
  await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'de'));
  await openAdminPage(page, SETTINGS(), page.getByLabel('Name des Rechnungsstellers'));
  const before = (await api('/utilities/document-settings')).body.data.default;
  await page.getByLabel('IBAN oder QR-IBAN').fill('CH00 0000 0000 0000 0000 0');
  await page.getByLabel('Ort', { exact: true }).fill('L'.repeat(36));
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.getByText('Bitte korrigieren Sie die markierten Felder.').waitFor();
  await page
    .getByText(/^Keine gültige IBAN: Ländercode, Länge und Prüfziffern prüfen/)
    .first()
    .waitFor();
  await page.getByText('zu gross oder zu lang', { exact: true }).waitFor();
  expect(await page.getByLabel('Ort', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  // Nothing was stored.
  expect((await api('/utilities/document-settings')).body.data.default).toEqual(before);
  await screenshot(page, 'documents-issuer-refused-de');
  await page.close();
});

test('the SMTP password is written, shown as "set", and never appears in the page or an answer', async () => {
  const page = await signedIn();
  await openAdminPage(page, `${SETTINGS()}?tab=email`, page.getByLabel('Host'));
  expect(await page.getByText('not set', { exact: true }).count()).toBe(1);
  await page.getByLabel('Host').fill('smtp.example.test');
  await page.getByLabel('User name').fill('rechnungen');
  await page.getByLabel('Password', { exact: true }).fill(SMTP_PASSWORD);
  await page.getByLabel('Sender address').fill('rechnungen@example.test');
  const answers: string[] = [];
  page.on('response', (res) => {
    if (res.url().includes('/utilities/document-settings')) void res.text().then((t) => answers.push(t));
  });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('E-mail settings saved').waitFor();
  await page.getByText('set', { exact: true }).waitFor();
  expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');

  await page.reload();
  await page.getByLabel('Host').waitFor();
  expect(await page.getByLabel('Host').inputValue()).toBe('smtp.example.test');
  await page.getByText('set', { exact: true }).waitFor();
  expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
  expect(await page.content()).not.toContain(SMTP_PASSWORD);
  // What the admin was answered (PUT and GETs), and what the API answers.
  expect(answers.length).toBeGreaterThanOrEqual(2);
  for (const answer of answers) expect(answer).not.toContain(SMTP_PASSWORD);
  const stored = await api('/utilities/document-settings/email');
  expect(stored.body.data).toMatchObject({
    host: 'smtp.example.test',
    user: 'rechnungen',
    passwordSet: true,
  });
  expect(JSON.stringify(stored.body)).not.toContain(SMTP_PASSWORD);
  await screenshot(page, 'documents-email-saved');
  await page.close();
});

type Invoice = {
  documentId: string;
  number: string | null;
  party: { displayName: string };
  billingPoint: { code: string };
};

/** The run's page on its Invoices tab, in the admin's session. */
async function openRunInvoices(run: string, count: number): Promise<Page> {
  const page = await signedIn();
  await openAdminPage(
    page,
    `${playground.url}/admin/plugins/utilities/charging/runs/${run}?tab=invoices`,
    page.getByRole('tab', { name: `Invoices (${count})` }),
  );
  return page;
}

test('a finalized invoice: its number, its PDF, and a credit note for one line in its dialog', async () => {
  const [run] = (await api('/utilities/charge-runs?pageSize=100')).body.data as { documentId: string }[];
  expect((await api(`/utilities/charge-runs/${run.documentId}/finalize`, { method: 'POST' })).status).toBe(
    200,
  );
  const invoices = (await api(`/utilities/charge-runs/${run.documentId}`)).body.data.invoices as Invoice[];
  const blumer = invoices.find((i) => i.party.displayName === 'Hans Blumer')!;
  expect(blumer.number).toMatch(new RegExp(`^R-${new Date().getFullYear()}-\\d{5}$`));

  const page = await openRunInvoices(run.documentId, invoices.length);
  // The list: the number and the e-mail status of each invoice.
  const row = page.getByTestId(`invoice-${blumer.billingPoint.code}-Hans Blumer`);
  await row.getByText(blumer.number!).waitFor();
  await row.getByText('Not sent').waitFor();
  await row.click();

  const dialog = page.getByRole('dialog').first();
  await dialog.getByText(`Invoice ${blumer.number}`).waitFor();
  const [pdf, file] = await Promise.all([
    page.waitForResponse((res) =>
      res.url().includes(`/utilities/invoices/${blumer.documentId}/document.pdf`),
    ),
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: `Download PDF of ${blumer.number}` }).click(),
  ]);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect(file.suggestedFilename()).toBe(`${blumer.number}.pdf`);
  expect(
    readFileSync(await file.path())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  await dialog.getByText('No credit note has been issued for this invoice.').waitFor();

  // More than a line has left is refused before it is sent, in words.
  await dialog.getByRole('button', { name: 'Issue credit note' }).click();
  const credit = page.getByRole('dialog', { name: `Credit note for invoice ${blumer.number}` });
  await credit.getByRole('radio', { name: 'An amount of one line (net, before VAT)' }).click();
  await credit.getByRole('combobox', { name: 'Line' }).click();
  await page.getByRole('option').first().click();
  await credit.getByLabel(/^Amount/).fill('99999');
  await credit.getByLabel('Reason').fill('Zählerstand korrigiert');
  await credit.getByRole('button', { name: 'Issue credit note' }).click();
  await credit.getByText(/That is more than is left to credit on this line: at most/).waitFor();

  // One whole line.
  await credit.getByRole('radio', { name: 'Chosen lines, each in full' }).click();
  await credit.getByRole('checkbox').first().click();
  await credit.getByRole('button', { name: 'Issue credit note' }).click();
  await page.getByText(/^Credit note .+ issued$/).waitFor();

  const invoice = (await api(`/utilities/invoices/${blumer.documentId}`)).body.data;
  expect(invoice.credit.creditNotes).toHaveLength(1);
  const [note] = invoice.credit.creditNotes as { documentId: string; number: string }[];
  await dialog.getByText(note.number, { exact: true }).waitFor();
  await dialog.getByText('Zählerstand korrigiert').waitFor();
  const [notePdf] = await Promise.all([
    page.waitForResponse((res) =>
      res.url().includes(`/utilities/credit-notes/${note.documentId}/document.pdf`),
    ),
    dialog.getByRole('button', { name: `Download PDF of ${note.number}` }).click(),
  ]);
  expect(notePdf.headers()['content-type']).toBe('application/pdf');
  await screenshot(page, 'documents-invoice-credit-note');
  await page.close();
});

test('a finalized run downloads as one ZIP of its PDFs; voiding it credits each invoice and says so', async () => {
  const [run] = (await api('/utilities/charge-runs?status=finalized&pageSize=1')).body.data as {
    documentId: string;
  }[];
  const invoices = (await api(`/utilities/charge-runs/${run.documentId}`)).body.data.invoices as Invoice[];
  const page = await openRunInvoices(run.documentId, invoices.length);
  const zipButton = page.getByRole('button', { name: 'Download all documents (ZIP)' });
  const [zipAnswer, file] = await Promise.all([
    page.waitForResponse((res) =>
      res.url().includes(`/utilities/charge-runs/${run.documentId}/documents.zip`),
    ),
    page.waitForEvent('download'),
    zipButton.click(),
  ]);
  expect(zipAnswer.status()).toBe(200);
  expect(file.suggestedFilename()).toMatch(/^documents-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = await file.path();
  // The entries are the run's invoices, each named by its number (unzip fails on a damaged archive).
  const entries = execFileSync('unzip', ['-Z1', zip]).toString('utf8').trim().split('\n').sort();
  expect(entries).toEqual(
    documentFileNames(
      invoices.map((i) => ({ number: i.number!, billingPointCode: i.billingPoint.code })),
    ).sort(),
  );
  for (const entry of entries)
    expect(execFileSync('unzip', ['-p', zip, entry]).subarray(0, 5).toString()).toBe('%PDF-');

  // Voiding the finalized run: the dialog says credit notes are issued, the notification counts them.
  await page.getByRole('button', { name: 'Void', exact: true }).click();
  const confirm = page.getByRole('alertdialog');
  await confirm
    .getByText(
      `Void this finalized run? Each of its ${invoices.length} invoices gets a credit note for what is still open on it; the invoices keep their numbers, marked void, and the period is released.`,
    )
    .waitFor();
  const [voided] = await Promise.all([
    page.waitForResponse((res) => res.url().endsWith(`/utilities/charge-runs/${run.documentId}/void`)),
    confirm.getByRole('button', { name: 'Confirm' }).click(),
  ]);
  const issued = ((await voided.json()) as { meta: { creditNotes: number } }).meta.creditNotes;
  expect(issued).toBeGreaterThan(0);
  await page
    .getByText(`Run voided: ${issued} ${issued === 1 ? 'credit note' : 'credit notes'} issued`)
    .waitFor();
  // Every invoice is credited in full now, Hans Blumer's (one line credited before) included.
  for (const invoice of invoices)
    expect((await api(`/utilities/invoices/${invoice.documentId}`)).body.data.credit.remaining).toMatch(
      /^0(\.0+)?$/,
    );

  // A void run has no documents to hand out: the button is disabled and says why.
  await page
    .getByText('This run is void: its invoices were taken back, so there are no documents to hand out.')
    .waitFor();
  expect(await zipButton.isDisabled()).toBe(true);
  await screenshot(page, 'documents-run-voided-zip-disabled');
  await page.close();
});

test('with documents.read only, the settings are shown read-only, without a Save button', async () => {
  const reader = await createEditor(playground.url, token, 'Documents reader', ['documents.read']);
  const page = await browser.newPage();
  await signIn(page, playground.url, reader.email, reader.password);
  await openAdminPage(page, SETTINGS(), page.getByLabel('Issuer name'));
  await page.getByText('You can view these settings but not change them.').waitFor();
  expect(await page.getByLabel('Issuer name').isDisabled()).toBe(true);
  expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
  await page.getByRole('tab', { name: 'E-mail' }).click();
  await page.getByLabel('Host').waitFor();
  expect(await page.getByLabel('Host').isDisabled()).toBe(true);
  expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
  // The server agrees: a PUT is refused.
  const login = await fetch(`${playground.url}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(reader),
  });
  const readerToken = ((await login.json()) as { data: { token: string } }).data.token;
  const put = await fetch(`${playground.url}/utilities/document-settings`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${readerToken}` },
    body: JSON.stringify({ name: 'Not allowed' }),
  });
  expect(put.status).toBe(403);
  await page.close();
});

test('a building gets an issuer of its own; its empty fields show what they inherit', async () => {
  const [building] = (await api('/utilities/buildings?sort=code:asc&pageSize=1')).body.data as {
    documentId: string;
    code: string;
    name: string;
  }[];
  const page = await signedIn();
  await openAdminPage(page, `${SETTINGS()}?tab=buildings`, page.getByRole('combobox', { name: 'Building' }));
  await page.getByRole('combobox', { name: 'Building' }).click();
  await page.getByRole('option', { name: `${building.code} ${building.name}` }).click();
  const name = page.getByLabel('Issuer name');
  await name.waitFor();
  // Empty: the default issuer's value shows as what the building inherits.
  expect(await name.getAttribute('placeholder')).toBe('Inherited: Immo Léman Gérance SA');
  await name.fill('Stockwerkeigentümer Seeblick');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Issuer of this building saved').waitFor();
  await page.getByRole('tab', { name: 'Buildings (1)' }).waitFor();
  const own = (await api(`/utilities/document-settings/buildings/${building.documentId}`)).body.data;
  expect(own).toMatchObject({ name: 'Stockwerkeigentümer Seeblick', iban: null, paymentTermsDays: null });

  // Back to the default issuer.
  await page.getByRole('button', { name: 'Use the default issuer' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
  await page.getByText('The building uses the default issuer again').waitFor();
  await page.getByRole('tab', { name: 'Buildings (0)' }).waitFor();
  expect((await api('/utilities/document-settings')).body.data.buildings).toEqual([]);
  await page.close();
});
