import type { Core } from '@strapi/strapi';
import { MEMBER_ACTIONS, memberActionUid } from './routes/members';
import type { PluginConfig } from './config';
import { UID } from '../content-types';
import { getService } from './plugin';

const ROLE_UID = 'plugin::users-permissions.role';
const PERMISSION_UID = 'plugin::users-permissions.permission';

/**
 * On first start, give the users-permissions Authenticated role the resident
 * actions (`/api/utilities/me/…`), so a signed-in member can use them without an
 * admin ticking six boxes. Done once (a flag in the plugin store): if an admin
 * later unticks them, a restart does not tick them again. Never the Public role.
 * Off with config `members.grantAuthenticated: false`.
 */
export async function grantResidentActions(strapi: Core.Strapi): Promise<void> {
  const config = strapi.config.get<PluginConfig>('plugin::utilities');
  if (config.members?.grantAuthenticated === false) return;
  if (!strapi.plugin('users-permissions')) return;
  const store = strapi.store({ type: 'plugin', name: 'utilities', key: 'members-authenticated-granted' });
  if (await store.get({})) return;
  const role = (await strapi.db.query(ROLE_UID).findOne({ where: { type: 'authenticated' } })) as {
    id: number;
  } | null;
  // users-permissions creates its roles in its own bootstrap; without them, try again next start.
  if (!role) return;
  for (const handler of MEMBER_ACTIONS) {
    const action = memberActionUid(handler);
    const exists: unknown = await strapi.db
      .query(PERMISSION_UID)
      .findOne({ where: { action, role: role.id } });
    if (!exists) await strapi.db.query(PERMISSION_UID).create({ data: { action, role: role.id } });
  }
  await store.set({ value: { grantedAt: new Date().toISOString() } });
}

/** Members wiring in bootstrap: a billing point with property claims is in use; the resident actions. */
export async function bootstrapMembers(strapi: Core.Strapi): Promise<void> {
  getService(strapi, 'references').register(UID.billingPoint, async (documentId) => ({
    label: 'property claims',
    count: await strapi.db.query(UID.propertyClaim).count({ where: { billingPointRef: documentId } }),
  }));
  await grantResidentActions(strapi);
}
