import { allocationServices } from './allocation';
import { billingServices } from './billing';
import { catalogServices } from './catalog';
import { channelServices } from './channels';
import { chargingServices } from './charging';
import { commonServices } from './common';
import { documentServices } from './documents';
import { communityServices } from './community';
import { ingestionServices } from './ingestion';
import { membersServices } from './members';
import { usageServices } from './usage';
import { validationServices } from './validation';

/** Every service of the plugin, one folder per feature. */
export default {
  ...commonServices,
  ...catalogServices,
  ...channelServices,
  ...ingestionServices,
  ...usageServices,
  ...billingServices,
  ...chargingServices,
  ...membersServices,
  ...allocationServices,
  ...documentServices,
  ...communityServices,
  ...validationServices,
};
