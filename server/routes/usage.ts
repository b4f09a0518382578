import type { Core } from '@strapi/strapi';
import type { Handler } from '../controllers';
import { CACHED_API_TOKEN_STRATEGY } from '../http/cached-api-token-auth';
import { adminRoute } from './admin-route';

/**
 * Usage records. Devices post to the content API (`/api/utilities/usage-records…`);
 * editors read and upload through the admin API (`/utilities/usage-records…`).
 *
 * Every content-API route has the handler `usage-records.ingest`, so Strapi derives one
 * content-API action from them, `plugin::utilities.usage-records.ingest`: the "ingest"
 * box under Utilities → usage-records in an API token's permissions. Only API tokens
 * authenticate here (`strategies`): a users-permissions role — the Public role included —
 * can never open these routes, even if someone ticks the action there.
 */
export const INGEST_ACTION = 'plugin::utilities.usage-records.ingest';

/** Strapi's API-token check with verified tokens cached briefly (server/http/cached-api-token-auth.ts). */
const API_TOKEN_STRATEGIES = [CACHED_API_TOKEN_STRATEGY];

const ingestRoute = (method: 'GET' | 'PUT' | 'POST', path: string): Core.RouteInput => ({
  method,
  path,
  handler: 'usage-records.ingest' satisfies Handler,
  config: {
    auth: { scope: [INGEST_ACTION], strategies: API_TOKEN_STRATEGIES },
    policies: [{ name: 'plugin::utilities.module-enabled', config: { module: 'usage' } }],
  },
});

const SINGLE_PATHS = [
  '/usage-records/:eGroup/:eId/:deviceId',
  '/usage-records/:eGroup/:eId',
  '/usage-records/:eGroup',
];

export const usageContentApiRoutes = [
  // The guide's URL form, by GET, PUT or POST. The shorter paths only exist to answer
  // "the URL is missing its eId / deviceId" instead of a bare 404.
  ...SINGLE_PATHS.flatMap((path) =>
    (['GET', 'PUT', 'POST'] as const).map((method) => ingestRoute(method, path)),
  ),
  // POST is a batch `{ "data": [ … ] }`; GET and PUT take one record's fields in the query or body.
  ingestRoute('POST', '/usage-records'),
  ingestRoute('GET', '/usage-records'),
  ingestRoute('PUT', '/usage-records'),
];

export const usageAdminRoutes = [
  adminRoute('GET', '/usage-records', 'usage-records.list', 'usage-records.read'),
  adminRoute('POST', '/usage-records/import', 'usage-records.import', 'usage-records.import'),
  adminRoute('GET', '/usage-records/imports/:id/rows', 'usage-records.importRows', 'usage-records.read'),
];
