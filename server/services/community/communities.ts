import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { decimalText } from '../../../src/charging/decimal';
import { conflict, invalidField } from '../../../src/common/errors';
import { paginationMeta } from '../../../src/common/list-query';
import { parseCommunity, priceCapWarnings, type CommunityInput } from '../../../src/community';
import { asJson, writable } from '../../database/entities';
import { isUniqueViolation } from '../../http/db-errors';
import {
  documentOrFail,
  referencedDocument,
  listArgs,
  loadDocuments,
  textParam,
  type Row,
} from '../billing/billing-support';

const SORTABLE = ['code', 'name', 'kind', 'createdAt', 'updatedAt'] as const;

/** The stored community as the API returns it (references by documentId, decimals as text). */
export const toCommunityDto = (row: Row, points: Map<string, Row> = new Map()) => ({
  documentId: row.documentId,
  code: row.code as string,
  name: row.name as string,
  kind: row.kind as CommunityInput['kind'],
  building: (row.buildingRef ?? null) as string | null,
  intervalMinutes: Number(row.intervalMinutes),
  members: ((row.members ?? []) as StoredMember[]).map((m) => ({
    ...m,
    code: (points.get(m.billingPoint)?.code ?? null) as string | null,
    name: (points.get(m.billingPoint)?.name ?? null) as string | null,
  })),
  productionMeters: (row.productionMeters ?? []) as { meterNumber: string; register: string }[],
  connection: (row.connection ?? null) as CommunityInput['connection'],
  allocationMethod: row.allocationMethod as CommunityInput['allocationMethod'],
  commonConsumption: row.commonConsumption as CommunityInput['commonConsumption'],
  solarPrices: (row.solarPrices ?? []) as { band: string; price: string }[],
  gridRate: (row.gridRateRef ?? null) as string | null,
  feedInCredit: (row.feedInCredit ?? null) as string | null,
  exportRecipient: (row.exportRecipientRef ?? null) as string | null,
  priceCap: row.priceCap as { method: 'flat' } | { method: 'cost'; costPerKWh: string },
  standardPrices: (row.standardPrices ?? []) as {
    from: string;
    to: string | null;
    prices: { band: string; price: string }[];
  }[],
  legDiscountPercent: (row.legDiscountPercent ?? null) as string | null,
  notes: (row.notes ?? null) as string | null,
  createdAt: row.createdAt as string,
  updatedAt: row.updatedAt as string,
});
export type CommunityDto = ReturnType<typeof toCommunityDto>;
type StoredMember = {
  billingPoint: string;
  entryDate: string;
  exitDate: string | null;
  share: string | null;
};

const prices = (list: CommunityInput['solarPrices']) =>
  list.map((p) => ({ band: p.band, price: decimalText(p.price) }));

/** The row's fields: lists as JSON with decimals as exact text. */
function toData(input: CommunityInput) {
  return writable(UID.community, {
    code: input.code,
    name: input.name,
    kind: input.kind,
    buildingRef: input.building,
    intervalMinutes: input.intervalMinutes,
    members: asJson(
      input.members.map((m) => ({
        billingPoint: m.billingPoint,
        entryDate: m.entryDate,
        exitDate: m.exitDate,
        share: m.share ? decimalText(m.share) : null,
      })),
    ),
    productionMeters: asJson(input.productionMeters),
    connection: input.connection ? asJson(input.connection) : null,
    allocationMethod: input.allocationMethod,
    commonConsumption: input.commonConsumption,
    solarPrices: asJson(prices(input.solarPrices)),
    gridRateRef: input.gridRate,
    feedInCredit: input.feedInCredit ? decimalText(input.feedInCredit) : null,
    exportRecipientRef: input.exportRecipient,
    priceCap: asJson(
      input.priceCap.method === 'flat'
        ? { method: 'flat' }
        : { method: 'cost', costPerKWh: decimalText(input.priceCap.costPerKWh) },
    ),
    standardPrices: asJson(
      input.standardPrices.map((p) => ({ from: p.from, to: p.to, prices: prices(p.prices) })),
    ),
    legDiscountPercent: input.legDiscountPercent ? decimalText(input.legDiscountPercent) : null,
    notes: input.notes ?? null,
  });
}

/**
 * Communities (ZEV, vZEV, LEG): CRUD with the whole record in every write (PUT
 * replaces it: members and meters are edited as one list). References must
 * exist (400 on the field); a billing point may belong to one community at a
 * time (409), or its consumption would be split twice. A solar price above the
 * EnV art. 16 cap is saved with a warning in `meta.warnings`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.community);
  const duplicate = (code: string) =>
    conflict(`A community with code ${code} already exists`, {
      errors: [{ path: ['code'], message: 'Code already used' }],
    });

  async function dtos(rows: Row[]) {
    const points = await loadDocuments(
      strapi,
      UID.billingPoint,
      rows.flatMap((r) => ((r.members ?? []) as StoredMember[]).map((m) => m.billingPoint)),
    );
    return rows.map((r) => toCommunityDto(r, points));
  }

  async function checkRefs(input: CommunityInput, documentId?: string) {
    if (input.building)
      await referencedDocument(strapi, UID.building, input.building, 'building', 'Building');
    if (input.gridRate) await referencedDocument(strapi, UID.rate, input.gridRate, 'gridRate', 'Rate');
    if (input.exportRecipient)
      await referencedDocument(strapi, UID.party, input.exportRecipient, 'exportRecipient', 'Party');
    const points = await loadDocuments(
      strapi,
      UID.billingPoint,
      input.members.map((m) => m.billingPoint),
    );
    input.members.forEach((m, i) => {
      if (!points.has(m.billingPoint))
        throw invalidField(`members.${i}.billingPoint`, `Billing point "${m.billingPoint}" does not exist`);
    });
    const sameCode: Row | null = await documents().findFirst({ filters: { code: input.code } });
    if (sameCode && sameCode.documentId !== documentId) throw duplicate(input.code);
    // A flat in two communities on the same day would have its consumption split twice.
    const others: Row[] = await documents().findMany({ limit: 10_000 });
    for (const other of others) {
      if (other.documentId === documentId) continue;
      for (const theirs of (other.members ?? []) as StoredMember[]) {
        const clash = input.members.find(
          (m) =>
            m.billingPoint === theirs.billingPoint &&
            (m.exitDate === null || theirs.entryDate <= m.exitDate) &&
            (theirs.exitDate === null || m.entryDate <= theirs.exitDate),
        );
        if (clash) {
          const code = points.get(clash.billingPoint)?.code ?? clash.billingPoint;
          throw conflict(`Billing point ${code} is a member of community ${other.code} on these dates`, {
            community: other.documentId,
            billingPoint: clash.billingPoint,
          });
        }
      }
    }
  }

  async function write(action: () => Promise<unknown>, code: string) {
    try {
      return (await action()) as Row;
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate(code);
      throw error;
    }
  }

  return {
    async list(query: Record<string, unknown>) {
      const { list, args } = listArgs(
        query,
        SORTABLE,
        [{ field: 'code', direction: 'asc' }],
        ['q', 'building'],
      );
      const q = textParam(query, 'q');
      const building = textParam(query, 'building', 64);
      const filters = {
        ...(q ? { $or: [{ code: { $containsi: q } }, { name: { $containsi: q } }] } : {}),
        ...(building ? { buildingRef: building } : {}),
      };
      const [rows, total] = await Promise.all([
        documents().findMany({ filters, ...args }),
        documents().count({ filters }),
      ]);
      return { data: await dtos(rows), meta: paginationMeta(list, total) };
    },

    async get(documentId: string) {
      return (await dtos([await documentOrFail(strapi, UID.community, documentId, 'Community')]))[0];
    },

    async create(body: unknown) {
      const input = parseCommunity(body);
      await checkRefs(input);
      const row = await write(() => documents().create({ data: toData(input) }), input.code);
      return { data: await this.get(row.documentId), meta: { warnings: priceCapWarnings(input) } };
    },

    async update(documentId: string, body: unknown) {
      await documentOrFail(strapi, UID.community, documentId, 'Community');
      const input = parseCommunity(body);
      await checkRefs(input, documentId);
      await write(() => documents().update({ documentId, data: toData(input) }), input.code);
      return { data: await this.get(documentId), meta: { warnings: priceCapWarnings(input) } };
    },

    async delete(documentId: string) {
      const stored = await documentOrFail(strapi, UID.community, documentId, 'Community');
      await documents().delete({ documentId });
      return (await dtos([stored]))[0];
    },
  };
};
