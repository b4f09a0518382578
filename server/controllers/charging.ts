import type { Core } from '@strapi/strapi';
import { action, bodyOf } from '../http/respond';
import { getService } from '../plugin';
import { idParam, runController, runDownload } from './run';

type Ctx = { strapi: Core.Strapi };

/** Charge runs and invoices (DESIGN §5): thin — params and body to the service, `{ data, meta }` back. */
export const chargingControllers = {
  'charge-runs': ({ strapi }: Ctx) => {
    const service = () => getService(strapi, 'charge-runs');
    return {
      ...runController(service),
      statementCsv: runDownload('statement', 'csv', async (id) => {
        const { run, csv } = await service().statementCsv(id);
        return { run, body: csv };
      }),
      statementXlsx: runDownload('statement', 'xlsx', async (id) => {
        const { run, xlsx } = await service().statementXlsx(id);
        return { run, body: xlsx };
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
        ctx.body = { data: await service().getInvoice(idParam(ctx)) };
      }),
      update: action(async (ctx) => {
        ctx.body = { data: await service().updateInvoice(idParam(ctx), bodyOf(ctx)) };
      }),
    };
  },
};
