import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { writable } from '../../database/entities';
import { conflict, invalidField } from '../../../src/common/errors';
import { paginationMeta, parseBooleanFilter } from '../../../src/common/list-query';
import {
  BILLING_POINT_KINDS,
  parseBillingPointCreate,
  parseBillingPointUpdate,
  type BillingPointInput,
} from '../../../src/billing/billing-point';
import { todayIn } from '../../../src/billing/dates';
import { rangeContains } from '../../../src/billing/date-range';
import { isUniqueViolation } from '../../http/db-errors';
import { withBillingLock } from '../../database/billing-locks';
import { getService } from '../../plugin';
import {
  asStoredAll,
  buildingBrief,
  documentOrFail,
  referencedDocument,
  listArgs,
  loadDocuments,
  partyBrief,
  pluginConfig,
  textParam,
} from './billing-support';
import type { Stored } from '../../database/entities';

type Point = Stored<typeof UID.billingPoint>;

const SORTABLE = ['code', 'name', 'kind', 'active', 'createdAt', 'updatedAt'] as const;

export const billingPointLock = (documentId: string) => `billing-point:${documentId}`;

/**
 * Billing points: code (unique), name, kind, building, owner. The list and the
 * detail show who occupies the point today (in its building's calendar) and who
 * pays while it is vacant.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.billingPoint);
  const duplicate = (code: string) =>
    conflict(`A billing point with code ${code} already exists`, {
      errors: [{ path: ['code'], message: 'Code already used' }],
    });

  async function dtos(rows: Point[]) {
    const buildings = await loadDocuments(
      strapi,
      UID.building,
      rows.map((r) => r.buildingRef),
    );
    const todayOf = (r: Point) =>
      todayIn(buildings.get(r.buildingRef)?.timezone ?? pluginConfig(strapi).defaultTimezone);
    const todays = rows.map(todayOf);
    const ids = rows.map((r) => r.documentId);
    const latest = todays.length ? todays.reduce((a, b) => (a > b ? a : b)) : '';
    const earliest = todays.length ? todays.reduce((a, b) => (a < b ? a : b)) : '';
    const current = ids.length
      ? asStoredAll(
          UID.occupancy,
          await strapi.documents(UID.occupancy).findMany({
            filters: {
              billingPointRef: { $in: ids },
              entryDate: { $lte: latest },
              $or: [{ exitDate: { $null: true } }, { exitDate: { $gte: earliest } }],
            },
            limit: 10_000,
          }),
        )
      : [];
    const parties = await loadDocuments(strapi, UID.party, [
      ...rows.map((r) => r.ownerRef),
      ...[...buildings.values()].map((b) => b.ownerRef),
      ...current.map((o) => o.partyRef),
    ]);
    const brief = (id: string | null | undefined) =>
      id && parties.has(id) ? partyBrief(parties.get(id)!) : null;
    return rows.map((row, i) => {
      const building = buildings.get(row.buildingRef);
      const occupancy = current.find(
        (o) =>
          o.billingPointRef === row.documentId &&
          rangeContains({ from: o.entryDate, to: o.exitDate ?? null }, todays[i]),
      );
      return {
        documentId: row.documentId,
        code: row.code,
        name: row.name,
        kind: row.kind as BillingPointInput['kind'],
        building: building ? buildingBrief(building) : null,
        owner: brief(row.ownerRef),
        /** Who pays for vacant days: the billing point's owner, else the building's. */
        vacancyBilledTo: brief(row.ownerRef) ?? brief(building?.ownerRef),
        active: row.active ?? true,
        notes: row.notes ?? null,
        today: todays[i],
        currentOccupant: occupancy
          ? {
              occupancy: occupancy.documentId,
              party: brief(occupancy.partyRef),
              entryDate: occupancy.entryDate,
              exitDate: occupancy.exitDate ?? null,
            }
          : null,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      };
    });
  }

  async function checkRefs(input: Partial<BillingPointInput>, documentId?: string) {
    if (input.building)
      await referencedDocument(strapi, UID.building, input.building, 'building', 'Building');
    if (input.owner) await referencedDocument(strapi, UID.party, input.owner, 'owner', 'Party');
    if (input.code) {
      const existing = await documents().findFirst({
        filters: { code: input.code },
      });
      if (existing && existing.documentId !== documentId) throw duplicate(input.code);
    }
  }

  const toData = ({ building, owner, ...rest }: Partial<BillingPointInput>) => ({
    ...rest,
    ...(building !== undefined ? { buildingRef: building } : {}),
    ...(owner !== undefined ? { ownerRef: owner } : {}),
  });

  async function write<T>(action: () => Promise<T>, code: string | undefined): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (code && isUniqueViolation(error)) throw duplicate(code);
      throw error;
    }
  }

  return {
    dtos,

    async list(query: Record<string, unknown>) {
      const { list, args } = listArgs(
        query,
        SORTABLE,
        [{ field: 'code', direction: 'asc' }],
        ['q', 'building', 'kind', 'active'],
      );
      const q = textParam(query, 'q');
      const building = textParam(query, 'building', 64);
      const kind = textParam(query, 'kind');
      if (kind !== undefined && !(BILLING_POINT_KINDS as readonly string[]).includes(kind)) {
        throw invalidField('kind', `kind must be one of ${BILLING_POINT_KINDS.join(', ')}`);
      }
      const active = parseBooleanFilter('active', query.active);
      const filters = {
        ...(building ? { buildingRef: building } : {}),
        ...(kind ? { kind } : {}),
        ...(active === undefined ? {} : { active }),
        ...(q ? { $or: [{ code: { $containsi: q } }, { name: { $containsi: q } }] } : {}),
      };
      const [rows, total] = await Promise.all([
        documents().findMany({ filters, ...args }),
        documents().count({ filters }),
      ]);
      return { data: await dtos(asStoredAll(UID.billingPoint, rows)), meta: paginationMeta(list, total) };
    },

    async get(documentId: string) {
      return (await dtos([await documentOrFail(strapi, UID.billingPoint, documentId, 'Billing point')]))[0];
    },

    /** Checks and creates; inside a caller's transaction when there is one (linking a meter to a new billing point). */
    async createPoint(input: BillingPointInput) {
      await checkRefs(input);
      return write(() => documents().create({ data: writable(UID.billingPoint, toData(input)) }), input.code);
    },

    async create(body: unknown) {
      const row = await this.createPoint(parseBillingPointCreate(body));
      return this.get(row.documentId);
    },

    async update(documentId: string, body: unknown) {
      await documentOrFail(strapi, UID.billingPoint, documentId, 'Billing point');
      const patch = parseBillingPointUpdate(body);
      await checkRefs(patch, documentId);
      await write(
        () => documents().update({ documentId, data: writable(UID.billingPoint, toData(patch)) }),
        patch.code,
      );
      return this.get(documentId);
    },

    async delete(documentId: string) {
      await documentOrFail(strapi, UID.billingPoint, documentId, 'Billing point');
      const dto = await this.get(documentId);
      // Under the billing point's lock, so no occupancy can be added while it is being deleted.
      await withBillingLock(strapi, billingPointLock(documentId), async () => {
        const references = await getService(strapi, 'references').find(UID.billingPoint, documentId);
        if (references.length > 0) {
          const uses = references.map((r) => `${r.count} ${r.label}`).join(', ');
          throw conflict(
            `Billing point ${dto.code} still has ${uses}; its history must stay. Deactivate it instead.`,
            { references },
          );
        }
        await documents().delete({ documentId });
      });
      return dto;
    },
  };
};
