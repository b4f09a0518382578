import { adminRoute } from './admin-route';

/** Row details of ingested files, legacy-log reconstruction, and readings per device. */
export const ingestionRoutes = [
  adminRoute('GET', '/ingestion-logs/:id/rows', 'ingestion.logRows', 'ingestion-log.read'),
  adminRoute('POST', '/ingestion-logs/reconstruct-legacy', 'ingestion.reconstructLegacy', 'channels.write'),
  adminRoute('GET', '/devices/:id/readings', 'ingestion.deviceReadings', 'devices.read'),
  adminRoute('GET', '/devices/:id/consumption', 'ingestion.deviceConsumption', 'devices.read'),
];
