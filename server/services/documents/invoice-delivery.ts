import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { conflict, notFound } from '../../../src/common/errors';
import { invoiceEmail, recipientProblem } from '../../../src/documents/invoice-email';
import { getService } from '../../plugin';
import type { InvoiceRow, PartyRow } from './document-rows';
import type { EmailSender } from './email-settings';
import { invoiceDocumentFields } from './invoice-document-fields';

const REASON_MAX = 500;

type Outcome = { status: 'sent' | 'failed' | 'no-address'; to: string | null; error: string | null };

/** A mail server's refusal as a person can act on it, bounded, on one line. */
const reasonOf = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim().slice(0, REASON_MAX) ||
  'the mail server refused the message';

/**
 * E-mails finalized invoices, each with its PDF attached, in the party's language, to
 * the party's address, and records the outcome on the invoice: sent (to, when), failed
 * (the server's reason) or no-address; every attempt counts, so a resend is visible.
 *
 * One invoice is sent while the request waits (the resend button); a run's invoices are
 * queued and sent one after another in the background on one SMTP connection, so a
 * 1,000-invoice run neither holds a request open nor opens 1,000 connections — their
 * status is `queued` until their turn.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const invoices = () => strapi.db.query(UID.invoice);
  const queue: string[] = [];
  let draining: Promise<void> | null = null;

  async function finalizedInvoice(id: string): Promise<InvoiceRow> {
    const row = (await invoices().findOne({ where: { documentId: id } })) as InvoiceRow | null;
    if (!row || row.runRef.startsWith('staging:')) throw notFound('Invoice', id);
    if (row.status !== 'finalized' || !row.number)
      throw conflict(`Invoice ${id} is ${row.status}: only a finalized invoice is e-mailed`);
    return row;
  }

  async function record(id: string, outcome: Outcome) {
    const row = (await invoices().findOne({
      select: ['deliveryAttempts'],
      where: { documentId: id },
    })) as Pick<InvoiceRow, 'deliveryAttempts'> | null;
    await invoices().update({
      where: { documentId: id },
      data: {
        deliveryStatus: outcome.status,
        deliveredTo: outcome.to,
        deliveredAt: outcome.status === 'sent' ? new Date() : null,
        deliveryError: outcome.error,
        deliveryAttempts: Number(row?.deliveryAttempts ?? 0) + 1,
      },
    });
  }

  async function deliver(id: string, sender: EmailSender): Promise<Outcome> {
    const invoice = await finalizedInvoice(id);
    const party = (await strapi.db
      .query(UID.party)
      .findOne({ select: ['email'], where: { documentId: invoice.partyRef } })) as Pick<
      PartyRow,
      'email'
    > | null;
    const address = typeof party?.email === 'string' ? party.email.trim() : '';
    const problem = recipientProblem(address);
    let outcome: Outcome;
    if (problem === 'no e-mail address') outcome = { status: 'no-address', to: null, error: problem };
    else if (problem) outcome = { status: 'failed', to: address.slice(0, 254), error: problem };
    else {
      try {
        const { fileName, pdf, model } = await getService(strapi, 'invoice-documents').pdf(id);
        const mail = invoiceEmail({
          language: model.language,
          number: model.number,
          issuerName: model.issuer.name,
          recipientName: model.recipient.name,
          gross: model.totals.gross,
          currency: model.currency,
          dueOn: model.dueOn,
          periodStart: model.periodStart,
          periodEnd: model.periodEnd,
        });
        await sender.send({
          to: address,
          subject: mail.subject,
          text: mail.text,
          attachments: [{ filename: fileName, content: pdf, contentType: 'application/pdf' }],
        });
        outcome = { status: 'sent', to: address, error: null };
      } catch (error) {
        outcome = { status: 'failed', to: address, error: reasonOf(error) };
        // The invoice number and the server's reason; never the address book or the password.
        strapi.log.warn(`[utilities] e-mail of invoice ${String(invoice.number)} failed: ${outcome.error}`);
      }
    }
    await record(id, outcome);
    getService(strapi, 'document-events').delivered(invoice, outcome.status);
    return outcome;
  }

  async function drain() {
    let sender: EmailSender | null = null;
    try {
      while (queue.length) {
        const id = queue.shift()!;
        try {
          sender ??= await getService(strapi, 'email-settings').sender();
          await deliver(id, sender);
        } catch (error) {
          // E-mail switched off meanwhile, the invoice voided …: the reason goes on the invoice.
          await record(id, { status: 'failed', to: null, error: reasonOf(error) }).catch(() => undefined);
        }
      }
    } finally {
      sender?.close();
      draining = null;
    }
  }

  const dto = async (id: string) => {
    const row = (await invoices().findOne({ where: { documentId: id } })) as InvoiceRow;
    return { documentId: id, ...invoiceDocumentFields(row) };
  };

  return {
    /** Sends (or resends) one invoice now and answers its delivery. */
    async sendInvoice(id: string) {
      await finalizedInvoice(id);
      const sender = await getService(strapi, 'email-settings').sender();
      try {
        await deliver(id, sender);
      } finally {
        sender.close();
      }
      return dto(id);
    },

    /**
     * Queues a finalized run's invoices: those not yet sent (never tried, failed, no
     * address at the time), or with `all` every one again. Answers how many.
     */
    async sendRun(runId: string, options: { all?: boolean } = {}) {
      const run = (await strapi.db
        .query(UID.chargeRun)
        .findOne({ select: ['status'], where: { documentId: runId } })) as { status: string } | null;
      if (!run) throw notFound('Charge run', runId);
      if (run.status !== 'finalized')
        throw conflict(
          `Charge run ${runId} is ${String(run.status)}: only a finalized run's invoices are e-mailed`,
        );
      // Fails here (409) rather than queueing mails that cannot go.
      (await getService(strapi, 'email-settings').sender()).close();
      const rows = (await invoices().findMany({
        select: ['documentId', 'deliveryStatus'],
        where: { runRef: runId, status: 'finalized' },
        orderBy: { id: 'asc' },
      })) as Pick<InvoiceRow, 'documentId' | 'deliveryStatus'>[];
      const pending = new Set(queue);
      const ids = rows
        .filter((r) => options.all || (r.deliveryStatus !== 'sent' && r.deliveryStatus !== 'queued'))
        .map((r) => String(r.documentId))
        .filter((id) => !pending.has(id));
      if (ids.length) {
        await invoices().updateMany({
          where: { documentId: { $in: ids } },
          data: { deliveryStatus: 'queued', deliveryError: null },
        });
        queue.push(...ids);
        draining ??= drain();
      }
      return { queued: ids.length, invoices: rows.length };
    },

    /** After a run is finalized: its invoices go out when the settings say so. */
    async afterFinalize(runId: string) {
      if (!(await getService(strapi, 'email-settings').sendsOnFinalize())) return;
      try {
        await this.sendRun(runId);
      } catch (error) {
        strapi.log.warn(`[utilities] invoices of run ${runId} were not e-mailed: ${reasonOf(error)}`);
      }
    },

    /**
     * Shutdown: the mail in flight finishes; the rest of the queue is marked failed
     * ("send again"), not left `queued` forever by a server that is gone.
     */
    async stop() {
      const left = queue.splice(0, queue.length);
      await draining;
      for (const id of left)
        await record(id, {
          status: 'failed',
          to: null,
          error: 'The server stopped before this e-mail was sent; send it again',
        }).catch(() => undefined);
    },
  };
};
