import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';

/**
 * Strapi parses query strings with qs, which drops a parameter named like a property
 * of Object.prototype (`__proto__`, `constructor`, `toString` …) without a word. The
 * plugin's routes refuse such a name like any unknown field instead: a sender who
 * wrote it meant something, and a silent drop hides it. Checked on the raw query
 * string, before anything parses it.
 */
function prototypeName(querystring: string): string | null {
  for (const [key] of new URLSearchParams(querystring)) {
    const name = key.split('[')[0];
    if (name !== '' && name in Object.prototype) return name;
  }
  return null;
}

export function refusePrototypeKeys(strapi: Core.Strapi) {
  const apiPrefix = () => strapi.config.get<string | undefined>('api.rest.prefix') ?? '/api';
  return async (ctx: Context, next: Next) => {
    const path = ctx.path;
    const ours = path.startsWith('/utilities/') || path.startsWith(`${apiPrefix()}/utilities/`);
    const name = ours && ctx.querystring ? prototypeName(ctx.querystring) : null;
    if (name === null) {
      await next();
      return;
    }
    const message = `Unknown field ${JSON.stringify(name)}`;
    ctx.status = 400;
    ctx.body = {
      data: null,
      error: {
        status: 400,
        name: 'ValidationError',
        message,
        details: { errors: [{ path: [name], message, name: 'ValidationError' }] },
      },
    };
  };
}
