import usageDevices from './usage-devices';
import usageImports from './usage-imports';
import usageRecords from './usage-records';
import usageStore from './usage-store';

/** The usage-records feature's services, spread into services/index.ts. */
export const usageServices = {
  'usage-store': usageStore,
  'usage-devices': usageDevices,
  'usage-records': usageRecords,
  'usage-imports': usageImports,
};
