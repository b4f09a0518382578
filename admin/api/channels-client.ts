import { useMemo } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { z } from 'zod';
import { listOf, one } from './schemas';

/**
 * Handlers and channels as the admin API returns them (server/services/channels.ts),
 * validated once on arrival.
 */
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const visibleWhen = z.object({ field: z.string(), equals: z.array(scalar) });

export const configFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(['string', 'text', 'number', 'boolean', 'select', 'secret', 'cron', 'path']),
  help: z.string().optional(),
  required: z.boolean().optional(),
  requiredInProduction: z.boolean().optional(),
  visibleWhen: z.union([visibleWhen, z.array(visibleWhen)]).optional(),
  default: scalar.optional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  multiline: z.boolean().optional(),
  placeholder: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  maxLength: z.number().optional(),
  absolute: z.boolean().optional(),
});
export type ConfigFieldDto = z.infer<typeof configFieldSchema>;

const pullRunningSchema = z.object({ status: z.literal('running'), message: z.string() });

const capabilities = z.object({ pull: z.boolean(), remoteFiles: z.boolean() });

export const handlerSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  capabilities,
  configSchema: z.array(configFieldSchema),
});
export type HandlerDto = z.infer<typeof handlerSchema>;

export const channelSchema = z.object({
  documentId: z.string(),
  code: z.string(),
  name: z.string(),
  handler: z.string(),
  handlerName: z.string().nullable(),
  handlerRegistered: z.boolean(),
  capabilities,
  active: z.boolean(),
  production: z.boolean(),
  displayOrder: z.number(),
  schedule: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  config: z.record(z.string(), z.unknown()),
  lastPullAt: z.string().nullable(),
  lastSuccessfulPullAt: z.string().nullable(),
  lastError: z.string().nullable(),
  status: z.enum(['inactive', 'active', 'failing']),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelDto = z.infer<typeof channelSchema>;

export const REMOTE_FILE_STATUSES = [
  'new',
  'pending',
  'processing',
  'completed',
  'failed',
  'partial',
  'skipped',
] as const;

export const remoteFileSchema = z.object({
  name: z.string(),
  path: z.string(),
  size: z.number(),
  modifiedAt: z.string(),
  status: z.enum(REMOTE_FILE_STATUSES),
  log: z.string().nullable(),
});
export type RemoteFileDto = z.infer<typeof remoteFileSchema>;

const remoteFilesSchema = z.object({
  files: z.array(remoteFileSchema),
  lastPullAt: z.string().nullable(),
  lastSuccessfulPullAt: z.string().nullable(),
});

const pullResultSchema = z.object({
  startedAt: z.string(),
  completedAt: z.string(),
  files: z.array(remoteFileSchema),
  newFiles: z.number(),
  processedFiles: z.number(),
  rows: z.object({
    total: z.number(),
    inserted: z.number(),
    duplicate: z.number(),
    conflict: z.number(),
    rejected: z.number(),
  }),
});
export type PullResultDto = z.infer<typeof pullResultSchema>;

/** GET /channels/:id/pull-status: the running pull's progress, or the last pull's rows. */
const pullStatusSchema = z.union([
  z.object({
    running: z.literal(true),
    startedAt: z.string(),
    files: z.object({ done: z.number(), total: z.number() }),
    rows: z.number(),
    last: z.null(),
  }),
  z.object({
    running: z.literal(false),
    last: z
      .object({ startedAt: z.string(), processedFiles: z.number(), rows: pullResultSchema.shape.rows })
      .nullable(),
  }),
]);
export type PullStatusDto = z.infer<typeof pullStatusSchema>;

const testResultSchema = z.union([
  z.object({
    ok: z.literal(true),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ ok: z.literal(false), code: z.string(), retryable: z.boolean(), message: z.string() }),
]);
export type TestResultDto = z.infer<typeof testResultSchema>;

export type ChannelBody = {
  code?: string;
  name?: string;
  handler?: string;
  active?: boolean;
  production?: boolean;
  displayOrder?: number;
  schedule?: string | null;
  config?: Record<string, unknown>;
};

export function useChannelsApi() {
  const { get, post, put, del } = useFetchClient();
  return useMemo(
    () => ({
      handlers: async () => one(z.array(handlerSchema)).parse((await get('/utilities/handlers')).data).data,
      list: async (params: Record<string, string | number> = {}) =>
        listOf(channelSchema).parse((await get('/utilities/channels', { params })).data),
      get: async (id: string) => one(channelSchema).parse((await get(`/utilities/channels/${id}`)).data).data,
      create: async (body: ChannelBody) =>
        one(channelSchema).parse((await post('/utilities/channels', body)).data).data,
      update: async (id: string, body: ChannelBody) =>
        one(channelSchema).parse((await put(`/utilities/channels/${id}`, body)).data).data,
      remove: async (id: string) => {
        await del(`/utilities/channels/${id}`);
      },
      test: async (id: string) =>
        one(testResultSchema).parse((await post(`/utilities/channels/${id}/test`, {})).data).data,
      remoteFiles: async (id: string) =>
        one(remoteFilesSchema).parse((await get(`/utilities/channels/${id}/remote-files`)).data).data,
      pullStatus: async (id: string) =>
        one(pullStatusSchema).parse((await get(`/utilities/channels/${id}/pull-status`)).data).data,
      /** The pull's result, or `{ status: 'running' }` when it goes on in the background (202). */
      pull: async (
        id: string,
      ): Promise<z.infer<typeof pullResultSchema> | { status: 'running'; message: string }> => {
        const data = (await post(`/utilities/channels/${id}/pull`, {})).data as {
          data?: { status?: string };
        };
        if (data?.data?.status === 'running') return one(pullRunningSchema).parse(data).data;
        return one(pullResultSchema).parse(data).data;
      },
    }),
    [get, post, put, del],
  );
}
