import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import { paginationSchema } from './schemas';

/** The correction queue of the VEE step (server/services/validation), as the admin API returns it. */
export const flaggedReadingSchema = z.object({
  id: z.number(),
  meterNumber: z.string(),
  register: z.string(),
  readingAt: z.string(),
  rawValue: z.string(),
  effectiveValue: z.string(),
  state: z.string(),
  rule: z.string().nullable(),
  severity: z.string().nullable(),
  message: z.string().nullable(),
  method: z.string().nullable(),
});
export type FlaggedReading = z.infer<typeof flaggedReadingSchema>;

const queuePage = z.object({
  data: z.array(flaggedReadingSchema),
  meta: z.object({
    pagination: paginationSchema,
    groups: z.array(z.object({ meterNumber: z.string(), rule: z.string().nullable(), count: z.number() })),
  }),
});

const editSchema = z.object({
  id: z.number(),
  action: z.string(),
  before: z.object({ state: z.string(), value: z.string().nullable(), method: z.string().nullable() }),
  after: z.object({ state: z.string(), value: z.string().nullable(), method: z.string().nullable() }),
  rule: z.string().nullable(),
  reason: z.string().nullable(),
  user: z.string().nullable(),
  at: z.string(),
});
export type ReadingEdit = z.infer<typeof editSchema>;

/** One reading with its audit trail and the reads around it (for its chart). */
export const readingDetailSchema = flaggedReadingSchema.extend({
  kind: z.string(),
  history: z.array(editSchema),
  neighbours: z.array(flaggedReadingSchema),
});
export type ReadingDetail = z.infer<typeof readingDetailSchema>;

const outcomes = z.object({ meta: z.object({ done: z.number(), refused: z.number() }) });

export type CorrectionBody = {
  action: 'accept' | 'edit' | 'estimate';
  readings: number[];
  value?: string;
  method?: string;
  reason?: string;
};

export function useValidationApi() {
  const { get, post } = useFetchClient();
  return useMemo(
    () => ({
      queue: async (params: Record<string, string | number>) =>
        queuePage.parse((await get('/utilities/validation/queue', { params })).data),
      correct: async (body: CorrectionBody) =>
        outcomes.parse((await post('/utilities/validation/corrections', body)).data).meta,
      reading: async (id: number) =>
        z
          .object({ data: readingDetailSchema })
          .parse((await get(`/utilities/validation/readings/${id}`)).data).data,
      undo: async (id: number, reason?: string) =>
        post(`/utilities/validation/readings/${id}/undo`, reason ? { reason } : {}),
      fill: async (id: number, method: string, reason?: string) =>
        post(`/utilities/validation/readings/${id}/fill`, { method, ...(reason ? { reason } : {}) }),
    }),
    [get, post],
  );
}
