import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { isChannelError } from '../../src/channels/channel-error';
import type { PluginConfig } from '../config';
import { action } from '../http/respond';
import { getService } from '../plugin';
import { crudController } from './crud';

/**
 * A handler call that failed on the remote side (server down, wrong password, host key
 * mismatch, timeout) is the remote's failure, not the request's: 502 with the handler's
 * readable, already scrubbed message and its code (`details.code`, `details.retryable`).
 */
function remoteAction(handler: (ctx: Context) => Promise<void>) {
  return action(async (ctx) => {
    try {
      await handler(ctx);
    } catch (error) {
      if (!isChannelError(error)) throw error;
      ctx.status = 502;
      ctx.body = {
        data: null,
        error: {
          status: 502,
          name: 'ChannelError',
          message: error.message,
          details: { code: error.code, retryable: error.retryable },
        },
      };
    }
  });
}

export const channelControllers = {
  handlers: ({ strapi }: { strapi: Core.Strapi }) => ({
    list: action(async (ctx) => {
      ctx.body = { data: getService(strapi, 'handlers').describe() };
    }),
  }),

  channels: ({ strapi }: { strapi: Core.Strapi }) => ({
    ...crudController(() => getService(strapi, 'channels')),
    /** 200 `{ ok: true, message }` or `{ ok: false, code, message }`: a failed test is a result, not an error. */
    test: action(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'channels').testConnection(ctx.params.id) };
    }),
    remoteFiles: remoteAction(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'channels').remoteFiles(ctx.params.id) };
    }),
    /**
     * Small pulls answer with their result; a pull still running after
     * `channels.pullAnswerWithinMs` answers 202 and goes on in the background — its
     * progress (rows so far) shows in the ingestion log.
     */
    pull: remoteAction(async (ctx) => {
      const waitMs = strapi.config.get<PluginConfig>('plugin::utilities').channels.pullAnswerWithinMs;
      const running = getService(strapi, 'channel-pulls').pull(ctx.params.id, { trigger: 'manual' });
      let timer: NodeJS.Timeout | undefined;
      const later = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
      const result = await Promise.race([running, later]).finally(() => clearTimeout(timer));
      if (result) {
        ctx.body = { data: result };
        return;
      }
      running.catch((error) =>
        strapi.log.warn(
          `[utilities] background pull of channel ${ctx.params.id} failed: ${(error as Error).message}`,
        ),
      );
      ctx.status = 202;
      ctx.body = {
        data: {
          status: 'running',
          message: 'The pull goes on in the background; follow its progress in the ingestion log',
        },
      };
    }),
  }),

  'ingestion-logs': ({ strapi }: { strapi: Core.Strapi }) => ({
    list: action(async (ctx) => {
      ctx.body = await getService(strapi, 'ingestion-logs').list(ctx.query);
    }),
    get: action(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'ingestion-logs').get(ctx.params.id) };
    }),
  }),
};
