import type { BrowserContext, Page } from 'playwright-core';
import {
  startDemoSession,
  stopDemoSession,
  type DemoSession,
  DEMO_BOOT_TIMEOUT_MS,
} from '../helpers/demo-session';
import { isoOfDateText, openAdminPage, screenshot } from '../helpers/browser';

/**
 * The plugin in the admin's interface language. The admin keeps the language a
 * user picks under Profile → Interface language in localStorage
 * ("strapi-admin-language"); with it set to Deutsch the plugin's pages, dialogs
 * and notifications are German, dates and money Swiss (de-CH), and a price typed
 * with a decimal comma is stored as the number meant. One page is checked in
 * French too. English stays the default (every other browser suite).
 */
const ADMIN = { email: 'e2e-i18n@example.test', password: 'E2e-I18n-12345' };
const PLUGIN = '/admin/plugins/utilities';
let session: DemoSession;
let context: BrowserContext;

beforeAll(async () => {
  session = await startDemoSession(ADMIN);
  context = await session.signedInContext();
}, DEMO_BOOT_TIMEOUT_MS);
afterAll(() => stopDemoSession(session));

/** Opens a plugin page with the interface language set as the profile page sets it. */
async function openIn(
  language: 'de' | 'fr',
  path: string,
  ready: (page: Page) => ReturnType<Page['getByText']>,
) {
  const page = await context.newPage();
  await page.addInitScript((lang) => localStorage.setItem('strapi-admin-language', lang), language);
  await openAdminPage(page, `${session.playground.url}${path}`, ready(page));
  return page;
}

const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true });

test('billing points, a billing point and its rates in German; a price typed with a decimal comma', async () => {
  const page = await openIn('de', `${PLUGIN}/billing`, (p) => heading(p, 'Abrechnungsstellen'));
  expect(await page.getByTestId('billing-point-DL-05').textContent()).toContain(
    'Leerstand — verrechnet an Immo Léman SA',
  );
  expect(await page.getByRole('button', { name: 'Abrechnungsstelle hinzufügen' }).count()).toBe(1);
  expect(await page.getByText('Bewohner heute').count()).toBe(1);
  await screenshot(page, 'i18n/de-billing-points');

  await page.getByTestId('billing-point-DL-01').getByRole('link').click();
  await page.getByRole('tab', { name: 'Tarife' }).click();
  const effective = page.getByTestId('effective-ELECTRICITY');
  await effective.waitFor();
  // Money in Swiss German: the currency first, the exact price.
  expect((await effective.textContent())?.replace(/\s/g, ' ')).toContain('CHF 0.279');
  await page.getByText(/^Preise am \d{2}\.\d{2}\.\d{4}$/).waitFor();
  await screenshot(page, 'i18n/de-billing-point-rates');

  await page.getByRole('button', { name: 'Preise ändern' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Preise ändern' }).waitFor();
  await dialog.getByRole('combobox', { name: 'Versorgung oder Verbrauch' }).click();
  await page.getByRole('option', { name: 'Electricity', exact: true }).click();
  await dialog.getByRole('combobox', { name: 'Gilt für' }).click();
  await page.getByRole('option', { name: 'Alle (Standard)' }).click();
  // Strapi's date picker shows the day as German writes it (02.12.2026).
  const validFrom = isoOfDateText(await dialog.getByLabel('Gültig ab').inputValue(), 'de');
  await dialog.getByLabel('Einheitspreis').fill('0,3255');
  await dialog.getByLabel('Grundgebühr pro Monat').fill('9,50');
  await screenshot(page, 'i18n/de-change-prices-dialog');
  await dialog.getByRole('button', { name: 'Neue Preise speichern' }).click();
  await page
    .getByText(/^Neue Preise ab \d{2}\.\d{2}\.\d{4}/)
    .first()
    .waitFor();
  const id = page.url().split('/').pop()!;
  const stored = await session.api(
    `/utilities/rates/effective?billingPoint=${id}&utilityType=ELECTRICITY&at=${validFrom}`,
  );
  expect(stored.body.data.rate).toMatchObject({ unitPrice: '0.3255', fixedFeePerMonth: '9.5', validFrom });
  await page.close();
});

test('a refused save is explained in German, with the field named by its label', async () => {
  const page = await openIn('de', `${PLUGIN}/billing/buildings`, (p) => heading(p, 'Liegenschaften'));
  await page.getByRole('button', { name: 'Liegenschaft hinzufügen' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Liegenschaft hinzufügen' }).waitFor();
  expect(await dialog.getByText('Strasse und Nummer').count()).toBe(1);
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Haus am See');
  await dialog.getByRole('button', { name: 'Liegenschaft erstellen' }).click();
  // No code: the server refuses; the notification names the field "Code", never an API path.
  const alert = page
    .getByRole('status')
    .or(page.getByRole('alert'))
    .filter({ hasText: /^Code: / });
  await alert.first().waitFor();
  await screenshot(page, 'i18n/de-building-refused');
  await page.close();
});

test('charging, meters, usage records, members and the settings pages in German', async () => {
  const pages: Array<[string, string, string, string]> = [
    [`${PLUGIN}/charging`, 'Verrechnungsläufe', 'Neuer Lauf', 'de-charging'],
    [`${PLUGIN}/meters`, 'Zähler', 'Zähler suchen', 'de-meters'],
    [`${PLUGIN}/usage-records`, 'Verbrauchsdaten', 'Tabelle hochladen', 'de-usage-records'],
    [`${PLUGIN}/members`, 'Mitglieder', 'Benutzername', 'de-members'],
    ['/admin/settings/utilities/channels', 'Kanäle', 'Kanal hinzufügen', 'de-channels'],
    ['/admin/settings/utilities/ingestion-log', 'Einlese-Protokoll', 'Filter anwenden', 'de-ingestion-log'],
    [
      '/admin/settings/utilities/utility-types',
      'Versorgungsarten',
      'Versorgungsart hinzufügen',
      'de-utility-types',
    ],
    ['/admin/settings/utilities/activation', 'Freischaltung', 'Zugeordnete Zählertypen', 'de-activation'],
    ['/admin/settings/utilities/modules', 'Module', 'Eingeschaltet', 'de-modules'],
  ];
  for (const [path, title, text, shot] of pages) {
    const page = await openIn('de', path, (p) => heading(p, title));
    await page.getByText(text).first().waitFor();
    await screenshot(page, `i18n/${shot}`);
    await page.close();
  }
});

test('the billing points list in French', async () => {
  const page = await openIn('fr', `${PLUGIN}/billing`, (p) => heading(p, 'Points de facturation'));
  expect(await page.getByTestId('billing-point-DL-05').textContent()).toContain(
    'Vacant — facturé à Immo Léman SA',
  );
  expect(await page.getByText('Occupant aujourd’hui').count()).toBe(1);
  await screenshot(page, 'i18n/fr-billing-points');
  await page.close();
});

test("a settlement's exceptions and notes in German: meter figures missing, a category not allocated", async () => {
  // A January of this year for the Lakeside Residence: one heating invoice, but the demo's heat
  // and hot-water figures cover only last year, so every flat's heat figure is missing.
  const Y = new Date().getUTCFullYear();
  const [demoRun] = (await session.api('/utilities/settlement-runs')).body.data;
  const cost = await session.api('/utilities/cost-items', {
    method: 'POST',
    body: JSON.stringify({
      building: demoRun.building,
      category: 'heating-energy',
      amount: '1000.00',
      date: `${Y}-01-15`,
    }),
  });
  expect(cost.status).toBe(201);
  const run = await session.api('/utilities/settlement-runs', {
    method: 'POST',
    body: JSON.stringify({ building: demoRun.building, periodStart: `${Y}-01-01`, periodEnd: `${Y}-01-31` }),
  });
  expect(run.status).toBe(201);
  expect(run.body.data.result.exceptions.length).toBeGreaterThan(1);

  const page = await openIn('de', `${PLUGIN}/allocation/runs/${run.body.data.documentId}`, (p) =>
    p.getByText(/^Ausnahmen \(\d+\)$/),
  );
  const missing = page.getByTestId('exception-missing-meter').first();
  expect(await missing.textContent()).toMatch(
    new RegExp(
      `Für den Wärmezähler \\(kWh\\) von DL-\\d+ fehlt der Wert für 01\\.01\\.${Y} – 31\\.01\\.${Y} \\(31 Tage\\); ` +
        'Schätzen ist für diese Abrechnung nicht eingeschaltet\\.',
    ),
  );
  expect(await page.getByTestId('exception-category-not-allocated').textContent()).toMatch(
    /Kostenart heating-energy \(CHF\s1['’]000\.00\) wird nicht verteilt: der Schlüssel «Wärmezähler \(kWh\)» fehlt für DL-\d+/,
  );
  expect(await page.getByText('is not allocated').count()).toBe(0);
  await screenshot(page, 'i18n/de-settlement-exceptions');
  await page.close();
});
