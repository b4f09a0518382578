import type { Core } from '@strapi/strapi';
import { ACTIONS, actionUid, type ActionKey } from '../../src/permissions';
import type { Handler } from '../controllers';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * One admin route, guarded on the server: signed-in admin, then the module of
 * the action must be on (403 ModuleDisabledError), then the RBAC action
 * (403 PolicyError). The UI hides what a user may not do; this refuses it.
 */
export function adminRoute(
  method: Method,
  path: string,
  handler: Handler,
  actionKey: ActionKey | null,
): Core.RouteInput {
  const module = actionKey ? ACTIONS[actionKey].module : null;
  return {
    method,
    path,
    handler,
    config: {
      policies: [
        'admin::isAuthenticatedAdmin',
        ...(module ? [{ name: 'plugin::utilities.module-enabled', config: { module } }] : []),
        ...(actionKey
          ? [{ name: 'admin::hasPermissions', config: { actions: [actionUid(actionKey)] } }]
          : []),
      ],
    },
  };
}
