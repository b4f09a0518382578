import type { Core } from '@strapi/strapi';
import { refuseUnknownQuery } from '../../src/common/list-query';
import { action, bodyOf, pathParam, adminUserOf } from '../http/respond';
import { getService } from '../plugin';
import { crudController } from './crud';

type Ctx = { strapi: Core.Strapi };

/**
 * Billing controllers: thin — params and body to the service, `{ data, meta }` back.
 * Nested routes name the billing point as `:id` and the child record as
 * `:occupancyId` / `:installationId`.
 */
export const billingControllers = {
  buildings: ({ strapi }: Ctx) => crudController(() => getService(strapi, 'buildings')),

  parties: ({ strapi }: Ctx) => crudController(() => getService(strapi, 'parties')),

  'usage-metrics': ({ strapi }: Ctx) => crudController(() => getService(strapi, 'usage-metrics')),

  'tariff-calendars': ({ strapi }: Ctx) => crudController(() => getService(strapi, 'tariff-calendars')),

  'billing-points': ({ strapi }: Ctx) => {
    const occupancies = () => getService(strapi, 'occupancies');
    const meters = () => getService(strapi, 'meter-installations');
    return {
      ...crudController(() => getService(strapi, 'billing-points')),
      occupancies: action(async (ctx) => {
        ctx.body = await occupancies().listForBillingPoint(pathParam(ctx, 'id'), ctx.query);
      }),
      addOccupancy: action(async (ctx) => {
        ctx.status = 201;
        ctx.body = { data: await occupancies().create(pathParam(ctx, 'id'), bodyOf(ctx)) };
      }),
      updateOccupancy: action(async (ctx) => {
        ctx.body = {
          data: await occupancies().update(pathParam(ctx, 'id'), pathParam(ctx, 'occupancyId'), bodyOf(ctx)),
        };
      }),
      deleteOccupancy: action(async (ctx) => {
        ctx.body = { data: await occupancies().delete(pathParam(ctx, 'id'), pathParam(ctx, 'occupancyId')) };
      }),
      consumption: action(async (ctx) => {
        ctx.body = await getService(strapi, 'consumption').billingPointConsumption(
          pathParam(ctx, 'id'),
          ctx.query,
        );
      }),
      occupant: action(async (ctx) => {
        ctx.body = { data: await occupancies().occupantAt(pathParam(ctx, 'id'), ctx.query.at) };
      }),
      move: action(async (ctx) => {
        ctx.body = { data: await occupancies().move(pathParam(ctx, 'id'), bodyOf(ctx)) };
      }),
      coverage: action(async (ctx) => {
        ctx.body = { data: await occupancies().coverage(pathParam(ctx, 'id'), ctx.query) };
      }),
      meters: action(async (ctx) => {
        ctx.body = await meters().listForBillingPoint(pathParam(ctx, 'id'), ctx.query);
      }),
      addMeter: action(async (ctx) => {
        ctx.status = 201;
        ctx.body = { data: await meters().create(pathParam(ctx, 'id'), bodyOf(ctx)) };
      }),
      updateMeter: action(async (ctx) => {
        ctx.body = {
          data: await meters().update(pathParam(ctx, 'id'), pathParam(ctx, 'installationId'), bodyOf(ctx)),
        };
      }),
      deleteMeter: action(async (ctx) => {
        ctx.body = { data: await meters().delete(pathParam(ctx, 'id'), pathParam(ctx, 'installationId')) };
      }),
    };
  },

  occupancies: ({ strapi }: Ctx) => ({
    list: action(async (ctx) => {
      ctx.body = await getService(strapi, 'occupancies').list(ctx.query);
    }),
  }),

  'meter-installations': ({ strapi }: Ctx) => ({
    list: action(async (ctx) => {
      ctx.body = await getService(strapi, 'meter-installations').list(ctx.query);
    }),
    link: action(async (ctx) => {
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'meter-installations').link(bodyOf(ctx)) };
    }),
  }),

  'rfid-badges': ({ strapi }: Ctx) => ({
    ...crudController(() => getService(strapi, 'rfid-badges')),
    lookup: action(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'rfid-badges').lookup(ctx.query) };
    }),
  }),

  rates: ({ strapi }: Ctx) => {
    const rates = () => getService(strapi, 'rates');
    return {
      ...crudController(rates),
      // "Change prices": the answer also says which rate was closed (meta.closed).
      create: action(async (ctx) => {
        ctx.status = 201;
        ctx.body = await rates().create(bodyOf(ctx), adminUserOf(ctx));
      }),
      // Corrections and deletions are recorded with who made them (GET /rates/:id/history).
      update: action(async (ctx) => {
        ctx.body = { data: await rates().update(pathParam(ctx, 'id'), bodyOf(ctx), adminUserOf(ctx)) };
      }),
      delete: action(async (ctx) => {
        ctx.body = { data: await rates().delete(pathParam(ctx, 'id'), adminUserOf(ctx)) };
      }),
      history: action(async (ctx) => {
        refuseUnknownQuery(ctx.query, []);
        ctx.body = { data: await rates().history(pathParam(ctx, 'id')) };
      }),
      effective: action(async (ctx) => {
        ctx.body = { data: await rates().effective(ctx.query) };
      }),
    };
  },
};
