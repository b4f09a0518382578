import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import type { z } from 'zod';
import { listOf, moduleStatesSchema, one, utilityTypeSchema, type UtilityType } from './schemas';

export type UtilityTypeBody = Partial<
  Omit<UtilityType, 'documentId' | 'createdAt' | 'updatedAt' | 'identifierSchema'>
> & {
  identifierSchema?: string | null;
};

/**
 * The plugin's admin API, typed and validated. Pages call this, never fetch URLs
 * themselves, so the contract lives in one place.
 */
export function useUtilitiesApi() {
  const { get, post, put, del } = useFetchClient();
  return useMemo(() => {
    const parse = <T extends z.ZodType>(schema: T, data: unknown): z.output<T> => schema.parse(data);
    return {
      utilityTypes: {
        list: async (params: Record<string, string | number> = {}) =>
          parse(listOf(utilityTypeSchema), (await get('/utilities/utility-types', { params })).data),
        create: async (body: UtilityTypeBody) =>
          parse(one(utilityTypeSchema), (await post('/utilities/utility-types', body)).data).data,
        update: async (id: string, body: UtilityTypeBody) =>
          parse(one(utilityTypeSchema), (await put(`/utilities/utility-types/${id}`, body)).data).data,
        remove: async (id: string) => {
          await del(`/utilities/utility-types/${id}`);
        },
      },
      modules: {
        states: async () => parse(one(moduleStatesSchema), (await get('/utilities/modules')).data).data,
        update: async (modules: Partial<z.infer<typeof moduleStatesSchema>>) =>
          parse(one(moduleStatesSchema.transform((m) => m)), {
            data: (await put<{ data: { modules: unknown } }>('/utilities/settings', { modules })).data.data
              .modules,
          }).data,
      },
    };
  }, [get, post, put, del]);
}
