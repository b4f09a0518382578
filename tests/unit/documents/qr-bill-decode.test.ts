import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { renderInvoicePdf, type InvoiceDocumentModel } from '../../../src/documents/invoice-pdf';
import { isCreditorReference, isQrReference, qrReference } from '../../../src/documents/payment-references';
import { qrBillData, type QrBillInput } from '../../../src/documents/qr-bill';

/**
 * The QR code read back from the rendered page, as a banking app reads it: the PDF is
 * rasterised (pdftoppm, 200 dpi), the code found and decoded (jsQR), and the payload
 * checked field by field against the Swiss Implementation Guidelines QR-bill 2.2
 * (element order: header SPC / 0200 / 1, IBAN, creditor "S" address, ultimate creditor
 * (empty), amount, currency, debtor, reference type and reference, message, EPD).
 */
const dir = mkdtempSync(path.join(tmpdir(), 'qr-decode-'));

const issuer = {
  name: 'Immo Seefeld AG',
  address: {
    street: 'Seefeldstrasse',
    buildingNumber: '12',
    postalCode: '8008',
    town: 'Zürich',
    country: 'CH',
  },
};
const recipient = {
  name: 'Anna Amsler',
  address: { line1: 'Seefeldstrasse 12', line2: null, postalCode: '8008', city: 'Zürich', country: 'CH' },
};

function model(input: Partial<QrBillInput> & { iban: string }, language: InvoiceDocumentModel['language']) {
  const bill = qrBillData({
    currency: 'CHF',
    gross: '233.50',
    number: '2023-000017',
    year: 2023,
    seq: 17,
    message: 'Invoice 2023-000017',
    issuer: { ...issuer, iban: input.iban },
    recipient,
    ...input,
  });
  if (!('data' in bill)) throw new Error(`no QR-bill: ${bill.none}`);
  const doc: InvoiceDocumentModel = {
    language,
    issuer: { ...issuer, vatNumber: 'CHE-123.456.789 MWST', footer: null, logo: null },
    recipient,
    number: input.number ?? '2023-000017',
    issuedOn: '2023-02-01',
    dueOn: '2023-03-03',
    periodStart: '2023-01-01',
    periodEnd: '2023-01-31',
    billingPoint: { code: 'ZH1-01', name: 'Wohnung 1' },
    building: 'ZH1 Seefeld',
    timeZone: 'Europe/Zurich',
    currency: input.currency ?? 'CHF',
    lines: [
      // 62 m³ × 3.00 = 186.00, VAT 8.1 % = 15.066 → 15.07; fee 30.00, VAT 2.43.
      {
        kind: 'consumption',
        quantity: '62',
        unit: 'm³',
        unitPrice: '3.00',
        amount: '186.00',
        vatRate: '8.1',
        vatAmount: '15.07',
      },
      { kind: 'fixed-fee', amount: '30.00', vatRate: '8.1', vatAmount: '2.43' },
    ],
    // 186.00 + 30.00 = 216.00; 15.07 + 2.43 = 17.50; 216.00 + 17.50 = 233.50.
    totals: {
      net: '216.00',
      vat: '17.50',
      gross: '233.50',
      vatBreakdown: [{ vatRate: '8.1', net: '216.00', vat: '17.50' }],
    },
    note: null,
    consumption: [],
    payment: bill.data,
  };
  return doc;
}

async function decode(doc: InvoiceDocumentModel, name: string) {
  const pdf = await renderInvoicePdf(doc);
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '200', '-png', file, path.join(dir, name)]);
  const pages = readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
  for (const page of pages.sort()) {
    const png = PNG.sync.read(readFileSync(path.join(dir, page)));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    if (code)
      return { payload: code.data, text: execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8') };
  }
  throw new Error(`no QR code on the ${pages.length} page(s) of ${name}.pdf`);
}

test('QR-IBAN: the payload carries IBAN, creditor, amount, currency, debtor and a QR reference', async () => {
  const { payload, text } = await decode(model({ iban: 'CH44 3199 9123 0008 8901 2' }, 'en'), 'qrr');
  const f = payload.split(/\r?\n/);
  expect(f.slice(0, 3)).toEqual(['SPC', '0200', '1']);
  expect(f[3]).toBe('CH4431999123000889012');
  // Creditor, structured address "S": name, street, building number, postal code, town, country.
  expect(f.slice(4, 11)).toEqual(['S', 'Immo Seefeld AG', 'Seefeldstrasse', '12', '8008', 'Zürich', 'CH']);
  // Ultimate creditor: reserved, seven empty fields.
  expect(f.slice(11, 18)).toEqual(['', '', '', '', '', '', '']);
  expect(f[18]).toBe('233.50');
  expect(f[19]).toBe('CHF');
  expect(f[20]).toBe('S');
  expect(f[21]).toBe('Anna Amsler');
  expect(f.slice(24, 27)).toEqual(['8008', 'Zürich', 'CH']);
  // A QR-IBAN takes a QR reference: 26 digits + the modulo-10 recursive check digit.
  expect(f[27]).toBe('QRR');
  expect(isQrReference(f[28])).toBe(true);
  expect(f[28]).toBe(qrReference('2023000017'));
  expect(f[29]).toBe('Invoice 2023-000017');
  expect(f[30]).toBe('EPD');
  // The English document around it.
  expect(text).toContain('Invoice 2023-000017');
  expect(text).toContain('Payment part');
  expect(text).toContain('Receipt');
  expect(text).toMatch(/Total CHF\s+233\.50/);
});

test('plain IBAN and EUR: a creditor reference (RF…) and the amount in EUR', async () => {
  const { payload } = await decode(
    model({ iban: 'CH93 0076 2011 6238 5295 7', currency: 'EUR', gross: '1234.05' }, 'de'),
    'scor',
  );
  const f = payload.split(/\r?\n/);
  expect(f[3]).toBe('CH9300762011623852957');
  expect(f[18]).toBe('1234.05');
  expect(f[19]).toBe('EUR');
  expect(f[27]).toBe('SCOR');
  expect(isCreditorReference(f[28])).toBe(true);
  expect(f[28].startsWith('RF')).toBe(true);
});
