import type { Core } from '@strapi/strapi';
import { action, bodyOf } from '../http/respond';
import { getService } from '../plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  matrix: action(async (ctx) => {
    ctx.body = { data: await getService(strapi, 'activation').matrix() };
  }),
  update: action(async (ctx) => {
    ctx.body = { data: await getService(strapi, 'activation').update(ctx.params.utilityTypeId, bodyOf(ctx)) };
  }),
});
