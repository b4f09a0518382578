import { adminRoute } from './admin-route';

/**
 * Charging (module "billing"): charge runs and their invoices. Running needs
 * charging.run; finalizing and voiding charging.finalize; reading (runs,
 * invoices, the statement of building charges, the documents' ZIP) charging.read. Changing a draft
 * invoice's note is part of preparing the run (charging.run).
 */
export const chargingRoutes = [
  adminRoute('GET', '/charge-runs', 'charge-runs.list', 'charging.read'),
  adminRoute('POST', '/charge-runs', 'charge-runs.run', 'charging.run'),
  adminRoute('GET', '/charge-runs/:id/statement.csv', 'charge-runs.statementCsv', 'charging.read'),
  adminRoute('GET', '/charge-runs/:id/statement.xlsx', 'charge-runs.statementXlsx', 'charging.read'),
  adminRoute('GET', '/charge-runs/:id/documents.zip', 'charge-runs.documentsZip', 'charging.read'),
  adminRoute('GET', '/charge-runs/:id', 'charge-runs.get', 'charging.read'),
  adminRoute('POST', '/charge-runs/:id/finalize', 'charge-runs.finalize', 'charging.finalize'),
  adminRoute('POST', '/charge-runs/:id/void', 'charge-runs.void', 'charging.finalize'),
  adminRoute('GET', '/invoices', 'invoices.list', 'charging.read'),
  adminRoute('GET', '/invoices/:id', 'invoices.get', 'charging.read'),
  adminRoute('PUT', '/invoices/:id', 'invoices.update', 'charging.run'),
];
