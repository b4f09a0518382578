import settings from './settings';
import utilityTypes from './utility-types';

export default {
  settings,
  'utility-types': utilityTypes,
};
