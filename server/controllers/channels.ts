import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';
import { channelAction } from '../http/channel-errors';
import { action, pathParam } from '../http/respond';
import { getService } from '../plugin';
import { crudController } from './crud';

export const channelControllers = {
  handlers: ({ strapi }: { strapi: Core.Strapi }) => ({
    list: action((ctx) => {
      ctx.body = { data: getService(strapi, 'handlers').describe() };
      return Promise.resolve();
    }),
  }),

  channels: ({ strapi }: { strapi: Core.Strapi }) => ({
    ...crudController(() => getService(strapi, 'channels')),
    /** 200 `{ ok: true, message }` or `{ ok: false, code, message }`: a failed test is a result, not an error. */
    test: action(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'channels').testConnection(pathParam(ctx, 'id')) };
    }),
    remoteFiles: channelAction(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'channels').remoteFiles(pathParam(ctx, 'id')) };
    }),
    /**
     * Small pulls answer with their result; a pull still running after
     * `channels.pullAnswerWithinMs` answers 202 and goes on in the background — its
     * progress (rows so far) shows in the ingestion log.
     */
    pull: channelAction(async (ctx) => {
      const waitMs = strapi.config.get<PluginConfig>('plugin::utilities').channels.pullAnswerWithinMs;
      const running = getService(strapi, 'channel-pulls').pull(pathParam(ctx, 'id'), { trigger: 'manual' });
      let timer: NodeJS.Timeout | undefined;
      const later = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
      const result = await Promise.race([running, later]).finally(() => clearTimeout(timer));
      if (result) {
        ctx.body = { data: result };
        return;
      }
      running.catch((error) =>
        strapi.log.warn(
          `[utilities] background pull of channel ${pathParam(ctx, 'id')} failed: ${(error as Error).message}`,
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
    /** Whether the channel is being pulled, how far (files, rows); else the last pull's row report. */
    pullStatus: action(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'channel-pulls').status(pathParam(ctx, 'id')) };
    }),
  }),

  'ingestion-logs': ({ strapi }: { strapi: Core.Strapi }) => ({
    list: action(async (ctx) => {
      ctx.body = await getService(strapi, 'ingestion-logs').list(ctx.query);
    }),
    get: action(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'ingestion-logs').get(pathParam(ctx, 'id')) };
    }),
  }),
};
