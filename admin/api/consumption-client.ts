import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';

/**
 * Consumption series for the charts: a device's register, a billing point's
 * utilities. Buckets are calendar days or months in the series' time zone;
 * quantity null means no reads fell in the bucket (not zero consumption).
 */
export const PERIODS = ['day', 'month'] as const;
export type Period = (typeof PERIODS)[number];

export const bucketSchema = z.object({
  period: z.string(),
  start: z.string(),
  quantity: z.string().nullable(),
  reads: z.number(),
  /** Of those reads, how many carry an estimated or an edited value (the VEE step). */
  estimated: z.number().default(0),
  edited: z.number().default(0),
});
export type Bucket = z.infer<typeof bucketSchema>;

const rangeMeta = { period: z.enum(PERIODS), from: z.string(), to: z.string(), timeZone: z.string() };

export const deviceConsumptionSchema = z.object({
  data: z.object({
    meterNumber: z.string(),
    register: z.string(),
    registers: z.array(z.string()),
    unit: z.string().nullable(),
    buckets: z.array(bucketSchema),
    warnings: z.array(z.string()),
    ...rangeMeta,
  }),
});
export type DeviceConsumption = z.infer<typeof deviceConsumptionSchema>['data'];

export const pointConsumptionSchema = z.object({
  data: z.array(
    z.object({
      utility: z.object({ documentId: z.string(), code: z.string(), name: z.string() }).nullable(),
      unit: z.string().nullable(),
      meters: z.array(z.string()),
      buckets: z.array(bucketSchema),
      warnings: z.array(z.string()),
    }),
  ),
  meta: z.object({
    billingPoint: z.object({ documentId: z.string(), code: z.string(), name: z.string() }),
    ...rangeMeta,
  }),
});
export type PointConsumption = z.infer<typeof pointConsumptionSchema>;

/** from / to: ISO dates or instants; omitted, the server picks the latest span of the period. */
export type RangeParams = { period: Period; from?: string; to?: string; register?: string };

export function useConsumptionApi() {
  const { get } = useFetchClient();
  return useMemo(
    () => ({
      device: async (id: string, params: RangeParams) =>
        deviceConsumptionSchema.parse(
          (await get(`/utilities/devices/${encodeURIComponent(id)}/consumption`, { params })).data,
        ).data,
      billingPoint: async (id: string, params: RangeParams) =>
        pointConsumptionSchema.parse(
          (await get(`/utilities/billing-points/${encodeURIComponent(id)}/consumption`, { params })).data,
        ),
    }),
    [get],
  );
}
