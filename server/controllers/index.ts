import activation from './activation';
import devices from './devices';
import deviceTypes from './device-types';
import settings from './settings';
import utilityTypes from './utility-types';

export default {
  activation,
  devices,
  'device-types': deviceTypes,
  settings,
  'utility-types': utilityTypes,
};
