import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import type { Entity, PluginUid, Stored } from '../../database/entities';
import { invalidField, notFound } from '../../../src/common/errors';
import { parseListQuery, type ListQuery, type SortOrder } from '../../../src/common/list-query';
import type { PluginConfig } from '../../config';

/**
 * Small shared pieces of the billing services: loading records by documentId in
 * one query, the short forms ("briefs") responses embed, and list arguments.
 */
/**
 * @deprecated A stored document read field by field untyped. The billing, members,
 * ingestion and community services read `Stored<uid>` (database/entities.ts) through the
 * typed loaders below; this stays only until the allocation, documents, charging and
 * validation services have moved off it too, then goes.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the deprecated untyped row, see above
export type Row = Record<string, any> & {
  documentId: string;
};

export type PartyBrief = { documentId: string; kind: string; displayName: string };
export type BuildingBrief = { documentId: string; code: string; name: string; timezone: string };
export type BillingPointBrief = { documentId: string; code: string; name: string };

/*
 * The briefs take the fields they show, optional so a deprecated Row passes too; the
 * required ones (kind, code, name, timezone) are never missing from a stored document,
 * so `?? ''` only gives them their type.
 */
type Fields<K extends string> = { documentId: string } & { [F in K]?: string | null };

export const partyBrief = (row: Fields<'kind' | 'displayName'>): PartyBrief => ({
  documentId: row.documentId,
  kind: row.kind ?? '',
  displayName: row.displayName ?? '',
});
export const buildingBrief = (row: Fields<'code' | 'name' | 'timezone'>): BuildingBrief => ({
  documentId: row.documentId,
  code: row.code ?? '',
  name: row.name ?? '',
  timezone: row.timezone ?? '',
});
export const billingPointBrief = (row: Fields<'code' | 'name'>): BillingPointBrief => ({
  documentId: row.documentId,
  code: row.code ?? '',
  name: row.name ?? '',
});

export function pluginConfig(strapi: Core.Strapi): PluginConfig {
  return strapi.config.get<PluginConfig>('plugin::utilities');
}

/**
 * Documents as the document service stores them. Its result type leaves the required
 * fields optional and the timestamps out; `Stored<U>` (database/entities.ts) states what a
 * stored document of the plugin's content types has. This is the one place that says so.
 */
export const asStored = <U extends PluginUid>(_uid: U, found: Entity<U>) => found as Stored<U>;
/** asStored for a list the document service found. */
export const asStoredAll = <U extends PluginUid>(_uid: U, found: Entity<U>[]) => found as Stored<U>[];
/** asStored for a document that may not be there. */
export const asStoredOrNull = <U extends PluginUid>(_uid: U, found: Entity<U> | null) =>
  found as Stored<U> | null;

/** documentId → document for every id found (one query; unknown ids are simply absent). */
export async function loadDocuments<U extends PluginUid>(
  strapi: Core.Strapi,
  uid: U,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, Stored<U>>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string' && id !== ''))];
  if (wanted.length === 0) return new Map();
  // Through the union of the plugin's uids: a filter on documentId fits every one of them.
  const any: PluginUid = uid;
  const found = await strapi.documents(any).findMany({
    filters: { documentId: { $in: wanted } },
    limit: wanted.length,
  });
  // Cast: the union's result type keeps only id and documentId, yet what it found for these
  // ids are documents of `uid` (TypeScript cannot resolve Strapi's types for a generic uid).
  return new Map((found as unknown as Stored<U>[]).map((r) => [r.documentId, r]));
}

export async function findDocument<U extends PluginUid>(
  strapi: Core.Strapi,
  uid: U,
  documentId: string,
): Promise<Stored<U> | null> {
  const any: PluginUid = uid;
  // Cast: see loadDocuments.
  return (await strapi.documents(any).findOne({ documentId })) as Stored<U> | null;
}

/** 404 for the record the URL names. */
export async function documentOrFail<U extends PluginUid>(
  strapi: Core.Strapi,
  uid: U,
  documentId: string,
  label: string,
): Promise<Stored<U>> {
  const row = await findDocument(strapi, uid, documentId);
  if (!row) throw notFound(label, documentId);
  return row;
}

/** 400 on the field for a record the body refers to. */
export async function referencedDocument<U extends PluginUid>(
  strapi: Core.Strapi,
  uid: U,
  documentId: string,
  field: string,
  label: string,
): Promise<Stored<U>> {
  const row = await findDocument(strapi, uid, documentId);
  if (!row) throw invalidField(field, `${label} "${documentId}" does not exist`);
  return row;
}

/** @deprecated untyped loadDocuments, kept for the folders still on Row. */
export const loadMany = (
  strapi: Core.Strapi,
  uid: PluginUid,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, Row>> => loadDocuments(strapi, uid, ids);

/** @deprecated untyped findDocument, kept for the folders still on Row. */
export const findOne = (strapi: Core.Strapi, uid: PluginUid, documentId: string): Promise<Row | null> =>
  findDocument(strapi, uid, documentId);

/** @deprecated untyped documentOrFail, kept for the folders still on Row. */
export const findOrFail = (
  strapi: Core.Strapi,
  uid: PluginUid,
  documentId: string,
  label: string,
): Promise<Row> => documentOrFail(strapi, uid, documentId, label);

/** @deprecated untyped referencedDocument, kept for the folders still on Row. */
export const findReferenced = (
  strapi: Core.Strapi,
  uid: PluginUid,
  documentId: string,
  field: string,
  label: string,
): Promise<Row> => referencedDocument(strapi, uid, documentId, field, label);

export function listArgs(
  query: Record<string, unknown>,
  sortable: readonly string[],
  defaultSort: SortOrder[],
  /** The filter parameters the list reads; any other is a 400 naming it. */
  filters: readonly string[],
) {
  const list: ListQuery = parseListQuery(query, { sortable, defaultSort, filters });
  return {
    list,
    args: {
      sort: list.sort.map((s) => ({ [s.field]: s.direction })),
      limit: list.pageSize,
      start: (list.page - 1) * list.pageSize,
    },
  };
}

/** `?name=value` as trimmed text, or undefined; a repeated parameter is a 400. */
export function textParam(query: Record<string, unknown>, name: string, max = 100): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidField(name, `${name} must be given once, as text`);
  const text = value.trim();
  if (text.length > max) throw invalidField(name, `${name} must be at most ${max} characters`);
  return text || undefined;
}

/** The building of a billing point and the zone its dates are kept in. */
export async function billingPointContext(strapi: Core.Strapi, documentId: string) {
  const point = await documentOrFail(strapi, UID.billingPoint, documentId, 'Billing point');
  const building = await findDocument(strapi, UID.building, point.buildingRef);
  const timezone: string = building?.timezone ?? pluginConfig(strapi).defaultTimezone;
  return {
    point,
    building,
    timezone,
    vacancyPayer: point.ownerRef ?? building?.ownerRef ?? null,
  };
}

/** A device with its utility type populated (code, name and display order read). */
export type DeviceWithUtility = Stored<typeof UID.device> & {
  utilityType?: Stored<typeof UID.utilityType> | null;
};

/** Devices by documentId with their utility type (code, name, display order), in one query. */
export async function devicesWithUtility(
  strapi: Core.Strapi,
  ids: Iterable<string>,
): Promise<DeviceWithUtility[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await strapi.documents(UID.device).findMany({
    filters: { documentId: { $in: unique } },
    populate: { utilityType: { fields: ['code', 'name', 'displayOrder'] } },
    limit: unique.length,
  });
  // Cast: Strapi's result type, read as stored documents (see asStored).
  return found as DeviceWithUtility[];
}

export const describePoint = (row: Fields<'code' | 'name'>) => `${row.code} ${row.name}`;
