import type { Core } from '@strapi/strapi';
import { action, bodyOf } from '../http/respond';
import { getService } from '../plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'utility-types');
  return {
    list: action(async (ctx) => {
      ctx.body = await service().list(ctx.query);
    }),
    get: action(async (ctx) => {
      ctx.body = { data: await service().get(ctx.params.id) };
    }),
    create: action(async (ctx) => {
      ctx.status = 201;
      ctx.body = { data: await service().create(bodyOf(ctx)) };
    }),
    update: action(async (ctx) => {
      ctx.body = { data: await service().update(ctx.params.id, bodyOf(ctx)) };
    }),
    delete: action(async (ctx) => {
      ctx.body = { data: await service().delete(ctx.params.id) };
    }),
  };
};
