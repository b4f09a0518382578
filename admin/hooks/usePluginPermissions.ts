import { useAuth } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import { ACTIONS, actionUid, type ActionKey } from '../../src/permissions';

type Area = ActionKey extends `${infer A}.${string}` ? A : never;
type VerbsOf<A extends Area> = Extract<ActionKey, `${A}.${string}`> extends `${A}.${infer V}` ? V : never;

/**
 * `usePluginPermissions('types')` → `{ can: { read, create, update, delete }, isLoading }`,
 * read from the signed-in user's permissions as the admin holds them.
 *
 * Why not Strapi's useRBAC: it checks once, when its list of actions changes, against
 * the user's permissions as they are at that moment. When the page renders before those
 * have arrived (a session being refreshed, a slow or retried request), it answers "no"
 * and never looks again — the page stays on "You don't have the permissions" until a
 * reload. Computed here from the permissions themselves, the flags follow them (also
 * after refetchPermissions, e.g. once a module is switched on). The plugin's actions
 * carry no conditions, so a role's permission list is the whole answer; the server
 * checks every request anyway.
 */
export function usePluginPermissions<A extends Area>(area: A) {
  const userPermissions = useAuth('usePluginPermissions', (state) => state.permissions);
  const isLoading = useAuth('usePluginPermissions', (state) => state.isLoading);
  const can = useMemo(() => {
    const granted = new Set(userPermissions.map((p) => p.action));
    const flags = {} as Record<VerbsOf<A>, boolean>;
    for (const key of Object.keys(ACTIONS) as ActionKey[]) {
      if (!key.startsWith(`${area}.`)) continue;
      (flags as Record<string, boolean>)[key.slice(area.length + 1)] = granted.has(actionUid(key));
    }
    return flags;
  }, [area, userPermissions]);
  return { can, isLoading };
}
