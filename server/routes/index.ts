import { adminRoute } from './admin-route';

/**
 * Admin API under /utilities (admin JWT). Each feature lists its routes here, next
 * to the action that guards them; DESIGN.md §5 is the contract.
 */
const admin = [
  adminRoute('GET', '/modules', 'settings.modules', null),
  adminRoute('GET', '/settings', 'settings.get', 'settings.read'),
  adminRoute('PUT', '/settings', 'settings.update', 'settings.write'),

  adminRoute('GET', '/utility-types', 'utility-types.list', 'types.read'),
  adminRoute('POST', '/utility-types', 'utility-types.create', 'types.create'),
  adminRoute('GET', '/utility-types/:id', 'utility-types.get', 'types.read'),
  adminRoute('PUT', '/utility-types/:id', 'utility-types.update', 'types.update'),
  adminRoute('DELETE', '/utility-types/:id', 'utility-types.delete', 'types.delete'),
];

export default {
  admin: { type: 'admin', routes: admin },
};
