import channelJobs from './channel-jobs';
import channelPulls from './channel-pulls';
import channelSecrets from './channel-secrets';
import channels from './channels';
import handlers from './handlers';
import pullHealing from './pull-healing';

/** The channel feature's services, spread into services/index.ts. */
export const channelServices = {
  handlers,
  channels,
  'channel-pulls': channelPulls,
  'channel-jobs': channelJobs,
  'channel-secrets': channelSecrets,
  'pull-healing': pullHealing,
};
