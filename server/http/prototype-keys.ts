import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { isPrototypeName } from '../../src/common/body-shape';
import { answerInvalidField } from './error-body';
import { isPluginPath } from './plugin-paths';

/**
 * Strapi parses query strings with qs, which drops a parameter named like a property
 * of Object.prototype (`__proto__`, `constructor`, `toString` …) without a word. The
 * plugin's routes refuse such a name like any unknown field instead: a sender who
 * wrote it meant something, and a silent drop hides it. Checked on the raw query
 * string, before anything parses it.
 */
export function prototypeName(querystring: string): string | null {
  for (const [key] of new URLSearchParams(querystring)) {
    const name = key.split('[')[0];
    if (isPrototypeName(name)) return name;
  }
  return null;
}

export function refusePrototypeKeys(strapi: Core.Strapi) {
  return async (ctx: Context, next: Next) => {
    const name = ctx.querystring && isPluginPath(strapi, ctx.path) ? prototypeName(ctx.querystring) : null;
    if (name === null) {
      await next();
      return;
    }
    answerInvalidField(ctx, `Unknown field ${JSON.stringify(name)}`, [name], {
      code: 'unrecognized_keys',
      params: { field: name },
    });
  };
}
