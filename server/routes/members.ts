import type { Core } from '@strapi/strapi';
import type { Handler } from '../controllers';
import { adminRoute } from './admin-route';

/**
 * Members. Admins decide property claims (billing.read / billing.write) and view a
 * member's derived utility links read-only (links.read). Residents use the
 * content API `/api/utilities/me/…` with their users-permissions JWT.
 *
 * Only the users-permissions strategy authenticates the resident routes: an API
 * token has no user to be "me". Strapi derives one users-permissions action per
 * handler (`plugin::utilities.members.myUtilities` …); bootstrap grants them to
 * the Authenticated role on first start (config `members.grantAuthenticated`),
 * never to Public.
 */
export const MEMBER_ACTIONS = [
  'myUtilities',
  'myReadings',
  'myConsumption',
  'myInvoices',
  'myInvoiceDocument',
  'myCreditNotes',
  'myCreditNoteDocument',
  'myClaims',
  'fileClaim',
  'myNotices',
  'dismissNotice',
] as const;
export const memberActionUid = (handler: (typeof MEMBER_ACTIONS)[number]) =>
  `plugin::utilities.members.${handler}`;

const meRoute = (
  method: 'GET' | 'POST',
  path: string,
  handler: (typeof MEMBER_ACTIONS)[number],
): Core.RouteInput => ({
  method,
  path,
  handler: `members.${handler}` satisfies Handler,
  config: {
    auth: { scope: [memberActionUid(handler)], strategies: ['users-permissions'] },
    policies: [{ name: 'plugin::utilities.module-enabled', config: { module: 'devices' } }],
  },
});

export const memberAdminRoutes = [
  adminRoute('GET', '/property-claims', 'property-claims.list', 'billing.read'),
  adminRoute('POST', '/property-claims/:id/approve', 'property-claims.approve', 'billing.write'),
  adminRoute('POST', '/property-claims/:id/reject', 'property-claims.reject', 'billing.write'),
  adminRoute('GET', '/members', 'member-links.list', 'links.read'),
  adminRoute('GET', '/members/:userId/utility-links', 'member-links.utilityLinks', 'links.read'),
];

export const memberContentApiRoutes = [
  meRoute('GET', '/me/utilities', 'myUtilities'),
  meRoute('GET', '/me/utilities/:id/readings', 'myReadings'),
  meRoute('GET', '/me/consumption', 'myConsumption'),
  meRoute('GET', '/me/invoices', 'myInvoices'),
  meRoute('GET', '/me/invoices/:id/document.pdf', 'myInvoiceDocument'),
  meRoute('GET', '/me/credit-notes', 'myCreditNotes'),
  meRoute('GET', '/me/credit-notes/:id/document.pdf', 'myCreditNoteDocument'),
  meRoute('GET', '/me/claims', 'myClaims'),
  meRoute('POST', '/me/claims', 'fileClaim'),
  meRoute('GET', '/me/notices', 'myNotices'),
  meRoute('POST', '/me/notices/:id/dismiss', 'dismissNotice'),
];
