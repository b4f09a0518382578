import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import type { SettlementResult } from '../../src/allocation/types';
import { listOf, one } from './schemas';

/**
 * The cost allocation admin API: cost items (with the CSV import), allocation
 * keys, schemes, measured key figures, advance payments and settlement runs
 * (run, list, detail, finalize, void, the statements as CSV / XLSX). Money stays exact
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

/** A file of Strapi's media library, as a cost item's attachment. */
export const mediaFileSchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  url: z.string(),
  mime: z.string().nullable().optional(),
});
export type MediaFile = z.infer<typeof mediaFileSchema>;

export const costItemSchema = z.object({
  documentId: z.string(),
  buildingRef: z.string(),
  category: z.string(),
  amount: z.string(),
  vatRatePercent: z.string().nullable(),
  date,
  supplier: z.string().nullable(),
  note: z.string().nullable(),
  attachment: mediaFileSchema.nullable().optional(),
});
export type CostItem = z.infer<typeof costItemSchema>;

export const importOutcomeSchema = z.object({
  line: z.number(),
  outcome: z.enum(['created', 'duplicate', 'rejected']),
  documentId: z.string().optional(),
  message: z.string().optional(),
  // Why a line was not stored, as a stable code the admin words in its language (error-messages.ts).
  code: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  errors: z.array(z.looseObject({ path: z.array(z.string()).optional(), message: z.string() })).optional(),
});
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;
const importResultSchema = z.object({
  data: z.array(importOutcomeSchema),
  meta: z.object({ created: z.number(), duplicate: z.number(), rejected: z.number() }),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const allocationKeysSchema = z.object({
  documentId: z.string(),
  billingPointRef: z.string(),
  buildingRef: z.string(),
  heatedArea: z.string(),
  valueQuota: z.string().nullable(),
  persons: z.string().nullable(),
  units: z.string().nullable(),
  periodKey: z.string(),
});
export type AllocationKeys = z.infer<typeof allocationKeysSchema>;

export const ALLOCATION_KEYS = [
  'area',
  'value-quota',
  'persons',
  'units',
  'heat',
  'hot-water',
  'cold-water',
] as const;
export type AllocationKey = (typeof ALLOCATION_KEYS)[number];
export const MEASURED_KEYS = ['heat', 'hot-water', 'cold-water'] as const;
export type MeasuredKey = (typeof MEASURED_KEYS)[number];

export const schemeSchema = z.object({
  documentId: z.string(),
  buildingRef: z.string(),
  category: z.string(),
  categoryName: z.string().nullable(),
  group: z.string().nullable(),
  credit: z.boolean().nullable(),
  parts: z.array(z.object({ key: z.enum(ALLOCATION_KEYS), percent: z.string() })),
  periodKey: z.string(),
});
export type Scheme = z.infer<typeof schemeSchema>;

export const measurementSchema = z.object({
  documentId: z.string(),
  billingPointRef: z.string(),
  buildingRef: z.string(),
  key: z.enum(MEASURED_KEYS),
  from: date,
  to: date,
  consumption: z.string(),
  meterNumber: z.string().nullable(),
});
export type Measurement = z.infer<typeof measurementSchema>;

export const advanceSchema = z.object({
  documentId: z.string(),
  billingPointRef: z.string(),
  buildingRef: z.string(),
  partyRef: z.string(),
  group: z.string(),
  monthlyAmount: z.string(),
  validFrom: date,
  validTo: date.nullable(),
});
export type Advance = z.infer<typeof advanceSchema>;

export const PAYMENT_KINDS = ['payment', 'refund'] as const;
export const paymentSchema = z.object({
  documentId: z.string(),
  billingPointRef: z.string(),
  buildingRef: z.string(),
  partyRef: z.string(),
  group: z.string(),
  kind: z.enum(PAYMENT_KINDS),
  amount: z.string(),
  date,
  reference: z.string().nullable(),
  note: z.string().nullable(),
});
export type Payment = z.infer<typeof paymentSchema>;

/** Coded since 0.3 (src/allocation/settlement-notes.ts); runs stored before hold the message alone. */
const codedSchema = {
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string(),
};
const meterNoteSchema = z.object({
  billingPointId: z.string(),
  meterNumber: z.string(),
  key: z.string(),
  ...codedSchema,
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
    z.looseObject({ id: z.string(), billingPointId: z.string(), partyId: z.string(), balance: z.string() }),
  ),
  exceptions: z.array(z.looseObject({ kind: z.string(), message: z.string() })),
});
/** A statement as the run's detail lists it: with the id that names its PDF. */
export type ListedStatement = SettlementResult['statements'][number] & { id: string };
export const settlementRunDetailSchema = settlementRunSchema.extend({
  result: resultSchema.transform(
    (r) => r as unknown as Omit<SettlementResult, 'statements'> & { statements: ListedStatement[] },
  ),
});
export type SettlementRunDetail = z.infer<typeof settlementRunDetailSchema>;

export type SettlementRunBody = {
  building: string;
  periodStart: string;
  periodEnd: string;
  estimateMissingMeters: boolean;
  advanceBasis?: 'due' | 'paid';
  meterKeys: Record<string, 'heat' | 'hot-water' | 'cold-water'>;
};

type Params = Record<string, string | number | undefined>;

export function useAllocationApi() {
  const { get, post, put, del } = useFetchClient();
  return useMemo(() => {
    const clean = (params: Params) =>
      Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
    const run = (data: unknown) => one(settlementRunSchema).parse(data).data;
    const crud = <T extends z.ZodType>(path: string, schema: T) => {
      type Item = z.output<T>;
      const item = (data: unknown) => (one(schema).parse(data) as { data: Item }).data;
      return {
        list: async (params: Params = {}) =>
          listOf(schema).parse((await get(`/utilities/${path}`, { params: clean(params) })).data),
        create: async (body: Record<string, unknown>) => item((await post(`/utilities/${path}`, body)).data),
        update: async (id: string, body: Record<string, unknown>) =>
          item((await put(`/utilities/${path}/${id}`, body)).data),
        remove: async (id: string) => {
          await del(`/utilities/${path}/${id}`);
        },
      };
    };
    return {
      costItems: {
        ...crud('cost-items', costItemSchema),
        /** The file's text; one outcome per line (created, duplicate, rejected with the reason). */
        importCsv: async (building: string, csv: string) =>
          importResultSchema.parse((await post('/utilities/cost-items/import', { building, csv })).data),
      },
      keys: crud('allocation-keys', allocationKeysSchema),
      schemes: crud('allocation-schemes', schemeSchema),
      measurements: crud('allocation-measurements', measurementSchema),
      advances: crud('advance-payments', advanceSchema),
      payments: crud('recorded-payments', paymentSchema),
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
        /** One party's statement as a PDF (in the party's language). */
        statementPdf: async (id: string, statementId: string) =>
          (
            await get<Blob>(`/utilities/settlement-runs/${id}/statements/${statementId}/document.pdf`, {
              responseType: 'blob',
            })
          ).data,
      },
    };
  }, [get, post, put, del]);
}
