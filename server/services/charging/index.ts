import chargeRuns from './charge-runs';
import chargeSchedule from './charge-schedule';

/** The charging feature's services, spread into services/index.ts. */
export const chargingServices = {
  'charge-runs': chargeRuns,
  'charge-schedule': chargeSchedule,
};
