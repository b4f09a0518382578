import type { Core } from '@strapi/strapi';
import { action, bodyOf } from '../http/respond';
import { getService } from '../plugin';

type Ctx = { strapi: Core.Strapi };

/** Charge runs and invoices (DESIGN §5): thin — params and body to the service, `{ data, meta }` back. */
export const chargingControllers = {
  'charge-runs': ({ strapi }: Ctx) => {
    const service = () => getService(strapi, 'charge-runs');
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
      statementCsv: action(async (ctx) => {
        const { run, csv } = await service().statementCsv(ctx.params.id);
        ctx.set('Content-Type', 'text/csv; charset=utf-8');
        ctx.set(
          'Content-Disposition',
          `attachment; filename="statement-${run.periodStart}-${run.periodEnd}-${run.documentId}.csv"`,
        );
        ctx.body = csv;
      }),
      statementXlsx: action(async (ctx) => {
        const { run, xlsx } = await service().statementXlsx(ctx.params.id);
        ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        ctx.set(
          'Content-Disposition',
          `attachment; filename="statement-${run.periodStart}-${run.periodEnd}-${run.documentId}.xlsx"`,
        );
        ctx.body = xlsx;
      }),
    };
  },
  invoices: ({ strapi }: Ctx) => {
    const service = () => getService(strapi, 'charge-runs');
    return {
      list: action(async (ctx) => {
        ctx.body = await service().listInvoices(ctx.query);
      }),
      get: action(async (ctx) => {
        ctx.body = { data: await service().getInvoice(ctx.params.id) };
      }),
      update: action(async (ctx) => {
        ctx.body = { data: await service().updateInvoice(ctx.params.id, bodyOf(ctx)) };
      }),
    };
  },
};
