import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import { listOf, one } from './schemas';

/** Solar self-consumption communities (ZEV, vZEV, LEG) and their figures. */
export const communitySchema = z.object({
  documentId: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(['ZEV', 'vZEV', 'LEG']),
  members: z.array(
    z.object({
      billingPoint: z.string(),
      code: z.string().nullable(),
      name: z.string().nullable(),
      entryDate: z.string(),
      exitDate: z.string().nullable(),
    }),
  ),
  productionMeters: z.array(z.object({ meterNumber: z.string(), register: z.string() })),
  allocationMethod: z.string(),
});
export type Community = z.infer<typeof communitySchema>;

const energy = z.string();
export const figuresSchema = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(['day', 'month']),
    timeZone: z.string(),
  }),
  totals: z.object({
    production: energy,
    selfConsumed: energy,
    exported: energy,
    consumption: energy,
    common: energy,
    selfConsumptionRate: z.string().nullable(),
    selfSufficiency: z.string().nullable(),
  }),
  series: z.array(
    z.object({
      period: z.string(),
      production: energy,
      selfConsumed: energy,
      exported: energy,
      consumption: energy,
      common: energy,
      members: z.record(z.string(), z.object({ solar: energy, grid: energy })),
    }),
  ),
  members: z.array(
    z.object({ billingPoint: z.string(), consumption: energy, common: energy, solar: energy, grid: energy }),
  ),
  exceptions: z.array(
    z.object({
      problem: z.string(),
      meterNumber: z.string().nullable(),
      register: z.string().nullable(),
      billingPoint: z.string().nullable(),
      from: z.string(),
      to: z.string(),
      intervals: z.number(),
    }),
  ),
});
export type CommunityFigures = z.infer<typeof figuresSchema>;

export function useCommunitiesApi() {
  const { get } = useFetchClient();
  return useMemo(
    () => ({
      list: async (params: { page?: number; pageSize?: number }) =>
        listOf(communitySchema).parse((await get('/utilities/communities', { params })).data),
      get: async (id: string) =>
        one(communitySchema).parse((await get(`/utilities/communities/${encodeURIComponent(id)}`)).data).data,
      figures: async (id: string, params: { from: string; to: string; granularity: 'day' | 'month' }) =>
        one(figuresSchema).parse(
          (await get(`/utilities/communities/${encodeURIComponent(id)}/figures`, { params })).data,
        ).data,
    }),
    [get],
  );
}
