import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';

/**
 * The usage-record content API reads a body only as JSON or as an HTML form. Any other
 * body — XML, octet-stream, a JSON text without a Content-Type, a GET with a body — would
 * reach the controller as `{}` (Strapi's parser skips what it does not know) and store a
 * record with none of the fields the sender meant. Refused here, before the parser, with
 * 415 naming what is accepted.
 */
export const ACCEPTED_BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'DELETE']);

export function usageBodyType(strapi: Core.Strapi) {
  const prefix = () =>
    `${strapi.config.get<string | undefined>('api.rest.prefix') ?? '/api'}/utilities/usage-records`;

  return async (ctx: Context, next: Next) => {
    const base = prefix();
    if (ctx.path !== base && !ctx.path.startsWith(`${base}/`)) {
      await next();
      return;
    }
    const length = ctx.get('content-length');
    const hasBody = ctx.get('transfer-encoding') !== '' || (length !== '' && length !== '0');
    if (!hasBody) {
      await next();
      return;
    }
    const type = ctx.get('content-type');
    let message: string | null = null;
    if (NO_BODY_METHODS.has(ctx.method)) {
      message = `A ${ctx.method} request carries the record's fields in the query string, not in a body; send a body with POST or PUT, as ${ACCEPTED_BODY_TYPES.join(' or ')}`;
    } else if (!ctx.is(ACCEPTED_BODY_TYPES)) {
      message = `${type ? `A body of type ${type.split(';')[0].trim()}` : 'A body without a Content-Type'} cannot be read; send ${ACCEPTED_BODY_TYPES.join(' or ')} and say so in the Content-Type header`;
    }
    if (message === null) {
      await next();
      return;
    }
    ctx.status = 415;
    // The body stays unread: don't let the connection carry it into a next request.
    ctx.set('Connection', 'close');
    ctx.body = {
      data: null,
      error: {
        status: 415,
        name: 'UnsupportedMediaTypeError',
        message,
        details: { accepted: ACCEPTED_BODY_TYPES, received: type || null },
      },
    };
  };
}
