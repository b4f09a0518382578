import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { UID } from '../../../content-types';
import { parseCalendarDate } from '../../../src/charging/calendar';
import { MAX_PERIOD_DAYS } from '../../../src/charging/input-schema';
import { conflict, invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta } from '../../../src/common/list-query';
import { parseInput } from '../../../src/common/validate';
import {
  DEFAULT_CATEGORIES,
  settleCosts,
  type AllocationInput,
  type SettlementResult,
} from '../../../src/allocation';
import { withBillingLock } from '../../database/billing-locks';
import { listArgs, textParam, type Row } from '../billing/billing-support';
import { csvDocument } from '../../../src/common/spreadsheet-csv';
import { settlementLock } from './allocation-records';

/**
 * Settlement runs: a building's annual settlement, computed by src/allocation
 * from the records of allocation-records.ts, stored whole (result JSON).
 *
 * Lifecycle as charge runs: draft → finalized | void; finalized → void. Running
 * the same building and period again replaces the draft. Finalizing needs a
 * balanced settlement with every cost allocated, and locks the building's
 * period: no other run of an overlapping period of the building can be
 * finalized or drafted, and cost items dated in it cannot change (409), until
 * the run is voided. Writes take the building's billing lock
 * (server/database/billing-locks.ts), so a finalize and a cost edit or a second
 * run never interleave.
 */
type Strapi = Core.Strapi;
type User = { firstname?: string | null; lastname?: string | null; email?: string | null } | null | undefined;

function newDocumentId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(24);
  let text = alphabet[bytes[0] % 26];
  for (let i = 1; i < 24; i++) text += alphabet[bytes[i] % alphabet.length];
  return text;
}

const date = (what: string) =>
  z
    .string({ error: `${what} is required, as a date yyyy-MM-dd` })
    .refine((text) => parseCalendarDate(text) !== null, {
      error: `${what} must be a real date written yyyy-MM-dd`,
    });

export const runBody = z
  .strictObject(
    {
      building: z.string({ error: 'building is required' }).trim().min(1).max(64),
      periodStart: date('periodStart'),
      periodEnd: date('periodEnd'),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, { error: 'currency must be an ISO 4217 code such as CHF' })
        .default('CHF'),
      estimateMissingMeters: z
        .boolean({ error: 'estimateMissingMeters must be true or false' })
        .default(false),
      advanceRoundingStep: z.string({ error: 'advanceRoundingStep must be decimal text' }).max(40).nullish(),
    },
    { error: 'The body must be { building, periodStart, periodEnd, currency, estimateMissingMeters }' },
  )
  .superRefine((body, ctx) => {
    const start = parseCalendarDate(body.periodStart);
    const end = parseCalendarDate(body.periodEnd);
    if (start === null || end === null) return;
    if (end < start)
      ctx.addIssue({
        code: 'custom',
        path: ['periodEnd'],
        message: 'periodEnd must not be before periodStart',
      });
    else if (end - start + 1 > MAX_PERIOD_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['periodEnd'],
        message: `A period is at most ${MAX_PERIOD_DAYS} days`,
      });
  });

type RunBody = z.output<typeof runBody>;
type LeftOut = { billingPoint: string; code: string; reason: string };

const describeUser = (user: User) =>
  user
    ? [[user.firstname, user.lastname].filter(Boolean).join(' '), user.email ? `<${user.email}>` : '']
        .filter(Boolean)
        .join(' ')
    : '';

export default ({ strapi }: { strapi: Strapi }) => {
  const runs = () => strapi.db.query(UID.settlementRun);

  const dto = (row: Row) => ({
    documentId: row.documentId,
    building: row.buildingRef,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    status: row.status,
    options: row.options ?? {},
    result: (row.result ?? null) as SettlementResult | null,
    createdBy: row.runBy ?? '',
    finalizedAt: row.finalizedAt ?? null,
    voidedAt: row.voidedAt ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });

  async function findRun(documentId: string): Promise<Row> {
    const row: Row | null = await runs().findOne({ where: { documentId } });
    if (!row) throw notFound('Settlement run', documentId);
    return row;
  }

  async function finalizedOverlapping(
    buildingRef: string,
    periodStart: string,
    periodEnd: string,
  ): Promise<Row[]> {
    return runs().findMany({
      where: {
        buildingRef,
        status: 'finalized',
        periodStart: { $lte: periodEnd },
        periodEnd: { $gte: periodStart },
      },
    });
  }

  /** The engine's input from the building's records. */
  async function gather(body: RunBody): Promise<{ input: AllocationInput; leftOut: LeftOut[] }> {
    const building: Row | null = await strapi.db
      .query(UID.building)
      .findOne({ where: { documentId: body.building } });
    if (!building) throw invalidField('building', `Building "${body.building}" does not exist`);
    const allPoints: Row[] = await strapi.db
      .query(UID.billingPoint)
      .findMany({ where: { buildingRef: body.building, active: true }, orderBy: { code: 'asc' } });
    if (allPoints.length === 0)
      throw invalidField('building', `Building ${building.code} has no active billing points`);
    const pointIds = allPoints.map((p) => p.documentId);
    // One query after another: this runs inside the lock's transaction, on one connection.
    const byPoint = { billingPointRef: { $in: pointIds } };
    const keys: Row[] = await strapi.db.query(UID.allocationKey).findMany({ where: byPoint });
    const occupancies: Row[] = await strapi.db.query(UID.occupancy).findMany({ where: byPoint });
    const measurements: Row[] = await strapi.db.query(UID.allocationMeasurement).findMany({
      where: { ...byPoint, from: { $lte: body.periodEnd }, to: { $gte: body.periodStart } },
    });
    const advances: Row[] = await strapi.db.query(UID.advancePayment).findMany({ where: byPoint });
    const schemes: Row[] = await strapi.db
      .query(UID.allocationScheme)
      .findMany({ where: { buildingRef: body.building } });
    const costs: Row[] = await strapi.db.query(UID.costItem).findMany({
      where: { buildingRef: body.building, date: { $gte: body.periodStart, $lte: body.periodEnd } },
    });
    const keysOf = new Map(keys.map((k) => [k.billingPointRef, k]));
    // A point without keys (a parking space sharing no heating) takes no part; the run lists it.
    const leftOut = allPoints
      .filter((p) => !keysOf.has(p.documentId))
      .map((p) => ({ billingPoint: p.documentId, code: p.code, reason: 'no allocation keys' }));
    const points = allPoints.filter((p) => keysOf.has(p.documentId));
    if (points.length === 0)
      throw invalidField('building', `No billing point of building ${building.code} has allocation keys`);
    for (const point of points)
      if (!point.ownerRef && !building.ownerRef)
        throw invalidField('building', `Billing point ${point.code} has no owner to bear its vacancy`);
    const input: AllocationInput = {
      currency: body.currency,
      periodStart: body.periodStart,
      periodEnd: body.periodEnd,
      estimateMissingMeters: body.estimateMissingMeters,
      advanceRoundingStep: body.advanceRoundingStep ?? null,
      categories: schemes
        .filter((s) => s.categoryName && s.group)
        .map((s) => ({ code: s.category, name: s.categoryName, group: s.group, credit: Boolean(s.credit) })),
      schemes: schemes.map((s) => ({ category: s.category, parts: s.parts })),
      costItems: costs.map((c) => ({
        id: c.documentId,
        category: c.category,
        amount: c.amount,
        vatRatePercent: c.vatRatePercent,
        date: c.date,
        supplier: c.supplier,
        note: c.note,
      })),
      billingPoints: points.map((p) => {
        const k = keysOf.get(p.documentId)!;
        return {
          id: p.documentId,
          name: `${p.code} ${p.name}`,
          ownerPartyId: p.ownerRef || building.ownerRef,
          heatedArea: k.heatedArea,
          valueQuota: k.valueQuota,
          persons: k.persons,
          units: k.units,
          occupancies: occupancies
            .filter((o) => o.billingPointRef === p.documentId)
            .map((o) => ({
              id: o.documentId,
              partyId: o.partyRef,
              entryDate: o.entryDate,
              exitDate: o.exitDate,
            })),
        };
      }),
      measurements: measurements
        .filter((m) => m.from >= body.periodStart && m.to <= body.periodEnd)
        .map((m) => ({
          billingPointId: m.billingPointRef,
          key: m.key,
          from: m.from,
          to: m.to,
          consumption: m.consumption,
          meterNumber: m.meterNumber,
        })),
      advances: advances.map((a) => ({
        billingPointId: a.billingPointRef,
        partyId: a.partyRef,
        group: a.group,
        monthlyAmount: a.monthlyAmount,
        from: a.validFrom,
        to: a.validTo,
      })),
    };
    return { input, leftOut };
  }

  const lockedConflict = (run: Row) =>
    conflict(
      `The period ${run.periodStart} – ${run.periodEnd} of this building is already finalized in settlement run ${run.documentId}; void it first`,
      { run: run.documentId },
    );

  return {
    /** Computes a draft (or replaces the draft of the same building and period). 201 new, 200 replaced. */
    async run(body: unknown, user?: User) {
      const parsed = parseInput(runBody, body);
      return withBillingLock(strapi, settlementLock(parsed.building), async () => {
        const [locked] = await finalizedOverlapping(parsed.building, parsed.periodStart, parsed.periodEnd);
        if (locked) throw lockedConflict(locked);
        const { input, leftOut } = await gather(parsed);
        const result = settleCosts(input);
        const options = {
          leftOut,
          currency: parsed.currency,
          estimateMissingMeters: parsed.estimateMissingMeters,
          advanceRoundingStep: parsed.advanceRoundingStep ?? null,
        };
        const drafts: Row[] = await runs().findMany({
          where: {
            buildingRef: parsed.building,
            periodStart: parsed.periodStart,
            periodEnd: parsed.periodEnd,
            status: 'draft',
          },
        });
        const now = new Date();
        const data = { options, result, runBy: describeUser(user), updatedAt: now };
        if (drafts.length) {
          const row: Row = await runs().update({ where: { id: drafts[0].id }, data });
          return { data: dto(row), meta: { replaced: true } };
        }
        const row: Row = await runs().create({
          data: {
            ...data,
            documentId: newDocumentId(),
            buildingRef: parsed.building,
            periodStart: parsed.periodStart,
            periodEnd: parsed.periodEnd,
            status: 'draft',
            createdAt: now,
            publishedAt: now,
          },
        });
        return { data: dto(row), meta: { replaced: false } };
      });
    },

    async list(query: Record<string, unknown>) {
      const { list, args } = listArgs(
        query,
        ['periodStart', 'status', 'createdAt'],
        [{ field: 'createdAt', direction: 'desc' }],
        ['building'],
      );
      const building = textParam(query, 'building', 64);
      const where = building ? { buildingRef: building } : {};
      const [rows, total]: [Row[], number] = await Promise.all([
        runs().findMany({ where, orderBy: args.sort, limit: args.limit, offset: args.start }),
        runs().count({ where }),
      ]);
      // The list leaves the (large) result out; GET /settlement-runs/:id has it.
      return {
        data: rows.map((r) => ({
          ...dto(r),
          result: undefined,
          totals: (r.result as SettlementResult | null)?.totals,
        })),
        meta: paginationMeta(list, total),
      };
    },

    async get(documentId: string) {
      return dto(await findRun(documentId));
    },

    async finalize(documentId: string) {
      const first = await findRun(documentId);
      return withBillingLock(strapi, settlementLock(first.buildingRef), async () => {
        const run = await findRun(documentId);
        if (run.status !== 'draft')
          throw conflict(`Settlement run ${documentId} is ${run.status}; only a draft can be finalized`);
        const result = run.result as SettlementResult;
        if (!result.totals.balanced || result.exceptions.length > 0)
          throw conflict(
            `Settlement run ${documentId} cannot be finalized: ${result.exceptions.length} exception(s), ${result.totals.unallocated} ${result.currency} not allocated. Resolve them and run again.`,
            { exceptions: result.exceptions },
          );
        const [locked] = await finalizedOverlapping(run.buildingRef, run.periodStart, run.periodEnd);
        if (locked) throw lockedConflict(locked);
        const row: Row = await runs().update({
          where: { id: run.id },
          data: { status: 'finalized', finalizedAt: new Date().toISOString(), updatedAt: new Date() },
        });
        return dto(row);
      });
    },

    async void(documentId: string) {
      const first = await findRun(documentId);
      return withBillingLock(strapi, settlementLock(first.buildingRef), async () => {
        const run = await findRun(documentId);
        if (run.status === 'void') throw conflict(`Settlement run ${documentId} is already void`);
        const row: Row = await runs().update({
          where: { id: run.id },
          data: { status: 'void', voidedAt: new Date().toISOString(), updatedAt: new Date() },
        });
        return dto(row);
      });
    },

    /** The statements as CSV: one row per party, billing point, category and key, then each party's balance. */
    async csv(documentId: string) {
      const run = dto(await findRun(documentId));
      return { run, csv: settlementCsv(run.result!) };
    },
  };
};

const CSV_HEADER = [
  'Billing point',
  'Party',
  'Role',
  'Days',
  'Category',
  'Key',
  'Share %',
  'Key value',
  'Key total',
  'Billing point amount',
  'Amount',
  'Advances',
  'Balance',
];

/** RFC 4180 CSV with a UTF-8 byte order mark and CRLF line ends, spreadsheet-safe like the charging statement. */
export function settlementCsv(result: SettlementResult): string {
  const lines: string[][] = [CSV_HEADER];
  const categoryName = new Map(
    [...DEFAULT_CATEGORIES, ...result.categories].map((c) => [c.code, c.name] as const),
  );
  for (const s of result.statements) {
    const who = [s.billingPointName ?? s.billingPointId, s.partyId, s.role, String(s.days)];
    for (const c of s.categories)
      for (const p of c.parts)
        lines.push([
          ...who,
          categoryName.get(c.code) ?? c.code,
          p.label,
          p.percent,
          p.keyValue,
          p.keyTotal,
          p.billingPointAmount,
          p.amount,
          '',
          '',
        ]);
    lines.push([...who, 'Total', '', '', '', '', '', s.cost, s.advances, s.balance]);
  }
  return csvDocument(lines);
}
