import type { Core } from '@strapi/strapi';
import { UID } from '../../../content-types';
import { writable } from '../../database/entities';
import type { RemoteFile } from '../../../src/channels/handler';
import { INGESTION_STATUSES, remoteFileKey, type IngestionStatus } from '../../../src/channels/file-identity';
import { invalidField, notFound } from '../../../src/common/errors';
import { paginationMeta, parseListQuery } from '../../../src/common/list-query';
import { parseTimeBound } from '../../../src/common/time';
import type { PluginConfig } from '../../config';
import { isUniqueViolation } from '../../http/db-errors';
import { TABLES } from '../../database/bulk-tables';

/**
 * The file-level ingestion log (DESIGN §4): one row per file a channel picked up. This
 * issue records files as Pending when a pull first sees them; the ingestion step moves
 * them through Processing to Completed / Partial / Failed / Skipped and adds the rows.
 */
export type StoredLog = {
  id: number;
  documentId: string;
  channelRef: string | null;
  channelCode: string | null;
  source: string | null;
  fileName: string;
  remotePath: string | null;
  fileSize: string | number | null;
  fileModifiedAt: string | null;
  fileKey: string | null;
  fileHash: string | null;
  status: IngestionStatus;
  totalRows: number | null;
  insertedRows: number | null;
  failedRows: number | null;
  startedAt: string | null;
  completedAt: string | null;
  error: string | null;
  legacy: boolean | null;
  interruptions: Interruption[] | null;
  createdAt: string;
  updatedAt: string;
};

/** A database outage that stopped a file mid-way (it is resumed from its checkpoint). */
export type Interruption = { at: string; reason: string };
/** Only the latest are kept: a flapping database must not grow a log without bound. */
const MAX_INTERRUPTIONS = 20;

export const toIngestionLogDto = (row: StoredLog) => ({
  documentId: row.documentId,
  channel: row.channelRef ? { documentId: row.channelRef, code: row.channelCode ?? null } : null,
  source: row.source ?? null,
  fileName: row.fileName,
  remotePath: row.remotePath ?? null,
  // biginteger comes back as text from PostgreSQL and MySQL.
  fileSize: row.fileSize === null || row.fileSize === undefined ? null : Number(row.fileSize),
  fileModifiedAt: row.fileModifiedAt ?? null,
  fileHash: row.fileHash ?? null,
  status: row.status,
  totalRows: row.totalRows ?? 0,
  insertedRows: row.insertedRows ?? 0,
  failedRows: row.failedRows ?? 0,
  startedAt: row.startedAt ?? null,
  completedAt: row.completedAt ?? null,
  error: row.error ?? null,
  legacy: Boolean(row.legacy),
  interruptions: Array.isArray(row.interruptions) ? row.interruptions : [],
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
export type IngestionLogDto = ReturnType<typeof toIngestionLogDto>;

/** What the rows of some files became, summed over the files (the guide's pull report). */
export type RowTotals = {
  total: number;
  inserted: number;
  duplicate: number;
  conflict: number;
  rejected: number;
};

/** Keys per IN (...) list: well under every database's bind-parameter limit. */
const KEY_CHUNK = 400;
const SORTABLE = ['createdAt', 'startedAt', 'completedAt', 'fileName', 'status'] as const;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `status=Failed,Partial` or `status=Failed&status=Partial`; names are case-insensitive. */
function parseStatuses(value: unknown): IngestionStatus[] | undefined {
  if (value === undefined || value === '') return undefined;
  const parts = (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [v],
  );
  return parts.map((part) => {
    const match = INGESTION_STATUSES.find(
      (s) => typeof part === 'string' && s.toLowerCase() === part.trim().toLowerCase(),
    );
    if (!match)
      throw invalidField('status', `status must be one or more of ${INGESTION_STATUSES.join(', ')}`);
    return match;
  });
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const documents = () => strapi.documents(UID.ingestionLog);
  const zone = () => strapi.config.get<PluginConfig>('plugin::utilities').defaultTimezone;

  async function findOrFail(documentId: string): Promise<StoredLog> {
    const row = await documents().findOne({ documentId });
    if (!row) throw notFound('Ingestion log', documentId);
    return row as StoredLog;
  }

  /** The logs of `keys` for one channel, by key. */
  async function byKeys(channelRef: string, keys: string[]): Promise<Map<string, StoredLog>> {
    const found = new Map<string, StoredLog>();
    for (const part of chunks([...new Set(keys)], KEY_CHUNK)) {
      const rows = (await documents().findMany({
        filters: { channelRef, fileKey: { $in: part } },
        limit: part.length,
      })) as StoredLog[];
      for (const row of rows) if (row.fileKey) found.set(row.fileKey, row);
    }
    return found;
  }

  /**
   * The rows of these logs by outcome. Inserted rows are the logs' own counter (a
   * stored reading is its row's outcome and has no outcome row); the other outcomes
   * are counted from the outcome rows, one grouped query per chunk of logs.
   */
  async function rowTotals(logs: StoredLog[]): Promise<RowTotals> {
    const totals: RowTotals = { total: 0, inserted: 0, duplicate: 0, conflict: 0, rejected: 0 };
    for (const log of logs) {
      totals.total += log.totalRows ?? 0;
      totals.inserted += log.insertedRows ?? 0;
    }
    const knex = strapi.db.connection;
    for (const part of chunks(
      logs.map((log) => log.id),
      KEY_CHUNK,
    )) {
      const counted = await knex(TABLES.ingestionRows)
        .whereIn('log_id', part)
        .whereIn('outcome', ['duplicate', 'conflict', 'rejected'])
        .groupBy('outcome')
        .select('outcome')
        .count<{ outcome: 'duplicate' | 'conflict' | 'rejected'; n: number | string }[]>({ n: '*' });
      for (const { outcome, n } of counted) totals[outcome] += Number(n);
    }
    return totals;
  }

  return {
    findOrFail,
    byKeys,
    rowTotals,

    async list(query: Record<string, unknown>) {
      const list = parseListQuery(query, {
        sortable: SORTABLE,
        defaultSort: [{ field: 'createdAt', direction: 'desc' }],
        filters: ['status', 'from', 'to', 'channel'],
      });
      const statuses = parseStatuses(query.status);
      const fromMs = parseTimeBound('from', query.from, zone());
      const toMs = parseTimeBound('to', query.to, zone());
      const from = fromMs === undefined ? undefined : new Date(fromMs);
      const to = toMs === undefined ? undefined : new Date(toMs);
      if (from && to && from.getTime() >= to.getTime()) throw invalidField('to', 'to must be after from');
      const channel =
        typeof query.channel === 'string' && query.channel.trim()
          ? query.channel.trim().slice(0, 64)
          : undefined;
      const createdAt = {
        ...(from ? { $gte: from.toISOString() } : {}),
        ...(to ? { $lt: to.toISOString() } : {}),
      };
      const filters = {
        ...(channel ? { channelRef: channel } : {}),
        ...(statuses ? { status: { $in: statuses } } : {}),
        ...(from || to ? { createdAt } : {}),
      };
      const [rows, total] = await Promise.all([
        documents().findMany({
          filters,
          // The id breaks ties between logs recorded in the same millisecond.
          sort: [...list.sort.map((s) => ({ [s.field]: s.direction })), { id: 'desc' }],
          limit: list.pageSize,
          start: (list.page - 1) * list.pageSize,
        }),
        documents().count({ filters }),
      ]);
      return {
        data: (rows as StoredLog[]).map(toIngestionLogDto),
        meta: paginationMeta(list, total),
      };
    },

    async get(documentId: string) {
      return toIngestionLogDto(await findOrFail(documentId));
    },

    /**
     * Records every listed file this channel has not seen before as Pending. Returns the
     * log of every listed file by its key, and how many were new. A file recorded by a
     * concurrent pull meanwhile (unique key) counts as seen, not as an error.
     */
    async recordPending(
      channel: { documentId: string; code: string },
      source: string,
      files: RemoteFile[],
    ): Promise<{ byKey: Map<string, StoredLog>; keys: string[]; created: number }> {
      const keys = files.map((file) => remoteFileKey(channel.documentId, file));
      const byKey = await byKeys(channel.documentId, keys);
      let created = 0;
      for (const [index, file] of files.entries()) {
        const fileKey = keys[index];
        if (byKey.has(fileKey)) continue;
        try {
          const row = (await documents().create({
            data: {
              channelRef: channel.documentId,
              channelCode: channel.code,
              source,
              fileName: file.name.slice(0, 255),
              remotePath: file.path,
              fileSize: file.size,
              fileModifiedAt: file.modifiedAt.toISOString(),
              fileKey,
              status: 'Pending',
              legacy: false,
            },
          })) as StoredLog;
          byKey.set(fileKey, row);
          created++;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          const existing = await byKeys(channel.documentId, [fileKey]);
          const row = existing.get(fileKey);
          if (row) byKey.set(fileKey, row);
        }
      }
      return { byKey, keys, created };
    },

    /**
     * Notes a database outage on every file of the channel it stopped mid-way (those
     * still Processing: the pull that was storing them holds the channel's lease, so no
     * other pull is). They stay Processing; the retry resumes them from their checkpoint.
     */
    async recordInterruption(channelRef: string, interruption: Interruption): Promise<number> {
      const rows = (await documents().findMany({
        filters: { channelRef, status: 'Processing' },
        fields: ['interruptions'],
        limit: 1000,
      })) as Pick<StoredLog, 'documentId' | 'interruptions'>[];
      for (const row of rows) {
        const before = Array.isArray(row.interruptions) ? row.interruptions : [];
        await documents().update({
          documentId: row.documentId,
          data: writable(UID.ingestionLog, {
            interruptions: [...before, interruption].slice(-MAX_INTERRUPTIONS),
          }),
        });
      }
      return rows.length;
    },

    /** For the ingestion step (and the pull's safety net): moves a log on. */
    async update(
      documentId: string,
      patch: Partial<Omit<StoredLog, 'id' | 'documentId' | 'createdAt' | 'updatedAt'>>,
    ) {
      return toIngestionLogDto(
        (await documents().update({
          documentId,
          data: writable(UID.ingestionLog, patch),
        })) as StoredLog,
      );
    },
  };
};
