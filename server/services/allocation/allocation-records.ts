import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { UID } from '../../../content-types';
import { formatDay } from '../../../src/charging/calendar';
import { decimalText, type Dec } from '../../../src/charging/decimal';
import { conflict, invalid, invalidField, notFound, type DomainError } from '../../../src/common/errors';
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
import { DEFAULT_PERIOD_KEY, periodKeyField, periodKeyProblem } from '../../../src/allocation/period-key';
import { withBillingLock } from '../../database/billing-locks';
import { listArgs, textParam } from '../billing/billing-support';
import type {
  AdvancePaymentRow,
  AllocationKeyRow,
  AllocationSchemeRow,
  CostItemRow,
  MeasurementRow,
  BillingPointRow,
  MediaFile,
  RecordRow,
  SettlementRunRow,
} from './allocation-rows';

/** A field problem with a stable code and params, so the admin words it in its language. */
export const codedField = (field: string, message: string, code: string, params: Record<string, string>) =>
  invalid(message, [{ path: [field], message }], code, params);

/**
 * The records a settlement is computed from, one REST resource each: cost
 * items, allocation keys, schemes, measured key figures and advance payments.
 * Bodies are validated with zod (400 naming the field); references must exist
 * (400); a cost item dated in a finalized settlement of its building cannot be
 * created, changed or deleted (409) — the period lock of settlement-runs.ts.
 *
 * Rows are written through the query engine (whose answers are untyped: each is
 * read as its row type of allocation-rows.ts); what the document service would
 * add is set here. Refusals carry a stable code and params (src/common/errors.ts)
 * so the admin words them in its language.
 */
type Strapi = Core.Strapi;
type Data = Record<string, unknown>;
type ContentUid = (typeof UID)[keyof typeof UID];

const dec = (value: Dec) => decimalText(value);
const optionalDec = (value: Dec | null | undefined) => (value ? decimalText(value) : null);

export async function mustExist<R>(
  strapi: Strapi,
  uid: ContentUid,
  documentId: string,
  field: string,
  label: string,
): Promise<R> {
  const row = (await strapi.db.query(uid).findOne({ where: { documentId } })) as R | null;
  if (!row) throw invalidField(field, `${label} "${documentId}" does not exist`);
  return row;
}

/** The billing point a body names (400 when it does not exist). */
export const billingPointOf = (strapi: Strapi, documentId: string) =>
  mustExist<BillingPointRow>(strapi, UID.billingPoint, documentId, 'billingPoint', 'Billing point');

/** The billing lock of a building's settlements: runs, finalize, void and cost edits take it. */
export const settlementLock = (buildingRef: string) => `settlement:${buildingRef}`;

/** The finalized settlement runs of a building whose period contains the day (yyyy-MM-dd). */
export async function finalizedRunsCovering(
  strapi: Strapi,
  buildingRef: string,
  day: string,
): Promise<SettlementRunRow[]> {
  return (await strapi.db.query(UID.settlementRun).findMany({
    where: { buildingRef, status: 'finalized', periodStart: { $lte: day }, periodEnd: { $gte: day } },
  })) as SettlementRunRow[];
}

/**
 * 409 for a write into a finalized period: code period-finalized, the period and
 * the run as params (the admin's catalogue words it; the message is the English).
 */
export function periodFinalized(run: SettlementRunRow, what: 'costs' | 'payments' | 'run'): DomainError {
  const message =
    what !== 'run'
      ? `The period ${run.periodStart} – ${run.periodEnd} of this building is finalized in settlement run ${run.documentId}; void it to change its ${what}`
      : `The period ${run.periodStart} – ${run.periodEnd} of this building is already finalized in settlement run ${run.documentId}; void it first`;
  return conflict(message, { run: run.documentId }, 'period-finalized', {
    from: run.periodStart,
    to: run.periodEnd,
    run: run.documentId,
    what,
  });
}

export interface RecordSpec<S extends z.ZodType, R extends RecordRow> {
  uid: ContentUid;
  label: string;
  /** The code of `{entity}` in a translated message (error.entity.<entity> in the admin). */
  entity: string;
  schema: S;
  /** The row's fields from a valid body (references checked). */
  toData: (strapi: Strapi, body: z.output<S>) => Promise<Data>;
  /** Checks before a write: the row before (null on create) and after (null on delete). */
  guard?: (strapi: Strapi, before: R | null, after: Data | null) => Promise<void>;
  /** Billing-lock names the guard and the write run under (so a finalize cannot slip in between). */
  locks?: (before: R | null, after: Data | null) => string[];
  sortable: string[];
  /** Fields that identify one record (one keys record per billing point, one scheme per category); null: none. */
  unique?: (data: Data) => Data | null;
  /** Relations read with each row (a cost item's attachment). */
  populate?: string[];
  /** List filters beyond building and billingPoint: query parameter → the where it adds. */
  filters?: Record<string, (value: string) => Data>;
}

export function recordService<S extends z.ZodType, R extends RecordRow>(
  strapi: Strapi,
  spec: RecordSpec<S, R>,
) {
  const query = () => strapi.db.query(spec.uid);
  const populate = spec.populate ?? [];
  const dto = (row: R) => {
    const { id: _id, publishedAt: _published, locale: _locale, ...rest } = row;
    return rest;
  };
  const locked = <T>(before: R | null, after: Data | null, work: () => Promise<T>): Promise<T> => {
    const names = spec.locks?.(before, after) ?? [];
    return names.length ? withBillingLock(strapi, names, work) : work();
  };
  const duplicate = (other: { documentId: string } | null) =>
    conflict(
      other
        ? `${spec.label} already exists (${other.documentId}); change that one instead`
        : `${spec.label} already exists for this target`,
      other ? { existing: other.documentId } : {},
      'allocation-duplicate',
      { entity: spec.entity },
    );
  /** Checked before writing; the unique index stays the last line against a race. */
  async function refuseDuplicate(data: Data, before: R | null) {
    const where = spec.unique?.(data);
    if (!where) return;
    const other = (await query().findOne({
      where: before ? { ...where, documentId: { $ne: before.documentId } } : where,
    })) as R | null;
    if (other) throw duplicate(other);
  }
  async function find(documentId: string): Promise<R> {
    const row = (await query().findOne({ where: { documentId }, populate })) as R | null;
    if (!row) throw notFound(spec.label, documentId);
    return row;
  }
  /** A unique index refusing the row (one keys record per billing point, one scheme per category) is a 409. */
  function uniqueConflict(error: unknown): unknown {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const text = error instanceof Error ? `${error.message} ${code}` : '';
    return /unique|duplicate|ER_DUP_ENTRY|23505/i.test(text) ? duplicate(null) : error;
  }
  return {
    async list(q: Record<string, unknown>) {
      const filters = Object.entries(spec.filters ?? {});
      const { list, args } = listArgs(
        q,
        spec.sortable,
        [{ field: 'createdAt', direction: 'asc' }],
        ['building', 'billingPoint', ...filters.map(([name]) => name)],
      );
      const where: Data = {};
      const building = textParam(q, 'building', 64);
      const billingPoint = textParam(q, 'billingPoint', 64);
      if (building) where.buildingRef = building;
      if (billingPoint) where.billingPointRef = billingPoint;
      for (const [name, filter] of filters) {
        const value = textParam(q, name, 200);
        if (value) Object.assign(where, filter(value));
      }
      const rows = (await query().findMany({
        where,
        orderBy: args.sort,
        limit: args.limit,
        offset: args.start,
        populate,
      })) as R[];
      const total = Number(await query().count({ where }));
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
          const row = (await query().create({
            data: { ...data, createdAt: now, updatedAt: now, publishedAt: now },
            populate,
          })) as R;
          return dto(row);
        } catch (error) {
          throw uniqueConflict(error);
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
          const row = (await query().update({
            where: { id: before.id },
            data: { ...data, updatedAt: new Date() },
            populate,
          })) as R;
          return dto(row);
        } catch (error) {
          throw uniqueConflict(error);
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
    attachment: z
      .number({ error: 'attachment must be the id of a media library file' })
      .int({ error: 'attachment must be the id of a media library file' })
      .positive({ error: 'attachment must be the id of a media library file' })
      .nullish(),
  },
  {
    error:
      'The body must be a cost item { building, category, amount, vatRatePercent, date, supplier, note, attachment }',
  },
);

export const keysBody = z.strictObject(
  {
    billingPoint: id('billingPoint'),
    periodKey: periodKeyField,
    heatedArea: decimal('heatedArea', positive),
    valueQuota: decimal('valueQuota', nonNegative).nullish(),
    persons: decimal('persons', nonNegative).nullish(),
    units: decimal('units', nonNegative).nullish(),
  },
  { error: 'The body must be { billingPoint, periodKey, heatedArea, valueQuota, persons, units }' },
);

export const schemeBody = z
  .strictObject(
    {
      building: id('building'),
      category: id('category'),
      periodKey: periodKeyField,
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
    { error: 'The body must be a scheme { building, category, periodKey, parts }' },
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

/** `?periodKey=default` lists the default rows, `?periodKey=2024-01-01..2024-12-31` that period's. */
function periodKeyFilter(value: string): Data {
  if (value === 'default') return { periodKey: DEFAULT_PERIOD_KEY };
  const problem = periodKeyProblem(value);
  if (problem) throw invalidField('periodKey', `periodKey ${problem}, or "default"`);
  return { periodKey: value };
}

// ───────────────────────────── cost items: categories and the lock ─────────────────────────────

/**
 * The category of a building: a default one or one its schemes define — the
 * default scheme first, else a period's (a category a period scheme defines is
 * the building's too; which period a cost falls in is the run's to decide).
 */
async function categoryOf(strapi: Strapi, buildingRef: string, code: string) {
  const schemes = (await strapi.db.query(UID.allocationScheme).findMany({
    where: { buildingRef, category: code },
    orderBy: [{ periodKey: 'asc' }, { id: 'asc' }],
  })) as AllocationSchemeRow[];
  const scheme = schemes.find((s) => s.categoryName) ?? schemes[0] ?? null;
  if (scheme && scheme.categoryName) return { code, credit: Boolean(scheme.credit) };
  const fallback = DEFAULT_CATEGORIES.find((c) => c.code === code);
  if (fallback) return { code, credit: scheme ? Boolean(scheme.credit) : fallback.credit };
  return null;
}

/** 409 when the row before or after a write is dated in a finalized settlement of its building. */
export const datedInFinalizedPeriod =
  (what: 'costs' | 'payments') =>
  async (strapi: Strapi, before: { buildingRef: string; date: string } | null, after: Data | null) => {
    for (const row of [before, after]) {
      if (!row) continue;
      const [run] = await finalizedRunsCovering(strapi, String(row.buildingRef), String(row.date));
      if (run) throw periodFinalized(run, what);
    }
  };

/** The settlement lock of the building before and after a write. */
export const buildingLocks = (before: { buildingRef: string } | null, after: Data | null) =>
  [before?.buildingRef, after?.buildingRef]
    .filter((b) => typeof b === 'string')
    .map((b) => settlementLock(b));

const UPLOAD_FILE = 'plugin::upload.file';

/** The attachment must be a file of the media library; its id is what the cost item keeps. */
async function mediaFile(strapi: Strapi, fileId: number): Promise<MediaFile> {
  if (!strapi.db.metadata.has(UPLOAD_FILE))
    throw invalidField('attachment', 'The media library (upload plugin) is not installed');
  const file = (await strapi.db.query(UPLOAD_FILE).findOne({ where: { id: fileId } })) as MediaFile | null;
  if (!file) throw invalidField('attachment', `There is no media library file with id ${fileId}`);
  return file;
}

export default ({ strapi }: { strapi: Strapi }) => ({
  costItems: recordService<typeof costItemBody, CostItemRow>(strapi, {
    uid: UID.costItem,
    label: 'Cost item',
    entity: 'cost-item',
    schema: costItemBody,
    sortable: ['date', 'category', 'createdAt'],
    populate: ['attachment'],
    async toData(s, body) {
      await mustExist(s, UID.building, body.building, 'building', 'Building');
      const category = await categoryOf(s, body.building, body.category);
      if (!category)
        throw codedField(
          'category',
          `Category "${body.category}" is neither a default category nor defined by a scheme of this building`,
          'cost-item-unknown-category',
          { category: body.category },
        );
      if (body.amount.isNegative() && !category.credit)
        throw codedField(
          'amount',
          `A negative amount is a credit and belongs in a credit category; "${body.category}" is not one`,
          'cost-item-credit-category',
          { category: body.category },
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
        // Left out: unchanged; null: detached; an id: that file of the media library.
        ...(body.attachment === undefined
          ? {}
          : { attachment: body.attachment === null ? null : (await mediaFile(s, body.attachment)).id }),
      };
    },
    guard: datedInFinalizedPeriod('costs'),
    locks: buildingLocks,
  }),
  keys: recordService<typeof keysBody, AllocationKeyRow>(strapi, {
    uid: UID.allocationKey,
    label: 'Allocation keys',
    entity: 'allocation-keys',
    schema: keysBody,
    unique: (data) => ({ billingPointRef: data.billingPointRef, periodKey: data.periodKey }),
    sortable: ['periodKey', 'createdAt'],
    filters: { periodKey: periodKeyFilter },
    async toData(s, body) {
      const point = await billingPointOf(s, body.billingPoint);
      return {
        billingPointRef: body.billingPoint,
        buildingRef: point.buildingRef,
        periodKey: body.periodKey,
        heatedArea: dec(body.heatedArea),
        valueQuota: optionalDec(body.valueQuota),
        persons: optionalDec(body.persons),
        units: optionalDec(body.units),
      };
    },
  }),
  schemes: recordService<typeof schemeBody, AllocationSchemeRow>(strapi, {
    uid: UID.allocationScheme,
    label: 'Allocation scheme',
    entity: 'allocation-scheme',
    schema: schemeBody,
    unique: (data) => ({ buildingRef: data.buildingRef, category: data.category, periodKey: data.periodKey }),
    sortable: ['category', 'periodKey', 'createdAt'],
    filters: { periodKey: periodKeyFilter },
    async toData(s, body) {
      await mustExist(s, UID.building, body.building, 'building', 'Building');
      return {
        buildingRef: body.building,
        category: body.category,
        periodKey: body.periodKey,
        categoryName: body.categoryName,
        group: body.group,
        credit: body.credit,
        parts: body.parts.map((p) => ({ key: p.key, percent: dec(p.percent) })),
      };
    },
  }),
  measurements: recordService<typeof measurementBody, MeasurementRow>(strapi, {
    uid: UID.allocationMeasurement,
    label: 'Measurement',
    entity: 'measurement',
    schema: measurementBody,
    sortable: ['from', 'createdAt'],
    async toData(s, body) {
      const point = await billingPointOf(s, body.billingPoint);
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
  advances: recordService<typeof advanceBody, AdvancePaymentRow>(strapi, {
    uid: UID.advancePayment,
    label: 'Advance payment',
    entity: 'advance-payment',
    schema: advanceBody,
    sortable: ['validFrom', 'createdAt'],
    async toData(s, body) {
      const point = await billingPointOf(s, body.billingPoint);
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
