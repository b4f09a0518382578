import type { Core } from '@strapi/strapi';
import { action, bodyOf, pathParam } from '../http/respond';
import { getService } from '../plugin';
import { crudController } from './crud';
import { idParam, runController, runDownload } from './run';

type Ctx = { strapi: Core.Strapi };

const records = (strapi: Core.Strapi) => getService(strapi, 'allocation-records');

/** Cost allocation (DESIGN §5 style): thin — params and body to the services, `{ data, meta }` back. */
export const allocationControllers = {
  'cost-items': ({ strapi }: Ctx) => ({
    ...crudController(() => records(strapi).costItems),
    import: action(async (ctx) => {
      ctx.body = await getService(strapi, 'cost-item-import').importCsv(bodyOf(ctx));
    }),
  }),
  'allocation-keys': ({ strapi }: Ctx) => crudController(() => records(strapi).keys),
  'allocation-schemes': ({ strapi }: Ctx) => crudController(() => records(strapi).schemes),
  'allocation-measurements': ({ strapi }: Ctx) => crudController(() => records(strapi).measurements),
  'advance-payments': ({ strapi }: Ctx) => crudController(() => records(strapi).advances),
  'recorded-payments': ({ strapi }: Ctx) => crudController(() => getService(strapi, 'recorded-payments')),
  'settlement-runs': ({ strapi }: Ctx) => {
    const service = () => getService(strapi, 'settlement-runs');
    return {
      ...runController(service),
      csv: runDownload('settlement', 'csv', async (id) => {
        const { run, csv } = await service().csv(id);
        return { run, body: csv };
      }),
      xlsx: runDownload('settlement', 'xlsx', async (id) => {
        const { run, xlsx } = await service().xlsx(id);
        return { run, body: xlsx };
      }),
      statementPdf: action(async (ctx) => {
        const { fileName, pdf } = await getService(strapi, 'settlement-statements').pdf(
          idParam(ctx),
          pathParam(ctx, 'statementId'),
        );
        ctx.set('Content-Type', 'application/pdf');
        ctx.set(
          'Content-Disposition',
          `${ctx.query.download === '1' ? 'attachment' : 'inline'}; filename="${fileName}"`,
        );
        ctx.body = pdf;
      }),
    };
  },
};
