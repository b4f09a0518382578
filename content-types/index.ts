import channel from './channel';
import device from './device';
import deviceType from './device-type';
import ingestionLog from './ingestion-log';
import utilityDevicePair from './utility-device-pair';
import utilityType from './utility-type';
import billingPoint from './billing-point';
import building from './building';
import meterInstallation from './meter-installation';
import occupancy from './occupancy';
import party from './party';
import rate from './rate';
import rateChange from './rate-change';
import tariffCalendar from './tariff-calendar';
import rfidBadge from './rfid-badge';
import usageMetric from './usage-metric';
import propertyClaim from './property-claim';
import chargeRun from './charge-run';
import invoice from './invoice';
import costItem from './cost-item';
import allocationKey from './allocation-key';
import allocationScheme from './allocation-scheme';
import allocationMeasurement from './allocation-measurement';
import advancePayment from './advance-payment';
import recordedPayment from './recorded-payment';
import settlementRun from './settlement-run';
import documentIssuer from './document-issuer';
import community from './community';
import creditNote from './credit-note';

/** Every content type of the plugin, keyed by singular name (uid `plugin::utilities.<key>`). */
export default {
  'utility-type': utilityType,
  'device-type': deviceType,
  'utility-device-pair': utilityDevicePair,
  device,
  channel,
  'ingestion-log': ingestionLog,
  building,
  'billing-point': billingPoint,
  party,
  occupancy,
  'meter-installation': meterInstallation,
  'rfid-badge': rfidBadge,
  rate,
  'rate-change': rateChange,
  'tariff-calendar': tariffCalendar,
  'usage-metric': usageMetric,
  'property-claim': propertyClaim,
  'charge-run': chargeRun,
  invoice,
  'cost-item': costItem,
  'allocation-key': allocationKey,
  'allocation-scheme': allocationScheme,
  'allocation-measurement': allocationMeasurement,
  'advance-payment': advancePayment,
  'recorded-payment': recordedPayment,
  'settlement-run': settlementRun,
  'document-issuer': documentIssuer,
  community,
  'credit-note': creditNote,
};

export const UID = {
  utilityType: 'plugin::utilities.utility-type',
  deviceType: 'plugin::utilities.device-type',
  utilityDevicePair: 'plugin::utilities.utility-device-pair',
  device: 'plugin::utilities.device',
  channel: 'plugin::utilities.channel',
  ingestionLog: 'plugin::utilities.ingestion-log',
  building: 'plugin::utilities.building',
  billingPoint: 'plugin::utilities.billing-point',
  party: 'plugin::utilities.party',
  occupancy: 'plugin::utilities.occupancy',
  meterInstallation: 'plugin::utilities.meter-installation',
  rfidBadge: 'plugin::utilities.rfid-badge',
  rate: 'plugin::utilities.rate',
  rateChange: 'plugin::utilities.rate-change',
  tariffCalendar: 'plugin::utilities.tariff-calendar',
  usageMetric: 'plugin::utilities.usage-metric',
  propertyClaim: 'plugin::utilities.property-claim',
  chargeRun: 'plugin::utilities.charge-run',
  invoice: 'plugin::utilities.invoice',
  costItem: 'plugin::utilities.cost-item',
  allocationKey: 'plugin::utilities.allocation-key',
  allocationScheme: 'plugin::utilities.allocation-scheme',
  allocationMeasurement: 'plugin::utilities.allocation-measurement',
  advancePayment: 'plugin::utilities.advance-payment',
  recordedPayment: 'plugin::utilities.recorded-payment',
  settlementRun: 'plugin::utilities.settlement-run',
  documentIssuer: 'plugin::utilities.document-issuer',
  community: 'plugin::utilities.community',
  creditNote: 'plugin::utilities.credit-note',
} as const;
