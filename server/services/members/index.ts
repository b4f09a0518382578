import members from './members';

/** The members feature's services, spread into services/index.ts. */
export const membersServices = {
  members,
};
