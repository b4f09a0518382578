import { getFetchClient, type RBACMiddleware } from '@strapi/strapi/admin';
import { moduleOfAction } from '../../src/permissions';
import type { ModuleStates } from '../../src/modules';

/**
 * An admin RBAC middleware: a permission of a disabled module is treated as not
 * granted. So a disabled module's settings links and menu entries disappear and
 * its buttons hide, everywhere the admin checks permissions. (The server refuses
 * the routes regardless: 403 ModuleDisabledError.)
 */
const CACHE_MS = 5000;
let cached: { at: number; states: Promise<ModuleStates | null> } | null = null;

export function forgetModuleStates() {
  cached = null;
}

function moduleStates(): Promise<ModuleStates | null> {
  if (!cached || Date.now() - cached.at > CACHE_MS) {
    const states = getFetchClient()
      .get<{ data: ModuleStates }>('/utilities/modules')
      .then((res) => res.data.data)
      // Not signed in yet, or the server is down: don't hide anything on a guess.
      .catch(() => null);
    cached = { at: Date.now(), states };
  }
  return cached.states;
}

export const moduleFilter: RBACMiddleware = () => (next) => async (permissions) => {
  if (!permissions.some((p) => moduleOfAction(p.action))) return next(permissions);
  const states = await moduleStates();
  if (!states) return next(permissions);
  return next(
    permissions.filter((p) => {
      const module = moduleOfAction(p.action);
      return module === null || states[module];
    }),
  );
};
