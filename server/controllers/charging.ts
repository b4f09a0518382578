import type { Core } from '@strapi/strapi';
import { action, bodyOf } from '../http/respond';
import { getService } from '../plugin';
import type { User as ChargeRunUser } from '../services/charging/charge-runs';
import { idParam, runDownload } from './run';

type Ctx = { strapi: Core.Strapi };

/**
 * Charge runs and invoices (DESIGN §5): thin — params and body to the service, `{ data, meta }` back.
 * A run is charged in the background: POST answers 202 with it `running`; GET shows its
 * progress until it is the draft (or failed, with the reason).
 */
export const chargingControllers = {
  'charge-runs': ({ strapi }: Ctx) => {
    const service = () => getService(strapi, 'charge-runs');
    return {
      list: action(async (ctx) => {
        ctx.body = await service().list(ctx.query);
      }),
      get: action(async (ctx) => {
        ctx.body = { data: await service().get(idParam(ctx)) };
      }),
      run: action(async (ctx) => {
        const state = ctx.state as { user?: ChargeRunUser } | undefined;
        ctx.body = await service().run(bodyOf(ctx), state?.user);
        ctx.status = 202;
      }),
      finalize: action(async (ctx) => {
        ctx.body = { data: await service().finalize(idParam(ctx)) };
      }),
      void: action(async (ctx) => {
        const state = ctx.state as { user?: ChargeRunUser } | undefined;
        ctx.body = await service().void(idParam(ctx), state?.user);
      }),
      statementCsv: runDownload('statement', 'csv', async (id) => {
        const { run, csv } = await service().statementCsv(id);
        return { run, body: csv };
      }),
      statementXlsx: runDownload('statement', 'xlsx', async (id) => {
        const { run, xlsx } = await service().statementXlsx(id);
        return { run, body: xlsx };
      }),
      documentsZip: runDownload('documents', 'zip', async (id) => {
        const { run, stream } = await getService(strapi, 'run-documents').zip(id);
        return { run, body: stream };
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
