import PDFDocument from 'pdfkit';
import { SwissQRBill } from 'swissqrbill/pdf';
import type { IssuerAddress } from './issuer-settings';
import type { DocumentLanguage } from './languages';
import type { QrBillData } from './qr-bill';

/**
 * The building blocks every billing document is drawn with (A4, pdfkit's
 * built-in Helvetica): the page, the issuer's letterhead, the recipient where a
 * C5 window envelope shows it, the title with its facts, a table that repeats
 * its header on a new page, the closing text with the issuer's footer, and the
 * Swiss QR-bill payment part. The invoice (invoice-pdf.ts) and the settlement
 * statement (settlement-statement-pdf.ts) are compositions of these, so the
 * two look like letters of the same sender.
 */
export const MARGIN = 50;
export const WIDTH = 595.28 - 2 * MARGIN;
const PAGE_HEIGHT = 841.89;
const QR_BILL_HEIGHT = 297.6; // 105 mm: the payment part at the foot of an A4 page

export type LetterIssuer = {
  name: string;
  address: IssuerAddress | null;
  vatNumber: string | null;
  footer: string | null;
  logo: Buffer | null;
};

export type LetterRecipient = {
  name: string;
  address: {
    line1: string;
    line2: string | null;
    postalCode: string | null;
    city: string | null;
    country: string | null;
  } | null;
};

/** A new A4 document and the promise of its bytes once `doc.end()` is called. */
export function openDocument(info: { Title: string; Author: string }) {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** Issuer: logo left, name, address and VAT number (after `vatLabel`) right. */
export function drawLetterhead(doc: PDFKit.PDFDocument, issuer: LetterIssuer, vatLabel: string) {
  if (issuer.logo) {
    try {
      doc.image(issuer.logo, MARGIN, MARGIN, { fit: [140, 50] });
    } catch {
      // A logo pdfkit cannot read is left out; the settings accept only PNG and JPEG.
    }
  }
  const a = issuer.address;
  const lines = [
    issuer.name,
    a ? [a.street, a.buildingNumber].filter(Boolean).join(' ') : '',
    a ? `${a.country}-${a.postalCode} ${a.town}` : '',
    issuer.vatNumber ? `${vatLabel} ${issuer.vatNumber}` : '',
  ].filter(Boolean);
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(lines.join('\n'), MARGIN + WIDTH / 2, MARGIN, { width: WIDTH / 2, align: 'right' });
}

/** The recipient where a C5 window envelope shows it (the country only when not Switzerland). */
export function drawRecipient(doc: PDFKit.PDFDocument, recipient: LetterRecipient) {
  const r = recipient.address;
  const lines = [
    recipient.name,
    r?.line1,
    r?.line2,
    r ? [r.postalCode, r.city].filter(Boolean).join(' ') : '',
    r?.country && r.country !== 'CH' ? r.country : '',
  ].filter(Boolean) as string[];
  doc.fontSize(10).text(lines.join('\n'), MARGIN, 140, { width: 250 });
}

/** The title under the address, then its facts as label / value rows. */
export function drawTitleAndFacts(doc: PDFKit.PDFDocument, title: string, facts: [string, string][]) {
  doc.font('Helvetica-Bold').fontSize(16).text(title, MARGIN, 230);
  doc.moveDown(0.5).font('Helvetica').fontSize(9);
  for (const [name, value] of facts) {
    const y = doc.y;
    doc.text(name, MARGIN, y, { width: 130 });
    doc.text(value, MARGIN + 130, y, { width: WIDTH - 130 });
  }
}

/** A table column: where it starts (from the margin), how wide, how aligned. */
export type TableColumn = { header: string; x: number; width: number; align?: 'left' | 'right' };
/** A row's cells (a cell may hold several lines); `bold` for a subtotal. */
export type TableRow = { cells: string[]; bold?: boolean };

/**
 * Rows under a bold header with a rule; a row that would run into the foot of
 * the page starts a new page, which repeats the header.
 */
export function drawTable(doc: PDFKit.PDFDocument, columns: TableColumn[], rows: Iterable<TableRow>) {
  const header = () => {
    doc.moveDown(1).font('Helvetica-Bold').fontSize(8.5);
    const y = doc.y;
    let bottom = y;
    for (const c of columns) {
      doc.text(c.header, MARGIN + c.x, y, { width: c.width, align: c.align ?? 'left' });
      bottom = Math.max(bottom, doc.y);
    }
    // Under the header that took the most lines.
    doc.y = bottom;
    doc
      .moveTo(MARGIN, doc.y + 2)
      .lineTo(MARGIN + WIDTH, doc.y + 2)
      .lineWidth(0.5)
      .stroke();
    doc.moveDown(0.4).font('Helvetica');
  };
  header();
  for (const row of rows) {
    const lines = Math.max(1, ...row.cells.map((c) => c.split('\n').length));
    if (doc.y + 12 * lines > PAGE_HEIGHT - MARGIN - 40) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    let bottom = y;
    doc.font(row.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
    columns.forEach((c, i) => {
      doc.text(row.cells[i] ?? '', MARGIN + c.x, y, { width: c.width, align: c.align ?? 'left' });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom + 4;
  }
  doc.font('Helvetica');
}

/** A closing sentence, then the issuer's footer in grey. */
export function drawClosing(doc: PDFKit.PDFDocument, text: string, footer: string | null) {
  doc.moveDown(0.8).fontSize(8.5).font('Helvetica');
  doc.text(text, MARGIN, doc.y, { width: WIDTH });
  if (footer)
    doc
      .moveDown(0.5)
      .fontSize(7.5)
      .fillColor('#555')
      .text(footer, MARGIN, doc.y, { width: WIDTH })
      .fillColor('black');
}

/** The Swiss QR-bill payment part at the foot of the page, drawn by swissqrbill to the standard. */
export function attachQrBill(doc: PDFKit.PDFDocument, payment: QrBillData, language: DocumentLanguage) {
  const bill = new SwissQRBill(
    {
      amount: payment.amount,
      currency: payment.currency,
      reference: payment.reference,
      message: payment.message,
      creditor: payment.creditor,
      ...(payment.debtor ? { debtor: payment.debtor } : {}),
    },
    { language: language.toUpperCase() as 'DE' | 'FR' | 'IT' | 'EN' },
  );
  // The payment part needs the page's bottom 105 mm; swissqrbill adds a page when they are taken.
  if (doc.y > PAGE_HEIGHT - QR_BILL_HEIGHT - 10) doc.addPage();
  bill.attachTo(doc);
}
