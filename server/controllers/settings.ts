import type { Core } from '@strapi/strapi';
import { action, bodyOf } from '../http/respond';
import { buildDocument } from '../openapi/build-document';
import { getService } from '../plugin';

let document: ReturnType<typeof buildDocument> | undefined;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Module states for the admin UI (any signed-in admin: it decides what to show). */
  modules: action(async (ctx) => {
    ctx.body = { data: await getService(strapi, 'modules').states() };
  }),
  /** The OpenAPI 3.1 description of the plugin's routes, built from the same tables and schemas as docs/openapi.json. */
  openapi: action((ctx) => {
    // Built once: the route tables and schemas don't change while the app runs.
    document ??= buildDocument();
    ctx.body = document;
    return Promise.resolve();
  }),
  get: action(async (ctx) => {
    ctx.body = { data: { modules: await getService(strapi, 'modules').states() } };
  }),
  update: action(async (ctx) => {
    ctx.body = { data: { modules: await getService(strapi, 'modules').update(bodyOf(ctx)) } };
  }),
});
