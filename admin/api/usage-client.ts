import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import { listOf, one } from './schemas';

/** Usage records and spreadsheet uploads, as the admin API returns them. */
export const usageRecordSchema = z.object({
  id: z.number(),
  deviceId: z.string(),
  eGroup: z.string(),
  eId: z.string(),
  eventRef: z.string().nullable(),
  dtu: z.string(),
  dtuFromServer: z.boolean(),
  dt: z.string().nullable(),
  dtLocal: z.string().nullable(),
  srcIp: z.string().nullable(),
  // 64-bit counters travel as decimal text: a JS number would round them.
  intCounter: z.string().nullable(),
  intCounter2: z.string().nullable(),
  intCounter3: z.string().nullable(),
  intCounter4: z.string().nullable(),
  intCounter5: z.string().nullable(),
  temperature: z.string().nullable(),
  eventData: z.record(z.string(), z.unknown()).nullable(),
  badge: z.string().nullable(),
  source: z.string(),
  importLog: z.string().nullable(),
  receivedAt: z.string(),
});
export type UsageRecord = z.infer<typeof usageRecordSchema>;

export const importSummarySchema = z.object({
  log: z.object({ documentId: z.string(), status: z.string() }),
  fileName: z.string(),
  format: z.enum(['xlsx', 'csv']),
  sheetName: z.string().nullable(),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  headerRow: z.number(),
  columns: z.array(z.object({ column: z.string(), header: z.string(), field: z.string() })),
  warnings: z.array(z.string()),
  totalRows: z.number(),
  created: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  emptyRows: z.number(),
  rejectedRows: z.array(z.object({ row: z.number(), error: z.string() })),
  moreRejectedRows: z.number(),
  interruptions: z.array(z.object({ at: z.string(), reason: z.string() })).default([]),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

export const importRowSchema = z.object({
  row: z.number(),
  outcome: z.enum(['created', 'duplicate', 'rejected']),
  deviceId: z.string().nullable(),
  eGroup: z.string().nullable(),
  eId: z.string().nullable(),
  eventRef: z.string().nullable(),
  recordId: z.number().nullable(),
  error: z.string().nullable(),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export type UsageFilters = { device?: string; eGroup?: string; eId?: string; from?: string; to?: string };

export function useUsageApi() {
  const { get, post } = useFetchClient();
  return useMemo(
    () => ({
      list: async (params: UsageFilters & { page?: number; pageSize?: number; sort?: string }) =>
        listOf(usageRecordSchema).parse((await get('/utilities/usage-records', { params })).data),
      /** Multipart: the file, plus eGroup / eId / deviceId for rows that leave them empty. */
      importFile: async (file: File, defaults: { eGroup?: string; eId?: string; deviceId?: string } = {}) => {
        const form = new FormData();
        for (const [key, value] of Object.entries(defaults))
          if (value && value.trim()) form.append(key, value.trim());
        form.append('file', file);
        return one(importSummarySchema).parse((await post('/utilities/usage-records/import', form)).data)
          .data;
      },
      importRows: async (logId: string, params: { outcome?: string; page?: number; pageSize?: number }) =>
        listOf(importRowSchema).parse(
          (await get(`/utilities/usage-records/imports/${encodeURIComponent(logId)}/rows`, { params })).data,
        ),
    }),
    [get, post],
  );
}
