import type { Core } from '@strapi/strapi';
import { allocationRoutes } from './allocation';
import { billingRoutes } from './billing';
import { catalogRoutes } from './catalog';
import { channelRoutes } from './channels';
import { chargingRoutes } from './charging';
import { communityRoutes } from './communities';
import { documentRoutes } from './documents';
import { ingestionRoutes } from './ingestion';
import { memberAdminRoutes, memberContentApiRoutes } from './members';
import { settingsRoutes } from './settings';
import { usageAdminRoutes, usageContentApiRoutes } from './usage';
import { validationRoutes } from './validation';

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
      ...ingestionRoutes,
      ...channelRoutes,
      ...billingRoutes,
      ...chargingRoutes,
      ...usageAdminRoutes,
      ...memberAdminRoutes,
      ...allocationRoutes,
      ...communityRoutes,
      ...validationRoutes,
      ...documentRoutes,
    ],
  },
  // Devices posting usage records (/api/utilities/…), with a Strapi API token.
  'content-api': {
    type: 'content-api',
    routes: [...usageContentApiRoutes, ...memberContentApiRoutes],
  },
} satisfies Record<string, Core.RouterInput>;
