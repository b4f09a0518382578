import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import { listOf, one } from './schemas';

/** Members (users-permissions users), their derived utility links and property claims. */
export const memberSchema = z.object({
  id: z.number(),
  username: z.string(),
  email: z.string(),
  blocked: z.boolean(),
  claims: z.object({ pending: z.number(), approved: z.number(), rejected: z.number() }),
});
export type Member = z.infer<typeof memberSchema>;

const pointSchema = z.object({
  documentId: z.string(),
  code: z.string().nullable(),
  name: z.string().nullable(),
});

export const utilityLinkSchema = z.object({
  claim: z.object({ documentId: z.string(), status: z.enum(['pending', 'approved', 'rejected']) }),
  billingPoint: pointSchema,
  device: z
    .object({
      documentId: z.string(),
      meterNumber: z.string().nullable(),
      label: z.string().nullable().optional(),
      utilityType: z.object({ code: z.string(), name: z.string() }).nullable().optional(),
    })
    .nullable(),
  installation: z
    .object({ documentId: z.string(), from: z.string().nullable(), to: z.string().nullable() })
    .nullable(),
  visible: z.boolean(),
  reasons: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type UtilityLinkDto = z.infer<typeof utilityLinkSchema>;

export const memberLinksSchema = z.object({
  member: z.object({ id: z.number(), username: z.string(), email: z.string() }),
  at: z.string(),
  links: z.array(utilityLinkSchema),
});
export type MemberLinks = z.infer<typeof memberLinksSchema>;

export const propertyClaimSchema = z.object({
  documentId: z.string(),
  memberId: z.number(),
  billingPoint: pointSchema,
  status: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: z.number().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type PropertyClaim = z.infer<typeof propertyClaimSchema>;

export function useMembersApi() {
  const { get, post } = useFetchClient();
  return useMemo(
    () => ({
      list: async (params: { page?: number; pageSize?: number; search?: string }) =>
        listOf(memberSchema).parse((await get('/utilities/members', { params })).data),
      links: async (userId: number, at?: string) =>
        one(memberLinksSchema).parse(
          (await get(`/utilities/members/${userId}/utility-links`, { params: at ? { at } : {} })).data,
        ).data,
      claims: async (params: { member?: number; status?: string; page?: number; pageSize?: number }) =>
        listOf(propertyClaimSchema).parse((await get('/utilities/property-claims', { params })).data),
      decide: async (claimId: string, decision: 'approve' | 'reject', note?: string) =>
        one(propertyClaimSchema).parse(
          (
            await post(
              `/utilities/property-claims/${encodeURIComponent(claimId)}/${decision}`,
              note ? { note } : {},
            )
          ).data,
        ).data,
    }),
    [get, post],
  );
}
