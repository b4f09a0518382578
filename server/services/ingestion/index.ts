import consumption from './consumption';
import deliveryArchives from './delivery-archives';
import ingestion from './ingestion';
import ingestionLogs from './ingestion-logs';
import readings from './readings';

/** The ingestion feature's services (stored readings and their log), spread into services/index.ts. */
export const ingestionServices = {
  ingestion,
  'ingestion-logs': ingestionLogs,
  readings,
  consumption,
  'delivery-archives': deliveryArchives,
};
