import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { parseInput } from '../../src/common/validate';
import { sendRunSchema } from '../../src/documents/email-settings';
import { action, bodyOf } from '../http/respond';
import { getService } from '../plugin';
import type { IssuingUser } from '../services/documents/credit-notes';

type Ctx = { strapi: Core.Strapi };

const idOf = (ctx: Context) => String((ctx.params as Record<string, unknown>).id).slice(0, 64);

/** Billing documents: issuer settings and invoice PDFs (thin — params and body to the service). */
export const documentControllers = {
  'invoice-documents': ({ strapi }: Ctx) => ({
    pdf: action(async (ctx) => {
      const { fileName, pdf } = await getService(strapi, 'invoice-documents').pdf(idOf(ctx));
      ctx.set('Content-Type', 'application/pdf');
      ctx.set(
        'Content-Disposition',
        `${ctx.query.download === '1' ? 'attachment' : 'inline'}; filename="${fileName}"`,
      );
      ctx.body = pdf;
    }),
  }),
  'credit-notes': ({ strapi }: Ctx) => {
    const service = () => getService(strapi, 'credit-notes');
    return {
      create: action(async (ctx) => {
        ctx.status = 201;
        ctx.body = {
          data: await service().create(idOf(ctx), bodyOf(ctx), ctx.state?.user as IssuingUser | undefined),
        };
      }),
      list: action(async (ctx) => {
        ctx.body = await service().list(ctx.query);
      }),
      get: action(async (ctx) => {
        ctx.body = { data: await service().get(idOf(ctx)) };
      }),
      partyStatement: action(async (ctx) => {
        ctx.body = { data: await service().partyStatement(idOf(ctx)) };
      }),
      pdf: action(async (ctx) => {
        const { fileName, pdf } = await service().pdf(idOf(ctx));
        ctx.set('Content-Type', 'application/pdf');
        ctx.set(
          'Content-Disposition',
          `${ctx.query.download === '1' ? 'attachment' : 'inline'}; filename="${fileName}"`,
        );
        ctx.body = pdf;
      }),
    };
  },
  'invoice-delivery': ({ strapi }: Ctx) => ({
    sendInvoice: action(async (ctx) => {
      ctx.body = { data: await getService(strapi, 'invoice-delivery').sendInvoice(idOf(ctx)) };
    }),
    sendRun: action(async (ctx) => {
      const body = parseInput(sendRunSchema, bodyOf(ctx) ?? {});
      ctx.status = 202;
      ctx.body = { data: await getService(strapi, 'invoice-delivery').sendRun(idOf(ctx), body) };
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
        ctx.body = { data: await service().getBuilding(idOf(ctx)) };
      }),
      updateBuilding: action(async (ctx) => {
        ctx.body = { data: await service().putBuilding(idOf(ctx), bodyOf(ctx)) };
      }),
      getEmail: action(async (ctx) => {
        ctx.body = { data: await getService(strapi, 'email-settings').get() };
      }),
      updateEmail: action(async (ctx) => {
        ctx.body = { data: await getService(strapi, 'email-settings').put(bodyOf(ctx)) };
      }),
      deleteBuilding: action(async (ctx) => {
        await service().deleteBuilding(idOf(ctx));
        ctx.status = 204;
      }),
    };
  },
};
