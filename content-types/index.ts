import utilityType from './utility-type';

/** Every content type of the plugin, keyed by singular name (uid `plugin::utilities.<key>`). */
export default {
  'utility-type': utilityType,
};

export const UID = {
  utilityType: 'plugin::utilities.utility-type',
} as const;
