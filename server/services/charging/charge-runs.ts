import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { asJson, writable } from '../../database/entities';
import type { Filters } from '../../database/entities';
import { DomainError, conflict, invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta } from '../../../src/common/list-query';
import { parseInput } from '../../../src/common/validate';
import { buildInvoices, type Invoice, type InvoiceLine, type InvoiceTotals } from '../../../src/charging';
import {
  invoiceNoteSchema,
  isRunStatus,
  runRequestSchema,
  runTotals,
  scopeKeyOf,
  transitionRefusal,
  type RunException,
  type RunScope,
  type RunStatus,
  type RunTotals,
} from '../../../src/charging/charge-run';
import { statementCsv, statementRows, type StatementInvoice } from '../../../src/charging/statement';
import { withBillingLock } from '../../database/billing-locks';
import {
  billingPointBrief,
  listArgs,
  loadMany,
  partyBrief,
  textParam,
  type Row,
} from '../billing/billing-support';
import { unaccountedPoints } from '../../../src/charging/accounted-for';
import { markLineQuality } from '../../../src/validation/invoice-quality';
import { chargeGathering, CHUNK_POINTS } from './charge-gathering';
import { statementXlsx } from './statement-xlsx';
import { communityCharging, withCommunityLines } from '../community/community-charging';
import { getService } from '../../plugin';
import { invoiceDocumentFields } from '../documents/invoice-document-fields';

/**
 * Charge runs (DESIGN §4 charge-run, invoice): gathers what src/charging needs
 * for the billing points of the scope, a chunk at a time (charge-gathering.ts),
 * runs the pure engine on each and stores the result.
 *
 * Lifecycle (src/charging/charge-run.ts): draft → finalized | void; finalized → void. Running again with the
 * same period and scope replaces the draft. A finalized run's invoices are
 * immutable and its period is locked for the billing points it charged: another
 * finalized run overlapping it for any of them is refused (409), and a new draft
 * leaves them out (a draft of one such billing point alone is a 409). Voiding
 * keeps the run and its invoices as history and releases the lock.
 */

export type { RunException, RunScope, RunStatus, RunTotals };
type Period = { periodStart: string; periodEnd: string };

/** Finalize and the draft replacement take this lock, so two of them never interleave. */
const RUNS_LOCK = 'charge-runs';
const MAX_POINTS_PER_RUN = 20_000;
const INVOICE_INSERT_BATCH = 500;
/** runRef of invoices written while their run is still being charged (documentIds have no colon). */
const STAGING_PREFIX = 'staging:';
const STAGING_MAX_AGE_MS = 6 * 3600_000;
type InvoiceSummary = { billingPointId: string; currency: string; totals: InvoiceTotals };

type User =
  | { firstname?: string | null; lastname?: string | null; email?: string | null; id?: number }
  | null
  | undefined;
const describeUser = (user: User) =>
  user
    ? [[user.firstname, user.lastname].filter(Boolean).join(' '), user.email ? `<${user.email}>` : '']
        .filter(Boolean)
        .join(' ') || `admin ${user.id ?? ''}`.trim()
    : '';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const runs = () => strapi.documents(UID.chargeRun);
  const invoicesDocs = () => strapi.documents(UID.invoice);
  const invoicesQuery = () => strapi.db.query(UID.invoice);

  // ───────────────────────────── gathering ─────────────────────────────

  async function pointsOfScope(scope: RunScope): Promise<Row[]> {
    if (scope && 'billingPoint' in scope) {
      const rows: Row[] = await strapi
        .documents(UID.billingPoint)
        .findMany({ filters: { documentId: scope.billingPoint }, limit: 1 });
      if (rows.length === 0)
        throw invalidField('scope.billingPoint', `Billing point "${scope.billingPoint}" does not exist`);
      return rows;
    }
    if (scope && 'building' in scope) {
      const building = await loadMany(strapi, UID.building, [scope.building]);
      if (!building.size) throw invalidField('scope.building', `Building "${scope.building}" does not exist`);
    }
    const filters =
      scope && 'building' in scope ? { buildingRef: scope.building, active: true } : { active: true };
    const rows: Row[] = await strapi.documents(UID.billingPoint).findMany({
      filters,
      sort: [{ code: 'asc' }],
      limit: MAX_POINTS_PER_RUN + 1,
    });
    if (rows.length > MAX_POINTS_PER_RUN)
      throw invalidField(
        'scope',
        `A run charges at most ${MAX_POINTS_PER_RUN} billing points; choose a building`,
      );
    return rows;
  }

  /** Charges every billing point; one point's bad data becomes an exception of the run, not a failed run. */
  /**
   * Charges every billing point, a chunk at a time, handing each chunk's invoices to
   * `store` before the next chunk is loaded (so a run holds one chunk, not the scope).
   * One point's bad data becomes an exception of the run, not a failed run.
   */
  async function charge(
    points: Row[],
    periodStart: string,
    periodEnd: string,
    store: (invoices: Invoice[]) => Promise<void>,
  ) {
    const gathering = chargeGathering(strapi);
    const catalog = await gathering.loadCatalog();
    const exceptions: RunException[] = [];
    // Self-consumption communities: each one's owner lines go with its first member charged.
    const communities = communityCharging(strapi, periodStart, periodEnd);
    const ownerLinesAt = new Map<string, string>();
    for (const point of points)
      for (const { community } of await communities.membershipsOf(point.documentId))
        if (!ownerLinesAt.has(community.documentId)) ownerLinesAt.set(community.documentId, point.documentId);
    for (let i = 0; i < points.length; i += CHUNK_POINTS) {
      const chunk = points.slice(i, i + CHUNK_POINTS);
      const buildings = await loadMany(
        strapi,
        UID.building,
        chunk.map((p) => p.buildingRef),
      );
      const gathered = await gathering.gatherChunk(chunk, buildings, periodStart, periodEnd, catalog);
      const invoices: Invoice[] = [];
      for (const point of chunk) {
        try {
          const one = gathered.get(point.documentId)!;
          if ('skipped' in one) {
            exceptions.push(one.skipped);
            continue;
          }
          const member = await communities.chargeMember(
            point.documentId,
            point.code,
            one.input,
            (community) => ownerLinesAt.get(community) === point.documentId,
          );
          const result = buildInvoices(member.input);
          markLineQuality(result.invoices, one.marks ?? [], one.input.timeZone);
          invoices.push(
            ...(member.extra.size
              ? withCommunityLines(result.invoices, member.extra, point.documentId, periodStart, periodEnd)
              : result.invoices),
          );
          exceptions.push(
            ...(result.exceptions as RunException[]),
            ...member.exceptions,
            ...(one.flagged ?? []),
          );
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          exceptions.push({
            kind: 'invalid-data',
            billingPointId: point.documentId,
            message: `Billing point ${point.code} could not be charged: ${error.message}`,
          });
        }
      }
      await store(invoices);
    }
    return { exceptions };
  }

  // ───────────────────────────── shaping ─────────────────────────────

  function runDto(row: Row, invoiceCount?: number) {
    return {
      documentId: row.documentId,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      scope: row.scope ?? null,
      status: row.status as RunStatus,
      billingPoints: (row.billingPointRefs as string[] | null) ?? [],
      totals: (row.totals as RunTotals | null) ?? [],
      exceptions: (row.exceptions as RunException[] | null) ?? [],
      createdBy: row.runBy ?? '',
      finalizedAt: row.finalizedAt ?? null,
      voidedAt: row.voidedAt ?? null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      ...(invoiceCount === undefined ? {} : { invoiceCount }),
    };
  }

  async function invoiceDtos(rows: Row[], withLines: boolean) {
    const parties = await loadMany(
      strapi,
      UID.party,
      rows.map((r) => r.partyRef),
    );
    const points = await loadMany(
      strapi,
      UID.billingPoint,
      rows.map((r) => r.billingPointRef),
    );
    return rows.map((r) => ({
      documentId: r.documentId,
      chargeRun: r.runRef,
      party: parties.has(r.partyRef)
        ? partyBrief(parties.get(r.partyRef)!)
        : { documentId: r.partyRef, kind: '', displayName: '' },
      billingPoint: points.has(r.billingPointRef)
        ? billingPointBrief(points.get(r.billingPointRef)!)
        : { documentId: r.billingPointRef, code: '', name: '' },
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      status: r.status as RunStatus,
      roles: r.roles ?? [],
      currency: r.currency,
      totals: r.totals as InvoiceTotals,
      note: r.note ?? null,
      ...invoiceDocumentFields(r),
      ...(withLines
        ? { lines: (r.lines as InvoiceLine[]) ?? [] }
        : { lineCount: ((r.lines as unknown[]) ?? []).length }),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }

  async function findRun(id: string): Promise<Row> {
    const rows: Row[] = await runs().findMany({
      filters: { documentId: id },
      limit: 1,
    });
    if (!rows[0]) throw notFound('Charge run', id);
    return rows[0];
  }

  async function invoicesOfRun(runId: string): Promise<Row[]> {
    return await invoicesDocs().findMany({
      filters: { runRef: runId },
      sort: [{ id: 'asc' }],
      limit: 1_000_000,
    });
  }

  async function setInvoicesStatus(runId: string, status: RunStatus) {
    await invoicesQuery().updateMany({
      where: { runRef: runId },
      data: { status, updatedAt: new Date() },
    });
  }

  /**
   * Invoices are written in bulk through the query engine (a run of 10,000 billing points
   * has some 20,000): the document service would add a SELECT after every INSERT. What it
   * would add itself is set here: the timestamps and publishedAt (the type has no draft &
   * publish, so every entry is the published one). The documentId is left to the query
   * engine: createMany fills it from the attribute's default, Strapi's own generator
   * (cuid2's createId), so bulk-written invoices have the same ids as any other document.
   */
  async function insertInvoices(runId: string, invoices: Invoice[]) {
    const now = new Date();
    for (let i = 0; i < invoices.length; i += INVOICE_INSERT_BATCH) {
      const data = invoices.slice(i, i + INVOICE_INSERT_BATCH).map((inv) => ({
        runRef: runId,
        partyRef: inv.partyId,
        billingPointRef: inv.billingPointId,
        periodStart: inv.periodStart,
        periodEnd: inv.periodEnd,
        status: 'draft',
        roles: inv.roles,
        lines: inv.lines,
        totals: inv.totals,
        currency: inv.currency,
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      }));
      await invoicesQuery().createMany({ data });
    }
  }

  // ───────────────────────────── the finalized-period lock ─────────────────────────────

  /** Finalized runs whose period overlaps [periodStart, periodEnd]. */
  async function finalizedOverlapping(period: Period): Promise<Row[]> {
    return await runs().findMany({
      filters: {
        status: 'finalized',
        periodStart: { $lte: period.periodEnd },
        periodEnd: { $gte: period.periodStart },
      },
      sort: [{ periodStart: 'asc' }],
      limit: 10_000,
    });
  }

  /** For each of `pointIds` already charged by a finalized run overlapping the period: that run. */
  async function lockedPoints(period: Period, pointIds: Iterable<string>): Promise<Map<string, Row>> {
    const wanted = new Set(pointIds);
    const locked = new Map<string, Row>();
    for (const run of await finalizedOverlapping(period)) {
      for (const id of (run.billingPointRefs as string[] | null) ?? [])
        if (wanted.has(id) && !locked.has(id)) locked.set(id, run);
    }
    return locked;
  }

  const periodText = (p: Period | Row) => `${p.periodStart} – ${p.periodEnd}`;

  /** A single billing point whose period is finalized: the whole request is refused. */
  const lockedConflict = (point: Row, period: Period, run: Row) =>
    conflict(
      `Billing point ${point.code} cannot be charged for ${periodText(period)}: the period ${periodText(run)} is already finalized for it in run ${run.documentId}. Void that run first to charge it again.`,
      {
        run: run.documentId,
        periodStart: run.periodStart,
        periodEnd: run.periodEnd,
        billingPoint: point.documentId,
      },
    );

  /** A billing point of a building or "all" run whose period is finalized: left out, and said so. */
  const lockedException = (point: Row, run: Row): RunException => ({
    kind: 'period-finalized',
    billingPointId: point.documentId,
    run: run.documentId,
    runPeriodStart: run.periodStart,
    runPeriodEnd: run.periodEnd,
    message: `Billing point ${point.code} was left out: period already finalized in run ${run.documentId} (${periodText(run)}). Void that run to charge it again.`,
  });

  /**
   * Drafts a run (or replaces the draft of the same period and scope). Billing points
   * whose period is already finalized are not charged: a run of one such point is a 409,
   * a building or "all" run leaves them out and lists them among its exceptions. The
   * check runs before charging (so no work is wasted) and again under the runs lock (a
   * run finalized meanwhile).
   */
  async function draft(request: Period & { scope: RunScope }, runBy: string) {
    const { periodStart, periodEnd, scope } = request;
    const single = !!scope && 'billingPoint' in scope;
    const all = await pointsOfScope(scope);
    const lockedBefore = await lockedPoints(
      request,
      all.map((p) => p.documentId),
    );
    if (single && lockedBefore.size)
      throw lockedConflict(all[0], request, lockedBefore.get(all[0].documentId)!);
    const points = all.filter((p) => !lockedBefore.has(p.documentId));
    const scopeKey = scopeKeyOf(scope);

    // Invoices are written as each chunk is charged, under a staging reference no run has;
    // under the lock they are handed to the run in one UPDATE. Until then no run shows them.
    await dropStaleStaging();
    const staging = `${STAGING_PREFIX}${randomUUID()}`;
    const summaries: InvoiceSummary[] = [];
    let handedOver = false;
    try {
      const charged = await charge(points, periodStart, periodEnd, async (invoices) => {
        await insertInvoices(staging, invoices);
        for (const i of invoices)
          summaries.push({ billingPointId: i.billingPointId, currency: i.currency, totals: i.totals });
      });
      const saved = await withBillingLock(strapi, RUNS_LOCK, async () => {
        const lockedNow = await lockedPoints(
          request,
          all.map((p) => p.documentId),
        );
        if (single && lockedNow.size)
          throw lockedConflict(all[0], request, lockedNow.get(all[0].documentId)!);
        // Finalized meanwhile by another run: not charged here after all.
        const lost = points.filter((p) => lockedNow.has(p.documentId)).map((p) => p.documentId);
        if (lost.length)
          await invoicesQuery().deleteMany({
            where: { runRef: staging, billingPointRef: { $in: lost } },
          });
        const invoices = summaries.filter((i) => !lockedNow.has(i.billingPointId));
        const exceptions = charged.exceptions.filter((e) => !lockedNow.has(e.billingPointId));
        const charging = points.filter((p) => !lockedNow.has(p.documentId));
        const data = {
          periodStart,
          periodEnd,
          scope: asJson(scope),
          scopeKey,
          status: 'draft' as const,
          billingPointRefs: charging.map((p) => p.documentId),
          totals: asJson(runTotals(invoices)),
          exceptions: asJson([
            ...all
              .filter((p) => lockedNow.has(p.documentId))
              .map((p) => lockedException(p, lockedNow.get(p.documentId)!)),
            ...exceptions,
            ...(await notices(charging, invoices, exceptions, request)),
          ]),
          runBy,
        };
        const drafts: Row[] = await runs().findMany({
          filters: { periodStart, periodEnd, scopeKey, status: 'draft' },
          limit: 100,
        });
        let run: Row;
        if (drafts.length) {
          run = drafts[0];
          await invoicesQuery().deleteMany({
            where: { runRef: { $in: drafts.map((d) => d.documentId) } },
          });
          for (const extra of drafts.slice(1)) await runs().delete({ documentId: extra.documentId });
          const updated = await runs().update({ documentId: run.documentId, data });
          // The run is ours under the lock; null would mean it was deleted from under it.
          if (!updated) throw new Error(`charge run ${run.documentId} disappeared while being recomputed`);
          run = updated;
        } else {
          run = await runs().create({ data });
        }
        await invoicesQuery().updateMany({
          where: { runRef: staging },
          data: { runRef: run.documentId },
        });
        handedOver = true;
        return { run, replaced: drafts.length > 0, invoiceCount: invoices.length };
      });
      return { data: runDto(saved.run, saved.invoiceCount), meta: { replaced: saved.replaced } };
    } finally {
      if (!handedOver) await invoicesQuery().deleteMany({ where: { runRef: staging } });
    }
  }

  /** Why the billing points with neither an invoice nor an exception got nothing (src/charging/accounted-for.ts). */
  async function notices(
    points: Row[],
    invoices: InvoiceSummary[],
    exceptions: RunException[],
    period: Period,
  ) {
    const invoiced = new Set(invoices.map((i) => i.billingPointId));
    const excepted = new Set(exceptions.map((e) => e.billingPointId));
    const silent = points.filter((p) => !invoiced.has(p.documentId) && !excepted.has(p.documentId));
    if (silent.length === 0) return [];
    const installed = (await strapi.db.query(UID.meterInstallation).findMany({
      select: ['billingPointRef'],
      where: {
        billingPointRef: { $in: silent.map((p) => p.documentId) },
        fromDate: { $lte: period.periodEnd },
        $or: [{ toDate: { $null: true } }, { toDate: { $gte: period.periodStart } }],
      },
    })) as { billingPointRef: string }[];
    return unaccountedPoints(
      silent.map((p) => ({ billingPointId: p.documentId, code: p.code })),
      invoiced,
      excepted,
      new Set(installed.map((i) => i.billingPointRef)),
      period,
    );
  }

  /** Staged invoices of a run that never finished (the process stopped mid-run). */
  async function dropStaleStaging() {
    const before = new Date(Date.now() - STAGING_MAX_AGE_MS);
    await invoicesQuery().deleteMany({
      where: { runRef: { $startsWith: STAGING_PREFIX }, createdAt: { $lt: before } },
    });
  }

  // ───────────────────────────── API ─────────────────────────────

  return {
    /** Creates a draft run, or replaces the draft of the same period and scope. */
    async run(body: unknown, user?: User) {
      const parsed = parseInput(runRequestSchema, body);
      return draft(
        { periodStart: parsed.periodStart, periodEnd: parsed.periodEnd, scope: parsed.scope ?? null },
        describeUser(user),
      );
    },

    draft,

    /** The finalized run of exactly this period and scope, if any (the scheduled run leaves such a month alone). */
    async finalizedRunOf(request: Period & { scope: RunScope }) {
      const rows: Row[] = await runs().findMany({
        filters: {
          periodStart: request.periodStart,
          periodEnd: request.periodEnd,
          scopeKey: scopeKeyOf(request.scope),
          status: 'finalized',
        },
        limit: 1,
      });
      return rows[0] ? runDto(rows[0]) : null;
    },

    async list(query: Record<string, unknown>) {
      const { list, args } = listArgs(
        query,
        ['periodStart', 'periodEnd', 'status', 'createdAt', 'updatedAt'],
        [{ field: 'createdAt', direction: 'desc' }],
        ['status'],
      );
      const status = textParam(query, 'status');
      if (status && !isRunStatus(status))
        throw invalidField('status', 'status must be draft, finalized or void');
      const filters = status ? { status } : {};
      const [rows, total] = await Promise.all([
        runs().findMany({ filters, ...args }),
        runs().count({ filters }),
      ]);
      return { data: rows.map((r) => runDto(r)), meta: paginationMeta(list, total) };
    },

    async get(id: string) {
      const run = await findRun(id);
      const invoices = await invoiceDtos(await invoicesOfRun(id), false);
      return { ...runDto(run, invoices.length), invoices };
    },

    async finalize(id: string) {
      const finalized = await withBillingLock(strapi, RUNS_LOCK, async (trx) => {
        const run = await findRun(id);
        const refusal = transitionRefusal(id, run.status as RunStatus, 'finalized');
        if (refusal) throw conflict(refusal);
        const mine = new Set<string>((run.billingPointRefs as string[]) ?? []);
        for (const other of await finalizedOverlapping({
          periodStart: String(run.periodStart),
          periodEnd: String(run.periodEnd),
        })) {
          const shared = ((other.billingPointRefs as string[]) ?? []).filter((p) => mine.has(p));
          if (shared.length) {
            throw conflict(
              `The period ${run.periodStart}…${run.periodEnd} is already finalized for ${shared.length} of these billing points by run ${other.documentId} (${other.periodStart}…${other.periodEnd}); void that run first`,
              { run: other.documentId, billingPoints: shared.slice(0, 50) },
            );
          }
        }
        await setInvoicesStatus(id, 'finalized');
        // Invoice numbers, issue and due dates (documents feature), in this transaction.
        await getService(strapi, 'invoice-numbers').numberRun(id, trx);
        // findRun above found it, under the runs lock: update answers the document.
        const saved: Row = (await runs().update({
          documentId: id,
          data: { status: 'finalized', finalizedAt: new Date().toISOString() },
        }))!;
        return runDto(saved);
      });
      // After the commit: webhooks, and the invoices' e-mails when the settings say so.
      await getService(strapi, 'document-events').runFinalized(id);
      await getService(strapi, 'invoice-delivery').afterFinalize(id);
      return finalized;
    },

    async void(id: string) {
      const voided = await withBillingLock(strapi, RUNS_LOCK, async () => {
        const run = await findRun(id);
        const refusal = transitionRefusal(id, run.status as RunStatus, 'void');
        if (refusal) throw conflict(refusal);
        await setInvoicesStatus(id, 'void');
        // findRun above found it, under the runs lock: update answers the document.
        const saved: Row = (await runs().update({
          documentId: id,
          data: { status: 'void', voidedAt: new Date().toISOString() },
        }))!;
        return runDto(saved);
      });
      getService(strapi, 'document-events').runVoided(id);
      return voided;
    },

    async listInvoices(query: Record<string, unknown>) {
      const { list, args } = listArgs(
        query,
        ['periodStart', 'currency', 'status', 'createdAt'],
        [{ field: 'createdAt', direction: 'asc' }],
        ['chargeRun', 'party', 'billingPoint'],
      );
      const chargeRun = textParam(query, 'chargeRun', 64);
      const party = textParam(query, 'party', 64);
      const billingPoint = textParam(query, 'billingPoint', 64);
      const filters: Filters<typeof UID.invoice> = {};
      if (chargeRun?.startsWith(STAGING_PREFIX))
        throw invalidField('chargeRun', `"${chargeRun}" is not a charge run`);
      // Invoices of a run still being charged belong to no run yet.
      filters.runRef = chargeRun ?? { $not: { $startsWith: STAGING_PREFIX } };
      if (party) filters.partyRef = party;
      if (billingPoint) filters.billingPointRef = billingPoint;
      const [rows, total] = await Promise.all([
        invoicesDocs().findMany({ filters, ...args }),
        invoicesDocs().count({ filters }),
      ]);
      return { data: await invoiceDtos(rows, false), meta: paginationMeta(list, total) };
    },

    async getInvoice(id: string) {
      const rows: Row[] = await invoicesDocs().findMany({
        filters: { documentId: id },
        limit: 1,
      });
      if (!rows[0]) throw notFound('Invoice', id);
      const [dto] = await invoiceDtos(rows, true);
      // Its credit notes and what they credited (documents feature).
      const credit = await getService(strapi, 'credit-notes').ofInvoice({
        documentId: id,
        currency: String(dto.currency),
        totals: dto.totals,
      });
      return { ...dto, credit };
    },

    /** Only a draft's note can change; the figures are the engine's. A finalized or void invoice is immutable (409). */
    async updateInvoice(id: string, body: unknown) {
      const { note } = parseInput(invoiceNoteSchema, body);
      const rows: Row[] = await invoicesDocs().findMany({
        filters: { documentId: id },
        limit: 1,
      });
      if (!rows[0]) throw notFound('Invoice', id);
      if (rows[0].status !== 'draft')
        throw conflict(`Invoice ${id} is ${rows[0].status} and can no longer be changed`);
      await invoicesDocs().update({ documentId: id, data: writable(UID.invoice, { note }) });
      return this.getInvoice(id);
    },

    /** Rows of the statement of building charges. */
    async statement(id: string) {
      const run = await findRun(id);
      const rows = await invoicesOfRun(id);
      const points = await loadMany(
        strapi,
        UID.billingPoint,
        rows.map((r) => r.billingPointRef),
      );
      const buildings = await loadMany(
        strapi,
        UID.building,
        [...points.values()].map((p) => p.buildingRef),
      );
      const input: StatementInvoice[] = rows.map((r) => {
        const point = points.get(r.billingPointRef);
        return {
          buildingCode: (point && buildings.get(point.buildingRef)?.code) || '',
          billingPointCode: point?.code ?? r.billingPointRef,
          billingPointName: point?.name ?? '',
          currency: r.currency,
          lines: (r.lines as InvoiceLine[]) ?? [],
        };
      });
      return { run: runDto(run), rows: statementRows(input) };
    },

    async statementCsv(id: string) {
      const { run, rows } = await this.statement(id);
      return { run, csv: statementCsv(rows) };
    },

    async statementXlsx(id: string) {
      const { run, rows } = await this.statement(id);
      const title = `Statement of building charges ${run.periodStart} – ${run.periodEnd} (${run.status})`;
      return { run, xlsx: await statementXlsx(rows, title) };
    },
  };
};
