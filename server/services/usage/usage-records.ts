import type { Core } from '@strapi/strapi';
import { DomainError, invalid, invalidField, type FieldProblem } from '../../../src/common/errors';
import { paginationMeta, parseListQuery } from '../../../src/common/list-query';
import { parseTimeBound } from '../../../src/common/time';
import { normalizeBadgeUid } from '../../../src/usage/badge-uid';
import { parseUsageBatch } from '../../../src/usage/batch';
import {
  parseUsageRecordRequest,
  type UsageRecordInput,
  type UsageRecordRequest,
} from '../../../src/usage/usage-record';
import type { PluginConfig } from '../../config';
import { getService } from '../../plugin';
import type { UsageRecordDto } from './usage-store';

/**
 * Usage records sent by devices (content API) and read by editors (admin API).
 * The rules — field names, validation, batch envelope, idempotency keys — are in
 * src/usage; this is where they meet the database and the device catalog.
 */
export type BatchItemResult =
  | { index: number; status: 'created'; id: number }
  | { index: number; status: 'duplicate'; id: number; repeatOf?: number }
  | { index: number; status: 'rejected'; message: string; errors: FieldProblem[] };

const FILTER_TEXT_MAX = 128;

function textFilter(name: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidField(name, `${name} must be given once, as text`);
  const text = value.trim();
  if (text.length > FILTER_TEXT_MAX)
    throw invalidField(name, `${name} is too long (at most ${FILTER_TEXT_MAX} characters)`);
  return text || undefined;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get<PluginConfig>('plugin::utilities');
  const store = () => getService(strapi, 'usage-store');
  const devices = () => getService(strapi, 'usage-devices');

  return {
    /**
     * One record from the URL form (`/usage-records/:eGroup/:eId/:deviceId?ref=…`), its
     * query string and body. A repeat of a stored reference answers the original.
     */
    async ingestOne(
      request: UsageRecordRequest,
      senderIp: string | null,
    ): Promise<{ record: UsageRecordDto; duplicate: boolean }> {
      const record = parseUsageRecordRequest(request, { now: new Date(), srcIp: senderIp });
      await devices().ensure([record.deviceId], 'usage-api');
      const stored = await store().storeOne(record);
      return { record: stored.record, duplicate: stored.status === 'duplicate' };
    },

    /** `{ data: [ … ] }`: each record judged and stored on its own; the envelope all-or-nothing. */
    async ingestBatch(body: unknown, senderIp: string | null) {
      const batch = parseUsageBatch(body, {
        now: new Date(),
        srcIp: senderIp,
        maxRecords: config().usage.maxBatch,
      });
      const results: BatchItemResult[] = new Array<BatchItemResult>(batch.items.length);
      const valid: Array<{ index: number; record: UsageRecordInput }> = [];
      for (const item of batch.items) {
        if (item.status === 'valid') valid.push({ index: item.index, record: item.record });
        else if (item.status === 'rejected')
          results[item.index] = {
            index: item.index,
            status: 'rejected',
            message: item.message,
            errors: item.errors,
          };
      }
      await devices().ensure(
        valid.map((v) => v.record.deviceId),
        'usage-api',
      );
      const size = store().chunkSize();
      for (let i = 0; i < valid.length; i += size) {
        const part = valid.slice(i, i + size);
        const { outcomes } = await store().storeChunk(
          part.map((p) => p.record),
          { source: 'batch' },
        );
        outcomes.forEach((outcome, n) => {
          const index = part[n].index;
          results[index] = { index, status: outcome.status, id: outcome.id };
        });
      }
      // A repeat within the batch is a duplicate of the earlier item: same stored record.
      for (const item of batch.items) {
        if (item.status !== 'repeat') continue;
        const first = results[item.repeatOf] as { id: number };
        results[item.index] = {
          index: item.index,
          status: 'duplicate',
          id: first.id,
          repeatOf: item.repeatOf,
        };
      }
      const count = (status: BatchItemResult['status']) => results.filter((r) => r.status === status).length;
      return {
        data: results,
        meta: {
          received: results.length,
          created: count('created'),
          duplicates: count('duplicate'),
          rejected: count('rejected'),
        },
      };
    },

    /** Admin list: filters device, eGroup, eId, eventRef, badge, source, from/to on Dtu; newest first. */
    async list(query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: ['dtu'],
        defaultSort: [{ field: 'dtu', direction: 'desc' }],
        filters: ['device', 'eGroup', 'eId', 'eventRef', 'badge', 'source', 'from', 'to'],
      });
      const zone = config().defaultTimezone;
      const device = textFilter('device', query.device);
      const eGroup = textFilter('eGroup', query.eGroup);
      const eId = textFilter('eId', query.eId);
      const eventRef = textFilter('eventRef', query.eventRef);
      const badge = textFilter('badge', query.badge);
      const source = textFilter('source', query.source);
      if (source && !['api', 'batch', 'upload'].includes(source))
        throw invalidField('source', 'source must be api, batch or upload');
      const from = parseTimeBound('from', query.from, zone);
      const to = parseTimeBound('to', query.to, zone);
      if (from !== undefined && to !== undefined && from >= to)
        throw invalidField('to', 'to must be after from');
      const { rows, total } = await store().page(
        (q) => {
          if (device) q.where('device_id', device);
          if (eGroup) q.where('e_group', eGroup);
          if (eId) q.where('e_id', eId);
          if (eventRef) q.where('event_ref', eventRef);
          if (badge) q.where('badge', normalizeBadgeUid(badge));
          if (source) q.where('source', source);
          if (from !== undefined) q.where('dtu', '>=', from);
          if (to !== undefined) q.where('dtu', '<', to);
        },
        list.sort[0].direction,
        list.pageSize,
        (list.page - 1) * list.pageSize,
      );
      return { data: rows, meta: paginationMeta(list, total) };
    },
  };
};

/** Re-raises a refusal of a partial URL with the URL form spelled out. */
export function explainPartialPath(error: unknown, missing: string[]): never {
  if (error instanceof DomainError && error.kind === 'invalid' && missing.length) {
    const form = '/api/utilities/usage-records/<eGroup>/<eId>/<deviceId>';
    throw invalid(
      `${error.message}. The URL names the record as ${form} (missing here: ${missing.join(', ')})`,
      (error.details.errors as FieldProblem[]) ?? [],
    );
  }
  throw error;
}
