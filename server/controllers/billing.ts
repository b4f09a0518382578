import type { Core } from '@strapi/strapi';
import { refuseUnknownQuery } from '../../src/common/list-query';
import { action, bodyOf } from '../http/respond';
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
        ctx.body = await occupancies().listForBillingPoint(ctx.params.id, ctx.query);
      }),
      addOccupancy: action(async (ctx) => {
        ctx.status = 201;
        ctx.body = { data: await occupancies().create(ctx.params.id, bodyOf(ctx)) };
      }),
      updateOccupancy: action(async (ctx) => {
        ctx.body = { data: await occupancies().update(ctx.params.id, ctx.params.occupancyId, bodyOf(ctx)) };
      }),
      deleteOccupancy: action(async (ctx) => {
        ctx.body = { data: await occupancies().delete(ctx.params.id, ctx.params.occupancyId) };
      }),
      consumption: action(async (ctx) => {
        ctx.body = await getService(strapi, 'consumption').billingPointConsumption(ctx.params.id, ctx.query);
      }),
      occupant: action(async (ctx) => {
        ctx.body = { data: await occupancies().occupantAt(ctx.params.id, ctx.query.at) };
      }),
      move: action(async (ctx) => {
        ctx.body = { data: await occupancies().move(ctx.params.id, bodyOf(ctx)) };
      }),
      coverage: action(async (ctx) => {
        ctx.body = { data: await occupancies().coverage(ctx.params.id, ctx.query) };
      }),
      meters: action(async (ctx) => {
        ctx.body = await meters().listForBillingPoint(ctx.params.id, ctx.query);
      }),
      addMeter: action(async (ctx) => {
        ctx.status = 201;
        ctx.body = { data: await meters().create(ctx.params.id, bodyOf(ctx)) };
      }),
      updateMeter: action(async (ctx) => {
        ctx.body = { data: await meters().update(ctx.params.id, ctx.params.installationId, bodyOf(ctx)) };
      }),
      deleteMeter: action(async (ctx) => {
        ctx.body = { data: await meters().delete(ctx.params.id, ctx.params.installationId) };
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
        ctx.body = await rates().create(bodyOf(ctx), ctx.state?.user);
      }),
      // Corrections and deletions are recorded with who made them (GET /rates/:id/history).
      update: action(async (ctx) => {
        ctx.body = { data: await rates().update(ctx.params.id, bodyOf(ctx), ctx.state?.user) };
      }),
      delete: action(async (ctx) => {
        ctx.body = { data: await rates().delete(ctx.params.id, ctx.state?.user) };
      }),
      history: action(async (ctx) => {
        refuseUnknownQuery(ctx.query, []);
        ctx.body = { data: await rates().history(ctx.params.id) };
      }),
      effective: action(async (ctx) => {
        ctx.body = { data: await rates().effective(ctx.query) };
      }),
    };
  },
};
