import { adminRoute } from './admin-route';
import { crudRoutes } from './crud-routes';

/**
 * Billing (module "billing"): buildings, billing points with their occupancies,
 * moves, coverage and meters, parties, RFID badges (billing.read / billing.write);
 * rates and usage metrics (rates.read / rates.write). Fixed paths such as
 * /rfid-badges/lookup come before /rfid-badges/:id, which would swallow them.
 */
export const billingRoutes = [
  ...crudRoutes('buildings', 'buildings', 'billing.read', 'billing.write'),

  ...crudRoutes('billing-points', 'billing-points', 'billing.read', 'billing.write'),
  adminRoute('GET', '/billing-points/:id/occupancies', 'billing-points.occupancies', 'billing.read'),
  adminRoute('POST', '/billing-points/:id/occupancies', 'billing-points.addOccupancy', 'billing.write'),
  adminRoute(
    'PUT',
    '/billing-points/:id/occupancies/:occupancyId',
    'billing-points.updateOccupancy',
    'billing.write',
  ),
  adminRoute(
    'DELETE',
    '/billing-points/:id/occupancies/:occupancyId',
    'billing-points.deleteOccupancy',
    'billing.write',
  ),
  adminRoute('GET', '/billing-points/:id/occupant', 'billing-points.occupant', 'billing.read'),
  adminRoute('POST', '/billing-points/:id/move', 'billing-points.move', 'billing.write'),
  adminRoute('GET', '/billing-points/:id/coverage', 'billing-points.coverage', 'billing.read'),
  adminRoute('GET', '/billing-points/:id/meters', 'billing-points.meters', 'billing.read'),
  adminRoute('GET', '/billing-points/:id/consumption', 'billing-points.consumption', 'billing.read'),
  adminRoute('POST', '/billing-points/:id/meters', 'billing-points.addMeter', 'billing.write'),
  adminRoute(
    'PUT',
    '/billing-points/:id/meters/:installationId',
    'billing-points.updateMeter',
    'billing.write',
  ),
  adminRoute(
    'DELETE',
    '/billing-points/:id/meters/:installationId',
    'billing-points.deleteMeter',
    'billing.write',
  ),

  adminRoute('GET', '/occupancies', 'occupancies.list', 'billing.read'),
  adminRoute('GET', '/meter-installations', 'meter-installations.list', 'billing.read'),
  adminRoute('POST', '/meter-installations', 'meter-installations.link', 'billing.write'),

  ...crudRoutes('parties', 'parties', 'billing.read', 'billing.write'),

  adminRoute('GET', '/rfid-badges/lookup', 'rfid-badges.lookup', 'billing.read'),
  ...crudRoutes('rfid-badges', 'rfid-badges', 'billing.read', 'billing.write'),

  adminRoute('GET', '/rates/effective', 'rates.effective', 'rates.read'),
  adminRoute('GET', '/rates/:id/history', 'rates.history', 'rates.read'),
  ...crudRoutes('rates', 'rates', 'rates.read', 'rates.write'),
  ...crudRoutes('tariff-calendars', 'tariff-calendars', 'rates.read', 'rates.write'),
  ...crudRoutes('usage-metrics', 'usage-metrics', 'rates.read', 'rates.write'),
];
