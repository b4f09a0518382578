import type { Core } from '@strapi/strapi';
import { UID } from '../../content-types';
import { conflict, notFound } from '../../src/common/errors';
import { paginationMeta, parseBooleanFilter, parseListQuery } from '../../src/common/list-query';
import {
  parseUtilityTypeCreate,
  parseUtilityTypeUpdate,
  type UtilityTypeInput,
} from '../../src/catalog/utility-type';
import { isUniqueViolation } from '../http/db-errors';
import { getService } from '../plugin';

type Stored = UtilityTypeInput & { id: number; documentId: string; createdAt: string; updatedAt: string };

/** The fields an API client sees: never internal columns. */
export const toUtilityTypeDto = (row: Stored) => ({
  documentId: row.documentId,
  code: row.code,
  name: row.name,
  description: row.description ?? null,
  identifierSchema: row.identifierSchema ?? null,
  displayOrder: row.displayOrder ?? 0,
  active: row.active ?? true,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const SORTABLE = ['code', 'name', 'displayOrder', 'active', 'createdAt', 'updatedAt'] as const;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.utilityType);

  async function findOrFail(documentId: string): Promise<Stored> {
    const row = await documents().findOne({ documentId });
    if (!row) throw notFound('Utility type', documentId);
    return row as unknown as Stored;
  }

  async function assertCodeFree(code: string) {
    const existing = await documents().findFirst({ filters: { code } });
    if (existing) throw duplicateCode(code);
  }

  const duplicateCode = (code: string) =>
    conflict(`A utility type with code ${code} already exists`, { errors: [{ path: ['code'], message: 'Code already used' }] });

  return {
    async list(query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: SORTABLE,
        defaultSort: [
          { field: 'displayOrder', direction: 'asc' },
          { field: 'name', direction: 'asc' },
        ],
      });
      const active = parseBooleanFilter('active', query.active);
      const q = typeof query.q === 'string' && query.q.trim() ? query.q.trim().slice(0, 100) : undefined;
      const filters = {
        ...(active === undefined ? {} : { active }),
        ...(q ? { $or: [{ code: { $containsi: q } }, { name: { $containsi: q } }] } : {}),
      };
      const [rows, total] = await Promise.all([
        documents().findMany({
          filters,
          sort: list.sort.map((s) => ({ [s.field]: s.direction })),
          limit: list.pageSize,
          start: (list.page - 1) * list.pageSize,
        }),
        documents().count({ filters }),
      ]);
      return { data: (rows as unknown as Stored[]).map(toUtilityTypeDto), meta: paginationMeta(list, total) };
    },

    async get(documentId: string) {
      return toUtilityTypeDto(await findOrFail(documentId));
    },

    async findByCode(code: string) {
      const row = await documents().findFirst({ filters: { code } });
      return row ? toUtilityTypeDto(row as unknown as Stored) : null;
    },

    async create(body: unknown) {
      const input = parseUtilityTypeCreate(body);
      await assertCodeFree(input.code);
      try {
        return toUtilityTypeDto((await documents().create({ data: input as never })) as unknown as Stored);
      } catch (error) {
        // Two editors saving the same code at once: the unique index decides.
        if (isUniqueViolation(error)) throw duplicateCode(input.code);
        throw error;
      }
    },

    async update(documentId: string, body: unknown) {
      const stored = await findOrFail(documentId);
      const patch = parseUtilityTypeUpdate(body, stored.code);
      const row = await documents().update({ documentId, data: patch as never });
      return toUtilityTypeDto(row as unknown as Stored);
    },

    async delete(documentId: string) {
      const stored = await findOrFail(documentId);
      const references = await getService(strapi, 'references').find(UID.utilityType, documentId);
      if (references.length > 0) {
        const uses = references.map((r) => `${r.count} ${r.label}`).join(', ');
        throw conflict(
          `Utility type ${stored.code} is still used (${uses}). Deactivate it instead of deleting it.`,
          { references },
        );
      }
      await documents().delete({ documentId });
      return toUtilityTypeDto(stored);
    },
  };
};
