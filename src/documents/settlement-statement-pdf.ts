import Decimal from 'decimal.js';
import type { AllocationKey } from '../allocation/keys';
import { parseDayRanges, type SettlementNote } from '../allocation/settlement-notes';
import type { Statement } from '../allocation/types';
import { formatAmount, formatDate, formatQuantity } from './document-format';
import { label } from './labels';
import type { DocumentLanguage } from './languages';
import * as part from './pdf-parts';
import type { QrBillData } from './qr-bill';
import {
  categoryName,
  groupName,
  keyName,
  settlementLabel,
  type SettlementLabelKey,
} from './settlement-labels';

/**
 * One party's statement of a settlement run as a PDF, drawn with the invoice's
 * building blocks (pdf-parts.ts): the issuer's letterhead, the party's address,
 * the period and the party's days in it, then per cost category the building's
 * cost, each key with its share, the party's units and the key's total, the
 * unit's share and the party's; the costs against the advance payments per
 * group; the balance to pay or the credit to refund — with the QR-bill when a
 * balance is due and the issuer can be paid by one.
 */
export type SettlementStatementModel = {
  language: DocumentLanguage;
  issuer: part.LetterIssuer;
  recipient: part.LetterRecipient;
  /** A draft run's statement says so in its title and carries no payment part. */
  draft: boolean;
  /** The statement's date (the run's finalization, else today's), yyyy-MM-dd. */
  date: string;
  periodStart: string;
  periodEnd: string;
  periodDays: number;
  billingPoint: { code: string; name: string };
  building: string | null;
  currency: string;
  statement: Statement;
  /** The building's cost of each category, and of each key's part of it. */
  buildingCosts: { code: string; total: string; parts: { key: AllocationKey; amount: string }[] }[];
  payment: QrBillData | null;
};

export async function renderSettlementStatementPdf(model: SettlementStatementModel): Promise<Buffer> {
  const { language: lang, statement: s, currency } = model;
  const t = (k: SettlementLabelKey, params?: Record<string, string | number>) =>
    settlementLabel(lang, k, params);
  const money = (v: string) => formatAmount(lang, v);
  const date = (d: string) => formatDate(lang, d);
  const title = `${t('title')} ${date(model.periodStart)} – ${date(model.periodEnd)}${model.draft ? ` (${t('draft')})` : ''}`;
  const { doc, done } = part.openDocument({ Title: title, Author: model.issuer.name });

  part.drawLetterhead(doc, model.issuer, label(lang, 'vatNumber'));
  part.drawRecipient(doc, model.recipient);
  const facts: [string, string][] = [
    [t('date'), date(model.date)],
    [t('period'), `${date(model.periodStart)} – ${date(model.periodEnd)}`],
    [label(lang, 'billingPoint'), `${model.billingPoint.code} ${model.billingPoint.name}`.trim()],
  ];
  if (model.building) facts.push([label(lang, 'building'), model.building]);
  if (s.periods.length)
    facts.push([
      t('yourPeriod'),
      `${s.periods.map((p) => `${date(p.from)} – ${date(p.to)}`).join(', ')} (${t('days', { days: s.days, total: model.periodDays })})`,
    ]);
  if (s.role === 'owner') facts.push(['', t('asOwner')]);
  part.drawTitleAndFacts(doc, title, facts);

  // Costs by category: the building's cost, each key's part, the unit's and the party's share.
  const quantity = (v: string) => formatQuantity(lang, v);
  const rows: part.TableRow[] = [];
  for (const c of s.categories) {
    const building = model.buildingCosts.find((b) => b.code === c.code);
    const unit = c.parts.reduce((sum, p) => sum.plus(p.billingPointAmount), new Decimal(0));
    rows.push({
      bold: true,
      cells: [
        categoryName(lang, c.code, c.name),
        '',
        '',
        '',
        money(building?.total ?? ''),
        money(unit.toFixed(2)),
        money(c.amount),
      ],
    });
    for (const p of c.parts)
      rows.push({
        cells: [
          `   ${keyName(lang, p.key)}`,
          `${quantity(p.percent)} %`,
          quantity(p.keyValue),
          quantity(p.keyTotal),
          money(building?.parts.find((b) => b.key === p.key)?.amount ?? ''),
          money(p.billingPointAmount),
          money(p.amount),
        ],
      });
  }
  rows.push({ bold: true, cells: [t('cost'), '', '', '', '', '', money(s.cost)] });
  part.drawTable(
    doc,
    [
      { header: t('category'), x: 0, width: 150 },
      { header: t('percent'), x: 150, width: 35, align: 'right' },
      { header: t('yourUnits'), x: 190, width: 55, align: 'right' },
      { header: t('totalUnits'), x: 250, width: 55, align: 'right' },
      { header: `${t('buildingCost')} ${currency}`, x: 310, width: 60, align: 'right' },
      { header: `${t('unitCost')} ${currency}`, x: 375, width: 60, align: 'right' },
      { header: `${t('yourShare')} ${currency}`, x: 440, width: part.WIDTH - 440, align: 'right' },
    ],
    rows,
  );

  // Costs against advances, per group, and the balance.
  part.drawTable(
    doc,
    [
      { header: t('group'), x: 0, width: 245 },
      { header: `${t('cost')} ${currency}`, x: 250, width: 75, align: 'right' },
      { header: `${t('advances')} ${currency}`, x: 330, width: 85, align: 'right' },
      { header: `${t('balance')} ${currency}`, x: 420, width: part.WIDTH - 420, align: 'right' },
    ],
    [
      ...s.groups.map((g) => ({
        cells: [groupName(lang, g.group), money(g.cost), money(g.advances), money(g.balance)],
      })),
      { bold: true, cells: [label(lang, 'grossTotal'), money(s.cost), money(s.advances), money(s.balance)] },
    ],
  );
  const balance = new Decimal(s.balance);
  const outcome: SettlementLabelKey =
    s.outcome === 'to-pay' ? 'toPay' : s.outcome === 'to-refund' ? 'toRefund' : 'settled';
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11);
  const y = doc.y;
  doc.text(outcome === 'settled' ? t(outcome) : `${t(outcome)} ${currency}`, part.MARGIN, y, { width: 330 });
  if (outcome !== 'settled')
    doc.text(money(balance.abs().toFixed(2)), part.MARGIN + 330, y, {
      width: part.WIDTH - 330,
      align: 'right',
    });
  doc.font('Helvetica');
  if (s.estimates.length)
    doc
      .moveDown(0.6)
      .fontSize(8)
      .text(
        `${t('estimated')} ${s.estimates.map((e) => estimateText(lang, e)).join('; ')}`,
        part.MARGIN,
        doc.y,
        {
          width: part.WIDTH,
        },
      );

  const closing: SettlementLabelKey =
    s.outcome === 'to-pay'
      ? model.payment
        ? 'payNote'
        : 'payNoteNoSlip'
      : s.outcome === 'to-refund'
        ? 'refundNote'
        : 'settled';
  part.drawClosing(doc, outcome === 'settled' ? '' : t(closing), model.issuer.footer);
  if (model.payment && !model.draft && s.outcome === 'to-pay') part.attachQrBill(doc, model.payment, lang);
  doc.end();
  return done;
}

/** An estimated meter figure in the party's language; a run stored before notes were coded gives its English text. */
function estimateText(lang: DocumentLanguage, estimate: SettlementNote | string): string {
  if (typeof estimate === 'string') return estimate;
  const p = estimate.params;
  const ranges = parseDayRanges(p.missingRanges)
    .map((r) => `${formatDate(lang, r.from)} – ${formatDate(lang, r.to)}`)
    .join(', ');
  return settlementLabel(lang, 'estimatedDetail', {
    key: keyName(lang, p.measuredKey as AllocationKey),
    days: p.days,
    ranges,
    estimate: formatQuantity(lang, String(p.estimateValue)),
  });
}
