import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { UID } from '../../../content-types';
import { formatDay } from '../../../src/charging/calendar';
import { decimalText, type Dec } from '../../../src/charging/decimal';
import { conflict, invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta } from '../../../src/common/list-query';
import { parseInput } from '../../../src/common/validate';
import { ALLOCATION_KEYS, DEFAULT_CATEGORIES, MEASURED_KEYS } from '../../../src/allocation';
import {
  calendarDate,
  decimal,
  id,
  nonNegative,
  optionalText,
  percentage,
  positive,
  vatPercentage,
} from '../../../src/allocation/fields';
import { withBillingLock } from '../../database/billing-locks';
import { listArgs, textParam, type Row } from '../billing/billing-support';

/**
 * The records a settlement is computed from, one REST resource each: cost
 * items, allocation keys, schemes, measured key figures and advance payments.
 * Bodies are validated with zod (400 naming the field); references must exist
 * (400); a cost item dated in a finalized settlement of its building cannot be
 * created, changed or deleted (409) — the period lock of settlement-runs.ts.
 *
 * Rows are written through the query engine (whose methods are untyped, so no
 * casts are needed); what the document service would add is set here.
 */
type Strapi = Core.Strapi;
type Data = Record<string, unknown>;
type ContentUid = (typeof UID)[keyof typeof UID];

const dec = (value: Dec) => decimalText(value);
const optionalDec = (value: Dec | null | undefined) => (value ? decimalText(value) : null);

async function mustExist(strapi: Strapi, uid: ContentUid, documentId: string, field: string, label: string) {
  const row: Row | null = await strapi.db.query(uid).findOne({ where: { documentId } });
  if (!row) throw invalidField(field, `${label} "${documentId}" does not exist`);
  return row;
}

/** The billing lock of a building's settlements: runs, finalize, void and cost edits take it. */
export const settlementLock = (buildingRef: string) => `settlement:${buildingRef}`;

/** The finalized settlement runs of a building whose period contains the day (yyyy-MM-dd). */
export async function finalizedRunsCovering(
  strapi: Strapi,
  buildingRef: string,
  day: string,
): Promise<Row[]> {
  return strapi.db.query(UID.settlementRun).findMany({
    where: { buildingRef, status: 'finalized', periodStart: { $lte: day }, periodEnd: { $gte: day } },
  });
}

interface RecordSpec<S extends z.ZodType> {
  uid: ContentUid;
  label: string;
  schema: S;
  /** The row's fields from a valid body (references checked). */
  toData: (strapi: Strapi, body: z.output<S>) => Promise<Data>;
  /** Checks before a write: the row before (null on create) and after (null on delete). */
  guard?: (strapi: Strapi, before: Row | null, after: Data | null) => Promise<void>;
  /** Billing-lock names the guard and the write run under (so a finalize cannot slip in between). */
  locks?: (before: Row | null, after: Data | null) => string[];
  sortable: string[];
  /** Fields that identify one record (one keys record per billing point, one scheme per category). */
  unique?: (data: Data) => Data;
}

function recordService<S extends z.ZodType>(strapi: Strapi, spec: RecordSpec<S>) {
  const query = () => strapi.db.query(spec.uid);
  const dto = (row: Row) => {
    const { id: _id, publishedAt: _published, locale: _locale, ...rest } = row;
    return rest;
  };
  const locked = <T>(before: Row | null, after: Data | null, work: () => Promise<T>): Promise<T> => {
    const names = spec.locks?.(before, after) ?? [];
    return names.length ? withBillingLock(strapi, names, work) : work();
  };
  /** Checked before writing; the unique index stays the last line against a race. */
  async function refuseDuplicate(data: Data, before: Row | null) {
    if (!spec.unique) return;
    const where = spec.unique(data);
    const other: Row | null = await query().findOne({
      where: before ? { ...where, documentId: { $ne: before.documentId } } : where,
    });
    if (other) throw conflict(`${spec.label} already exists (${other.documentId}); change that one instead`);
  }
  async function find(documentId: string): Promise<Row> {
    const row: Row | null = await query().findOne({ where: { documentId } });
    if (!row) throw notFound(spec.label, documentId);
    return row;
  }
  return {
    async list(q: Record<string, unknown>) {
      const { list, args } = listArgs(
        q,
        spec.sortable,
        [{ field: 'createdAt', direction: 'asc' }],
        ['building', 'billingPoint'],
      );
      const where: Data = {};
      const building = textParam(q, 'building', 64);
      const billingPoint = textParam(q, 'billingPoint', 64);
      if (building) where.buildingRef = building;
      if (billingPoint) where.billingPointRef = billingPoint;
      const [rows, total]: [Row[], number] = await Promise.all([
        query().findMany({ where, orderBy: args.sort, limit: args.limit, offset: args.start }),
        query().count({ where }),
      ]);
      return { data: rows.map(dto), meta: paginationMeta(list, total) };
    },
    async get(documentId: string) {
      return dto(await find(documentId));
    },
    async create(body: unknown) {
      const data = await spec.toData(strapi, parseInput(spec.schema, body));
      return locked(null, data, async () => {
        await spec.guard?.(strapi, null, data);
        await refuseDuplicate(data, null);
        const now = new Date();
        try {
          const row: Row = await query().create({
            data: { ...data, createdAt: now, updatedAt: now, publishedAt: now },
          });
          return dto(row);
        } catch (error) {
          throw uniqueConflict(error, spec.label);
        }
      });
    },
    async update(documentId: string, body: unknown) {
      const before = await find(documentId);
      const data = await spec.toData(strapi, parseInput(spec.schema, body));
      return locked(before, data, async () => {
        await spec.guard?.(strapi, before, data);
        await refuseDuplicate(data, before);
        try {
          const row: Row = await query().update({
            where: { id: before.id },
            data: { ...data, updatedAt: new Date() },
          });
          return dto(row);
        } catch (error) {
          throw uniqueConflict(error, spec.label);
        }
      });
    },
    async delete(documentId: string) {
      const before = await find(documentId);
      return locked(before, null, async () => {
        await spec.guard?.(strapi, before, null);
        await query().delete({ where: { id: before.id } });
        return dto(before);
      });
    },
  };
}

/** A unique index refusing the row (one keys record per billing point, one scheme per category) is a 409. */
function uniqueConflict(error: unknown, label: string): unknown {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const text = error instanceof Error ? `${error.message} ${code}` : '';
  if (/unique|duplicate|ER_DUP_ENTRY|23505/i.test(text))
    return conflict(`${label} already exists for this target`);
  return error;
}

// ───────────────────────────── bodies ─────────────────────────────

export const costItemBody = z.strictObject(
  {
    building: id('building'),
    category: id('category'),
    amount: decimal('amount'),
    vatRatePercent: decimal('vatRatePercent', vatPercentage).nullish(),
    date: calendarDate('date'),
    supplier: optionalText('supplier', 200),
    note: optionalText('note', 2000),
  },
  {
    error:
      'The body must be a cost item { building, category, amount, vatRatePercent, date, supplier, note }',
  },
);

export const keysBody = z.strictObject(
  {
    billingPoint: id('billingPoint'),
    heatedArea: decimal('heatedArea', positive),
    valueQuota: decimal('valueQuota', nonNegative).nullish(),
    persons: decimal('persons', nonNegative).nullish(),
    units: decimal('units', nonNegative).nullish(),
  },
  { error: 'The body must be { billingPoint, heatedArea, valueQuota, persons, units }' },
);

export const schemeBody = z
  .strictObject(
    {
      building: id('building'),
      category: id('category'),
      categoryName: optionalText('categoryName', 200),
      group: optionalText('group', 200),
      credit: z.boolean({ error: 'credit must be true or false' }).default(false),
      parts: z
        .array(
          z.strictObject(
            {
              key: z.enum(ALLOCATION_KEYS, { error: `key must be one of ${ALLOCATION_KEYS.join(', ')}` }),
              percent: decimal('percent', percentage),
            },
            { error: 'Each part must be { key, percent }' },
          ),
          { error: 'parts must be a list' },
        )
        .min(1, { error: 'A scheme needs at least one part' }),
    },
    { error: 'The body must be a scheme { building, category, parts }' },
  )
  .superRefine((body, ctx) => {
    const sum = body.parts.reduce((s, p) => s.add(p.percent), body.parts[0].percent.mul(0));
    if (!sum.eq(100))
      ctx.addIssue({
        code: 'custom',
        path: ['parts'],
        message: `The shares add up to ${sum.toFixed()} %, not 100 %`,
      });
    if (new Set(body.parts.map((p) => p.key)).size !== body.parts.length)
      ctx.addIssue({ code: 'custom', path: ['parts'], message: 'Each key may appear once in a scheme' });
    const isDefault = DEFAULT_CATEGORIES.some((c) => c.code === body.category);
    if (!isDefault && (!body.categoryName || !body.group))
      ctx.addIssue({
        code: 'custom',
        path: ['categoryName'],
        message: `"${body.category}" is not a default category: give its categoryName and group`,
      });
  });

export const measurementBody = z
  .strictObject(
    {
      billingPoint: id('billingPoint'),
      key: z.enum(MEASURED_KEYS, { error: `key must be one of ${MEASURED_KEYS.join(', ')}` }),
      from: calendarDate('from'),
      to: calendarDate('to'),
      consumption: decimal('consumption', nonNegative),
      meterNumber: optionalText('meterNumber', 200),
    },
    { error: 'The body must be { billingPoint, key, from, to, consumption, meterNumber }' },
  )
  .refine((b) => b.to >= b.from, { path: ['to'], error: 'to must not be before from' });

export const advanceBody = z
  .strictObject(
    {
      billingPoint: id('billingPoint'),
      party: id('party'),
      group: id('group'),
      monthlyAmount: decimal('monthlyAmount', nonNegative),
      validFrom: calendarDate('validFrom'),
      validTo: calendarDate('validTo').nullish(),
    },
    { error: 'The body must be { billingPoint, party, group, monthlyAmount, validFrom, validTo }' },
  )
  .refine((b) => b.validTo === null || b.validTo === undefined || b.validTo >= b.validFrom, {
    path: ['validTo'],
    error: 'validTo must not be before validFrom',
  });

// ───────────────────────────── cost items: categories and the lock ─────────────────────────────

/** The category of a building: a default one or one its schemes define. */
async function categoryOf(strapi: Strapi, buildingRef: string, code: string) {
  const scheme: Row | null = await strapi.db
    .query(UID.allocationScheme)
    .findOne({ where: { buildingRef, category: code } });
  if (scheme && scheme.categoryName) return { code, credit: Boolean(scheme.credit) };
  const fallback = DEFAULT_CATEGORIES.find((c) => c.code === code);
  if (fallback) return { code, credit: scheme ? Boolean(scheme.credit) : fallback.credit };
  return null;
}

async function costItemLock(strapi: Strapi, before: Row | null, after: Data | null) {
  for (const row of [before, after]) {
    if (!row) continue;
    const [run] = await finalizedRunsCovering(strapi, String(row.buildingRef), String(row.date));
    if (run)
      throw conflict(
        `The period ${run.periodStart} – ${run.periodEnd} of this building is finalized in settlement run ${run.documentId}; void it to change its costs`,
        { run: run.documentId },
      );
  }
}

export default ({ strapi }: { strapi: Strapi }) => ({
  costItems: recordService(strapi, {
    uid: UID.costItem,
    label: 'Cost item',
    schema: costItemBody,
    sortable: ['date', 'category', 'createdAt'],
    async toData(s, body) {
      await mustExist(s, UID.building, body.building, 'building', 'Building');
      const category = await categoryOf(s, body.building, body.category);
      if (!category)
        throw invalidField(
          'category',
          `Category "${body.category}" is neither a default category nor defined by a scheme of this building`,
        );
      if (body.amount.isNegative() && !category.credit)
        throw invalidField(
          'amount',
          `A negative amount is a credit and belongs in a credit category; "${body.category}" is not one`,
        );
      if (body.amount.decimalPlaces() > 2)
        throw invalidField('amount', 'amount must be a whole number of cents');
      return {
        buildingRef: body.building,
        category: body.category,
        amount: dec(body.amount),
        vatRatePercent: optionalDec(body.vatRatePercent),
        date: formatDay(body.date),
        supplier: body.supplier,
        note: body.note,
      };
    },
    guard: costItemLock,
    locks: (before, after) =>
      [before?.buildingRef, after?.buildingRef]
        .filter((b) => typeof b === 'string')
        .map((b) => settlementLock(b)),
  }),
  keys: recordService(strapi, {
    uid: UID.allocationKey,
    label: 'Allocation keys',
    schema: keysBody,
    unique: (data) => ({ billingPointRef: data.billingPointRef }),
    sortable: ['createdAt'],
    async toData(s, body) {
      const point = await mustExist(s, UID.billingPoint, body.billingPoint, 'billingPoint', 'Billing point');
      return {
        billingPointRef: body.billingPoint,
        buildingRef: point.buildingRef,
        heatedArea: dec(body.heatedArea),
        valueQuota: optionalDec(body.valueQuota),
        persons: optionalDec(body.persons),
        units: optionalDec(body.units),
      };
    },
  }),
  schemes: recordService(strapi, {
    uid: UID.allocationScheme,
    label: 'Allocation scheme',
    schema: schemeBody,
    unique: (data) => ({ buildingRef: data.buildingRef, category: data.category }),
    sortable: ['category', 'createdAt'],
    async toData(s, body) {
      await mustExist(s, UID.building, body.building, 'building', 'Building');
      return {
        buildingRef: body.building,
        category: body.category,
        categoryName: body.categoryName,
        group: body.group,
        credit: body.credit,
        parts: body.parts.map((p) => ({ key: p.key, percent: dec(p.percent) })),
      };
    },
  }),
  measurements: recordService(strapi, {
    uid: UID.allocationMeasurement,
    label: 'Measurement',
    schema: measurementBody,
    sortable: ['from', 'createdAt'],
    async toData(s, body) {
      const point = await mustExist(s, UID.billingPoint, body.billingPoint, 'billingPoint', 'Billing point');
      return {
        billingPointRef: body.billingPoint,
        buildingRef: point.buildingRef,
        key: body.key,
        from: formatDay(body.from),
        to: formatDay(body.to),
        consumption: dec(body.consumption),
        meterNumber: body.meterNumber,
      };
    },
  }),
  advances: recordService(strapi, {
    uid: UID.advancePayment,
    label: 'Advance payment',
    schema: advanceBody,
    sortable: ['validFrom', 'createdAt'],
    async toData(s, body) {
      const point = await mustExist(s, UID.billingPoint, body.billingPoint, 'billingPoint', 'Billing point');
      await mustExist(s, UID.party, body.party, 'party', 'Party');
      if (body.monthlyAmount.decimalPlaces() > 2)
        throw invalidField('monthlyAmount', 'monthlyAmount must be a whole number of cents');
      return {
        billingPointRef: body.billingPoint,
        buildingRef: point.buildingRef,
        partyRef: body.party,
        group: body.group,
        monthlyAmount: dec(body.monthlyAmount),
        validFrom: formatDay(body.validFrom),
        validTo: body.validTo === null || body.validTo === undefined ? null : formatDay(body.validTo),
      };
    },
  }),
});
