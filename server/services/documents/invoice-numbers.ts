import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { UID } from '../../../content-types';
import { formatDocumentNumber } from '../../../src/documents/document-number';
import type { KnexTransaction } from '../../database/knex-transaction';
import { takeNumbers } from '../../database/document-sequences';
import { pluginConfig } from '../billing/billing-support';
import { issuersOfBuildings, type Issuer } from './issuer-resolution';

type InvoiceRef = { id: number; billingPointRef: string };

/**
 * Numbers a run's invoices when it is finalized: each invoice gets the next
 * number of its issuer's invoice sequence for the year of the issue date (today
 * in the plugin's defaultTimezone), an issue date and a due date (issue date +
 * the issuer's payment terms). Runs inside finalize's transaction, so a finalize
 * that fails gives its numbers back (document-sequences.ts).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async numberRun(runId: string, trx: KnexTransaction, now = new Date()) {
    const invoices = (await strapi.db.query(UID.invoice).findMany({
      select: ['id', 'billingPointRef'],
      where: { runRef: runId },
      orderBy: { id: 'asc' },
    })) as InvoiceRef[];
    if (invoices.length === 0) return;
    const points = (await strapi.db.query(UID.billingPoint).findMany({
      select: ['documentId', 'buildingRef'],
      where: { documentId: { $in: [...new Set(invoices.map((i) => i.billingPointRef))] } },
    })) as { documentId: string; buildingRef: string }[];
    const buildingOf = new Map(points.map((p) => [p.documentId, p.buildingRef]));
    const issuers = await issuersOfBuildings(strapi, buildingOf.values());
    // Every billing point has a building (required), so every invoice has an issuer.
    const issuerOf = (invoice: InvoiceRef): Issuer => issuers.get(buildingOf.get(invoice.billingPointRef)!)!;

    const today = DateTime.fromJSDate(now).setZone(pluginConfig(strapi).defaultTimezone);
    const issuedOn = today.toISODate()!;
    const year = today.year;
    const groups = new Map<string, { issuer: Issuer; rows: InvoiceRef[] }>();
    for (const invoice of invoices) {
      const issuer = issuerOf(invoice);
      const group = groups.get(issuer.key) ?? { issuer, rows: [] };
      group.rows.push(invoice);
      groups.set(issuer.key, group);
    }
    for (const [key, { issuer, rows }] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
      const first = await takeNumbers(strapi, trx, { issuer: key, kind: 'invoice', year }, rows.length);
      const dueOn = today.plus({ days: issuer.paymentTermsDays }).toISODate()!;
      for (const [i, row] of rows.entries()) {
        const seq = first + i;
        await strapi.db.query(UID.invoice).update({
          where: { id: row.id },
          data: {
            number: formatDocumentNumber(issuer.invoiceNumberPattern, year, seq),
            numberYear: year,
            numberSeq: seq,
            issuerKey: key,
            issuedOn,
            dueOn,
          },
        });
      }
    }
  },
});
