import type { Core } from '@strapi/strapi';
import { action, bodyOf, pathParam } from '../http/respond';
import { getService } from '../plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  matrix: action(async (ctx) => {
    ctx.body = { data: await getService(strapi, 'activation').matrix() };
  }),
  update: action(async (ctx) => {
    ctx.body = {
      data: await getService(strapi, 'activation').update(pathParam(ctx, 'utilityTypeId'), bodyOf(ctx)),
    };
  }),
});
