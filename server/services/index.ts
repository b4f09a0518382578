import activation from './activation';
import devices from './devices';
import deviceTypes from './device-types';
import modules from './modules';
import references from './references';
import utilityTypes from './utility-types';

export default {
  activation,
  devices,
  'device-types': deviceTypes,
  modules,
  references,
  'utility-types': utilityTypes,
};
