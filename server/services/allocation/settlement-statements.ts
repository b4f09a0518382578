import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { notFound } from '../../../src/common/errors';
import { statementId } from '../../../src/allocation/statement-id';
import { qrBillData } from '../../../src/documents/qr-bill';
import { renderSettlementStatementPdf } from '../../../src/documents/settlement-statement-pdf';
import { settlementLabel } from '../../../src/documents/settlement-labels';
import { issuersOfBuildings } from '../documents/issuer-resolution';
import { getService } from '../../plugin';
import type { SettlementRunRow } from './allocation-rows';

/**
 * One party's statement of a settlement run as a PDF
 * (src/documents/settlement-statement-pdf.ts), printed like the invoices: the
 * building's issuer, the party's language and address (the invoice documents'
 * header). A balance due gets a QR-bill whose reference is made of the period's
 * year, the run and the statement's place in it (`NK<year><run><n>`), so a
 * payment is matched to its statement; a draft's statement is marked as such
 * and carries none.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async pdf(runId: string, id: string) {
    const run = (await strapi.db
      .query(UID.settlementRun)
      .findOne({ where: { documentId: runId } })) as SettlementRunRow | null;
    if (!run?.result) throw notFound('Settlement run', runId);
    const result = run.result;
    const index = result.statements.findIndex((s) => statementId(s) === id);
    if (index < 0) throw notFound('Statement', id);
    const statement = result.statements[index];
    const issuer = (await issuersOfBuildings(strapi, [run.buildingRef])).get(run.buildingRef)!;
    const { fields } = await getService(strapi, 'invoice-documents').header({
      partyRef: statement.partyId,
      billingPointRef: statement.billingPointId,
      issuerKey: issuer.key,
    });
    const { language, recipient } = fields;
    const year = Number(result.periodEnd.slice(0, 4));
    const number = `NK${year}${String(run.id).padStart(6, '0')}${String(index + 1).padStart(4, '0')}`;
    const payment =
      run.status === 'finalized' && statement.outcome === 'to-pay'
        ? qrBillData({
            currency: result.currency,
            gross: statement.balance,
            number,
            year,
            seq: run.id * 10_000 + index + 1,
            message: `${settlementLabel(language, 'title')} ${year} ${fields.billingPoint.code}`.trim(),
            issuer: { name: issuer.name, address: issuer.address, iban: issuer.iban },
            recipient,
          })
        : null;
    const pdf = await renderSettlementStatementPdf({
      language,
      issuer: fields.issuer,
      recipient,
      draft: run.status !== 'finalized',
      date: (run.finalizedAt ?? new Date().toISOString()).slice(0, 10),
      periodStart: result.periodStart,
      periodEnd: result.periodEnd,
      periodDays: result.days,
      billingPoint: fields.billingPoint,
      building: fields.building,
      currency: result.currency,
      statement,
      buildingCosts: result.categories.map((c) => ({
        code: c.code,
        total: c.total,
        parts: c.parts.map((p) => ({ key: p.key, amount: p.amount })),
      })),
      payment: payment && 'data' in payment ? payment.data : null,
    });
    const name = `${fields.billingPoint.code || statement.billingPointId}-${result.periodStart}-${result.periodEnd}`;
    return { pdf, fileName: `settlement-${name.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf` };
  },
});
