import modules from './modules';
import references from './references';

/** Services every feature uses, spread into services/index.ts. */
export const commonServices = {
  modules,
  references,
};
