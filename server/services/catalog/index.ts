import activation from './activation';
import devices from './devices';
import deviceTypes from './device-types';
import utilityTypes from './utility-types';

/** The catalog feature's services, spread into services/index.ts. */
export const catalogServices = {
  'utility-types': utilityTypes,
  'device-types': deviceTypes,
  devices,
  activation,
};
