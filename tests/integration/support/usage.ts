import type { Core } from '@strapi/strapi';
import type request from 'supertest';

/** The content-API action every usage-record route requires. */
export const INGEST = 'plugin::utilities.usage-records.ingest';

let tokens = 0;

/**
 * A Strapi API token, as a user creates it in Settings → API Tokens. `custom` tokens
 * hold exactly `permissions`; `read-only` and `full-access` are Strapi's presets.
 */
export async function apiToken(
  strapi: Core.Strapi,
  permissions: string[],
  type: 'custom' | 'read-only' | 'full-access' = 'custom',
): Promise<string> {
  const token = await strapi.service('admin::api-token').create({
    name: `usage token ${++tokens}`,
    description: '',
    type,
    permissions: type === 'custom' ? permissions : undefined,
    lifespan: null,
  });
  return token.accessKey as string;
}

/** Calls with `Authorization: Bearer <token>`. */
export function withToken(http: () => ReturnType<typeof request>, token: string) {
  const auth = (t: request.Test) => t.set('Authorization', `Bearer ${token}`);
  return {
    get: (url: string) => auth(http().get(url)),
    put: (url: string) => auth(http().put(url)),
    post: (url: string) => auth(http().post(url)),
  };
}

/** Rows in the usage-record table (all, or those matching `where`). */
export async function countRecords(
  strapi: Core.Strapi,
  where: Record<string, unknown> = {},
): Promise<number> {
  const [{ n }] = await strapi.db.connection('utilities_usage_records').where(where).count({ n: '*' });
  return Number(n);
}

/** A CSV uploaded through POST /utilities/usage-records/import, by the admin of `adminToken`. */
export function uploadCsv(
  http: () => ReturnType<typeof request>,
  adminToken: string,
  csv: string,
  name: string,
) {
  return http()
    .post('/utilities/usage-records/import')
    .set('Authorization', `Bearer ${adminToken}`)
    .attach('file', Buffer.from(csv), { filename: name, contentType: 'text/csv' });
}
