import { useRBAC } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import { ACTIONS, actionUid, type ActionKey } from '../../src/permissions';

type Area = ActionKey extends `${infer A}.${string}` ? A : never;
type VerbsOf<A extends Area> = Extract<ActionKey, `${A}.${string}`> extends `${A}.${infer V}` ? V : never;

/**
 * `usePluginPermissions('types')` → `{ can: { read, create, update, delete }, isLoading }`.
 * One area at a time because Strapi's useRBAC names its flags after the action's
 * last segment only (types.read and devices.read would both be `canRead`).
 */
export function usePluginPermissions<A extends Area>(area: A) {
  const permissions = useMemo(
    () =>
      (Object.keys(ACTIONS) as ActionKey[])
        .filter((key) => key.startsWith(`${area}.`))
        .map((key) => ({ action: actionUid(key), subject: null })),
    [area],
  );
  const { allowedActions, isLoading } = useRBAC(permissions);
  const can = useMemo(() => {
    const flags = {} as Record<VerbsOf<A>, boolean>;
    for (const { action } of permissions) {
      const verb = action.split('.').pop() as string;
      (flags as Record<string, boolean>)[verb] = Boolean(
        (allowedActions as Record<string, boolean>)[`can${verb.charAt(0).toUpperCase()}${verb.slice(1)}`],
      );
    }
    return flags;
  }, [allowedActions, permissions]);
  return { can, isLoading };
}
