import type { Core } from '@strapi/strapi';
import { action, bodyOf } from '../http/respond';
import { getService } from '../plugin';
import { crudController } from './crud';

type Ctx = { strapi: Core.Strapi };

const records = (strapi: Core.Strapi) => getService(strapi, 'allocation-records');

/** Cost allocation (DESIGN §5 style): thin — params and body to the services, `{ data, meta }` back. */
export const allocationControllers = {
  'cost-items': ({ strapi }: Ctx) => crudController(() => records(strapi).costItems),
  'allocation-keys': ({ strapi }: Ctx) => crudController(() => records(strapi).keys),
  'allocation-schemes': ({ strapi }: Ctx) => crudController(() => records(strapi).schemes),
  'allocation-measurements': ({ strapi }: Ctx) => crudController(() => records(strapi).measurements),
  'advance-payments': ({ strapi }: Ctx) => crudController(() => records(strapi).advances),
  'settlement-runs': ({ strapi }: Ctx) => {
    const service = () => getService(strapi, 'settlement-runs');
    return {
      list: action(async (ctx) => {
        ctx.body = await service().list(ctx.query);
      }),
      get: action(async (ctx) => {
        ctx.body = { data: await service().get(ctx.params.id) };
      }),
      run: action(async (ctx) => {
        const result = await service().run(bodyOf(ctx), ctx.state?.user);
        ctx.status = result.meta.replaced ? 200 : 201;
        ctx.body = result;
      }),
      finalize: action(async (ctx) => {
        ctx.body = { data: await service().finalize(ctx.params.id) };
      }),
      void: action(async (ctx) => {
        ctx.body = { data: await service().void(ctx.params.id) };
      }),
      csv: action(async (ctx) => {
        const { run, csv } = await service().csv(ctx.params.id);
        ctx.set('Content-Type', 'text/csv; charset=utf-8');
        ctx.set(
          'Content-Disposition',
          `attachment; filename="settlement-${run.periodStart}-${run.periodEnd}-${run.documentId}.csv"`,
        );
        ctx.body = csv;
      }),
    };
  },
};
