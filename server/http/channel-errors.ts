import type { Context } from 'koa';
import { isChannelError, type ChannelError } from '../../src/channels/channel-error';
import { action } from './respond';

/**
 * The HTTP status of a failed handler call. A configuration the handler cannot use
 * (a folder outside the allowed roots, a value it refuses) and any failure of a folder
 * on this server are mistakes a person fixes in the channel's settings: 400. Only a
 * failure on the remote side (server down, wrong password, host key mismatch, timeout)
 * is a bad gateway: 502.
 */
export function channelErrorStatus(error: ChannelError): number {
  if (error.code === 'outside-root' || error.code === 'invalid-config') return 400;
  if (error.origin === 'server') return error.code === 'io' || error.code === 'timeout' ? 503 : 400;
  return 502;
}

/**
 * Wraps a controller action that calls a channel handler: a ChannelError becomes the
 * Strapi error body with its readable, already scrubbed message and its code
 * (`details.code`, `details.retryable`); other errors are handled by `action`.
 */
export function channelAction(handler: (ctx: Context) => Promise<void>) {
  return action(async (ctx) => {
    try {
      await handler(ctx);
    } catch (error) {
      if (!isChannelError(error)) throw error;
      const status = channelErrorStatus(error);
      ctx.status = status;
      ctx.body = {
        data: null,
        error: {
          status,
          name: 'ChannelError',
          message: error.message,
          details: { code: error.code, retryable: error.retryable },
        },
      };
    }
  });
}
