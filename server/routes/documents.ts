import { adminRoute } from './admin-route';

/**
 * Billing documents (module "billing"): the issuer settings — the default issuer
 * and a building's override — read with documents.read, changed with
 * documents.settings (also the SMTP settings invoices are e-mailed with); an
 * invoice's PDF is read with charging.read, like the invoice; e-mailing an invoice
 * or a run's invoices needs documents.send. A credit note corrects a finalized
 * invoice, so issuing one needs charging.finalize (who may finalize and void);
 * reading one, and its PDF, charging.read.
 */
export const documentRoutes = [
  adminRoute('GET', '/invoices/:id/document.pdf', 'invoice-documents.pdf', 'charging.read'),
  adminRoute('POST', '/invoices/:id/send', 'invoice-delivery.sendInvoice', 'documents.send'),
  adminRoute('POST', '/charge-runs/:id/send', 'invoice-delivery.sendRun', 'documents.send'),
  adminRoute('POST', '/invoices/:id/credit-notes', 'credit-notes.create', 'charging.finalize'),
  adminRoute('GET', '/credit-notes', 'credit-notes.list', 'charging.read'),
  adminRoute('GET', '/credit-notes/:id/document.pdf', 'credit-notes.pdf', 'charging.read'),
  adminRoute('GET', '/credit-notes/:id', 'credit-notes.get', 'charging.read'),
  adminRoute('GET', '/parties/:id/statement', 'credit-notes.partyStatement', 'charging.read'),
  adminRoute('GET', '/document-settings/email', 'document-settings.getEmail', 'documents.read'),
  adminRoute('PUT', '/document-settings/email', 'document-settings.updateEmail', 'documents.settings'),
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
