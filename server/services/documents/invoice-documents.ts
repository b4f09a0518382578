import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import Decimal from 'decimal.js';
import { UID } from '../../../content-types';
import { conflict, notFound } from '../../../src/common/errors';
import { partyDisplayName } from '../../../src/billing/party';
import {
  renderInvoicePdf,
  type DocumentLine,
  type InvoiceDocumentModel,
} from '../../../src/documents/invoice-pdf';
import { label } from '../../../src/documents/labels';
import { isDocumentLanguage } from '../../../src/documents/languages';
import { qrBillData } from '../../../src/documents/qr-bill';
import { pluginConfig } from '../billing/billing-support';
import type { BillingPointRow, BuildingRow, InvoiceRow, PartyRow } from './document-rows';
import { issuerByKey, type Issuer } from './issuer-resolution';

const CHART_MONTHS = 12;

/**
 * The PDF of a finalized invoice: gathers what the renderer (src/documents/invoice-pdf.ts)
 * prints — issuer (the invoice's, as numbered), the party in its language, the lines,
 * the party's consumption by month at this billing point — and decides the QR-bill
 * (src/documents/qr-bill.ts). A draft has no number yet, so no document (409).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  async function logoOf(fileId: number | null): Promise<Buffer | null> {
    if (!fileId || !strapi.db.metadata.has('plugin::upload.file')) return null;
    const file = (await strapi.db.query('plugin::upload.file').findOne({ where: { id: fileId } })) as {
      url?: string;
      provider?: string;
    } | null;
    // Only files on this server's disk: the renderer never fetches from elsewhere.
    if (!file?.url || file.provider !== 'local' || !file.url.startsWith('/uploads/')) return null;
    const publicDir = strapi.dirs.static.public;
    const full = path.resolve(publicDir, `.${file.url}`);
    if (!full.startsWith(path.resolve(publicDir) + path.sep)) return null;
    return readFile(full).catch(() => null);
  }

  /** The party's consumption lines at this point by month (YYYY-MM of each line's start), last 12 months. */
  async function consumptionByMonth(invoice: InvoiceRow) {
    const rows = (await strapi.db.query(UID.invoice).findMany({
      select: ['lines'],
      where: {
        partyRef: invoice.partyRef,
        billingPointRef: invoice.billingPointRef,
        status: 'finalized',
        periodStart: { $lte: invoice.periodEnd },
      },
      orderBy: { periodStart: 'desc' },
      limit: CHART_MONTHS * 3,
    })) as { lines: DocumentLine[] | null }[];
    const sums = new Map<string, { month: string; unit: string; quantity: Decimal }>();
    for (const row of rows)
      for (const line of row.lines ?? []) {
        if (line.kind !== 'consumption' || !line.quantity || !line.periodStart) continue;
        const month = line.periodStart.slice(0, 7);
        const key = `${month}|${line.unit ?? ''}`;
        const sum = sums.get(key) ?? { month, unit: line.unit ?? '', quantity: new Decimal(0) };
        sum.quantity = sum.quantity.plus(line.quantity);
        sums.set(key, sum);
      }
    const months = [...new Set([...sums.values()].map((s) => s.month))].sort().slice(-CHART_MONTHS);
    return [...sums.values()]
      .filter((s) => months.includes(s.month))
      .sort((a, b) => a.month.localeCompare(b.month))
      .map((s) => ({ month: s.month, unit: s.unit, quantity: s.quantity.toString() }));
  }

  /**
   * What an invoice and its credit notes print alike (and a settlement statement,
   * for its building's issuer): the issuer the invoice was numbered under, the
   * party (its language, name and address), billing point, building and its time zone.
   */
  async function header(invoice: Pick<InvoiceRow, 'partyRef' | 'billingPointRef' | 'issuerKey'>) {
    const [party, point] = (await Promise.all([
      strapi.db.query(UID.party).findOne({ where: { documentId: invoice.partyRef } }),
      strapi.db.query(UID.billingPoint).findOne({ where: { documentId: invoice.billingPointRef } }),
    ])) as [PartyRow | null, BillingPointRow | null];
    const building = point
      ? ((await strapi.db
          .query(UID.building)
          .findOne({ where: { documentId: point.buildingRef } })) as BuildingRow | null)
      : null;
    const issuer: Issuer = await issuerByKey(strapi, String(invoice.issuerKey));
    const language = isDocumentLanguage(party?.language) ? party.language : issuer.defaultLanguage;
    const recipientName = party
      ? partyDisplayName({
          kind: party.kind,
          firstName: party.firstName ?? null,
          lastName: party.lastName ?? null,
          companyName: party.companyName ?? null,
        })
      : '';
    return {
      issuer,
      fields: {
        language,
        issuer: {
          name: issuer.name,
          address: issuer.address,
          vatNumber: issuer.vatNumber,
          footer: issuer.footer,
          logo: await logoOf(issuer.logoFileId),
        },
        recipient: { name: recipientName, address: party?.address ?? null },
        billingPoint: { code: point?.code ?? '', name: point?.name ?? '' },
        building: building ? `${building.code} ${building.name}`.trim() : null,
        timeZone: building?.timezone ?? pluginConfig(strapi).defaultTimezone,
      } satisfies Partial<InvoiceDocumentModel>,
    };
  }

  /** A numbered (finalized or since voided) invoice, or 404 / 409 for a draft. */
  async function numberedInvoice(invoiceId: string): Promise<InvoiceRow & { number: string }> {
    const invoice = (await strapi.db
      .query(UID.invoice)
      .findOne({ where: { documentId: invoiceId } })) as InvoiceRow | null;
    if (!invoice || invoice.runRef.startsWith('staging:')) throw notFound('Invoice', invoiceId);
    const { number } = invoice;
    if (!number)
      throw conflict(`Invoice ${invoiceId} is a draft: its document is made when its run is finalized`);
    return { ...invoice, number };
  }

  async function model(invoiceId: string): Promise<{ invoice: InvoiceRow; model: InvoiceDocumentModel }> {
    const invoice = await numberedInvoice(invoiceId);
    const { issuer, fields } = await header(invoice);
    const { language, recipient } = fields;
    const totals = invoice.totals!;
    const payment = qrBillData({
      currency: String(invoice.currency),
      gross: totals.gross,
      number: String(invoice.number),
      year: Number(invoice.numberYear),
      seq: Number(invoice.numberSeq),
      message: `${label(language, 'invoice')} ${invoice.number}`,
      issuer: { name: issuer.name, address: issuer.address, iban: issuer.iban },
      recipient,
    });
    return {
      invoice,
      model: {
        ...fields,
        number: invoice.number,
        issuedOn: String(invoice.issuedOn),
        dueOn: String(invoice.dueOn),
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
        currency: invoice.currency,
        lines: invoice.lines ?? [],
        totals,
        note: invoice.note ?? null,
        consumption: await consumptionByMonth(invoice),
        payment: 'data' in payment ? payment.data : null,
      },
    };
  }

  return {
    header,
    numberedInvoice,
    model: async (invoiceId: string) => (await model(invoiceId)).model,
    /** The PDF, the file name it is offered under (`<number>.pdf`) and what it prints. */
    async pdf(invoiceId: string) {
      const built = await model(invoiceId);
      return {
        fileName: `${String(built.invoice.number).replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`,
        pdf: await renderInvoicePdf(built.model),
        model: built.model,
      };
    },
  };
};
