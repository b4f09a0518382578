import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import { listOf, paginationSchema } from './schemas';

/** Ingestion logs (file level) and their row details, as the admin API returns them. */
export const LOG_STATUSES = ['Pending', 'Processing', 'Completed', 'Failed', 'Partial', 'Skipped'] as const;

export const ingestionLogSchema = z.object({
  documentId: z.string(),
  channel: z.object({ documentId: z.string(), code: z.string().nullable() }).nullable(),
  source: z.string().nullable(),
  fileName: z.string(),
  remotePath: z.string().nullable(),
  fileSize: z.number().nullable(),
  fileHash: z.string().nullable(),
  status: z.enum(LOG_STATUSES),
  totalRows: z.number(),
  insertedRows: z.number(),
  failedRows: z.number(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  error: z.string().nullable(),
  legacy: z.boolean(),
  /** Database outages that stopped the file mid-way; it was resumed after each. */
  interruptions: z.array(z.object({ at: z.string(), reason: z.string() })).default([]),
});
export type IngestionLog = z.infer<typeof ingestionLogSchema>;

export const logRowSchema = z.object({
  rowNumber: z.number(),
  line: z.number().nullable(),
  recordType: z.string().nullable(),
  outcome: z.enum(['inserted', 'duplicate', 'conflict', 'rejected']),
  meterNumber: z.string().nullable(),
  register: z.string().nullable(),
  readingAt: z.string().nullable(),
  value: z.string().nullable(),
  storedValue: z.string().nullable(),
  linkStatus: z.string().nullable(),
  error: z.string().nullable(),
});
export type LogRow = z.infer<typeof logRowSchema>;

const rowsPage = z.object({
  data: z.array(logRowSchema),
  meta: z.object({ pagination: paginationSchema, legacy: z.boolean(), note: z.string().optional() }),
});

export function useIngestionApi() {
  const { get, post } = useFetchClient();
  return useMemo(
    () => ({
      list: async (params: Record<string, string | number>) =>
        listOf(ingestionLogSchema).parse((await get('/utilities/ingestion-logs', { params })).data),
      rows: async (id: string, params: Record<string, string | number>) =>
        rowsPage.parse((await get(`/utilities/ingestion-logs/${id}/rows`, { params })).data),
      reconstructLegacy: async () =>
        (await post<{ data: { created: unknown[] } }>('/utilities/ingestion-logs/reconstruct-legacy', {}))
          .data.data,
    }),
    [get, post],
  );
}
