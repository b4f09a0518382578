import { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import { ZipFile } from 'yazl';
import { UID } from '../../../content-types';
import { conflict, notFound } from '../../../src/common/errors';
import { documentFileNames } from '../../../src/documents/document-file-names';
import { getService } from '../../plugin';

type RunRow = { documentId: string; status: string; periodStart: string; periodEnd: string };

/**
 * A finalized run's documents as one ZIP (GET /charge-runs/:id/documents.zip): one PDF
 * per invoice, named by its number (src/documents/document-file-names.ts). The ZIP is
 * streamed: each PDF is rendered only when the previous one has gone out (yazl asks for
 * an entry's data when its turn comes, and the response's backpressure holds it back),
 * so a run of any size holds one PDF in memory, never the archive. PDFs are stored, not
 * deflated: they are compressed already.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async zip(runId: string) {
    const run = (await strapi.db.query(UID.chargeRun).findOne({
      select: ['documentId', 'status', 'periodStart', 'periodEnd'],
      where: { documentId: runId },
    })) as RunRow | null;
    if (!run) throw notFound('Charge run', runId);
    if (run.status !== 'finalized')
      throw conflict(
        `Charge run ${runId} is ${run.status}: only a finalized run's invoices are documents to download`,
      );
    const invoices = (await strapi.db.query(UID.invoice).findMany({
      select: ['documentId', 'number', 'billingPointRef'],
      where: { runRef: runId, number: { $notNull: true } },
      orderBy: { id: 'asc' },
    })) as { documentId: string; number: string; billingPointRef: string }[];
    const points = (await strapi.db.query(UID.billingPoint).findMany({
      select: ['documentId', 'code'],
      where: { documentId: { $in: [...new Set(invoices.map((i) => i.billingPointRef))] } },
    })) as { documentId: string; code: string }[];
    const codeOf = new Map(points.map((p) => [p.documentId, p.code]));
    const names = documentFileNames(
      invoices.map((i) => ({ number: i.number, billingPointCode: codeOf.get(i.billingPointRef) ?? '' })),
    );

    const zip = new ZipFile();
    const output = zip.outputStream as Readable;
    let stopped = false;
    // The client went away: render nothing more.
    output.on('close', () => (stopped = true));
    zip.on('error', (error: Error) => {
      strapi.log.error(`[utilities] The documents ZIP of charge run ${runId} failed: ${error.message}`);
      output.destroy(error);
    });
    const documents = getService(strapi, 'invoice-documents');
    invoices.forEach((invoice, i) => {
      zip.addReadStreamLazy(names[i], { compress: false, mtime: new Date() }, (done) => {
        if (stopped) return done(new Error('the download was cancelled'), Readable.from([]));
        documents.pdf(invoice.documentId).then(
          ({ pdf }) => done(null, Readable.from([pdf])),
          (error: Error) => done(error, Readable.from([])),
        );
      });
    });
    zip.end();
    return { run, stream: output };
  },
});
