import type { Core } from '@strapi/strapi';
import { MEMBER_ACTIONS, memberActionUid } from './routes/members';
import type { PluginConfig } from './config';
import { UID } from '../content-types';
import { getService } from './plugin';

const ROLE_UID = 'plugin::users-permissions.role';
const PERMISSION_UID = 'plugin::users-permissions.permission';
/** The resident actions of the versions whose store held one flag instead of a list. */
const FIRST_RESIDENT_ACTIONS = [
  'myUtilities',
  'myReadings',
  'myConsumption',
  'myInvoices',
  'myClaims',
  'fileClaim',
] as const satisfies readonly (typeof MEMBER_ACTIONS)[number][];

/**
 * On first start, give the users-permissions Authenticated role the resident
 * actions (`/api/utilities/me/…`), so a signed-in member can use them without an
 * admin ticking the boxes. Each action is granted once (the plugin store records
 * which): if an admin later unticks one, a restart does not tick it again, while
 * an action a newer version adds (e.g. the invoice PDF) is granted on its first
 * start. Never the Public role. Off with config `members.grantAuthenticated: false`.
 */
export async function grantResidentActions(strapi: Core.Strapi): Promise<void> {
  const config = strapi.config.get<PluginConfig>('plugin::utilities');
  if (config.members?.grantAuthenticated === false) return;
  if (!strapi.plugin('users-permissions')) return;
  const store = strapi.store({ type: 'plugin', name: 'utilities', key: 'members-authenticated-granted' });
  const granted = (await store.get({})) as { grantedAt?: string; actions?: string[] } | null;
  // Before the store listed actions, one flag stood for the six actions of that version.
  const done = new Set<string>(
    granted?.actions ?? (granted ? FIRST_RESIDENT_ACTIONS.map(memberActionUid) : []),
  );
  const pending = MEMBER_ACTIONS.map(memberActionUid).filter((a) => !done.has(a));
  if (!pending.length) return;
  const role = (await strapi.db.query(ROLE_UID).findOne({ where: { type: 'authenticated' } })) as {
    id: number;
  } | null;
  // users-permissions creates its roles in its own bootstrap; without them, try again next start.
  if (!role) return;
  for (const action of pending) {
    const exists: unknown = await strapi.db
      .query(PERMISSION_UID)
      .findOne({ where: { action, role: role.id } });
    if (!exists) await strapi.db.query(PERMISSION_UID).create({ data: { action, role: role.id } });
  }
  await store.set({
    value: { grantedAt: new Date().toISOString(), actions: [...done, ...pending] },
  });
}

/** Members wiring in bootstrap: a billing point with property claims is in use; the resident actions. */
export async function bootstrapMembers(strapi: Core.Strapi): Promise<void> {
  getService(strapi, 'references').register(UID.billingPoint, async (documentId) => ({
    label: 'property claims',
    count: await strapi.db.query(UID.propertyClaim).count({ where: { billingPointRef: documentId } }),
  }));
  await grantResidentActions(strapi);
}
