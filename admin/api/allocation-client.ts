import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import type { SettlementResult } from '../../src/allocation/types';
import { listOf, one } from './schemas';

/**
 * The cost allocation admin API: cost items and settlement runs (run, list,
 * detail, finalize, void, the statements as CSV / XLSX). Money stays exact
 * decimal text as the server computed it. The settlement's result is the
 * rules' own type (src/allocation/types.ts, imported as a type only); the
 * schema below checks the parts the pages read.
 */
export type { SettlementResult };
export type SettlementStatus = 'draft' | 'finalized' | 'void';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const status = z.enum(['draft', 'finalized', 'void']);
const totalsSchema = z.looseObject({
  cost: z.string(),
  allocated: z.string(),
  unallocated: z.string(),
  statements: z.string(),
  balanced: z.boolean(),
});

export const costItemSchema = z.object({
  documentId: z.string(),
  buildingRef: z.string(),
  category: z.string(),
  amount: z.string(),
  vatRatePercent: z.string().nullable(),
  date,
  supplier: z.string().nullable(),
  note: z.string().nullable(),
});
export type CostItem = z.infer<typeof costItemSchema>;

const meterNoteSchema = z.object({
  billingPointId: z.string(),
  meterNumber: z.string(),
  key: z.string(),
  message: z.string(),
});

export const settlementRunSchema = z.object({
  documentId: z.string(),
  building: z.string(),
  periodStart: date,
  periodEnd: date,
  status,
  options: z.looseObject({
    currency: z.string().optional(),
    estimateMissingMeters: z.boolean().optional(),
    leftOut: z.array(z.looseObject({ code: z.string(), reason: z.string() })).optional(),
    meterNotes: z.array(meterNoteSchema).optional(),
  }),
  createdBy: z.string(),
  finalizedAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
  createdAt: z.string(),
  totals: totalsSchema.optional(),
});
export type SettlementRun = z.infer<typeof settlementRunSchema>;

const resultSchema = z.looseObject({
  currency: z.string(),
  totals: totalsSchema,
  categories: z.array(z.looseObject({ code: z.string(), name: z.string(), total: z.string() })),
  statements: z.array(
    z.looseObject({ billingPointId: z.string(), partyId: z.string(), balance: z.string() }),
  ),
  exceptions: z.array(z.looseObject({ kind: z.string(), message: z.string() })),
});
export const settlementRunDetailSchema = settlementRunSchema.extend({
  result: resultSchema.transform((r) => r as unknown as SettlementResult),
});
export type SettlementRunDetail = z.infer<typeof settlementRunDetailSchema>;

export type SettlementRunBody = {
  building: string;
  periodStart: string;
  periodEnd: string;
  estimateMissingMeters: boolean;
  meterKeys: Record<string, 'heat' | 'hot-water' | 'cold-water'>;
};

type Params = Record<string, string | number | undefined>;

export function useAllocationApi() {
  const { get, post, put, del } = useFetchClient();
  return useMemo(() => {
    const clean = (params: Params) =>
      Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
    const run = (data: unknown) => one(settlementRunSchema).parse(data).data;
    return {
      costItems: {
        list: async (params: Params = {}) =>
          listOf(costItemSchema).parse((await get('/utilities/cost-items', { params: clean(params) })).data),
        create: async (body: Record<string, unknown>) =>
          one(costItemSchema).parse((await post('/utilities/cost-items', body)).data).data,
        update: async (id: string, body: Record<string, unknown>) =>
          one(costItemSchema).parse((await put(`/utilities/cost-items/${id}`, body)).data).data,
        remove: async (id: string) => {
          await del(`/utilities/cost-items/${id}`);
        },
      },
      runs: {
        list: async (params: Params = {}) =>
          listOf(settlementRunSchema).parse(
            (await get('/utilities/settlement-runs', { params: clean(params) })).data,
          ),
        get: async (id: string) =>
          one(settlementRunDetailSchema).parse((await get(`/utilities/settlement-runs/${id}`)).data).data,
        run: async (body: SettlementRunBody) => run((await post('/utilities/settlement-runs', body)).data),
        finalize: async (id: string) => run((await post(`/utilities/settlement-runs/${id}/finalize`)).data),
        void: async (id: string) => run((await post(`/utilities/settlement-runs/${id}/void`)).data),
        /** The statements file, fetched with the admin's token (a plain link would carry none). */
        statements: async (id: string, format: 'csv' | 'xlsx') =>
          (
            await get<Blob>(`/utilities/settlement-runs/${id}/statements.${format}`, {
              responseType: 'blob',
            })
          ).data,
      },
    };
  }, [get, post, put, del]);
}
