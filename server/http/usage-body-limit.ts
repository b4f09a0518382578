import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import type { PluginConfig } from '../config';

/**
 * Body limits of the usage-record content API, applied before Strapi's body parser
 * reads a byte (registered with `strapi.server.use` in the register phase, so it runs
 * ahead of the app's middleware stack): a 2 MB body sent to a route that expects one
 * record is refused from its Content-Length with a 413 a person can act on, instead of
 * being read, parsed and then refused. A chunked body has no length; Strapi's parser
 * (koa-body) caps it, and its terse "request entity too large" is reworded on the way out.
 */
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

type ErrorBody = { data: null; error: { status: number; name: string; message: string; details?: unknown } };

export function usageBodyLimit(strapi: Core.Strapi) {
  const prefix = () =>
    `${strapi.config.get<string | undefined>('api.rest.prefix') ?? '/api'}/utilities/usage-records`;

  function tooLarge(isBatch: boolean, limit: number, received: number | null): string {
    const size = received === null ? 'too large' : `${formatBytes(received)}`;
    if (isBatch) {
      const maxBatch = strapi.config.get<PluginConfig>('plugin::utilities').usage.maxBatch;
      return `The batch's request body is ${size}; it may be at most ${formatBytes(limit)}. Send fewer records per request (at most ${maxBatch}, and fewer when they carry large eventDataJ).`;
    }
    return `The request body is ${size}; one usage record's request may be at most ${formatBytes(limit)} (eventDataJ holds at most 16 KB). To send many records, POST them as a batch to /api/utilities/usage-records.`;
  }

  return async (ctx: Context, next: Next) => {
    const base = prefix();
    if (ctx.path !== base && !ctx.path.startsWith(`${base}/`)) {
      await next();
      return;
    }
    const usage = strapi.config.get<PluginConfig>('plugin::utilities').usage;
    const isBatch = ctx.method === 'POST' && (ctx.path === base || ctx.path === `${base}/`);
    const limit = isBatch ? usage.maxBatchBodyBytes : usage.maxRecordBodyBytes;
    const header = ctx.get('content-length');
    const length = header === '' ? null : Number(header);
    if (length !== null && Number.isFinite(length) && length > limit) {
      ctx.status = 413;
      // The body stays unread: don't let the connection carry it into a next request.
      ctx.set('Connection', 'close');
      ctx.body = {
        data: null,
        error: {
          status: 413,
          name: 'PayloadTooLargeError',
          message: tooLarge(isBatch, limit, length),
          details: { limit, received: length },
        },
      } satisfies ErrorBody;
      return;
    }
    await next();
    const body = ctx.body as ErrorBody | undefined;
    if (ctx.status === 413 && body?.error && /request entity too large/i.test(body.error.message)) {
      body.error.message = tooLarge(isBatch, limit, length);
    }
  };
}
