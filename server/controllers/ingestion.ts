import type { Core } from '@strapi/strapi';
import { action } from '../http/respond';
import { getService } from '../plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const readings = () => getService(strapi, 'readings');
  return {
    logRows: action(async (ctx) => {
      ctx.body = await readings().logRows(ctx.params.id, ctx.query);
    }),
    reconstructLegacy: action(async (ctx) => {
      ctx.body = { data: await readings().reconstructLegacyLogs() };
    }),
    deviceReadings: action(async (ctx) => {
      ctx.body = await readings().deviceReadings(ctx.params.id, ctx.query);
    }),
    deviceConsumption: action(async (ctx) => {
      ctx.body = {
        data: await getService(strapi, 'consumption').deviceConsumption(ctx.params.id, ctx.query),
      };
    }),
  };
};
