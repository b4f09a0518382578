import type { Core } from '@strapi/strapi';
import { registerChannels } from './channels';
import { bodyChecks } from './http/body-checks';
import { answerClientErrors } from './http/client-errors';
import { refusePrototypeKeys } from './http/prototype-keys';
import { usageBodyLimit } from './http/usage-body-limit';
import { usageBodyType } from './http/usage-body-type';

/** Register phase: the channel keyring and built-in handlers (other plugins register theirs now too). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  registerChannels(strapi);
  // Ahead of the app's middlewares (strapi::body included): refuses oversized usage-record bodies unread.
  strapi.server.use(usageBodyLimit(strapi));
  // … and bodies it cannot read (415), which the parser would turn into an empty record.
  strapi.server.use(usageBodyType(strapi));
  // … and query parameters named __proto__ or constructor, which qs would drop unseen.
  strapi.server.use(refusePrototypeKeys(strapi));
  // … and JSON or form bodies the parser would mangle (bytes that are not UTF-8) or strip
  // (prototype keys) without a word.
  strapi.server.use(bodyChecks(strapi));
  // Requests Node itself refuses (headers too large …) get Strapi's error body too.
  answerClientErrors(strapi.server.httpServer);
};
