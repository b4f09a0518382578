import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { DomainError } from '../../src/common/errors';
import { action, bodyOf, pathParam } from '../http/respond';
import { getService } from '../plugin';

type Ctx = { strapi: Core.Strapi };

/**
 * The signed-in resident's users-permissions id. The routes admit only the
 * users-permissions strategy, so this is the JWT's user; an API token (no user)
 * is refused rather than treated as anybody.
 */
function memberId(ctx: Context): number {
  const id = (ctx.state as { user?: { id?: unknown } }).user?.id;
  if (typeof id !== 'number') throw new DomainError('forbidden', 'Sign in as a member to see your utilities');
  return id;
}

/** A resident's own document (`:id`), offered as a download under its number. */
const residentPdf = (load: (userId: number, id: string) => Promise<{ fileName: string; pdf: Buffer }>) =>
  action(async (ctx) => {
    const { fileName, pdf } = await load(memberId(ctx), pathParam(ctx, 'id'));
    ctx.set('Content-Type', 'application/pdf');
    ctx.set('Content-Disposition', `attachment; filename="${fileName}"`);
    ctx.body = pdf;
  });

const adminId = (ctx: Context) => {
  const id = (ctx.state as { user?: { id?: unknown } }).user?.id;
  return typeof id === 'number' ? id : null;
};

/** Admin: property claims and a member's derived links (read-only). */
export const memberAdminControllers = {
  'property-claims': ({ strapi }: Ctx) => ({
    list: action(async (ctx) => {
      ctx.body = await getService(strapi, 'members').listClaims(ctx.query);
    }),
    approve: action(async (ctx) => {
      ctx.body = {
        data: await getService(strapi, 'members').approve(pathParam(ctx, 'id'), bodyOf(ctx), adminId(ctx)),
      };
    }),
    reject: action(async (ctx) => {
      ctx.body = {
        data: await getService(strapi, 'members').reject(pathParam(ctx, 'id'), bodyOf(ctx), adminId(ctx)),
      };
    }),
  }),

  'member-links': ({ strapi }: Ctx) => ({
    list: action(async (ctx) => {
      ctx.body = await getService(strapi, 'members').listMembers(ctx.query);
    }),
    utilityLinks: action(async (ctx) => {
      ctx.body = await getService(strapi, 'members').utilityLinks(pathParam(ctx, 'userId'), ctx.query);
    }),
  }),

  /** Resident content API (`/api/utilities/me/…`); each action is one box in the users-permissions role editor. */
  members: ({ strapi }: Ctx) => ({
    myUtilities: action(async (ctx) => {
      ctx.body = await getService(strapi, 'members').myUtilities(memberId(ctx));
    }),
    myReadings: action(async (ctx) => {
      ctx.body = await getService(strapi, 'members').myReadings(
        memberId(ctx),
        pathParam(ctx, 'id'),
        ctx.query,
      );
    }),
    myConsumption: action(async (ctx) => {
      ctx.body = await getService(strapi, 'members').myConsumption(memberId(ctx), ctx.query);
    }),
    myInvoices: action(async (ctx) => {
      ctx.body = await getService(strapi, 'members').myInvoices(memberId(ctx), ctx.query);
    }),
    myInvoiceDocument: residentPdf((userId, id) =>
      getService(strapi, 'members').myInvoiceDocument(userId, id),
    ),
    myCreditNotes: action(async (ctx) => {
      ctx.body = await getService(strapi, 'members').myCreditNotes(memberId(ctx), ctx.query);
    }),
    myCreditNoteDocument: residentPdf((userId, id) =>
      getService(strapi, 'members').myCreditNoteDocument(userId, id),
    ),
    myClaims: action(async (ctx) => {
      ctx.body = await getService(strapi, 'members').myClaims(memberId(ctx));
    }),
    myNotices: action(async (ctx) => {
      ctx.body = await getService(strapi, 'resident-notices').myNotices(memberId(ctx), ctx.query);
    }),
    dismissNotice: action(async (ctx) => {
      ctx.body = {
        data: await getService(strapi, 'resident-notices').dismissNotice(memberId(ctx), pathParam(ctx, 'id')),
      };
    }),
    fileClaim: action(async (ctx) => {
      const id = memberId(ctx);
      ctx.status = 201;
      ctx.body = { data: await getService(strapi, 'members').fileClaim(id, bodyOf(ctx)) };
    }),
  }),
};
