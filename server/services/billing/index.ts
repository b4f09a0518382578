import billingPoints from './billing-points';
import buildings from './buildings';
import meterInstallations from './meter-installations';
import occupancies from './occupancies';
import parties from './parties';
import rates from './rates';
import rfidBadges from './rfid-badges';
import tariffCalendars from './tariff-calendars';
import usageMetrics from './usage-metrics';

/** The billing feature's services, spread into services/index.ts. */
export const billingServices = {
  buildings,
  'billing-points': billingPoints,
  parties,
  occupancies,
  'meter-installations': meterInstallations,
  'rfid-badges': rfidBadges,
  rates,
  'tariff-calendars': tariffCalendars,
  'usage-metrics': usageMetrics,
};
