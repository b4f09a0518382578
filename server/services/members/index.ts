import members from './members';
import residentNotices from './resident-notices';

/** The members feature's services, spread into services/index.ts. */
export const membersServices = {
  members,
  'resident-notices': residentNotices,
};
