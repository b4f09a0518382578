import { catalogRoutes } from './catalog';
import { settingsRoutes } from './settings';

/**
 * Admin API under /utilities (admin JWT), one file per feature, each route next
 * to the action that guards it; DESIGN.md §5 is the contract.
 */
export default {
  admin: {
    type: 'admin',
    routes: [
      ...settingsRoutes,
      ...catalogRoutes,
    ],
  },
};
