import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { fromJson, writable, type Filters, type Stored } from '../../database/entities';
import { conflict, DomainError, invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta } from '../../../src/common/list-query';
import { parseAtDate } from '../../../src/billing/dates';
import { calendarRecordOf, type TariffCalendarRecord } from '../../../src/charging/tariffs';
import {
  calendarCodeOf,
  assertNoRateOverlap,
  effectiveRate,
  parseRateCreate,
  parseRateUpdate,
  planRateCreate,
  rateGroupKey,
  RATE_SCOPES,
  type RateRecord,
  type RateTargetKind,
  type StoredRate,
} from '../../../src/billing/rate';
import { CODE_PATTERN } from '../../../src/catalog/code';
import { isUniqueViolation } from '../../http/db-errors';
import { withBillingLock } from '../../database/billing-locks';
import { getService } from '../../plugin';
import {
  asStored,
  asStoredAll,
  asStoredOrNull,
  billingPointBrief,
  billingPointContext,
  buildingBrief,
  documentOrFail,
  referencedDocument,
  listArgs,
  loadDocuments,
  textParam,
} from './billing-support';

type Rate = Stored<typeof UID.rate>;

const SORTABLE = ['validFrom', 'validTo', 'scope', 'currency', 'createdAt', 'updatedAt'] as const;
const TARGET_UID = { 'utility-type': UID.utilityType, 'usage-metric': UID.usageMetric } as const;
const rateLock = (record: Pick<RateRecord, 'targetKind' | 'targetRef' | 'scope' | 'scopeRef'>) =>
  `rate:${rateGroupKey(record)}`;

const toRecord = (row: Rate): StoredRate => ({
  id: row.documentId,
  targetKind: row.targetKind,
  targetRef: row.targetRef,
  scope: row.scope,
  scopeRef: row.scopeRef ?? '',
  validFrom: row.validFrom,
  validTo: row.validTo ?? null,
  unitPrice: row.unitPrice ?? null,
  tiers: fromJson<RateRecord['tiers']>(row.tiers ?? null),
  fixedFeePerMonth: row.fixedFeePerMonth ?? null,
  vatRate: row.vatRate,
  currency: row.currency,
  name: row.name ?? null,
  tariffCalendar: row.tariffCalendar ?? null,
  bandPrices: fromJson<RateRecord['bandPrices']>(row.bandPrices ?? null),
  components: fromJson<RateRecord['components']>(row.components ?? null),
  demandPricePerKw: row.demandPricePerKw ?? null,
  demandBands: fromJson<RateRecord['demandBands']>(row.demandBands ?? null),
});

const toData = (r: RateRecord) => ({ ...r, groupKey: rateGroupKey(r) });

/** The admin user as the request carries it (ctx.state.user). */
export type RateActor =
  | { firstname?: string | null; lastname?: string | null; email?: string | null; id?: number }
  | null
  | undefined;
const describeActor = (user: RateActor) =>
  user
    ? [[user.firstname, user.lastname].filter(Boolean).join(' '), user.email ? `<${user.email}>` : '']
        .filter(Boolean)
        .join(' ') || `admin ${user.id ?? ''}`.trim()
    : '';

type InvoiceUse = { runRef: string; status: string; periodStart: string; periodEnd: string };

/**
 * Rates and "change prices". Adding or changing a rate runs under its group's
 * lock (target × scope), so validities of a group never overlap; adding one
 * closes the open rate before it in the same transaction.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.rate);

  async function dtos(rows: Rate[]) {
    const records = rows.map(toRecord);
    const refsOf = (kind: RateTargetKind) =>
      records.filter((r) => r.targetKind === kind).map((r) => r.targetRef);
    const [utilityTypes, metrics, buildings, points] = await Promise.all([
      loadDocuments(strapi, UID.utilityType, refsOf('utility-type')),
      loadDocuments(strapi, UID.usageMetric, refsOf('usage-metric')),
      loadDocuments(
        strapi,
        UID.building,
        records.filter((r) => r.scope === 'building').map((r) => r.scopeRef),
      ),
      loadDocuments(
        strapi,
        UID.billingPoint,
        records.filter((r) => r.scope === 'billing-point').map((r) => r.scopeRef),
      ),
    ]);
    const brief = (row: { documentId: string; code: string; name: string } | undefined, id: string) =>
      row
        ? { documentId: row.documentId, code: row.code, name: row.name }
        : { documentId: id, code: '', name: '' };
    return rows.map((row, i) => {
      const r = records[i];
      return {
        documentId: r.id,
        utilityType:
          r.targetKind === 'utility-type' ? brief(utilityTypes.get(r.targetRef), r.targetRef) : null,
        usageMetric: r.targetKind === 'usage-metric' ? brief(metrics.get(r.targetRef), r.targetRef) : null,
        scope: r.scope,
        building:
          r.scope === 'building'
            ? buildings.has(r.scopeRef)
              ? buildingBrief(buildings.get(r.scopeRef)!)
              : null
            : null,
        billingPoint:
          r.scope === 'billing-point'
            ? points.has(r.scopeRef)
              ? billingPointBrief(points.get(r.scopeRef)!)
              : null
            : null,
        validFrom: r.validFrom,
        validTo: r.validTo,
        unitPrice: r.unitPrice,
        tiers: r.tiers,
        fixedFeePerMonth: r.fixedFeePerMonth,
        vatRate: r.vatRate,
        currency: r.currency,
        name: r.name,
        tariffCalendar: r.tariffCalendar,
        bandPrices: r.bandPrices,
        components: r.components,
        demandPricePerKw: r.demandPricePerKw,
        demandBands: r.demandBands,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      };
    });
  }
  const dto = async (row: Rate) => (await dtos([row]))[0];

  /** The calendar a body names (or the stored rate has), loaded for validation; 400 when it does not exist. */
  async function calendarFor(body: unknown, stored?: RateRecord): Promise<TariffCalendarRecord | null> {
    const code = calendarCodeOf(body, stored);
    if (!code) return null;
    const row = await strapi.documents(UID.tariffCalendar).findFirst({ filters: { code } });
    if (!row) throw invalidField('tariffCalendar', `Tariff calendar "${code}" does not exist`);
    return calendarRecordOf(row as Parameters<typeof calendarRecordOf>[0]);
  }

  async function checkRefs(record: RateRecord) {
    if (record.targetKind === 'utility-type')
      await referencedDocument(strapi, UID.utilityType, record.targetRef, 'utilityType', 'Utility type');
    else await referencedDocument(strapi, UID.usageMetric, record.targetRef, 'usageMetric', 'Usage metric');
    if (record.scope === 'building')
      await referencedDocument(strapi, UID.building, record.scopeRef, 'building', 'Building');
    if (record.scope === 'billing-point')
      await referencedDocument(strapi, UID.billingPoint, record.scopeRef, 'billingPoint', 'Billing point');
  }

  async function group(record: RateRecord): Promise<StoredRate[]> {
    const rows = await documents().findMany({ filters: { groupKey: rateGroupKey(record) }, limit: 100_000 });
    return asStoredAll(UID.rate, rows).map(toRecord);
  }

  async function write<T>(action: () => Promise<T>, validFrom: string): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(`Another rate for the same target and scope already starts on ${validFrom}`);
      throw error;
    }
  }

  /**
   * The first invoice (of the given statuses) with a line priced by the rate.
   * Only invoices whose period meets the rate's validity can have used it, so
   * the lines of others are never loaded.
   */
  async function invoiceUsing(rate: StoredRate, statuses: string[]): Promise<InvoiceUse | null> {
    const where: Record<string, unknown> = {
      status: { $in: statuses },
      periodEnd: { $gte: rate.validFrom },
      ...(rate.validTo ? { periodStart: { $lte: rate.validTo } } : {}),
    };
    // The query engine's results are `any`; these are the selected columns.
    const rows = (await strapi.db.query(UID.invoice).findMany({
      where,
      select: ['runRef', 'status', 'periodStart', 'periodEnd', 'lines'],
      orderBy: [{ periodStart: 'asc' }, { id: 'asc' }],
    })) as (InvoiceUse & { lines: unknown })[];
    const used = rows.find(
      (row) =>
        Array.isArray(row.lines) &&
        row.lines.some((line: unknown) => (line as { rateId?: unknown })?.rateId === rate.id),
    );
    return used
      ? { runRef: used.runRef, status: used.status, periodStart: used.periodStart, periodEnd: used.periodEnd }
      : null;
  }

  async function refuseIfUsed(rate: StoredRate, statuses: string[], what: string, instead: string) {
    const used = await invoiceUsing(rate, statuses);
    if (!used) return;
    const kind = used.status === 'finalized' ? 'finalized' : 'draft';
    throw conflict(
      `Rate ${rate.id} was used by ${kind} charge run ${used.runRef} (${used.periodStart} – ${used.periodEnd}), so it cannot be ${what}; ${instead}`,
      { run: used.runRef, runStatus: used.status, periodStart: used.periodStart, periodEnd: used.periodEnd },
      'rate-used',
      { runStatus: kind, action: what, from: used.periodStart, to: used.periodEnd },
    );
  }

  async function recordChange(
    rateRef: string,
    actionName: 'create' | 'update' | 'delete',
    user: RateActor,
    before: unknown,
    after: unknown,
  ) {
    await strapi.documents(UID.rateChange).create({
      data: {
        rateRef,
        action: actionName,
        changedBy: describeActor(user),
        changedAt: new Date().toISOString(),
        before: before ?? null,
        after: after ?? null,
      },
    });
  }

  /** `?utilityType=` / `?usageMetric=` as a documentId or a code. */
  async function targetFrom(
    query: Record<string, unknown>,
  ): Promise<{ kind: RateTargetKind; row: { documentId: string; code: string; name: string } } | null> {
    const utility = textParam(query, 'utilityType', 64);
    const metric = textParam(query, 'usageMetric', 64);
    if (utility && metric) throw invalidField('utilityType', 'Give utilityType or usageMetric, not both');
    const kind: RateTargetKind | null = utility ? 'utility-type' : metric ? 'usage-metric' : null;
    if (!kind) return null;
    const ref = (utility ?? metric)!;
    const uid = TARGET_UID[kind];
    const row = CODE_PATTERN.test(ref)
      ? await strapi.documents(uid).findFirst({ filters: { code: ref } })
      : await strapi.documents(uid).findOne({ documentId: ref });
    const field = kind === 'utility-type' ? 'utilityType' : 'usageMetric';
    if (!row)
      throw invalidField(
        field,
        `${kind === 'utility-type' ? 'Utility type' : 'Usage metric'} "${ref}" does not exist`,
      );
    // Code and name are required of both content types, never missing from a stored one.
    return { kind, row: { documentId: row.documentId, code: row.code ?? '', name: row.name ?? '' } };
  }

  return {
    /** Every rate priced by this calendar's bands (rates name a calendar by its permanent code). */
    async pricedByCalendar(code: string): Promise<StoredRate[]> {
      const rows = await documents().findMany({ filters: { tariffCalendar: code }, limit: 100_000 });
      return asStoredAll(UID.rate, rows).map(toRecord);
    },

    /**
     * Filters: utilityType / usageMetric (documentId or code), scope, building,
     * billingPoint (rates scoped to it), appliesTo (a billing point: every rate that
     * may apply to it — its own, its building's and the defaults), at (valid that day).
     */
    async list(query: Record<string, unknown>) {
      const { list, args } = listArgs(
        query,
        SORTABLE,
        [{ field: 'validFrom', direction: 'desc' }],
        ['utilityType', 'usageMetric', 'scope', 'building', 'billingPoint', 'appliesTo', 'at'],
      );
      const target = await targetFrom(query);
      const scope = textParam(query, 'scope');
      if (scope !== undefined && !(RATE_SCOPES as readonly string[]).includes(scope))
        throw invalidField('scope', 'scope must be default, building or billing-point');
      const building = textParam(query, 'building', 64);
      const billingPoint = textParam(query, 'billingPoint', 64);
      const appliesTo = textParam(query, 'appliesTo', 64);
      const at = query.at === undefined ? undefined : parseAtDate(query.at, 'UTC');
      const and: Filters<typeof UID.rate>[] = [];
      if (target) and.push({ targetKind: target.kind, targetRef: target.row.documentId });
      if (scope) and.push({ scope });
      if (building) and.push({ scope: 'building', scopeRef: building });
      if (billingPoint) and.push({ scope: 'billing-point', scopeRef: billingPoint });
      if (appliesTo) {
        const context = await billingPointContext(strapi, appliesTo);
        and.push({
          $or: [
            { scope: 'default' },
            ...(context.building ? [{ scope: 'building', scopeRef: context.building.documentId }] : []),
            { scope: 'billing-point', scopeRef: appliesTo },
          ],
        });
      }
      if (at)
        and.push(
          { validFrom: { $lte: at } },
          { $or: [{ validTo: { $null: true } }, { validTo: { $gte: at } }] },
        );
      const filters = and.length ? { $and: and } : {};
      const [rows, total] = await Promise.all([
        documents().findMany({ filters, ...args }),
        documents().count({ filters }),
      ]);
      return { data: await dtos(asStoredAll(UID.rate, rows)), meta: paginationMeta(list, total) };
    },

    async get(documentId: string) {
      return dto(await documentOrFail(strapi, UID.rate, documentId, 'Rate'));
    },

    /** "Change prices": the new rate, and the open rate before it closed the day before (meta.closed). */
    async create(body: unknown, user?: RateActor) {
      const record = parseRateCreate(body, await calendarFor(body));
      await checkRefs(record);
      const { row, close } = await withBillingLock(strapi, rateLock(record), async () => {
        const plan = planRateCreate(await group(record), record);
        if (plan.close)
          await documents().update({
            documentId: plan.close.id,
            data: { validTo: plan.close.validTo },
          });
        const created = await write(
          () => documents().create({ data: writable(UID.rate, toData(record)) }),
          record.validFrom,
        );
        return { row: asStored(UID.rate, created), close: plan.close };
      });
      const data = await dto(row);
      await recordChange(data.documentId, 'create', user, null, data);
      return {
        data,
        meta: { closed: close ? [{ documentId: close.id, validTo: close.validTo }] : [] },
      };
    },

    /**
     * Corrects a rate. Refused (409 naming the run) once a finalized invoice used
     * it: what was billed must stay explainable, so a price change after that is
     * a new rate from the day it applies. Drafts are simply charged again.
     */
    async update(documentId: string, body: unknown, user?: RateActor) {
      const storedRow = await documentOrFail(strapi, UID.rate, documentId, 'Rate');
      const stored = toRecord(storedRow);
      const calendar = await calendarFor(body, stored);
      const first = parseRateUpdate(body, stored, calendar);
      await checkRefs(first);
      const before = await dto(storedRow);
      await withBillingLock(strapi, rateLock(stored), async () => {
        const current = asStoredOrNull(UID.rate, await documents().findOne({ documentId }));
        if (!current) throw notFound('Rate', documentId);
        await refuseIfUsed(
          toRecord(current),
          ['finalized'],
          'changed',
          'add a new rate from the day the price changes instead',
        );
        const record = parseRateUpdate(body, toRecord(current), calendar);
        assertNoRateOverlap(await group(record), record, documentId);
        await write(
          () => documents().update({ documentId, data: writable(UID.rate, toData(record)) }),
          record.validFrom,
        );
      });
      const after = await this.get(documentId);
      await recordChange(documentId, 'update', user, before, after);
      return after;
    },

    /** Deletes a rate no invoice used (a voided run's invoices do not count). */
    async delete(documentId: string, user?: RateActor) {
      const row = await documentOrFail(strapi, UID.rate, documentId, 'Rate');
      const before = await dto(row);
      await withBillingLock(strapi, rateLock(toRecord(row)), async () => {
        await refuseIfUsed(
          toRecord(row),
          ['draft', 'finalized'],
          'deleted',
          'void or re-run the draft with another rate, or close the rate with a validTo instead',
        );
        const references = await getService(strapi, 'references').find(UID.rate, documentId);
        if (references.length > 0)
          throw conflict(
            `Rate ${documentId} is still used by ${references.map((r) => r.label).join('; ')}; choose another rate there first`,
            { references },
          );
        await documents().delete({ documentId });
      });
      await recordChange(documentId, 'delete', user, before, null);
      return before;
    },

    /** GET /rates/:id/history — the rate's changes, newest first (also after it was deleted). */
    async history(documentId: string) {
      // The query engine's results are `any`; these are stored rate changes.
      const rows = (await strapi.db.query(UID.rateChange).findMany({
        where: { rateRef: documentId },
        orderBy: [{ id: 'desc' }],
      })) as Stored<typeof UID.rateChange>[];
      if (rows.length === 0) await documentOrFail(strapi, UID.rate, documentId, 'Rate');
      return rows.map((row) => ({
        action: row.action,
        changedBy: row.changedBy ?? '',
        changedAt: row.changedAt,
        before: row.before ?? null,
        after: row.after ?? null,
      }));
    },

    /**
     * GET /rates/effective?billingPoint&utilityType|usageMetric&at — the rate that
     * prices the target at the billing point that day (billing point, else building,
     * else default). Without a target: one entry per target that has a rate that day.
     */
    async effective(query: Record<string, unknown>) {
      const billingPointId = textParam(query, 'billingPoint', 64);
      if (!billingPointId)
        throw invalidField('billingPoint', 'billingPoint (a billing point documentId) is required');
      const context = await billingPointContext(strapi, billingPointId);
      const date = parseAtDate(query.at, context.timezone);
      const target = await targetFrom(query);
      const buildingId = context.building?.documentId ?? null;
      const scopes = [
        { scope: 'default' },
        ...(buildingId ? [{ scope: 'building', scopeRef: buildingId }] : []),
        { scope: 'billing-point', scopeRef: billingPointId },
      ];
      const found = await documents().findMany({
        filters: {
          $and: [
            ...(target ? [{ targetKind: target.kind, targetRef: target.row.documentId }] : []),
            { $or: scopes },
            { validFrom: { $lte: date } },
            { $or: [{ validTo: { $null: true } }, { validTo: { $gte: date } }] },
          ],
        },
        limit: 10_000,
      });
      const rows = asStoredAll(UID.rate, found);
      const records = rows.map(toRecord);
      const rowById = new Map(rows.map((r) => [r.documentId, r]));
      const point = billingPointBrief(context.point);

      const resolveFor = async (kind: RateTargetKind, ref: string) => {
        const result = effectiveRate(records, {
          targetKind: kind,
          targetRef: ref,
          billingPointId,
          buildingId,
          date,
        });
        if (result.kind === 'ambiguous') {
          throw conflict(
            `${result.candidates.length} rates of scope ${result.scope} are valid on ${date}; correct their validity so only one applies`,
            {
              candidates: result.candidates.map((c) => c.id),
            },
          );
        }
        return result.kind === 'found'
          ? { scope: result.rate.scope, rate: await dto(rowById.get(result.rate.id)!) }
          : null;
      };

      if (target) {
        const found = await resolveFor(target.kind, target.row.documentId);
        const label = `${target.row.name} (${target.row.code})`;
        if (!found) {
          throw new DomainError(
            'not-found',
            `No rate for ${label} applies to ${point.code} on ${date}; add one for this billing point, its building or everyone (default)`,
            { billingPoint: point.documentId, date, target: target.row.documentId },
          );
        }
        return {
          billingPoint: point,
          date,
          target: {
            kind: target.kind,
            documentId: target.row.documentId,
            code: target.row.code,
            name: target.row.name,
          },
          ...found,
        };
      }
      const targets = [...new Map(records.map((r) => [`${r.targetKind}:${r.targetRef}`, r])).values()];
      const results = [];
      for (const t of targets) {
        const found = await resolveFor(t.targetKind, t.targetRef);
        if (!found) continue;
        const named = found.rate.utilityType ?? found.rate.usageMetric;
        results.push({
          target: {
            kind: t.targetKind,
            documentId: t.targetRef,
            code: named?.code ?? '',
            name: named?.name ?? '',
          },
          ...found,
        });
      }
      return { billingPoint: point, date, rates: results };
    },
  };
};
