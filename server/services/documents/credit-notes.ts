import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { UID } from '../../../content-types';
import { conflict, invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta, parseListQuery } from '../../../src/common/list-query';
import { parseInput } from '../../../src/common/validate';
import {
  creditedSoFar,
  creditNoteLines,
  creditNoteRequestSchema,
  remainderCreditNote,
  type CreditableLine,
  type PriorCreditLine,
} from '../../../src/documents/credit-note';
import { creditNoteRefusal } from '../../../src/documents/credit-note-refusals';
import { formatDocumentNumber } from '../../../src/documents/document-number';
import { label } from '../../../src/documents/labels';
import { isDocumentLanguage } from '../../../src/documents/languages';
import { partyStatement } from '../../../src/documents/party-statement';
import { renderInvoicePdf, type InvoiceDocumentModel } from '../../../src/documents/invoice-pdf';
import { takeNumbers } from '../../database/document-sequences';
import type { KnexTransaction } from '../../database/knex-transaction';
import { withBillingLock } from '../../database/billing-locks';
import { isUniqueViolation } from '../../http/db-errors';
import { getService } from '../../plugin';
import { pluginConfig } from '../billing/billing-support';
import { issuedInvoices, type CreditNoteRow, type InvoiceRow } from './document-rows';
import { issuerByKey, type Issuer } from './issuer-resolution';

/** A 409 with the refusal's code and params (src/documents/credit-note-refusals.ts). */
const refusedConflict = (r: ReturnType<typeof creditNoteRefusal>, details: Record<string, unknown> = {}) =>
  conflict(r.message, details, r.code, r.params);

/** The charge runs' lock: a credit note and a void of its run never interleave. */
const RUNS_LOCK = 'charge-runs';
/** Rows read or written per statement when a whole run's invoices are credited. */
const RUN_BATCH = 500;
/** The requestId of the credit notes a run's void issues: at most one per invoice and void. */
const voidRequestKey = (runId: string) => `run-void-${runId}`;
/** `issuedBy` of the credit notes the repair of older voids issues (creditOlderVoids). */
const REPAIR_ISSUER = 'repair of runs voided without credit notes';

export type IssuingUser = {
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
  id?: number;
} | null;
const describeUser = (user: IssuingUser | undefined) =>
  user
    ? [[user.firstname, user.lastname].filter(Boolean).join(' '), user.email ? `<${user.email}>` : '']
        .filter(Boolean)
        .join(' ')
        .slice(0, 300) || `admin ${user.id ?? ''}`.trim()
    : '';

export const creditNoteDto = (row: CreditNoteRow) => ({
  documentId: row.documentId,
  invoice: row.invoiceRef,
  chargeRun: row.runRef,
  party: row.partyRef,
  billingPoint: row.billingPointRef,
  number: row.number,
  issuer: row.issuerKey,
  issuedOn: row.issuedOn,
  reason: row.reason,
  currency: row.currency,
  lines: row.lines ?? [],
  totals: row.totals,
  issuedBy: row.issuedBy ?? null,
  createdAt: row.createdAt,
});

/**
 * Credit notes of finalized invoices (src/documents/credit-note.ts has the rules).
 * Issued under the charge runs' lock in one transaction: the invoice is read
 * finalized, what its earlier credit notes took is read, the number is taken from
 * the issuer's `credit-note` sequence of the year and the note stored — so two
 * credit notes at once can neither over-credit an invoice nor share or skip a
 * number, and a failed one gives its number back.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const notes = () => strapi.db.query(UID.creditNote);

  const priorLinesOf = (rows: readonly CreditNoteRow[]): PriorCreditLine[] =>
    rows.flatMap((n) =>
      (n.lines ?? []).map((l) => ({
        line: l.line,
        amount: l.amount,
        vatAmount: l.vatAmount,
        quantity: l.quantity,
      })),
    );

  const ofInvoiceRows = async (invoiceId: string) =>
    (await notes().findMany({ where: { invoiceRef: invoiceId }, orderBy: { id: 'asc' } })) as CreditNoteRow[];

  async function findNote(id: string): Promise<CreditNoteRow> {
    const row = (await notes().findOne({ where: { documentId: id } })) as CreditNoteRow | null;
    if (!row) throw notFound('Credit note', id);
    return row;
  }

  return {
    /** Issues a credit note of a finalized invoice (201), or 400 / 404 / 409 saying why not. */
    async create(invoiceId: string, body: unknown, user?: IssuingUser) {
      const request = parseInput(creditNoteRequestSchema, body);
      const today = DateTime.now().setZone(pluginConfig(strapi).defaultTimezone);
      const saved = await withBillingLock(strapi, RUNS_LOCK, async (trx) => {
        const invoice = (await strapi.db
          .query(UID.invoice)
          .findOne({ where: { documentId: invoiceId } })) as InvoiceRow | null;
        if (!invoice || invoice.runRef.startsWith('staging:')) throw notFound('Invoice', invoiceId);
        if (invoice.status !== 'finalized' || !invoice.number || !invoice.issuerKey)
          throw refusedConflict(
            invoice.status === 'draft'
              ? creditNoteRefusal('credit-invoice-draft', { invoice: invoiceId })
              : creditNoteRefusal('credit-invoice-not-finalized', {
                  invoice: invoiceId,
                  status: invoice.status,
                }),
          );
        const prior = await ofInvoiceRows(invoiceId);
        const same = prior.find((n) => n.requestKey === request.requestId);
        if (same)
          throw refusedConflict(
            creditNoteRefusal('credit-note-already-issued', {
              number: same.number,
              requestId: request.requestId,
            }),
            { creditNote: same.documentId, number: same.number },
          );
        const { lines, totals } = creditNoteLines(
          { currency: invoice.currency, lines: (invoice.lines ?? []) as CreditableLine[] },
          priorLinesOf(prior),
          request.lines,
        );
        const issuer = await issuerByKey(strapi, invoice.issuerKey);
        const year = today.year;
        const seq = await takeNumbers(
          strapi,
          trx,
          { issuer: invoice.issuerKey, kind: 'credit-note', year },
          1,
        );
        const now = new Date();
        return (await notes().create({
          data: {
            invoiceRef: invoiceId,
            runRef: invoice.runRef,
            partyRef: invoice.partyRef,
            billingPointRef: invoice.billingPointRef,
            currency: invoice.currency,
            number: formatDocumentNumber(issuer.creditNoteNumberPattern, year, seq),
            numberYear: year,
            numberSeq: seq,
            issuerKey: invoice.issuerKey,
            issuedOn: today.toISODate()!,
            reason: request.reason,
            lines,
            totals,
            requestKey: request.requestId,
            issuedBy: describeUser(user),
            createdAt: now,
            updatedAt: now,
            publishedAt: now,
          },
        })) as CreditNoteRow;
      }).catch(async (error: unknown) => {
        // The unique (invoice, requestId) index: a double submit that raced past the check.
        if (!isUniqueViolation(error)) throw error;
        const same = (await ofInvoiceRows(invoiceId)).find((n) => n.requestKey === request.requestId);
        if (!same)
          throw conflict(`This credit note was already issued (requestId ${request.requestId})`, {
            creditNote: null,
            number: null,
          });
        throw refusedConflict(
          creditNoteRefusal('credit-note-already-issued', {
            number: same.number,
            requestId: request.requestId,
          }),
          { creditNote: same.documentId, number: same.number },
        );
      });
      getService(strapi, 'document-events').creditNoteIssued(saved);
      return creditNoteDto(saved);
    },

    /**
     * Voiding a finalized run (charge-runs.ts `void`, inside its transaction under the
     * runs' lock): each finalized invoice of the run gets a credit note of everything its
     * earlier credit notes left, numbered in its issuer's credit-note sequence, with the
     * reason "charge run voided" in the party's language. An invoice credited in full
     * before gets none. Answers the notes issued (for the webhooks, after the commit).
     */
    async creditVoidedRun(
      runId: string,
      trx: KnexTransaction,
      issuedBy: string,
      /** `void` when repairing a run voided before voids issued credit notes (its invoices are void already). */
      invoiceStatus: 'finalized' | 'void' = 'finalized',
    ) {
      const invoices = (await strapi.db.query(UID.invoice).findMany({
        where: { runRef: runId, status: invoiceStatus, number: { $notNull: true } },
        orderBy: { id: 'asc' },
      })) as InvoiceRow[];
      const prior = new Map<string, CreditNoteRow[]>();
      const languages = new Map<string, string | null>();
      for (let i = 0; i < invoices.length; i += RUN_BATCH) {
        const batch = invoices.slice(i, i + RUN_BATCH);
        const [notesOf, parties] = await Promise.all([
          notes().findMany({
            where: { invoiceRef: { $in: batch.map((b) => b.documentId) } },
            orderBy: { id: 'asc' },
          }) as Promise<CreditNoteRow[]>,
          strapi.db.query(UID.party).findMany({
            select: ['documentId', 'language'],
            where: { documentId: { $in: [...new Set(batch.map((b) => b.partyRef))] } },
          }) as Promise<{ documentId: string; language: string | null }[]>,
        ]);
        for (const n of notesOf) prior.set(n.invoiceRef, [...(prior.get(n.invoiceRef) ?? []), n]);
        for (const p of parties) languages.set(p.documentId, p.language);
      }
      const issuers = new Map<string, Issuer>();
      const owed = [];
      for (const invoice of invoices) {
        const credit = remainderCreditNote(
          { currency: invoice.currency, lines: (invoice.lines ?? []) as CreditableLine[] },
          priorLinesOf(prior.get(invoice.documentId) ?? []),
        );
        if (!credit) continue;
        const key = String(invoice.issuerKey);
        if (!issuers.has(key)) issuers.set(key, await issuerByKey(strapi, key));
        owed.push({ invoice, issuer: issuers.get(key)!, credit });
      }
      const today = DateTime.now().setZone(pluginConfig(strapi).defaultTimezone);
      const year = today.year;
      const now = new Date();
      const rows = [];
      for (const [key, issuer] of [...issuers].sort(([a], [b]) => a.localeCompare(b))) {
        const mine = owed.filter((o) => o.issuer === issuer);
        let seq = await takeNumbers(strapi, trx, { issuer: key, kind: 'credit-note', year }, mine.length);
        for (const { invoice, credit } of mine) {
          const language = languages.get(invoice.partyRef);
          rows.push({
            invoiceRef: invoice.documentId,
            runRef: runId,
            partyRef: invoice.partyRef,
            billingPointRef: invoice.billingPointRef,
            currency: invoice.currency,
            number: formatDocumentNumber(issuer.creditNoteNumberPattern, year, seq),
            numberYear: year,
            numberSeq: seq++,
            issuerKey: key,
            issuedOn: today.toISODate()!,
            reason: label(
              isDocumentLanguage(language) ? language : issuer.defaultLanguage,
              'runVoidedReason',
            ),
            lines: credit.lines,
            totals: credit.totals,
            requestKey: voidRequestKey(runId),
            issuedBy,
            createdAt: now,
            updatedAt: now,
            publishedAt: now,
          });
        }
      }
      for (let i = 0; i < rows.length; i += RUN_BATCH)
        await notes().createMany({ data: rows.slice(i, i + RUN_BATCH) });
      // The notes just issued: (invoice, requestKey) is unique, and these invoices had none with this key.
      const issued: CreditNoteRow[] = [];
      for (let i = 0; i < owed.length; i += RUN_BATCH)
        issued.push(
          ...((await notes().findMany({
            where: {
              requestKey: voidRequestKey(runId),
              invoiceRef: { $in: owed.slice(i, i + RUN_BATCH).map((o) => o.invoice.documentId) },
            },
            orderBy: { id: 'asc' },
          })) as CreditNoteRow[]),
        );
      return issued;
    },

    /**
     * The repair of runs voided before a void issued credit notes: their invoices were
     * numbered, then only marked void, so the party's statement still shows them as
     * owed. Each such invoice gets the credit note a void issues today (creditVoidedRun,
     * under the runs' lock, numbered in its issuer's sequence). Idempotent: an invoice
     * with nothing left to credit gets none, so running it again — at every start, on
     * two instances at once — issues nothing more. Answers the notes issued.
     */
    async creditOlderVoids() {
      const voided = (await strapi.db.query(UID.invoice).findMany({
        select: ['documentId', 'runRef'],
        where: { status: 'void', number: { $notNull: true } },
      })) as Pick<InvoiceRow, 'documentId' | 'runRef'>[];
      if (!voided.length) return [];
      // Cheap first look: only runs with a numbered void invoice that no void credited.
      const credited = new Set<string>();
      for (let i = 0; i < voided.length; i += RUN_BATCH) {
        const rows = (await notes().findMany({
          select: ['invoiceRef'],
          where: {
            invoiceRef: { $in: voided.slice(i, i + RUN_BATCH).map((v) => v.documentId) },
            requestKey: { $startsWith: 'run-void-' },
          },
        })) as { invoiceRef: string }[];
        for (const row of rows) credited.add(row.invoiceRef);
      }
      const runIds = [...new Set(voided.filter((v) => !credited.has(v.documentId)).map((v) => v.runRef))];
      const issued: CreditNoteRow[] = [];
      for (const runId of runIds.sort()) {
        const notesOfRun = await withBillingLock(strapi, RUNS_LOCK, async (trx) => {
          const run = (await strapi.db
            .query(UID.chargeRun)
            .findOne({ select: ['status'], where: { documentId: runId } })) as { status: string } | null;
          if (run?.status !== 'void') return [];
          return getService(strapi, 'credit-notes').creditVoidedRun(runId, trx, REPAIR_ISSUER, 'void');
        });
        issued.push(...notesOfRun);
      }
      const events = getService(strapi, 'document-events');
      for (const note of issued) events.creditNoteIssued(note);
      return issued;
    },

    /** An invoice's credit notes and what they credited in all (for the invoice's answer). */
    async ofInvoice(invoice: { documentId: string; currency: string; totals: { gross: string } | null }) {
      const rows = await ofInvoiceRows(invoice.documentId);
      return {
        creditNotes: rows.map((r) => ({
          documentId: r.documentId,
          number: r.number,
          issuedOn: r.issuedOn,
          reason: r.reason,
          gross: r.totals?.gross ?? '0',
        })),
        ...creditedSoFar(
          invoice.totals?.gross ?? '0',
          rows.map((r) => r.totals?.gross ?? '0'),
          invoice.currency,
        ),
      };
    },

    async get(id: string) {
      return creditNoteDto(await findNote(id));
    },

    /** GET /utilities/credit-notes?invoice=…&party=…: newest first. */
    async list(query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: ['issuedOn', 'number', 'createdAt'],
        defaultSort: [{ field: 'createdAt', direction: 'desc' }],
        filters: ['invoice', 'party'],
      });
      const where: Record<string, string> = {};
      for (const [param, field] of [
        ['invoice', 'invoiceRef'],
        ['party', 'partyRef'],
      ] as const) {
        const value = query[param];
        if (value === undefined) continue;
        if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value))
          throw invalidField(param, `${param} must be a documentId`);
        where[field] = value;
      }
      const [rows, total] = await Promise.all([
        notes().findMany({
          where,
          orderBy: list.sort.map((s) => ({ [s.field]: s.direction })),
          limit: list.pageSize,
          offset: (list.page - 1) * list.pageSize,
        }) as Promise<CreditNoteRow[]>,
        notes().count({ where }),
      ]);
      return { data: rows.map(creditNoteDto), meta: paginationMeta(list, total) };
    },

    /**
     * GET /utilities/parties/:id/statement: the party's issued invoices and its
     * credit notes, in date order, with the running balance per currency.
     */
    async partyStatement(partyId: string) {
      const party = (await strapi.db
        .query(UID.party)
        .findOne({ select: ['documentId'], where: { documentId: partyId } })) as {
        documentId: string;
      } | null;
      if (!party) throw notFound('Party', partyId);
      const [invoices, credits] = await Promise.all([
        strapi.db.query(UID.invoice).findMany({
          select: ['documentId', 'number', 'issuedOn', 'currency', 'totals'],
          // Issued invoices: finalized, or void with the credit note that took them back.
          where: { partyRef: partyId, ...issuedInvoices() },
        }) as Promise<Pick<InvoiceRow, 'documentId' | 'number' | 'issuedOn' | 'currency' | 'totals'>[]>,
        notes().findMany({ where: { partyRef: partyId } }) as Promise<CreditNoteRow[]>,
      ]);
      return partyStatement([
        ...invoices.map((i) => ({
          kind: 'invoice' as const,
          documentId: i.documentId,
          number: i.number ?? '',
          issuedOn: i.issuedOn ?? '',
          currency: i.currency,
          gross: i.totals?.gross ?? '0',
        })),
        ...credits.map((c) => ({
          kind: 'credit-note' as const,
          documentId: c.documentId,
          number: c.number,
          issuedOn: c.issuedOn,
          currency: c.currency,
          gross: c.totals?.gross ?? '0',
          invoice: c.invoiceRef,
        })),
      ]);
    },

    /** The credit note's PDF: the invoice's layout, "Credit note" title, no payment part. */
    async pdf(id: string) {
      const note = await findNote(id);
      const documents = getService(strapi, 'invoice-documents');
      const invoice = await documents.numberedInvoice(note.invoiceRef);
      const { fields } = await documents.header(invoice);
      const model: InvoiceDocumentModel = {
        ...fields,
        creditNote: {
          refersTo: { number: invoice.number, issuedOn: String(invoice.issuedOn) },
          reason: note.reason,
        },
        number: note.number,
        issuedOn: note.issuedOn,
        dueOn: note.issuedOn,
        periodStart: invoice.periodStart,
        periodEnd: invoice.periodEnd,
        currency: note.currency,
        // Credited by amount: the invoice's unit price would not explain the figure.
        lines: (note.lines ?? []).map((l) =>
          l.credit === 'amount'
            ? { ...l, quantity: undefined, unitPrice: undefined }
            : { ...l, quantity: l.quantity ?? undefined },
        ),
        totals: note.totals ?? { net: '0', vat: '0', gross: '0', vatBreakdown: [] },
        note: null,
        consumption: [],
        payment: null,
      };
      return {
        fileName: `${note.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`,
        pdf: await renderInvoicePdf(model),
        model,
      };
    },
  };
};
