import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStrapi, type TestApp } from '../helpers/strapi';
import { superAdmin, type Agent } from '../helpers/admin-users';
import { qrReference, creditorReference } from '../../src/documents/payment-references';
import {
  documentsFixture,
  draftRun,
  LAC_ISSUER,
  month,
  type DocumentsFixture,
} from './support/documents-fixture';

/**
 * The invoice PDF, read back with pdftotext (poppler-utils). January 2023:
 *
 *   Anna (ZH1, German): water 1002 → 1064 m³ = 62 m³ × 3.00 = 186.00, VAT 8.1 % = 15.066 → 15.07;
 *     fixed fee 30.00, VAT 2.43; net 216.00, VAT 17.50, total 233.50 (de-CH: 233.50).
 *     Default issuer, QR-IBAN → QR reference from the number's digits.
 *   Béatrice (LS1, French): 1001 → 1032 m³ = 31 m³ × 3.00 = 93.00, VAT 7.533 → 7.53;
 *     fee 30.00, VAT 2.43; net 123.00, VAT 9.96, total 132.96 (fr-CH: 132,96).
 *     The building's own issuer with a plain IBAN → creditor reference (RF…).
 *
 * @sqlite-only the PDF layout of invoices; the invoices behind it are documents-run-void’s and
 * documents-credit-notes’ on every database.
 */
let app: TestApp;
let root: Agent;
let fx: DocumentsFixture;
const dir = mkdtempSync(path.join(tmpdir(), 'invoice-pdf-'));
const invoices: Record<string, { documentId: string; number: string }> = {};
let march: string;

beforeAll(async () => {
  app = await startStrapi();
  root = await superAdmin(app.strapi, app.http);
  fx = await documentsFixture(app, root, 3);
  const settings = await root.put('/utilities/document-settings', {
    name: 'Immo Seefeld AG',
    address: {
      street: 'Seefeldstrasse',
      buildingNumber: '12',
      postalCode: '8008',
      town: 'Zürich',
      country: 'CH',
    },
    vatNumber: 'CHE-123.456.789 MWST',
    iban: 'CH44 3199 9123 0008 8901 2',
    footer: 'Fragen? rechnungen@seefeld.example',
  });
  expect(settings.status).toBe(200);
  const own = await root.put(`/utilities/document-settings/buildings/${fx.buildings.ls}`, LAC_ISSUER);
  expect(own.status).toBe(200);
  const later: string[] = [];
  for (const i of [1, 2]) {
    later.push(await draftRun(root, month(i)));
    await root.post(`/utilities/charge-runs/${later[later.length - 1]}/finalize`, {});
  }
  const marchInvoices = (await root.get(`/utilities/invoices?chargeRun=${later[1]}`)).body.data as {
    documentId: string;
    billingPoint: { documentId: string };
  }[];
  march = marchInvoices.find((i) => i.billingPoint.documentId === fx.points.zh)!.documentId;
  const run = await draftRun(root, month(0));
  const list = (await root.get(`/utilities/invoices?chargeRun=${run}`)).body.data as { documentId: string }[];
  expect(list).toHaveLength(2);
  // A draft has no number, so no document yet.
  expect((await root.get(`/utilities/invoices/${list[0].documentId}/document.pdf`)).status).toBe(409);
  expect((await root.post(`/utilities/charge-runs/${run}/finalize`, {})).status).toBe(200);
  for (const inv of (await root.get(`/utilities/invoices?chargeRun=${run}`)).body.data as {
    documentId: string;
    number: string;
    billingPoint: { documentId: string };
  }[])
    invoices[inv.billingPoint.documentId === fx.points.zh ? 'anna' : 'beatrice'] = inv;
}, 240_000);
afterAll(async () => app?.stop());

async function pdfText(invoiceId: string) {
  const res = await root.get(`/utilities/invoices/${invoiceId}/document.pdf`).buffer(true);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  const body = res.body as Buffer;
  expect(body.subarray(0, 5).toString()).toBe('%PDF-');
  const file = path.join(dir, `${invoiceId}.pdf`);
  writeFileSync(file, body);
  return { text: execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8'), headers: res.headers };
}

test('German: number, lines, reads, totals in de-CH and a QR-bill with QR reference', async () => {
  const anna = invoices.anna;
  const api = (await root.get(`/utilities/invoices/${anna.documentId}`)).body.data;
  expect(api.totals).toMatchObject({ net: '216.00', vat: '17.50', gross: '233.50' });
  const { text, headers } = await pdfText(anna.documentId);
  expect(headers['content-disposition']).toContain(`filename="${anna.number}.pdf"`);
  expect(text).toContain(`Rechnung ${anna.number}`);
  for (const word of ['Rechnungsdatum', 'Zahlbar bis', 'Abrechnungsperiode', 'Abrechnungsstelle', 'ZH1-01'])
    expect(text).toContain(word);
  expect(text).toContain('01.01.2023 – 31.01.2023');
  expect(text).toContain('Zähler W-ZH, Zählwerk 1');
  expect(text).toMatch(/Ablesung 01\.01\.2023 1'002 – 01\.02\.2023 1'064/);
  expect(text).toMatch(/62 m³\s+3\.00\s+8\.1 %\s+186\.00/);
  expect(text).toContain('Grundgebühr');
  expect(text).toMatch(/Total exkl\. MWST\s+216\.00/);
  expect(text).toMatch(/Total CHF\s+233\.50/);
  expect(text).toContain('MWST-Nr. CHE-123.456.789 MWST');
  expect(text).toContain('Anna Amsler');
  // The QR-bill's payment part and receipt, in German, with what it encodes.
  expect(text).toContain('Zahlteil');
  expect(text).toContain('Empfangsschein');
  expect(text).toContain('CH44 3199 9123 0008 8901 2');
  const ref = qrReference(anna.number.replace(/\D/g, ''));
  // Printed in blocks of five from the right: "00 00000 …".
  expect(text.replace(/ /g, '')).toContain(ref);
  expect(text).toContain('233.50');
  expect(text).toContain(`Rechnung ${anna.number}`);
});

test('French: labels, fr-CH numbers and a QR-bill with a creditor reference for a plain IBAN', async () => {
  const bea = invoices.beatrice;
  const { text } = await pdfText(bea.documentId);
  expect(text).toContain(`Facture ${bea.number}`);
  for (const word of [
    'Date de facture',
    'Période de décompte',
    'Point de facturation',
    'Compteur W-LS',
    '1 mois',
    'Taxe de base',
  ])
    expect(text).toContain(word);
  expect(text).toMatch(/Total CHF\s+132,96/);
  expect(text).toContain('Gérance du Lac SA');
  expect(text).toContain('Section paiement');
  expect(text).toContain('Récépissé');
  expect(text).toContain('CH93 0076 2011 6238 5295 7');
  expect(text.replace(/ /g, '')).toContain(creditorReference(bea.number.replace(/[^A-Za-z0-9]/g, '')));
});

test('the chart shows the party’s consumption by month up to the invoice’s period', async () => {
  // March's invoice: January, February and March are finalized by then (62, 56 and 62 m³).
  const { text } = await pdfText(march);
  expect(text).toContain('Ihr Verbrauch pro Monat (m³)');
  expect(text).toMatch(/Jan\S*\s+Feb\S*\s+Mär/);
  // January's invoice is the party's first here: one month makes no chart.
  expect((await pdfText(invoices.anna.documentId)).text).not.toContain('Ihr Verbrauch pro Monat');
});

test('an unknown invoice has no document (404)', async () => {
  expect((await root.get('/utilities/invoices/nope/document.pdf')).status).toBe(404);
});
