import modules from './modules';
import references from './references';
import utilityTypes from './utility-types';

export default {
  modules,
  references,
  'utility-types': utilityTypes,
};
