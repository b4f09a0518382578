import {
  formatAmount,
  formatDate,
  formatLocalDate,
  formatMonthShort,
  formatQuantity,
} from './document-format';
import { label, type LabelKey } from './labels';
import type { DocumentLanguage } from './languages';
import {
  attachQrBill,
  drawClosing,
  drawLetterhead,
  drawRecipient,
  drawTable,
  drawTitleAndFacts,
  MARGIN,
  openDocument,
  WIDTH,
  type LetterIssuer,
  type LetterRecipient,
} from './pdf-parts';
import type { QrBillData } from './qr-bill';

/**
 * Draws an invoice as a PDF (A4, pdfkit's built-in Helvetica): issuer, the
 * recipient's address where a windowed envelope shows it, number, dates, period,
 * billing point, lines that explain themselves, VAT breakdown, totals, a small
 * chart of the party's consumption by month and — when `payment` is given — the
 * Swiss QR-bill payment part, drawn by swissqrbill to the standard. Every word
 * comes from labels.ts, every number and date from document-format.ts.
 *
 * Lines are read generically (any engine line: consumption, usage, fixed fee, and
 * the band / component / demand fields tariffs add), so a new line kind prints
 * with its quantity, unit and price even before it has its own wording.
 */
export type DocumentLine = Record<string, unknown> & {
  kind?: string;
  quantity?: string;
  unit?: string;
  unitPrice?: string;
  amount: string;
  vatRate?: string;
  vatAmount?: string;
  periodStart?: string;
  periodEnd?: string;
};

export type InvoiceDocumentModel = {
  language: DocumentLanguage;
  /**
   * A credit note prints the invoice it corrects and its reason instead of a due
   * date, "Total credited", and never a payment part (Swiss practice: a credit note
   * is not a payment slip).
   */
  creditNote?: { refersTo: { number: string; issuedOn: string }; reason: string } | null;
  issuer: LetterIssuer;
  recipient: LetterRecipient;
  number: string;
  issuedOn: string;
  dueOn: string;
  periodStart: string;
  periodEnd: string;
  billingPoint: { code: string; name: string };
  building: string | null;
  /** The building's time zone: reads are dated in it. */
  timeZone: string;
  currency: string;
  lines: DocumentLine[];
  totals: {
    net: string;
    vat: string;
    gross: string;
    vatBreakdown: { vatRate: string; net: string; vat: string }[];
  };
  note: string | null;
  consumption: { month: string; quantity: string; unit: string }[];
  payment: QrBillData | null;
};

/** A community line's energy (src/charging/types.ts CommunityEnergy) as its printed label. */
const COMMUNITY_LABELS: Record<string, LabelKey> = {
  solar: 'solarEnergy',
  grid: 'gridEnergy',
  'local-grid-usage': 'localGridUsage',
  'leg-discount': 'legDiscount',
  'feed-in': 'feedIn',
};

/** The description lines of one invoice line (what, which meter, which reads). */
export function describeLine(language: DocumentLanguage, line: DocumentLine, timeZone = 'UTC'): string[] {
  const t = (k: LabelKey) => label(language, k);
  const s = (k: string) => (typeof line[k] === 'string' ? line[k] : null);
  const out: string[] = [];
  const energy = s('energy');
  const what =
    line.kind === 'fixed-fee'
      ? `${t('fixedFee')}${s('utilityType') ? ` ${s('utilityType')}` : ''}`
      : line.kind === 'community' && energy && energy in COMMUNITY_LABELS
        ? `${t(COMMUNITY_LABELS[energy])} ${s('community') ?? ''}`.trim()
        : (s('utilityType') ?? s('usageMetric') ?? line.kind ?? '');
  const extras = [
    s('band') ? `${t('band')} ${s('band')}` : null,
    s('component') ? `${t('component')} ${s('component')}` : null,
    line.tier && typeof line.tier === 'object'
      ? `${t('tier')} ${(line.tier as { index: number }).index + 1}`
      : null,
  ].filter(Boolean);
  out.push([what, ...extras].join(' · '));
  if (line.periodStart && line.periodEnd)
    out.push(`${formatDate(language, line.periodStart)} – ${formatDate(language, line.periodEnd)}`);
  if (s('meterNumber'))
    out.push(`${t('meter')} ${s('meterNumber')}, ${t('register')} ${s('register') ?? ''}`.trim());
  const read = (r: unknown) => {
    if (!r || typeof r !== 'object') return null;
    const ref = r as { at: string; value: string; estimated: boolean };
    return `${formatLocalDate(language, ref.at, timeZone)} ${formatQuantity(language, ref.value)}${ref.estimated ? ` (${t('estimated')})` : ''}`;
  };
  const from = read(line.from);
  const to = read(line.to);
  if (from && to) out.push(`${t('read')} ${from} – ${to}`);
  return out;
}

export async function renderInvoicePdf(model: InvoiceDocumentModel): Promise<Buffer> {
  const { language: lang } = model;
  const t = (k: LabelKey) => label(lang, k);
  const money = (v: string) => formatAmount(lang, v);
  const credit = model.creditNote ?? null;
  const title = credit ? t('creditNote') : t('invoice');
  const { doc, done } = openDocument({ Title: `${title} ${model.number}`, Author: model.issuer.name });

  drawLetterhead(doc, model.issuer, t('vatNumber'));
  drawRecipient(doc, model.recipient);

  const facts: [LabelKey, string][] = credit
    ? [
        ['creditNoteNumber', model.number],
        ['creditNoteDate', formatDate(lang, model.issuedOn)],
        ['refersTo', `${credit.refersTo.number} (${formatDate(lang, credit.refersTo.issuedOn)})`],
        ['reason', credit.reason],
      ]
    : [
        ['number', model.number],
        ['issuedOn', formatDate(lang, model.issuedOn)],
        ['dueOn', formatDate(lang, model.dueOn)],
      ];
  facts.push(
    ['period', `${formatDate(lang, model.periodStart)} – ${formatDate(lang, model.periodEnd)}`],
    ['billingPoint', `${model.billingPoint.code} ${model.billingPoint.name}`.trim()],
  );
  if (model.building) facts.push(['building', model.building]);
  drawTitleAndFacts(
    doc,
    `${title} ${model.number}`,
    facts.map(([key, value]) => [t(key), value]),
  );

  // Lines.
  const cols = { qty: 250, price: 330, vat: 400, amount: 440 };
  drawTable(
    doc,
    [
      { header: t('description'), x: 0, width: 245 },
      { header: t('quantity'), x: cols.qty, width: 75, align: 'right' },
      { header: t('unitPrice'), x: cols.price, width: 65, align: 'right' },
      { header: t('vat'), x: cols.vat, width: 35, align: 'right' },
      { header: `${t('amount')} ${model.currency}`, x: cols.amount, width: WIDTH - 440, align: 'right' },
    ],
    model.lines.map((line) => {
      const unit = line.unit === 'month' ? t('month') : (line.unit ?? '');
      return {
        cells: [
          describeLine(lang, line, model.timeZone).join('\n'),
          line.quantity ? `${formatQuantity(lang, line.quantity)} ${unit}`.trim() : '',
          line.unitPrice ? formatQuantity(lang, line.unitPrice, 2) : '',
          line.vatRate ? `${formatQuantity(lang, line.vatRate)} %` : '',
          money(line.amount),
        ],
      };
    }),
  );

  // Totals and VAT breakdown on the right, the consumption chart beside them on the left.
  doc
    .moveTo(MARGIN + 250, doc.y)
    .lineTo(MARGIN + WIDTH, doc.y)
    .lineWidth(0.5)
    .stroke();
  doc.moveDown(0.4);
  const totalsTop = doc.y;
  const chartBottom = drawConsumptionChart(doc, model, totalsTop);
  doc.y = totalsTop;
  const total = (key: LabelKey, value: string, bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 10 : 9);
    const name = key === 'grossTotal' && credit ? t('creditTotal') : t(key);
    doc.text(key === 'grossTotal' ? `${name} ${model.currency}` : name, MARGIN + 250, y, { width: 150 });
    doc.text(money(value), MARGIN + cols.amount - 40, y, { width: WIDTH - 400, align: 'right' });
  };
  total('netTotal', model.totals.net);
  total('vatTotal', model.totals.vat);
  total('grossTotal', model.totals.gross, true);
  if (model.totals.vatBreakdown.length) {
    doc
      .moveDown(0.6)
      .font('Helvetica-Bold')
      .fontSize(8)
      .text(t('vatBreakdown'), MARGIN + 250);
    doc.font('Helvetica');
    for (const row of model.totals.vatBreakdown)
      doc.text(
        `${t('vatRate')} ${formatQuantity(lang, row.vatRate)} %   ${t('net')} ${money(row.net)}   ${t('vat')} ${money(row.vat)}`,
        MARGIN + 250,
      );
  }
  if (model.note) doc.moveDown(0.6).fontSize(8.5).text(model.note, MARGIN, doc.y, { width: WIDTH });

  doc.y = Math.max(doc.y, chartBottom);

  const closing = credit ? 'creditNoteNote' : model.payment ? 'paymentNote' : 'noPaymentPart';
  drawClosing(doc, t(closing), model.issuer.footer);
  if (model.payment && !credit) attachQrBill(doc, model.payment, lang);
  doc.end();
  return done;
}

/** A small bar chart of the party's consumption by month (one unit: the most frequent). */
function drawConsumptionChart(doc: PDFKit.PDFDocument, model: InvoiceDocumentModel, y: number): number {
  if (model.consumption.length < 2) return y;
  const units = new Map<string, number>();
  for (const c of model.consumption) units.set(c.unit, (units.get(c.unit) ?? 0) + 1);
  const unit = [...units].sort((x, y) => y[1] - x[1])[0][0];
  const bars = model.consumption.filter((c) => c.unit === unit).slice(-12);
  const max = Math.max(...bars.map((b) => Number(b.quantity)), 0);
  if (max <= 0) return y;
  const height = 40;
  doc
    .font('Helvetica-Bold')
    .fontSize(8)
    .text(`${label(model.language, 'consumptionByMonth')} (${unit})`, MARGIN, y, { width: 230 });
  const top = doc.y + 4;
  const barWidth = Math.min(16, 230 / bars.length - 3);
  doc.font('Helvetica').fontSize(6);
  bars.forEach((b, i) => {
    const h = (Number(b.quantity) / max) * height;
    const x = MARGIN + i * (barWidth + 3);
    doc.rect(x, top + height - h, barWidth, h).fill('#6b8fb3');
    doc.fillColor('black').text(formatMonthShort(model.language, b.month), x - 2, top + height + 2, {
      width: barWidth + 4,
      align: 'center',
    });
  });
  doc.font('Helvetica').fillColor('black');
  return top + height + 14;
}
