import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { writable } from '../../database/entities';
import { conflict } from '../../../src/common/errors';
import { paginationMeta } from '../../../src/common/list-query';
import { parseBuildingCreate, parseBuildingUpdate, type BuildingInput } from '../../../src/billing/building';
import { isUniqueViolation } from '../../http/db-errors';
import { getService } from '../../plugin';
import {
  asStoredAll,
  documentOrFail,
  referencedDocument,
  listArgs,
  loadDocuments,
  partyBrief,
  pluginConfig,
  textParam,
  type PartyBrief,
} from './billing-support';
import type { Stored } from '../../database/entities';

type Building = Stored<typeof UID.building>;

const SORTABLE = ['code', 'name', 'createdAt', 'updatedAt'] as const;

export const toBuildingDto = (row: Building, owners: Map<string, Stored<typeof UID.party>>) => ({
  documentId: row.documentId,
  code: row.code,
  name: row.name,
  address: row.address ?? null,
  owner:
    row.ownerRef && owners.has(row.ownerRef)
      ? partyBrief(owners.get(row.ownerRef)!)
      : (null as PartyBrief | null),
  timezone: row.timezone,
  mainMeters: Array.isArray(row.mainMeterRefs) ? (row.mainMeterRefs as string[]) : [],
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** Buildings: code (unique), name, address, owner party, time zone (plugin default when not given). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.building);
  const duplicate = (code: string) =>
    conflict(`A building with code ${code} already exists`, {
      errors: [{ path: ['code'], message: 'Code already used' }],
    });

  async function dtos(rows: Building[]) {
    const owners = await loadDocuments(
      strapi,
      UID.party,
      rows.map((r) => r.ownerRef),
    );
    return rows.map((r) => toBuildingDto(r, owners));
  }

  async function checkRefs(input: Partial<BuildingInput>, documentId?: string) {
    if (input.owner) await referencedDocument(strapi, UID.party, input.owner, 'owner', 'Party');
    for (const [i, device] of (input.mainMeters ?? []).entries())
      await referencedDocument(strapi, UID.device, device, `mainMeters.${i}`, 'Device');
    if (input.code) {
      const existing = await documents().findFirst({
        filters: { code: input.code },
      });
      if (existing && existing.documentId !== documentId) throw duplicate(input.code);
    }
  }

  const toData = ({ owner, mainMeters, ...rest }: Partial<BuildingInput>) => ({
    ...rest,
    ...(owner !== undefined ? { ownerRef: owner } : {}),
    ...(mainMeters !== undefined ? { mainMeterRefs: mainMeters } : {}),
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
    async list(query: Record<string, unknown>) {
      const { list, args } = listArgs(query, SORTABLE, [{ field: 'code', direction: 'asc' }], ['q']);
      const q = textParam(query, 'q');
      const filters = q ? { $or: [{ code: { $containsi: q } }, { name: { $containsi: q } }] } : {};
      const [rows, total] = await Promise.all([
        documents().findMany({ filters, ...args }),
        documents().count({ filters }),
      ]);
      return { data: await dtos(asStoredAll(UID.building, rows)), meta: paginationMeta(list, total) };
    },

    async get(documentId: string) {
      return (await dtos([await documentOrFail(strapi, UID.building, documentId, 'Building')]))[0];
    },

    async create(body: unknown) {
      const input = parseBuildingCreate(body, pluginConfig(strapi).defaultTimezone);
      await checkRefs(input);
      const row = await write(
        () => documents().create({ data: writable(UID.building, toData(input)) }),
        input.code,
      );
      return this.get(row.documentId);
    },

    async update(documentId: string, body: unknown) {
      await documentOrFail(strapi, UID.building, documentId, 'Building');
      const patch = parseBuildingUpdate(body);
      await checkRefs(patch, documentId);
      await write(
        () => documents().update({ documentId, data: writable(UID.building, toData(patch)) }),
        patch.code,
      );
      return this.get(documentId);
    },

    async delete(documentId: string) {
      const stored = await documentOrFail(strapi, UID.building, documentId, 'Building');
      const references = await getService(strapi, 'references').find(UID.building, documentId);
      if (references.length > 0) {
        const uses = references.map((r) => `${r.count} ${r.label}`).join(', ');
        throw conflict(`Building ${stored.code} is still used (${uses}); remove those first.`, {
          references,
        });
      }
      await documents().delete({ documentId });
      return (await dtos([stored]))[0];
    },
  };
};
