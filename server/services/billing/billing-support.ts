import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { invalidField, notFound } from '../../../src/common/errors';
import { parseListQuery, type ListQuery, type SortOrder } from '../../../src/common/list-query';
import type { PluginConfig } from '../../config';

/**
 * Small shared pieces of the billing services: loading records by documentId in
 * one query, the short forms ("briefs") responses embed, and list arguments.
 */
// A stored document as the billing and charging services still read it, field by field
// untyped. Documents of the typed content types assign to it without a cast; id and the
// timestamps stay in the loose part because Strapi's result type has id as string | number
// and leaves the timestamps out.
export type Row = Record<string, any> & {
  documentId: string;
};

export type PartyBrief = { documentId: string; kind: string; displayName: string };
export type BuildingBrief = { documentId: string; code: string; name: string; timezone: string };
export type BillingPointBrief = { documentId: string; code: string; name: string };

export const partyBrief = (row: Row): PartyBrief => ({
  documentId: row.documentId,
  kind: row.kind,
  displayName: row.displayName ?? '',
});
export const buildingBrief = (row: Row): BuildingBrief => ({
  documentId: row.documentId,
  code: row.code,
  name: row.name,
  timezone: row.timezone,
});
export const billingPointBrief = (row: Row): BillingPointBrief => ({
  documentId: row.documentId,
  code: row.code,
  name: row.name,
});

export function pluginConfig(strapi: Core.Strapi): PluginConfig {
  return strapi.config.get<PluginConfig>('plugin::utilities');
}

/** documentId → row for every id found (one query; unknown ids are simply absent). */
export async function loadMany(
  strapi: Core.Strapi,
  uid: StrapiUID.ContentType,
  ids: Iterable<string | null | undefined>,
): Promise<Map<string, Row>> {
  const wanted = [...new Set([...ids].filter((id): id is string => typeof id === 'string' && id !== ''))];
  if (wanted.length === 0) return new Map();
  const rows: Row[] = await strapi.documents(uid).findMany({
    filters: { documentId: { $in: wanted } },
    limit: wanted.length,
  });
  return new Map(rows.map((r) => [r.documentId, r]));
}

export async function findOne(
  strapi: Core.Strapi,
  uid: StrapiUID.ContentType,
  documentId: string,
): Promise<Row | null> {
  return await strapi.documents(uid).findOne({ documentId });
}

/** 404 for the record the URL names. */
export async function findOrFail(
  strapi: Core.Strapi,
  uid: StrapiUID.ContentType,
  documentId: string,
  label: string,
): Promise<Row> {
  const row = await findOne(strapi, uid, documentId);
  if (!row) throw notFound(label, documentId);
  return row;
}

/** 400 on the field for a record the body refers to. */
export async function findReferenced(
  strapi: Core.Strapi,
  uid: StrapiUID.ContentType,
  documentId: string,
  field: string,
  label: string,
): Promise<Row> {
  const row = await findOne(strapi, uid, documentId);
  if (!row) throw invalidField(field, `${label} "${documentId}" does not exist`);
  return row;
}

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
  const point = await findOrFail(strapi, UID.billingPoint, documentId, 'Billing point');
  const building = await findOne(strapi, UID.building, point.buildingRef);
  const timezone: string = building?.timezone ?? pluginConfig(strapi).defaultTimezone;
  return {
    point,
    building,
    timezone,
    vacancyPayer: (point.ownerRef as string | null) ?? (building?.ownerRef as string | null) ?? null,
  };
}

/** Devices by documentId with their utility type (code, name, display order), in one query. */
export async function devicesWithUtility(strapi: Core.Strapi, ids: Iterable<string>): Promise<Row[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  return await strapi.documents(UID.device).findMany({
    filters: { documentId: { $in: unique } },
    populate: { utilityType: { fields: ['code', 'name', 'displayOrder'] } },
    limit: unique.length,
  });
}

export const describePoint = (row: Row) => `${row.code} ${row.name}`;
