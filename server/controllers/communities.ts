import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { action, bodyOf, pathParam } from '../http/respond';
import { getService } from '../plugin';

type Ctx = { strapi: Core.Strapi };
/** The :id path segment. */
const idOf = (ctx: Context) => pathParam(ctx, 'id');

/** Solar communities: thin — params, query and body to the services; a save answers `{ data, meta: { warnings } }`. */
export const communityControllers = {
  communities: ({ strapi }: Ctx) => {
    const service = () => getService(strapi, 'communities');
    return {
      list: action(async (ctx) => {
        ctx.body = await service().list(ctx.query);
      }),
      get: action(async (ctx) => {
        ctx.body = { data: await service().get(idOf(ctx)) };
      }),
      create: action(async (ctx) => {
        ctx.status = 201;
        ctx.body = await service().create(bodyOf(ctx));
      }),
      update: action(async (ctx) => {
        ctx.body = await service().update(idOf(ctx), bodyOf(ctx));
      }),
      delete: action(async (ctx) => {
        ctx.body = { data: await service().delete(idOf(ctx)) };
      }),
      figures: action(async (ctx) => {
        ctx.body = await getService(strapi, 'community-energy').figures(idOf(ctx), ctx.query);
      }),
    };
  },
};
