import { z } from 'zod';

/**
 * Response shapes the admin relies on, validated once when they arrive: a server
 * that answers something else fails loudly here instead of deep inside a page.
 */
export const paginationSchema = z.object({
  page: z.number(),
  pageSize: z.number(),
  pageCount: z.number(),
  total: z.number(),
});

export const utilityTypeSchema = z.object({
  documentId: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  identifierSchema: z
    .object({ fields: z.array(z.object({ key: z.string(), label: z.string() })) })
    .nullable(),
  displayOrder: z.number(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UtilityType = z.infer<typeof utilityTypeSchema>;

export const moduleStatesSchema = z.object({
  utilities: z.boolean(),
  devices: z.boolean(),
  billing: z.boolean(),
  usage: z.boolean(),
});
export type ModuleStatesDto = z.infer<typeof moduleStatesSchema>;

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), meta: z.object({ pagination: paginationSchema }) });
export const one = <T extends z.ZodType>(item: T) => z.object({ data: item });
