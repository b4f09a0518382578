import allocationRecords from './allocation-records';
import costItemImport from './cost-item-import';
import recordedPayments from './recorded-payments';
import settlementRuns from './settlement-runs';
import settlementStatements from './settlement-statements';

/** The cost-allocation feature's services, spread into services/index.ts. */
export const allocationServices = {
  'allocation-records': allocationRecords,
  'settlement-runs': settlementRuns,
  'cost-item-import': costItemImport,
  'recorded-payments': recordedPayments,
  'settlement-statements': settlementStatements,
};
