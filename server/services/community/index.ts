import communities from './communities';
import communityEnergy from './community-energy';

/** The solar-community feature's services, spread into services/index.ts. */
export const communityServices = {
  communities,
  'community-energy': communityEnergy,
};
