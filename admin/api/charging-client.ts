import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import type {
  ChargeRunState,
  RunException,
  RunFailure,
  RunInterruption,
  RunProgress,
  RunRequest,
  RunScope,
  RunStatus,
  RunTotals,
} from '../../src/charging/charge-run';
import { invoiceCreditSchema, invoiceDocumentSchema } from './documents-client';
import { listOf, one } from './schemas';

/**
 * The charging admin API: charge runs (run, list, detail, finalize, void, the
 * statement of building charges as CSV / XLSX) and their invoices. Money and
 * quantities stay exact decimal text as the server computed them.
 *
 * The run's types are the rules' own (src/charging/charge-run.ts), imported as types
 * only so the admin bundle does not carry the rules' runtime. The zod schemas below
 * check what the server answers; each is typed against those types, so a change of
 * the rules that the admin does not follow fails tsc here.
 */
export type {
  ChargeRunState,
  RunException,
  RunFailure,
  RunInterruption,
  RunProgress,
  RunScope,
  RunStatus,
  RunTotals,
};
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const status: z.ZodType<RunStatus> = z.enum(['draft', 'finalized', 'void'] satisfies RunStatus[]);
const runState: z.ZodType<ChargeRunState> = z.enum([
  'running',
  'draft',
  'finalized',
  'void',
  'failed',
] satisfies ChargeRunState[]);
const progressSchema: z.ZodType<RunProgress> = z.object({ done: z.number(), total: z.number() });
const failureSchema: z.ZodType<RunFailure> = z.object({
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

const interruptionSchema: z.ZodType<RunInterruption> = z.object({
  at: z.string(),
  reason: z.string(),
  resumedAt: z.string(),
  done: z.number(),
});

export const runScopeSchema: z.ZodType<RunScope> = z.union([
  z.object({ building: z.string() }),
  z.object({ billingPoint: z.string() }),
  z.null(),
]);

const runTotalsSchema: z.ZodType<RunTotals> = z.array(
  z.object({
    currency: z.string(),
    invoices: z.number(),
    net: z.string(),
    vat: z.string(),
    gross: z.string(),
  }),
);
export const runExceptionSchema: z.ZodType<RunException> = z.looseObject({
  kind: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string(),
  billingPointId: z.string(),
});

const invoiceTotalsSchema = z.looseObject({ net: z.string(), vat: z.string(), gross: z.string() });

export const invoiceSummarySchema = z
  .object({
    documentId: z.string(),
    chargeRun: z.string(),
    party: z.object({ documentId: z.string(), kind: z.string(), displayName: z.string() }),
    billingPoint: z.object({ documentId: z.string(), code: z.string(), name: z.string() }),
    periodStart: date,
    periodEnd: date,
    status,
    roles: z.array(z.string()),
    currency: z.string(),
    totals: invoiceTotalsSchema,
    note: z.string().nullable(),
    lineCount: z.number().optional(),
  })
  .extend(invoiceDocumentSchema.shape);
export type InvoiceSummary = z.infer<typeof invoiceSummarySchema>;

export const invoiceLineSchema = z.looseObject({
  kind: z.enum(['consumption', 'usage', 'fixed-fee', 'demand', 'community']),
  periodStart: date,
  periodEnd: date,
  days: z.number(),
  partyRole: z.string(),
  quantity: z.string(),
  unit: z.string(),
  unitPrice: z.string(),
  amount: z.string(),
  vatRate: z.string(),
  vatAmount: z.string(),
  currency: z.string(),
  utilityType: z.string().nullable().optional(),
  usageMetric: z.string().nullable().optional(),
  meterNumber: z.string().optional(),
  register: z.string().optional(),
  deviceId: z.string().optional(),
  from: z.object({ at: z.string(), value: z.string(), estimated: z.boolean() }).nullable().optional(),
  to: z.object({ at: z.string(), value: z.string(), estimated: z.boolean() }).nullable().optional(),
  tier: z.object({ index: z.number(), from: z.string(), to: z.string().nullable() }).nullable().optional(),
  component: z.string().optional(),
  band: z.string().optional(),
  month: z.string().optional(),
  peakStartLocal: z.string().optional(),
  community: z.string().optional(),
  energy: z.string().optional(),
});
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;

export const invoiceSchema = invoiceSummarySchema.extend({
  lines: z.array(invoiceLineSchema),
  // Its credit notes and what they credited (finalized invoices; absent from an older server).
  credit: invoiceCreditSchema.optional(),
});
export type InvoiceDetail = z.infer<typeof invoiceSchema>;

export const chargeRunSchema = z.object({
  documentId: z.string(),
  periodStart: date,
  periodEnd: date,
  scope: runScopeSchema,
  status: runState,
  billingPoints: z.array(z.string()),
  totals: runTotalsSchema,
  exceptions: z.array(runExceptionSchema),
  createdBy: z.string(),
  finalizedAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
  progress: progressSchema.nullable().optional(),
  failure: failureSchema.nullable().optional(),
  interruptions: z.array(interruptionSchema).default([]),
  replaced: z.boolean().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  invoiceCount: z.number().optional(),
});
export type ChargeRun = z.infer<typeof chargeRunSchema>;

export const chargeRunDetailSchema = chargeRunSchema.extend({ invoices: z.array(invoiceSummarySchema) });
export type ChargeRunDetail = z.infer<typeof chargeRunDetailSchema>;

export type RunBody = RunRequest;

export function useChargingApi() {
  const { get, post, put } = useFetchClient();
  return useMemo(
    () => ({
      runs: {
        list: async (params: Record<string, string | number> = {}) =>
          listOf(chargeRunSchema).parse((await get('/utilities/charge-runs', { params })).data),
        get: async (id: string) =>
          one(chargeRunDetailSchema).parse((await get(`/utilities/charge-runs/${id}`)).data).data,
        run: async (body: RunBody) =>
          one(chargeRunSchema).parse((await post('/utilities/charge-runs', body)).data).data,
        finalize: async (id: string) =>
          one(chargeRunSchema).parse((await post(`/utilities/charge-runs/${id}/finalize`)).data).data,
        /** Voids the run; `creditNotes` is how many credit notes the void issued (a finalized run's invoices). */
        void: async (id: string) => {
          const body = one(chargeRunSchema)
            .extend({ meta: z.object({ creditNotes: z.number() }) })
            .parse((await post(`/utilities/charge-runs/${id}/void`)).data);
          return { run: body.data, creditNotes: body.meta.creditNotes };
        },
        /** The statement file, fetched with the admin's token (a plain link would carry none). */
        statement: async (id: string, format: 'csv' | 'xlsx') =>
          (await get<Blob>(`/utilities/charge-runs/${id}/statement.${format}`, { responseType: 'blob' }))
            .data,
        /** A finalized run's invoice PDFs as one ZIP. */
        documentsZip: async (id: string) =>
          (await get<Blob>(`/utilities/charge-runs/${id}/documents.zip`, { responseType: 'blob' })).data,
      },
      invoices: {
        get: async (id: string) =>
          one(invoiceSchema).parse((await get(`/utilities/invoices/${id}`)).data).data,
        setNote: async (id: string, note: string | null) =>
          one(invoiceSchema).parse((await put(`/utilities/invoices/${id}`, { note })).data).data,
      },
    }),
    [get, post, put],
  );
}
