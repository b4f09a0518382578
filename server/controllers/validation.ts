import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { action, bodyOf } from '../http/respond';
import { getService } from '../plugin';

/** The VEE step: rule settings, on-demand runs and the correction queue (services/validation). */
type User = {
  id?: number | string;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
};
const idOf = (ctx: Context) => {
  const id = (ctx.params as Record<string, unknown>).id;
  return typeof id === 'string' ? id : '';
};
const userOf = (ctx: Context) => (ctx.state as { user?: User } | undefined)?.user;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const corrections = () => getService(strapi, 'reading-corrections');
  return {
    settings: action(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'validation-settings').get() };
    }),
    updateSettings: action(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'validation-settings').put(bodyOf(ctx)) };
    }),
    run: action(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'validation-runs').runPeriod(bodyOf(ctx)) };
    }),
    queue: action(async (ctx) => {
      ctx.body = await corrections().queue(ctx.query);
    }),
    reading: action(async (ctx) => {
      ctx.body = { data: await corrections().reading(idOf(ctx)) };
    }),
    correct: action(async (ctx) => {
      ctx.body = await corrections().correct(bodyOf(ctx), userOf(ctx));
    }),
    fill: action(async (ctx) => {
      ctx.body = { data: await corrections().fill(idOf(ctx), bodyOf(ctx), userOf(ctx)) };
    }),
    undo: action(async (ctx) => {
      ctx.body = { data: await corrections().undo(idOf(ctx), bodyOf(ctx), userOf(ctx)) };
    }),
  };
};
