import device from './device';
import deviceType from './device-type';
import utilityDevicePair from './utility-device-pair';
import utilityType from './utility-type';

/** Every content type of the plugin, keyed by singular name (uid `plugin::utilities.<key>`). */
export default {
  'utility-type': utilityType,
  'device-type': deviceType,
  'utility-device-pair': utilityDevicePair,
  device,
};

export const UID = {
  utilityType: 'plugin::utilities.utility-type',
  deviceType: 'plugin::utilities.device-type',
  utilityDevicePair: 'plugin::utilities.utility-device-pair',
  device: 'plugin::utilities.device',
} as const;
