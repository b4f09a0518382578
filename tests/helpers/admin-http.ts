import { actionUid, type ActionKey } from '../../src/permissions';

/**
 * Admin accounts through Strapi's own admin API (for tests against a running
 * playground process, where the in-process services aren't reachable).
 */
async function call(url: string, method: string, token: string | null, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as { data?: any; error?: unknown } | null;
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
  return json?.data;
}

export async function adminLogin(baseUrl: string, email: string, password: string): Promise<string> {
  return (await call(`${baseUrl}/admin/login`, 'POST', null, { email, password })).token;
}

export type RawPermission = { action: string; subject: string | null; properties?: Record<string, unknown> };

/**
 * Creates a role holding exactly `actions` (plus `extra` permissions of other plugins,
 * e.g. Content Manager access to a content type) and an active user in it; returns the credentials.
 */
export async function createEditor(
  baseUrl: string,
  superToken: string,
  name: string,
  actions: ActionKey[],
  extra: RawPermission[] = [],
) {
  const role = await call(`${baseUrl}/admin/roles`, 'POST', superToken, {
    name,
    description: `Test role: ${actions.join(', ')}`,
  });
  await call(`${baseUrl}/admin/roles/${role.id}/permissions`, 'PUT', superToken, {
    permissions: [
      ...actions.map((a) => ({ action: actionUid(a), subject: null, properties: {}, conditions: [] })),
      ...extra.map((p) => ({ properties: {}, ...p, conditions: [] })),
    ],
  });
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}@example.test`;
  const password = 'Editor-Passw0rd!';
  const user = await call(`${baseUrl}/admin/users`, 'POST', superToken, {
    email,
    firstname: name,
    lastname: 'Tester',
    roles: [role.id],
  });
  await call(`${baseUrl}/admin/register`, 'POST', null, {
    registrationToken: user.registrationToken,
    userInfo: { firstname: name, lastname: 'Tester', password },
  });
  return { email, password };
}
