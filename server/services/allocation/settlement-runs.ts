import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { UID } from '../../../content-types';
import { checkRequestPeriod, requestDate } from '../../../src/charging/request-period';
import { conflict, invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta } from '../../../src/common/list-query';
import { parseInput } from '../../../src/common/validate';
import {
  billingPointsTable,
  costsTable,
  settleCosts,
  statementsTable,
  type AllocationInput,
  type SettlementResult,
} from '../../../src/allocation';
import { MEASURED_KEYS } from '../../../src/allocation/keys';
import { statementId } from '../../../src/allocation/statement-id';
import { measurementsFromMeters, type MeterSource } from '../../../src/allocation/meter-measurements';
import { withBillingLock } from '../../database/billing-locks';
import { chargeGathering, CHUNK_POINTS } from '../charging/charge-gathering';
import { listArgs, textParam } from '../billing/billing-support';
import { csvDocument } from '../../../src/common/spreadsheet-csv';
import { xlsxWorkbook } from '../../http/xlsx-workbook';
import { periodFinalized, settlementLock } from './allocation-records';
import type {
  AdvancePaymentRow,
  AllocationKeyRow,
  AllocationSchemeRow,
  BillingPointRow,
  BuildingRow,
  CostItemRow,
  MeasurementRow,
  OccupancyRow,
  RecordedPaymentRow,
  SettlementRunRow,
} from './allocation-rows';
import { DEFAULT_PERIOD_KEY, periodKeyOf, rowsForPeriod } from '../../../src/allocation/period-key';

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

export const runBody = z
  .strictObject(
    {
      building: z.string({ error: 'building is required' }).trim().min(1).max(64),
      periodStart: requestDate('periodStart'),
      periodEnd: requestDate('periodEnd'),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, { error: 'currency must be an ISO 4217 code such as CHF' })
        .default('CHF'),
      estimateMissingMeters: z
        .boolean({ error: 'estimateMissingMeters must be true or false' })
        .default(false),
      // What a statement sets against the costs: the advances due, or the payments recorded in the period.
      advanceBasis: z.enum(['due', 'paid'], { error: 'advanceBasis must be "due" or "paid"' }).default('due'),
      advanceRoundingStep: z.string({ error: 'advanceRoundingStep must be decimal text' }).max(40).nullish(),
      // Measured keys read from the meters: utility type code → key (e.g. { "HEAT": "heat" }).
      meterKeys: z
        .record(
          z.string().trim().min(1).max(64),
          z.enum(MEASURED_KEYS, { error: `a meter key must be one of ${MEASURED_KEYS.join(', ')}` }),
          { error: 'meterKeys must map utility type codes to heat, hot-water or cold-water' },
        )
        .refine((keys) => Object.keys(keys).length <= 20, {
          error: 'meterKeys maps at most 20 utility types',
        })
        .default({}),
    },
    {
      error:
        'The body must be { building, periodStart, periodEnd, currency, estimateMissingMeters, advanceBasis, advanceRoundingStep, meterKeys }',
    },
  )
  .superRefine((body, ctx) => checkRequestPeriod(body, ctx, 'A settlement period'));

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

  const dto = (row: SettlementRunRow) => ({
    documentId: row.documentId,
    building: row.buildingRef,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    status: row.status,
    options: row.options ?? {},
    // Each statement with its id, which names it in the URL of its PDF.
    result: row.result
      ? { ...row.result, statements: row.result.statements.map((s) => ({ id: statementId(s), ...s })) }
      : null,
    createdBy: row.runBy ?? '',
    finalizedAt: row.finalizedAt ?? null,
    voidedAt: row.voidedAt ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });

  async function findRun(documentId: string): Promise<SettlementRunRow> {
    const row = (await runs().findOne({ where: { documentId } })) as SettlementRunRow | null;
    if (!row) throw notFound('Settlement run', documentId);
    return row;
  }

  async function finalizedOverlapping(
    buildingRef: string,
    periodStart: string,
    periodEnd: string,
  ): Promise<SettlementRunRow[]> {
    return (await runs().findMany({
      where: {
        buildingRef,
        status: 'finalized',
        periodStart: { $lte: periodEnd },
        periodEnd: { $gte: periodStart },
      },
    })) as SettlementRunRow[];
  }

  /** The engine's input from the building's records. */
  /**
   * Measured key figures from the meters' readings, for the keys the body maps a utility
   * type to (src/allocation/meter-measurements.ts). Read before the lock is taken: readings
   * are not the settlement's to lock, and charging's gathering queries in parallel.
   */
  async function meterFigures(body: RunBody) {
    if (Object.keys(body.meterKeys).length === 0) return null;
    const building = (await strapi.db
      .query(UID.building)
      .findOne({ where: { documentId: body.building } })) as BuildingRow | null;
    if (!building) return null;
    const points = (await strapi.db.query(UID.billingPoint).findMany({
      where: { buildingRef: body.building, active: true },
      orderBy: { code: 'asc' },
    })) as BillingPointRow[];
    const gathering = chargeGathering(strapi);
    const catalog = await gathering.loadCatalog();
    const sources: MeterSource[] = [];
    for (let i = 0; i < points.length; i += CHUNK_POINTS) {
      const gathered = await gathering.gatherChunk(
        points.slice(i, i + CHUNK_POINTS),
        new Map([[building.documentId, building]]),
        body.periodStart,
        body.periodEnd,
        catalog,
      );
      for (const [billingPointId, one] of gathered) {
        if (!('input' in one)) continue; // no owner: gather() refuses the run with that reason
        sources.push({
          billingPointId,
          timeZone: one.input.timeZone,
          meters: one.input.meters.map((m) => ({
            meterNumber: m.meterNumber,
            utilityType: m.utilityType,
            multiplier: m.multiplier == null ? null : String(m.multiplier),
            rolloverAt: m.rolloverAt == null ? null : String(m.rolloverAt),
            registers: m.registers,
            installations: m.installations.map((inst) => ({ from: inst.from, to: inst.to ?? null })),
          })),
          readings: one.input.readings.map((r) => ({
            meterNumber: r.meterNumber,
            register: r.register,
            readingAt: Number(r.readingAt),
            value: String(r.value),
            kind: r.kind,
          })),
        });
      }
    }
    return measurementsFromMeters(sources, body.meterKeys, body.periodStart, body.periodEnd);
  }

  async function gather(
    body: RunBody,
    fromMeters: ReturnType<typeof measurementsFromMeters> | null,
  ): Promise<{ input: AllocationInput; leftOut: LeftOut[] }> {
    const building = (await strapi.db
      .query(UID.building)
      .findOne({ where: { documentId: body.building } })) as BuildingRow | null;
    if (!building) throw invalidField('building', `Building "${body.building}" does not exist`);
    const allPoints = (await strapi.db.query(UID.billingPoint).findMany({
      where: { buildingRef: body.building, active: true },
      orderBy: { code: 'asc' },
    })) as BillingPointRow[];
    if (allPoints.length === 0)
      throw invalidField('building', `Building ${building.code} has no active billing points`);
    const pointIds = allPoints.map((p) => p.documentId);
    // One query after another: this runs inside the lock's transaction, on one connection.
    const byPoint = { billingPointRef: { $in: pointIds } };
    // The period's keys and schemes where it has them, else the defaults (src/allocation/period-key.ts).
    const periodKey = periodKeyOf(body.periodStart, body.periodEnd);
    const periodRows = { periodKey: { $in: [DEFAULT_PERIOD_KEY, periodKey] } };
    const keys = (await strapi.db
      .query(UID.allocationKey)
      .findMany({ where: { ...byPoint, ...periodRows } })) as AllocationKeyRow[];
    const occupancies = (await strapi.db.query(UID.occupancy).findMany({ where: byPoint })) as OccupancyRow[];
    const measurements = (await strapi.db.query(UID.allocationMeasurement).findMany({
      where: { ...byPoint, from: { $lte: body.periodEnd }, to: { $gte: body.periodStart } },
    })) as MeasurementRow[];
    const advances = (await strapi.db
      .query(UID.advancePayment)
      .findMany({ where: byPoint })) as AdvancePaymentRow[];
    const payments = (await strapi.db.query(UID.recordedPayment).findMany({
      where: { ...byPoint, date: { $gte: body.periodStart, $lte: body.periodEnd } },
    })) as RecordedPaymentRow[];
    const schemes = [
      ...rowsForPeriod(
        (await strapi.db
          .query(UID.allocationScheme)
          .findMany({ where: { buildingRef: body.building, ...periodRows } })) as AllocationSchemeRow[],
        (s) => s.category,
        periodKey,
      ).values(),
    ];
    const costs = (await strapi.db.query(UID.costItem).findMany({
      where: { buildingRef: body.building, date: { $gte: body.periodStart, $lte: body.periodEnd } },
    })) as CostItemRow[];
    const keysOf = rowsForPeriod(keys, (k) => k.billingPointRef, periodKey);
    const meterKeyed = new Set<string>(Object.values(body.meterKeys));
    // A point without keys (a parking space sharing no heating) takes no part; the run lists it.
    const leftOut = allPoints
      .filter((p) => !keysOf.has(p.documentId))
      .map((p) => ({ billingPoint: p.documentId, code: p.code, reason: 'no allocation keys' }));
    const points = allPoints.filter((p) => keysOf.has(p.documentId));
    if (points.length === 0)
      throw invalidField('building', `No billing point of building ${building.code} has allocation keys`);
    const ownerOf = (point: BillingPointRow): string => {
      const owner = point.ownerRef || building.ownerRef;
      if (!owner)
        throw invalidField('building', `Billing point ${point.code} has no owner to bear its vacancy`);
      return owner;
    };
    for (const point of points) ownerOf(point);
    const input: AllocationInput = {
      currency: body.currency,
      periodStart: body.periodStart,
      periodEnd: body.periodEnd,
      estimateMissingMeters: body.estimateMissingMeters,
      advanceBasis: body.advanceBasis,
      advanceRoundingStep: body.advanceRoundingStep ?? null,
      categories: schemes.flatMap((s) =>
        s.categoryName && s.group
          ? [{ code: s.category, name: s.categoryName, group: s.group, credit: Boolean(s.credit) }]
          : [],
      ),
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
          code: p.code,
          name: `${p.code} ${p.name}`,
          ownerPartyId: ownerOf(p),
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
        // A key read from the meters takes no entered figures: one source per key.
        .filter((m) => m.from >= body.periodStart && m.to <= body.periodEnd && !meterKeyed.has(m.key))
        .map((m) => ({
          billingPointId: m.billingPointRef,
          key: m.key,
          from: m.from,
          to: m.to,
          consumption: m.consumption,
          meterNumber: m.meterNumber,
        }))
        .concat(fromMeters?.measurements ?? []),
      advances: advances.map((a) => ({
        billingPointId: a.billingPointRef,
        partyId: a.partyRef,
        group: a.group,
        monthlyAmount: a.monthlyAmount,
        from: a.validFrom,
        to: a.validTo,
      })),
      // Payments of points left out (no keys) have no statement to go on.
      payments: payments
        .filter((p) => keysOf.has(p.billingPointRef))
        .map((p) => ({
          billingPointId: p.billingPointRef,
          partyId: p.partyRef,
          group: p.group,
          amount: p.amount,
          date: p.date,
        })),
    };
    return { input, leftOut };
  }

  const lockedConflict = (run: SettlementRunRow) => periodFinalized(run, 'run');

  return {
    /** Computes a draft (or replaces the draft of the same building and period). 201 new, 200 replaced. */
    async run(body: unknown, user?: User) {
      const parsed = parseInput(runBody, body);
      const fromMeters = await meterFigures(parsed);
      return withBillingLock(strapi, settlementLock(parsed.building), async () => {
        const [locked] = await finalizedOverlapping(parsed.building, parsed.periodStart, parsed.periodEnd);
        if (locked) throw lockedConflict(locked);
        const { input, leftOut } = await gather(parsed, fromMeters);
        const result = settleCosts(input);
        const options = {
          leftOut,
          currency: parsed.currency,
          estimateMissingMeters: parsed.estimateMissingMeters,
          advanceBasis: parsed.advanceBasis,
          advanceRoundingStep: parsed.advanceRoundingStep ?? null,
          meterKeys: parsed.meterKeys,
          meterNotes: fromMeters?.notes ?? [],
        };
        const drafts = (await runs().findMany({
          where: {
            buildingRef: parsed.building,
            periodStart: parsed.periodStart,
            periodEnd: parsed.periodEnd,
            status: 'draft',
          },
        })) as SettlementRunRow[];
        const now = new Date();
        const data = { options, result, runBy: describeUser(user), updatedAt: now };
        if (drafts.length) {
          const row = (await runs().update({ where: { id: drafts[0].id }, data })) as SettlementRunRow;
          return { data: dto(row), meta: { replaced: true } };
        }
        const row = (await runs().create({
          data: {
            ...data,
            buildingRef: parsed.building,
            periodStart: parsed.periodStart,
            periodEnd: parsed.periodEnd,
            status: 'draft',
            createdAt: now,
            publishedAt: now,
          },
        })) as SettlementRunRow;
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
      const rows = (await runs().findMany({
        where,
        orderBy: args.sort,
        limit: args.limit,
        offset: args.start,
      })) as SettlementRunRow[];
      const total = Number(await runs().count({ where }));
      // The list leaves the (large) result out; GET /settlement-runs/:id has it.
      return {
        data: rows.map((r) => ({
          ...dto(r),
          result: undefined,
          totals: r.result?.totals,
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
          throw conflict(
            `Settlement run ${documentId} is ${run.status}; only a draft can be finalized`,
            {},
            'settlement-not-draft',
            { run: documentId, status: run.status },
          );
        const result = run.result!;
        if (!result.totals.balanced || result.exceptions.length > 0)
          throw conflict(
            `Settlement run ${documentId} cannot be finalized: ${result.exceptions.length} exception(s), ${result.totals.unallocated} ${result.currency} not allocated. Resolve them and run again.`,
            { exceptions: result.exceptions },
            'settlement-has-exceptions',
            {
              run: documentId,
              count: result.exceptions.length,
              unallocated: result.totals.unallocated,
              currency: result.currency,
            },
          );
        const [locked] = await finalizedOverlapping(run.buildingRef, run.periodStart, run.periodEnd);
        if (locked) throw lockedConflict(locked);
        const row = (await runs().update({
          where: { id: run.id },
          data: { status: 'finalized', finalizedAt: new Date().toISOString(), updatedAt: new Date() },
        })) as SettlementRunRow;
        return dto(row);
      });
    },

    async void(documentId: string) {
      const first = await findRun(documentId);
      return withBillingLock(strapi, settlementLock(first.buildingRef), async () => {
        const run = await findRun(documentId);
        if (run.status === 'void')
          throw conflict(`Settlement run ${documentId} is already void`, {}, 'settlement-not-draft', {
            run: documentId,
            status: run.status,
          });
        const row = (await runs().update({
          where: { id: run.id },
          data: { status: 'void', voidedAt: new Date().toISOString(), updatedAt: new Date() },
        })) as SettlementRunRow;
        return dto(row);
      });
    },

    /** The statements as CSV: one row per party, billing point, category and key, then each party's balance. */
    async csv(documentId: string) {
      const run = dto(await findRun(documentId));
      return { run, csv: settlementCsv(run.result!) };
    },

    async xlsx(documentId: string) {
      const run = dto(await findRun(documentId));
      const title = `Settlement of charges ${run.periodStart} – ${run.periodEnd} (${run.status})`;
      return { run, xlsx: await settlementXlsx(run.result!, title) };
    },
  };
};

/** RFC 4180 CSV with a UTF-8 byte order mark and CRLF line ends, spreadsheet-safe like the charging statement. */
export function settlementCsv(result: SettlementResult): string {
  const table = statementsTable(result);
  return csvDocument([table.header, ...table.rows]);
}

/** The workbook: the statements, the building's costs, and each billing point's keys and shares. */
export function settlementXlsx(result: SettlementResult, title: string): Promise<Buffer> {
  const tables = [statementsTable(result), costsTable(result), billingPointsTable(result)];
  return xlsxWorkbook(
    title,
    tables.map((t) => ({ ...t, money: t.name === 'Billing points' ? undefined : t.numeric })),
  );
}
