import readingCorrections from './reading-corrections';
import sumChecks from './sum-checks';
import validationRuns from './validation-runs';
import validationSettings from './validation-settings';

/** The VEE step's services (rules over stored readings, the correction queue), spread into services/index.ts. */
export const validationServices = {
  'validation-settings': validationSettings,
  'validation-runs': validationRuns,
  'reading-corrections': readingCorrections,
  'sum-checks': sumChecks,
};
