import activation from './activation';
import { allocationControllers } from './allocation';
import { billingControllers } from './billing';
import { channelControllers } from './channels';
import { chargingControllers } from './charging';
import devices from './devices';
import deviceTypes from './device-types';
import ingestion from './ingestion';
import { memberAdminControllers } from './members';
import settings from './settings';
import usageRecords from './usage-records';
import utilityTypes from './utility-types';

export default {
  activation,
  devices,
  'device-types': deviceTypes,
  ingestion,
  settings,
  'utility-types': utilityTypes,
  ...channelControllers,
  ...billingControllers,
  ...chargingControllers,
  'usage-records': usageRecords,
  ...memberAdminControllers,
  ...allocationControllers,
};
