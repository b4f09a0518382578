import { adminRoute } from './admin-route';

/**
 * Billing documents (module "billing"): the issuer settings — the default issuer
 * and a building's override — read with documents.read, changed with
 * documents.settings; an invoice's PDF is read with charging.read, like the invoice.
 */
export const documentRoutes = [
  adminRoute('GET', '/invoices/:id/document.pdf', 'invoice-documents.pdf', 'charging.read'),
  adminRoute('GET', '/document-settings', 'document-settings.get', 'documents.read'),
  adminRoute('PUT', '/document-settings', 'document-settings.update', 'documents.settings'),
  adminRoute('GET', '/document-settings/buildings/:id', 'document-settings.getBuilding', 'documents.read'),
  adminRoute(
    'PUT',
    '/document-settings/buildings/:id',
    'document-settings.updateBuilding',
    'documents.settings',
  ),
  adminRoute(
    'DELETE',
    '/document-settings/buildings/:id',
    'document-settings.deleteBuilding',
    'documents.settings',
  ),
];
