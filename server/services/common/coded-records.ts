import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { conflict, notFound } from '../../../src/common/errors';
import {
  paginationMeta,
  parseBooleanFilter,
  parseListQuery,
  type SortOrder,
} from '../../../src/common/list-query';
import { isUniqueViolation } from '../../http/db-errors';
import { getService } from '../../plugin';

/**
 * The shared life of a catalog record identified by a permanent code (utility
 * types, device types): list with search/filter/paging, read, create with a
 * race-safe unique code, partial update through the record's own rules, and a
 * delete refused while anything references it.
 */
type StoredBase = { documentId: string; code: string; createdAt: string; updatedAt: string };
// The casts below (to Stored, and of the data written): `spec.uid` is whichever
// catalog type the spec is for, so Strapi can only answer (and accept) its untyped
// document; `Stored` and `Input` are that type's own shapes, named by the spec.

export type CodedRecordSpec<Input, Stored extends StoredBase, Dto> = {
  uid: StrapiUID.ContentType;
  label: string; // "Utility type"
  toDto: (row: Stored) => Dto;
  parseCreate: (body: unknown) => Input & { code: string };
  parseUpdate: (body: unknown, storedCode: string) => Partial<Input>;
  sortable: readonly string[];
  defaultSort: SortOrder[];
  searchFields: readonly string[];
};

export function codedRecords<Input, Stored extends StoredBase, Dto>(
  strapi: Core.Strapi,
  spec: CodedRecordSpec<Input, Stored, Dto>,
) {
  const documents = () => strapi.documents(spec.uid);
  const duplicateCode = (code: string) =>
    conflict(`A ${spec.label.toLowerCase()} with code ${code} already exists`, {
      errors: [{ path: ['code'], message: 'Code already used' }],
    });

  async function findOrFail(documentId: string): Promise<Stored> {
    const row = await documents().findOne({ documentId });
    if (!row) throw notFound(spec.label, documentId);
    return row as unknown as Stored; // Cast: the spec's content type, see StoredBase.
  }

  return {
    findOrFail,

    async list(query: Record<string, unknown>, extraFilters: Record<string, unknown> = {}) {
      const list = parseListQuery(query, {
        sortable: spec.sortable,
        defaultSort: spec.defaultSort,
        filters: ['active', 'q'],
      });
      const active = parseBooleanFilter('active', query.active);
      const q = typeof query.q === 'string' && query.q.trim() ? query.q.trim().slice(0, 100) : undefined;
      const filters = {
        ...extraFilters,
        ...(active === undefined ? {} : { active }),
        ...(q ? { $or: spec.searchFields.map((field) => ({ [field]: { $containsi: q } })) } : {}),
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
      // Cast: the spec's content type, see StoredBase.
      return { data: (rows as unknown as Stored[]).map(spec.toDto), meta: paginationMeta(list, total) };
    },

    async get(documentId: string) {
      return spec.toDto(await findOrFail(documentId));
    },

    async findByCode(code: string) {
      const row = await documents().findFirst({ filters: { code } });
      return row ? spec.toDto(row as unknown as Stored) : null; // Cast: see StoredBase.
    },

    async create(body: unknown) {
      const input = spec.parseCreate(body);
      if (await documents().findFirst({ filters: { code: input.code } })) throw duplicateCode(input.code);
      try {
        // Casts: the spec's content type, see StoredBase.
        return spec.toDto((await documents().create({ data: input as never })) as unknown as Stored);
      } catch (error) {
        // Two editors saving the same code at once: the unique index decides.
        if (isUniqueViolation(error)) throw duplicateCode(input.code);
        throw error;
      }
    },

    async update(
      documentId: string,
      body: unknown,
      beforeWrite?: (stored: Stored, patch: Partial<Input>) => Promise<void>,
    ) {
      const stored = await findOrFail(documentId);
      const patch = spec.parseUpdate(body, stored.code);
      await beforeWrite?.(stored, patch);
      return spec.toDto(
        // Casts: the spec's content type, see StoredBase.
        (await documents().update({ documentId, data: patch as never })) as unknown as Stored,
      );
    },

    async delete(documentId: string) {
      const stored = await findOrFail(documentId);
      const references = await getService(strapi, 'references').find(spec.uid, documentId);
      if (references.length > 0) {
        const uses = references.map((r) => `${r.count} ${r.label}`).join(', ');
        throw conflict(
          `${spec.label} ${stored.code} is still used (${uses}). Deactivate it instead of deleting it.`,
          { references },
        );
      }
      await documents().delete({ documentId });
      return spec.toDto(stored);
    },
  };
}
