import activation from './activation';
import chargeRuns from './charge-runs';
import chargeSchedule from './charge-schedule';
import { billingServices } from './billing-services';
import { channelServices } from './channel-services';
import consumption from './consumption';
import devices from './devices';
import deviceTypes from './device-types';
import ingestion from './ingestion';
import members from './members';
import modules from './modules';
import readings from './readings';
import references from './references';
import { usageServices } from './usage-services';
import utilityTypes from './utility-types';

export default {
  activation,
  consumption,
  devices,
  'device-types': deviceTypes,
  ingestion,
  members,
  modules,
  readings,
  references,
  'utility-types': utilityTypes,
  ...channelServices,
  ...billingServices,
  ...usageServices,
  'charge-runs': chargeRuns,
  'charge-schedule': chargeSchedule,
};
