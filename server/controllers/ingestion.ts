import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parseInput } from '../../src/common/validate';
import { action, bodyOf, pathParam } from '../http/respond';
import { getService } from '../plugin';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const readings = () => getService(strapi, 'readings');
  return {
    logRows: action(async (ctx) => {
      ctx.body = await readings().logRows(pathParam(ctx, 'id'), ctx.query);
    }),
    reconstructLegacy: action(async (ctx) => {
      // The action takes no options: an unknown field is a mistake to report, not to run past.
      parseInput(z.strictObject({}, { error: 'The request body must be empty or {}' }), bodyOf(ctx) ?? {});
      parseInput(z.strictObject({}, { error: 'The request takes no query parameters' }), ctx.query);
      ctx.body = { data: await readings().reconstructLegacyLogs() };
    }),
    deviceReadings: action(async (ctx) => {
      ctx.body = await readings().deviceReadings(pathParam(ctx, 'id'), ctx.query);
    }),
    deviceConsumption: action(async (ctx) => {
      ctx.body = {
        data: await getService(strapi, 'consumption').deviceConsumption(pathParam(ctx, 'id'), ctx.query),
      };
    }),
  };
};
