import { adminRoute } from './admin-route';
import { crudRoutes } from './crud-routes';

/**
 * Cost allocation (module "billing"): cost items, keys, schemes, measured key
 * figures, advances and recorded payments are read with allocation.read and written with
 * allocation.write; settlement runs are drafted with allocation.run, finalized
 * and voided with allocation.finalize; a run, its exports and a party's
 * statement as a PDF are read with allocation.read.
 */
export const allocationRoutes = [
  // Before the CRUD routes, so /cost-items/import is not taken for an id.
  adminRoute('POST', '/cost-items/import', 'cost-items.import', 'allocation.write'),
  ...crudRoutes('cost-items', 'cost-items', 'allocation.read', 'allocation.write'),
  ...crudRoutes('allocation-keys', 'allocation-keys', 'allocation.read', 'allocation.write'),
  ...crudRoutes('allocation-schemes', 'allocation-schemes', 'allocation.read', 'allocation.write'),
  ...crudRoutes('allocation-measurements', 'allocation-measurements', 'allocation.read', 'allocation.write'),
  ...crudRoutes('advance-payments', 'advance-payments', 'allocation.read', 'allocation.write'),
  ...crudRoutes('recorded-payments', 'recorded-payments', 'allocation.read', 'allocation.write'),
  adminRoute('GET', '/settlement-runs', 'settlement-runs.list', 'allocation.read'),
  adminRoute('POST', '/settlement-runs', 'settlement-runs.run', 'allocation.run'),
  adminRoute('GET', '/settlement-runs/:id/statements.csv', 'settlement-runs.csv', 'allocation.read'),
  adminRoute('GET', '/settlement-runs/:id/statements.xlsx', 'settlement-runs.xlsx', 'allocation.read'),
  adminRoute(
    'GET',
    '/settlement-runs/:id/statements/:statementId/document.pdf',
    'settlement-runs.statementPdf',
    'allocation.read',
  ),
  adminRoute('GET', '/settlement-runs/:id', 'settlement-runs.get', 'allocation.read'),
  adminRoute('POST', '/settlement-runs/:id/finalize', 'settlement-runs.finalize', 'allocation.finalize'),
  adminRoute('POST', '/settlement-runs/:id/void', 'settlement-runs.void', 'allocation.finalize'),
];
