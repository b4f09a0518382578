import type { Core } from '@strapi/strapi';
import { action, bodyOf } from '../http/respond';
import { getService } from '../plugin';

type Ctx = { strapi: Core.Strapi };

/** Billing documents: issuer settings and invoice PDFs (thin — params and body to the service). */
export const documentControllers = {
  'invoice-documents': ({ strapi }: Ctx) => ({
    pdf: action(async (ctx) => {
      const { fileName, pdf } = await getService(strapi, 'invoice-documents').pdf(ctx.params.id);
      ctx.set('Content-Type', 'application/pdf');
      ctx.set(
        'Content-Disposition',
        `${ctx.query.download === '1' ? 'attachment' : 'inline'}; filename="${fileName}"`,
      );
      ctx.body = pdf;
    }),
  }),
  'document-settings': ({ strapi }: Ctx) => {
    const service = () => getService(strapi, 'document-issuers');
    return {
      get: action(async (ctx) => {
        ctx.body = { data: await service().get() };
      }),
      update: action(async (ctx) => {
        ctx.body = { data: await service().putDefault(bodyOf(ctx)) };
      }),
      getBuilding: action(async (ctx) => {
        ctx.body = { data: await service().getBuilding(ctx.params.id) };
      }),
      updateBuilding: action(async (ctx) => {
        ctx.body = { data: await service().putBuilding(ctx.params.id, bodyOf(ctx)) };
      }),
      deleteBuilding: action(async (ctx) => {
        await service().deleteBuilding(ctx.params.id);
        ctx.status = 204;
      }),
    };
  },
};
