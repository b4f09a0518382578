import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { asJson, writable } from '../../database/entities';
import type { Filters } from '../../database/entities';
import { DomainError, conflict, invalidField, notFound } from '../../../src/common/errors';
import {
  OutageOutlasted,
  retryThroughOutage,
  type Interruption,
  type RetryBudget,
} from '../../../src/common/db-outage';
import { paginationMeta } from '../../../src/common/list-query';
import { parseInput } from '../../../src/common/validate';
import { buildInvoices, type Invoice, type InvoiceLine, type InvoiceTotals } from '../../../src/charging';
import {
  databaseGoneFailure,
  interruptedFailure,
  invoiceNoteSchema,
  isChargeRunState,
  runOrphaned,
  runRequestSchema,
  RunSums,
  invoicesIn,
  scopeKeyOf,
  transitionRefusal,
  type ChargeRunState,
  type RunException,
  type RunFailure,
  type RunInterruption,
  type RunProgress,
  type RunScope,
  type RunStatus,
  type RunTotals,
} from '../../../src/charging/charge-run';
import { heartbeatIntervalMs } from '../../../src/channels/lease';
import { acquireLease, readLease, releaseLease, renewLease } from '../../jobs/leases';
import { heapBudgetOf } from '../../jobs/heap-budget';
import type { PluginConfig } from '../../config';
import { statementCsv, statementRows, type StatementInvoice } from '../../../src/charging/statement';
import { withBillingLock } from '../../database/billing-locks';
import {
  billingPointBrief,
  listArgs,
  loadDocuments,
  loadMany,
  partyBrief,
  textParam,
  type Row,
} from '../billing/billing-support';
import { unaccountedPoints } from '../../../src/charging/accounted-for';
import { markLineQuality } from '../../../src/validation/invoice-quality';
import { chargeGathering, CHUNK_POINTS, type Gathered } from './charge-gathering';
import { statementXlsx } from './statement-xlsx';
import { communityCharging, withCommunityLines } from '../community/community-charging';
import { getService } from '../../plugin';
import { invoiceDocumentFields } from '../documents/invoice-document-fields';
import type { CreditNoteRow } from '../documents/document-rows';

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

/** A row of utilities_charge_runs as the document service and the query engine answer it. */
type ChargeRunRow = {
  documentId: string;
  periodStart: string;
  periodEnd: string;
  scope: RunScope | null;
  scopeKey: string;
  status: ChargeRunState;
  billingPointRefs: string[] | null;
  totals: RunTotals | null;
  exceptions: RunException[] | null;
  runBy: string | null;
  finalizedAt: string | null;
  voidedAt: string | null;
  progress: RunProgress | null;
  failure: RunFailure | null;
  interruptions: RunInterruption[] | null;
  holder: string | null;
  replaced: boolean | null;
  createdAt: string | Date;
  updatedAt: string | Date;
};
/** Strapi types the stored JSON attributes loosely; these rows are what this service writes. */
const runRow = (row: unknown) => row as ChargeRunRow;
const runRows = (rows: unknown) => rows as ChargeRunRow[];
const invoiceRows = (rows: unknown) => rows as InvoiceRow[];
/** A row of utilities_invoices, as this service writes it. */
type InvoiceRow = {
  documentId: string;
  runRef: string;
  partyRef: string;
  billingPointRef: string;
  periodStart: string;
  periodEnd: string;
  status: RunStatus;
  roles: string[] | null;
  currency: string;
  totals: InvoiceTotals;
  lines: InvoiceLine[] | null;
  note: string | null;
  createdAt: string | Date;
  updatedAt: string | Date;
} & Row;
type BillingPointRow = Row & { documentId: string; code: string; name: string; buildingRef: string };

/** Thrown inside a run whose lease was lost or whose server is stopping: it fails as interrupted. */
class RunInterrupted extends Error {
  constructor() {
    super('charge run interrupted');
  }
}

/** Rows an updateMany changed (the query engine answers `{ count }`). */
const countOf = (result: unknown) => Number((result as { count?: unknown } | null)?.count ?? 0);

/** The lease a running run holds on its scope (one run per scope across instances). */
export const runLeaseName = (scopeKey: string) => `charge-run:${scopeKey}`;
/** Clock drift between instances a lease is still honoured for after it expired. */
const RUN_LEASE_GRACE_MS = 5_000;

/** Finalize and the draft replacement take this lock, so two of them never interleave. */
const RUNS_LOCK = 'charge-runs';
/**
 * A run holds its scope's billing points (one row each) and writes their ids on the run; it
 * charges them a chunk at a time in the background, so a utility's 100,000 points fit in one
 * run (bench/charging: under 300 MB of growth). The cap keeps one run's row and memory bounded.
 */
const MAX_POINTS_PER_RUN = 200_000;
const INVOICE_INSERT_BATCH = 500;
/** Points charged between two turns of the event loop (each takes ~1.3 ms: bench/charging). */
const YIELD_EVERY_POINTS = 10;
/** What charging reads of a billing point: a run holds every point of its scope, so no more. */
const POINT_FIELDS = ['code', 'name', 'kind', 'buildingRef', 'ownerRef', 'active'] as const;
/** runRef of invoices written while their run is still being charged (documentIds have no colon). */
const STAGING_PREFIX = 'staging:';
const STAGING_MAX_AGE_MS = 6 * 3600_000;
export type User =
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
  const runsQuery = () => strapi.db.query(UID.chargeRun);
  const leaseTtlMs = () => strapi.config.get<PluginConfig>('plugin::utilities').charging.runLeaseTtlMs;
  /** Runs this instance is charging; `stop` (destroy) ends them as interrupted. */
  const inFlight = new Set<Promise<ChargeRunDto>>();
  /** Holders of the runs this instance is charging: the sweep leaves them to it (one may be waiting out an outage). */
  const charging = new Set<string>();
  let stopping = false;

  // ───────────────────────────── gathering ─────────────────────────────

  async function pointsOfScope(scope: RunScope): Promise<BillingPointRow[]> {
    if (scope && 'billingPoint' in scope) {
      const rows = (await strapi.documents(UID.billingPoint).findMany({
        filters: { documentId: scope.billingPoint },
        fields: [...POINT_FIELDS],
        limit: 1,
      })) as BillingPointRow[];
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
    const rows = (await strapi.documents(UID.billingPoint).findMany({
      filters,
      fields: [...POINT_FIELDS],
      sort: [{ code: 'asc' }],
      limit: MAX_POINTS_PER_RUN + 1,
    })) as BillingPointRow[];
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
    points: BillingPointRow[],
    periodStart: string,
    periodEnd: string,
    store: (invoices: Invoice[], done: number, chunk: BillingPointRow[]) => Promise<void>,
    /** Runs a step the database may drop (each step can be repeated: a chunk starts afresh). */
    healing: <T>(step: () => Promise<T>) => Promise<T> = (step) => step(),
  ) {
    const gathering = chargeGathering(strapi);
    const catalog = await healing(() => gathering.loadCatalog());
    const exceptions: RunException[] = [];
    // Self-consumption communities: each one's owner lines go with its first member charged.
    const communities = communityCharging(strapi, periodStart, periodEnd);
    const ownerLinesAt = new Map<string, string>();
    await healing(async () => {
      ownerLinesAt.clear();
      for (const point of points)
        for (const { community } of await communities.membershipsOf(point.documentId))
          if (!ownerLinesAt.has(community.documentId))
            ownerLinesAt.set(community.documentId, point.documentId);
    });
    /**
     * The next chunk's data, read while this one is charged and stored: the database works
     * on it (on PostgreSQL and MariaDB, in its own process, on another core) while the rules
     * run here — half of a 100,000-point run was spent waiting for its reads
     * (bench/charging/RESULTS.md). Taken once: a chunk tried again reads afresh.
     */
    let ahead: { at: number; gathered: Promise<Map<string, Gathered>> } | null = null;
    const readAhead = (at: number) => {
      if (at >= points.length) return;
      const gathered = gather(points.slice(at, at + CHUNK_POINTS));
      // Awaited (and its error seen) when its chunk comes; a run that stops first leaves it.
      gathered.catch(() => undefined);
      ahead = { at, gathered };
    };
    const gatheredFor = (chunk: BillingPointRow[], at: number) => {
      const read = ahead?.at === at ? ahead.gathered : gather(chunk);
      ahead = null;
      return read;
    };
    for (let i = 0; i < points.length; i += CHUNK_POINTS) {
      // Let the server answer between chunks: with SQLite every query resolves without
      // I/O, so without this a run would hold the event loop (and every request) to its end.
      await nextTurn();
      const chunk = points.slice(i, i + CHUNK_POINTS);
      const before = exceptions.length;
      await healing(async () => {
        exceptions.length = before; // a chunk the database dropped is charged again from its start
        const gathered = await gatheredFor(chunk, i);
        readAhead(i + CHUNK_POINTS);
        await chargeChunk(chunk, gathered, i);
      });
    }
    return { exceptions };

    async function gather(chunk: BillingPointRow[]) {
      const buildings = await loadDocuments(
        strapi,
        UID.building,
        chunk.map((p) => p.buildingRef),
      );
      return await gathering.gatherChunk(chunk, buildings, periodStart, periodEnd, catalog);
    }

    async function chargeChunk(chunk: BillingPointRow[], gathered: Map<string, Gathered>, i: number) {
      const invoices: Invoice[] = [];
      for (const [index, point] of chunk.entries()) {
        // A turn of the event loop every few points: the next chunk's reads (readAhead) are a
        // chain of queries, each sent only once the one before is handled, and the server's
        // requests wait too — a chunk of 500 points is some 0.65 s of charging. Without it the
        // reads ran after the chunk rather than beside it (bench/charging/RESULTS.md).
        if (index > 0 && index % YIELD_EVERY_POINTS === 0) {
          heapBudgetOf(strapi).check();
          await nextTurn();
        }
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
          exceptions.push(...result.exceptions, ...member.exceptions, ...(one.flagged ?? []));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          exceptions.push({
            kind: 'invalid-data',
            code: 'billing-point-invalid',
            params: { point: point.code, problem: error.message },
            billingPointId: point.documentId,
            message: `Billing point ${point.code} could not be charged: ${error.message}`,
          });
        }
      }
      await store(invoices, Math.min(i + CHUNK_POINTS, points.length), chunk);
    }
  }

  // ───────────────────────────── shaping ─────────────────────────────

  function runDto(row: ChargeRunRow, invoiceCount?: number) {
    return {
      documentId: row.documentId,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      scope: row.scope ?? null,
      status: row.status,
      billingPoints: row.billingPointRefs ?? [],
      totals: row.totals ?? [],
      exceptions: row.exceptions ?? [],
      createdBy: row.runBy ?? '',
      finalizedAt: row.finalizedAt ?? null,
      voidedAt: row.voidedAt ?? null,
      progress: row.progress ?? null,
      failure: row.failure ?? null,
      interruptions: row.interruptions ?? [],
      replaced: row.replaced ?? false,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      ...(invoiceCount === undefined ? {} : { invoiceCount }),
    };
  }
  type ChargeRunDto = ReturnType<typeof runDto>;

  /** What is known of a run the database cannot be asked about right now. */
  const runDtoStub = (documentId: string): ChargeRunDto =>
    runDto({
      documentId,
      periodStart: '',
      periodEnd: '',
      scope: null,
      scopeKey: '',
      status: 'failed',
      billingPointRefs: null,
      totals: null,
      exceptions: null,
      runBy: null,
      finalizedAt: null,
      voidedAt: null,
      progress: null,
      failure: null,
      interruptions: null,
      holder: null,
      replaced: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });

  async function invoiceDtos(rows: InvoiceRow[], withLines: boolean) {
    const parties = await loadMany(
      strapi,
      UID.party,
      rows.map((r) => r.partyRef),
    );
    const points = (await loadMany(
      strapi,
      UID.billingPoint,
      rows.map((r) => r.billingPointRef),
    )) as Map<string, BillingPointRow>;
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
      status: r.status,
      roles: r.roles ?? [],
      currency: r.currency,
      totals: r.totals,
      note: r.note ?? null,
      ...invoiceDocumentFields(r),
      ...(withLines
        ? { lines: (r.lines as InvoiceLine[]) ?? [] }
        : { lineCount: ((r.lines as unknown[]) ?? []).length }),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }

  async function findRun(id: string): Promise<ChargeRunRow> {
    const rows = runRows(
      await runs().findMany({
        filters: { documentId: id },
        limit: 1,
      }),
    );
    if (!rows[0]) throw notFound('Charge run', id);
    return rows[0];
  }

  async function invoicesOfRun(runId: string): Promise<InvoiceRow[]> {
    return invoiceRows(
      await invoicesDocs().findMany({
        filters: { runRef: runId },
        sort: [{ id: 'asc' }],
        limit: 1_000_000,
      }),
    );
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
    code: 'period-finalized-elsewhere',
    params: {
      point: String(point.code),
      run: String(run.documentId),
      fromDate: String(run.periodStart),
      toDate: String(run.periodEnd),
    },
    billingPointId: point.documentId,
    run: run.documentId,
    runPeriodStart: run.periodStart,
    runPeriodEnd: run.periodEnd,
    message: `Billing point ${point.code} was left out: period already finalized in run ${run.documentId} (${periodText(run)}). Void that run to charge it again.`,
  });

  /**
   * Starts a run in the background (POST answers 202 with it `running`) or refuses at once:
   * a bad scope is a 400, a single billing point whose period is finalized a 409, and a
   * scope that already has a run going (on any instance) a 409 — the lease
   * "charge-run:<scope>" is the claim, one INSERT into its primary key, so of two
   * instances starting the same scope at the same moment exactly one gets it.
   *
   * `done` settles when the run has become the draft (replacing the draft of the same
   * period and scope, if any) or has failed; it never rejects.
   */
  async function start(request: Period & { scope: RunScope }, runBy: string) {
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

    // A run of this scope left by a stopped instance is failed first, so its lease can be taken over.
    await sweepOrphans();
    const holder = `${getService(strapi, 'channel-pulls').instanceId}:${randomUUID().slice(0, 8)}`;
    const leaseName = runLeaseName(scopeKey);
    const claim = await acquireLease(strapi.db.connection, leaseName, holder, {
      ttlMs: leaseTtlMs(),
      graceMs: RUN_LEASE_GRACE_MS,
    });
    if (!claim.acquired) throw await alreadyRunning(scopeKey);
    let run: ChargeRunRow;
    try {
      run = await claimRun({ periodStart, periodEnd, scope, scopeKey, holder, runBy, total: points.length });
    } catch (error) {
      await releaseLease(strapi.db.connection, leaseName, holder).catch(() => undefined);
      throw error;
    }
    const done = complete(run, { request, all, points, holder }).finally(() =>
      releaseLease(strapi.db.connection, leaseName, holder).catch(() => undefined),
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
    return { run: runDto(run), done };
  }

  /**
   * The run's row, `running`: the draft of the same period and scope when there is one
   * (running again replaces it and keeps its documentId; its invoices stay until the new
   * ones replace them, hidden while it runs), else a new run. Under the runs lock, so a
   * draft being finalized at this moment is not taken.
   */
  async function claimRun(
    claim: Period & {
      scope: RunScope;
      scopeKey: string;
      holder: string;
      runBy: string;
      total: number;
    },
  ): Promise<ChargeRunRow> {
    const { periodStart, periodEnd, scope, scopeKey, holder, runBy, total } = claim;
    const running = {
      status: 'running' as const,
      progress: asJson({ done: 0, total }),
      failure: null,
      interruptions: asJson([]),
      holder,
      runBy,
    };
    return await withBillingLock(strapi, RUNS_LOCK, async () => {
      const drafts = runRows(
        await runs().findMany({
          filters: { periodStart, periodEnd, scopeKey, status: 'draft' },
          sort: [{ createdAt: 'asc' }],
          limit: 1,
        }),
      );
      if (drafts[0]) {
        await runsQuery().updateMany({
          where: { documentId: drafts[0].documentId, status: 'draft' },
          data: { ...running, replaced: true, updatedAt: new Date() },
        });
        return runRow(await runsQuery().findOne({ where: { documentId: drafts[0].documentId } }));
      }
      return runRow(
        await runs().create({
          data: {
            ...running,
            periodStart,
            periodEnd,
            scope: asJson(scope),
            scopeKey,
            billingPointRefs: asJson([]),
            totals: asJson([]),
            exceptions: asJson([]),
            replaced: false,
          },
        }),
      );
    });
  }

  /** 409 naming the run that holds the scope (the lease may also be mid-take-over: then no run yet). */
  async function alreadyRunning(scopeKey: string) {
    // The lease is taken a moment before the run's row turns running: look for it briefly.
    let running: ChargeRunRow[] = [];
    for (let attempt = 0; attempt < 10 && running.length === 0; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 100));
      running = runRows(
        await runs().findMany({
          filters: { scopeKey, status: 'running' },
          sort: [{ createdAt: 'desc' }],
          limit: 1,
        }),
      );
    }
    const run = running[0];
    const progress = run?.progress ?? { done: 0, total: 0 };
    return conflict(
      run
        ? `A charge run of this scope is already running (run ${run.documentId}, ${progress.done} of ${progress.total} billing points); wait until it ends`
        : 'A charge run of this scope is already starting; wait until it ends',
      { run: run?.documentId ?? null },
      'charge-run.running',
      { run: run?.documentId ?? '', done: progress.done, total: progress.total },
    );
  }

  type Job = {
    request: Period & { scope: RunScope };
    /** Every billing point in scope, and those charged (the others' period is finalized). */
    all: BillingPointRow[];
    points: BillingPointRow[];
    holder: string;
  };

  /**
   * Charges the run's billing points a chunk at a time, its invoices written under a
   * staging reference no list shows (`staging:<run>`), its progress saved after each
   * chunk, and the lease renewed meanwhile. At the end, in one transaction under the
   * runs lock, the run becomes the draft: the staged invoices are handed to it and the
   * previous draft of the same period and scope, with its invoices, is deleted. Whatever
   * stops it before that (an error, the lease lost, the server stopping) leaves no
   * invoice behind and the run failed with the reason.
   */
  async function complete(run: ChargeRunRow, job: Job): Promise<ChargeRunDto> {
    const { request, all, points, holder } = job;
    const { periodStart, periodEnd, scope } = request;
    const single = !!scope && 'billingPoint' in scope;
    const staging = `${STAGING_PREFIX}${run.documentId}`;
    const leaseName = runLeaseName(run.scopeKey);
    const lost = new AbortController();
    const beat = setInterval(() => {
      renewLease(strapi.db.connection, leaseName, holder, leaseTtlMs())
        .then((kept) => {
          if (!kept) lost.abort();
        })
        // A failed renewal is retried on the next beat; the TTL covers two misses.
        .catch(() => undefined);
    }, heartbeatIntervalMs(leaseTtlMs()));
    beat.unref?.();
    // What the run keeps of its staged invoices until the hand-over: their sums, and which
    // billing points got one (for the hand-over's notices) — not each invoice's totals.
    const sums = new RunSums();
    const invoiced = new Set<string>();
    const progress: RunProgress = { done: 0, total: points.length };
    let handedOver = false;
    const healing = outageHealing(run, holder, progress);
    /** Chunks (by the points done after them) whose invoices were staged, or begun to be. */
    const attempted = new Set<number>();
    charging.add(holder);
    try {
      await healing(() => dropStaleStaging());
      const charged = await charge(
        points,
        periodStart,
        periodEnd,
        async (invoices, done, chunk) => {
          if (lost.signal.aborted || stopping) throw new RunInterrupted();
          // What a dropped attempt at this chunk staged goes first: each invoice is staged once.
          // Only then: the delete would scan every staged invoice of the run, chunk after chunk.
          if (attempted.has(done))
            await invoicesQuery().deleteMany({
              where: { runRef: staging, billingPointRef: { $in: chunk.map((p) => p.documentId) } },
            });
          attempted.add(done);
          await insertInvoices(staging, invoices);
          await runsQuery().updateMany({
            where: { documentId: run.documentId, status: 'running', holder },
            data: { progress: { ...progress, done }, updatedAt: new Date() },
          });
          progress.done = done;
          for (const i of invoices) {
            sums.add(i.currency, i.totals);
            invoiced.add(i.billingPointId);
          }
        },
        healing,
      );
      const saved = await healing(() => handOver(charged));
      return saved;
    } catch (error) {
      const failure = failureOf(error, progress);
      if (!(error instanceof RunInterrupted) && !(error instanceof DomainError))
        strapi.log.error(`[utilities] Charge run ${run.documentId} failed: ${(error as Error).stack}`);
      return await markFailed(run.documentId, holder, failure);
    } finally {
      charging.delete(holder);
      clearInterval(beat);
      if (!handedOver)
        await invoicesQuery()
          .deleteMany({ where: { runRef: staging } })
          .catch(() => undefined); // the database is gone: the sweep removes them later
    }

    /** The run becomes the draft, in one transaction under the runs lock (see above). */
    async function handOver(charged: { exceptions: RunException[] }) {
      return await withBillingLock(strapi, RUNS_LOCK, async () => {
        const current = (await runsQuery().findOne({
          where: { documentId: run.documentId },
        })) as ChargeRunRow | null;
        // Handed over by an attempt whose commit went unanswered (the database dropped it).
        if (current?.status === 'draft' && current.holder === holder) {
          handedOver = true;
          return runDto(current, invoicesIn(current.totals ?? []));
        }
        // Failed meanwhile (its lease was taken for lost): the work is not kept.
        if (current?.status !== 'running' || current.holder !== holder) throw new RunInterrupted();
        const lockedNow = await lockedPoints(
          request,
          all.map((p) => p.documentId),
        );
        if (single && lockedNow.size)
          throw lockedConflict(all[0], request, lockedNow.get(all[0].documentId)!);
        // Finalized meanwhile by another run: not charged here after all.
        const lostPoints = points.filter((p) => lockedNow.has(p.documentId)).map((p) => p.documentId);
        // A copy: this step is tried again if the database drops it, and must take them away once.
        const kept = sums.copy();
        if (lostPoints.length) {
          const where = { runRef: staging, billingPointRef: { $in: lostPoints } };
          const dropped = (await invoicesQuery().findMany({
            select: ['currency', 'totals'],
            where,
          })) as Pick<Invoice, 'currency' | 'totals'>[];
          for (const i of dropped) kept.remove(i.currency, i.totals);
          await invoicesQuery().deleteMany({ where });
        }
        const exceptions = charged.exceptions.filter((e) => !lockedNow.has(e.billingPointId));
        const charging = points.filter((p) => !lockedNow.has(p.documentId));
        // The invoices of the draft this run replaces, and any other draft of the same period and scope.
        const others = runRows(
          await runs().findMany({
            filters: { periodStart, periodEnd, scopeKey: run.scopeKey, status: 'draft' },
            limit: 100,
          }),
        ).map((d) => d.documentId);
        await invoicesQuery().deleteMany({ where: { runRef: { $in: [run.documentId, ...others] } } });
        if (others.length) await runsQuery().deleteMany({ where: { documentId: { $in: others } } });
        const replaced = current.replaced === true || others.length > 0;
        const updated = runRow(
          await runs().update({
            documentId: run.documentId,
            data: {
              status: 'draft' as const,
              billingPointRefs: asJson(charging.map((p) => p.documentId)),
              totals: asJson(kept.totals()),
              exceptions: asJson([
                ...all
                  .filter((p) => lockedNow.has(p.documentId))
                  .map((p) => lockedException(p, lockedNow.get(p.documentId)!)),
                ...exceptions,
                ...(await notices(charging, invoiced, exceptions, request)),
              ]),
              progress: asJson({ done: points.length, total: points.length }),
              replaced,
            },
          }),
        );
        if (!updated) throw new Error(`charge run ${run.documentId} disappeared while being charged`);
        await invoicesQuery().updateMany({
          where: { runRef: staging },
          data: { runRef: run.documentId },
        });
        handedOver = true;
        return runDto(updated, kept.invoices());
      });
    }
  }

  /**
   * A run the database drops (a restart, a killed connection) heals itself: the step it was
   * in — a chunk, the hand-over — is tried again with backoff (`channels.outageRetry`, the
   * same policy as pulls), under the same lease. The first write once the database answers
   * renews the lease (lost meanwhile: the run stops as interrupted) and notes the
   * interruption on the run — when, why, and the billing points done it resumes from. A
   * chunk starts afresh: what it had staged is removed before it is staged again. When the
   * budget is spent the run fails with the reason (`charge-run.database-unavailable`).
   */
  function outageHealing(run: ChargeRunRow, holder: string, progress: RunProgress) {
    const budget: RetryBudget = { used: 0 };
    const recorded: RunInterruption[] = [];
    const policy = () => strapi.config.get<PluginConfig>('plugin::utilities').channels.outageRetry;
    const resumed = async ({ at, reason }: Interruption) => {
      if (stopping) throw new RunInterrupted();
      if (!(await renewLease(strapi.db.connection, runLeaseName(run.scopeKey), holder, leaseTtlMs())))
        throw new RunInterrupted();
      if (!recorded.some((r) => r.at === at))
        recorded.push({ at, reason, resumedAt: new Date().toISOString(), done: progress.done });
      const changed = await runsQuery().updateMany({
        where: { documentId: run.documentId, status: 'running', holder },
        data: { interruptions: [...recorded], updatedAt: new Date() },
      });
      if (countOf(changed) === 0) throw new RunInterrupted();
      strapi.log.warn(
        `[utilities] Charge run ${run.documentId} was interrupted at ${at} (${reason}); resuming after ${progress.done} of ${progress.total} billing points`,
      );
    };
    return <T>(step: () => Promise<T>) => retryThroughOutage(step, { policy: policy(), budget, resumed });
  }

  /** The reason a run failed, in a code the admin translates and English. */
  function failureOf(error: unknown, progress: RunProgress): RunFailure {
    if (error instanceof RunInterrupted) return interruptedFailure(progress);
    if (error instanceof OutageOutlasted) return databaseGoneFailure(progress, error.attempts, error.outage);
    if (error instanceof DomainError) {
      const details = error.details as { code?: unknown; params?: unknown };
      const params = Object.fromEntries(
        Object.entries((details.params ?? {}) as Record<string, unknown>).filter(
          (e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number',
        ),
      );
      return {
        code: typeof details.code === 'string' ? `charge-run.${details.code}` : 'charge-run.failed',
        params,
        message: error.message,
      };
    }
    return {
      code: 'charge-run.failed',
      params: { reason: (error as Error).message ?? String(error) },
      message: `The run failed: ${(error as Error).message ?? String(error)}`,
    };
  }

  /** `running` → `failed`, only if it is still running for this holder; answers the run as it stands. */
  async function markFailed(documentId: string, holder: string, failure: RunFailure): Promise<ChargeRunDto> {
    try {
      const changed = await runsQuery().updateMany({
        where: { documentId, status: 'running', holder },
        data: { status: 'failed', failure, updatedAt: new Date() },
      });
      // A failed run has no invoices: those of the draft it was replacing go too.
      if (countOf(changed) > 0) await invoicesQuery().deleteMany({ where: { runRef: documentId } });
      const row = (await runsQuery().findOne({ where: { documentId } })) as ChargeRunRow | null;
      if (row) return runDto(row);
    } catch (error) {
      // The database is not answering: the run stays running until its lease expires, then the sweep fails it.
      strapi.log.warn(
        `[utilities] Charge run ${documentId} could not be marked failed now: ${(error as Error).message}`,
      );
    }
    return { ...runDtoStub(documentId), status: 'failed', failure };
  }

  /**
   * Fails every `running` run whose instance is gone (its lease expired or taken over) and
   * removes what it staged. Runs at start, before a run claims its scope, and whenever runs
   * are listed or read, so a stopped server's run shows as failed within the lease's TTL.
   */
  async function sweepOrphans() {
    const running = (await runsQuery().findMany({
      where: { status: 'running' },
      limit: 1000,
    })) as ChargeRunRow[];
    const now = new Date();
    for (const run of running) {
      if (charging.has(run.holder ?? '')) continue;
      const lease = await readLease(strapi.db.connection, runLeaseName(run.scopeKey));
      if (!runOrphaned(lease, run.holder ?? '', now, RUN_LEASE_GRACE_MS)) continue;
      const changed = await runsQuery().updateMany({
        where: { documentId: run.documentId, status: 'running', holder: run.holder },
        data: { status: 'failed', failure: interruptedFailure(run.progress ?? null), updatedAt: now },
      });
      if (countOf(changed) === 0) continue; // it ended meanwhile
      await invoicesQuery().deleteMany({
        where: { runRef: { $in: [`${STAGING_PREFIX}${run.documentId}`, run.documentId] } },
      });
      strapi.log.warn(
        `[utilities] Charge run ${run.documentId} was interrupted (its server stopped) and is marked failed`,
      );
    }
  }

  /** Why the billing points with neither an invoice nor an exception got nothing (src/charging/accounted-for.ts). */
  async function notices(
    points: BillingPointRow[],
    invoiced: Set<string>,
    exceptions: RunException[],
    period: Period,
  ) {
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
    /**
     * POST /charge-runs: starts the run in the background and answers it `running` (202);
     * GET /charge-runs/:id shows its progress, then the draft (or why it failed).
     */
    async run(body: unknown, user?: User) {
      const parsed = parseInput(runRequestSchema, body);
      const { run } = await start(
        { periodStart: parsed.periodStart, periodEnd: parsed.periodEnd, scope: parsed.scope ?? null },
        describeUser(user),
      );
      return { data: run };
    },

    start,

    /**
     * Drafts a run and waits for it (the scheduled run, scripts, the bench): the draft, or
     * the failure as an error.
     */
    async draft(request: Period & { scope: RunScope }, runBy: string) {
      const { done } = await start(request, runBy);
      const run = await done;
      if (run.status !== 'draft')
        throw new Error(run.failure?.message ?? `charge run ${run.documentId} failed`);
      return { data: run, meta: { replaced: run.replaced } };
    },

    /** At start: runs a stopped instance left `running` are failed once their lease expired. */
    sweepOrphans,

    /** At destroy: this instance's runs stop at their next chunk and fail as interrupted. */
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
    },

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
      return rows[0] ? runDto(runRow(rows[0])) : null;
    },

    async list(query: Record<string, unknown>) {
      const { list, args } = listArgs(
        query,
        ['periodStart', 'periodEnd', 'status', 'createdAt', 'updatedAt'],
        [{ field: 'createdAt', direction: 'desc' }],
        ['status'],
      );
      const status = textParam(query, 'status');
      if (status && !isChargeRunState(status))
        throw invalidField('status', 'status must be running, draft, finalized, void or failed');
      await sweepOrphans();
      const filters = status ? { status } : {};
      const [rows, total] = await Promise.all([
        runs().findMany({ filters, ...args }),
        runs().count({ filters }),
      ]);
      return {
        data: runRows(rows).map((r) => runDto(r)),
        meta: paginationMeta(list, total),
      };
    },

    async get(id: string) {
      await sweepOrphans();
      const run = await findRun(id);
      // A running run's invoices are those of the draft it is replacing: not shown until it ends.
      const invoices = run.status === 'running' ? [] : await invoiceDtos(await invoicesOfRun(id), false);
      return { ...runDto(run, invoices.length), invoices };
    },

    async finalize(id: string) {
      const finalized = await withBillingLock(strapi, RUNS_LOCK, async (trx) => {
        const run = await findRun(id);
        const refusal = transitionRefusal(id, run.status, 'finalized');
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
        const saved = runRow(
          await runs().update({
            documentId: id,
            data: { status: 'finalized', finalizedAt: new Date().toISOString() },
          }),
        );
        return runDto(saved);
      });
      // After the commit: webhooks, and the invoices' e-mails when the settings say so.
      await getService(strapi, 'document-events').runFinalized(id);
      await getService(strapi, 'invoice-delivery').afterFinalize(id);
      return finalized;
    },

    /**
     * A draft's invoices simply become void. A finalized run's invoices were issued: each
     * gets a credit note of what is left of it (credit-notes.ts `creditVoidedRun`), in the
     * same transaction, and stays — numbered, void — beside it.
     */
    async void(id: string, user?: User) {
      let creditNotes: CreditNoteRow[] = [];
      const voided = await withBillingLock(strapi, RUNS_LOCK, async (trx) => {
        const run = await findRun(id);
        const refusal = transitionRefusal(id, run.status, 'void');
        if (refusal) throw conflict(refusal);
        if (run.status === 'finalized')
          creditNotes = await getService(strapi, 'credit-notes').creditVoidedRun(
            id,
            trx,
            describeUser(user).slice(0, 255),
          );
        await setInvoicesStatus(id, 'void');
        // findRun above found it, under the runs lock: update answers the document.
        const saved = runRow(
          await runs().update({
            documentId: id,
            data: { status: 'void', voidedAt: new Date().toISOString() },
          }),
        );
        return runDto(saved);
      });
      const events = getService(strapi, 'document-events');
      events.runVoided(id);
      for (const note of creditNotes) events.creditNoteIssued(note);
      return { data: voided, meta: { creditNotes: creditNotes.length } };
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
      return { data: await invoiceDtos(invoiceRows(rows), false), meta: paginationMeta(list, total) };
    },

    async getInvoice(id: string) {
      const rows = invoiceRows(
        await invoicesDocs().findMany({
          filters: { documentId: id },
          limit: 1,
        }),
      );
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
      const rows = invoiceRows(
        await invoicesDocs().findMany({
          filters: { documentId: id },
          limit: 1,
        }),
      );
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
      const points = (await loadMany(
        strapi,
        UID.billingPoint,
        rows.map((r) => r.billingPointRef),
      )) as Map<string, BillingPointRow>;
      const buildings = (await loadMany(
        strapi,
        UID.building,
        [...points.values()].map((p) => p.buildingRef),
      )) as Map<string, Row & { code: string }>;
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
