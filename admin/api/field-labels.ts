import type { MessageDescriptor } from 'react-intl';
import { msg, type Translate } from '../utils/useT';

/**
 * The label a person knows for an API field, so no error shows "unitPrice" or
 * "address.postalCode". Nested paths use their last known segment
 * ("address.city" → City); an unknown field is named generically.
 */
const LABELS: Record<string, MessageDescriptor> = {
  active: msg('field.active', 'Active'),
  address: msg('field.address', 'Address'),
  line1: msg('field.line1', 'Street and number'),
  line2: msg('field.line2', 'Address line 2'),
  postalCode: msg('field.postal-code', 'Postal code'),
  city: msg('field.city', 'City'),
  country: msg('field.country', 'Country'),
  aggregation: msg('field.aggregation', 'Aggregation'),
  base: msg('field.base', 'Base'),
  building: msg('field.building', 'Building'),
  code: msg('field.code', 'Code'),
  companyName: msg('field.company-name', 'Company name'),
  config: msg('field.config', 'Configuration'),
  currency: msg('field.currency', 'Currency'),
  description: msg('field.description', 'Description'),
  device: msg('field.device', 'Meter'),
  deviceType: msg('field.device-type', 'Meter type'),
  displayOrder: msg('field.display-order', 'Display order'),
  eGroup: msg('field.egroup', 'Group'),
  eId: msg('field.eid', 'ID'),
  email: msg('field.email', 'Email'),
  entryDate: msg('field.entry-date', 'Entry date'),
  exitDate: msg('field.exit-date', 'Exit date'),
  firstName: msg('field.first-name', 'First name'),
  fixedFeePerMonth: msg('field.fixed-fee', 'Fixed fee per month'),
  from: msg('field.from', 'From'),
  to: msg('field.to', 'To'),
  identifierSchema: msg('field.identifier-schema', 'Identifier schema'),
  kind: msg('field.kind', 'Kind'),
  label: msg('field.label', 'Label'),
  lastName: msg('field.last-name', 'Last name'),
  member: msg('field.member', 'Member'),
  name: msg('field.name', 'Name'),
  note: msg('field.note', 'Note'),
  notes: msg('field.notes', 'Notes'),
  owner: msg('field.owner', 'Owner'),
  party: msg('field.party', 'Party'),
  periodStart: msg('field.period-start', 'First day'),
  periodEnd: msg('field.period-end', 'Last day'),
  phone: msg('field.phone', 'Phone'),
  scope: msg('field.scope', 'Scope'),
  timezone: msg('field.timezone', 'Time zone'),
  timeZone: msg('field.timezone', 'Time zone'),
  ts: msg('field.ts', 'Time'),
  uid: msg('billing.badges.uid', 'UID'),
  unit: msg('field.unit', 'Unit'),
  unitPrice: msg('field.unit-price', 'Unit price'),
  usageMetric: msg('field.usage-metric', 'Usage metric'),
  utilityType: msg('field.utility-type', 'Utility type'),
  validFrom: msg('field.valid-from', 'Valid from'),
  validTo: msg('field.valid-to', 'Valid to'),
  vatRate: msg('field.vat-rate', 'VAT rate'),
  value: msg('field.value', 'Value'),
  meterNumber: msg('field.meter-number', 'Meter number'),
  manufacturer: msg('field.manufacturer', 'Manufacturer'),
  register: msg('field.register', 'Register'),
  handler: msg('field.handler', 'Source type'),
  schedule: msg('field.schedule', 'Schedule'),
  format: msg('field.format', 'File format'),
  tiers: msg('billing.rates.tiers-label', 'Tiers'),
  upTo: msg('billing.rates.tier-up-to', 'Up to'),
  tariffCalendar: msg('billing.rates.calendar', 'Tariff calendar'),
  bandPrices: msg('billing.rates.band-prices', 'Band prices'),
  components: msg('billing.rates.components', 'Price components'),
  demandPricePerKw: msg('billing.rates.demand-price', 'Demand price per kW (monthly peak)'),
  demandBands: msg('billing.rates.demand-bands', 'Peak counted in'),
  windows: msg('billing.calendars.windows-label', 'Windows'),
  band: msg('billing.calendars.band', 'Band'),
  days: msg('billing.calendars.days', 'Weekdays'),
  defaultBand: msg('billing.calendars.default-band', 'Default band'),
  holidayRegion: msg('billing.calendars.holiday-region', 'Public holidays of'),
  holidayDates: msg('billing.calendars.holiday-dates', 'Further holidays'),
  // Billing documents: the issuer and the SMTP settings, a credit note.
  vatNumber: msg('documents.field.vat-number', 'VAT number'),
  street: msg('documents.field.street', 'Street'),
  buildingNumber: msg('documents.field.building-number', 'No.'),
  town: msg('documents.field.town', 'Town'),
  logoFileId: msg('documents.logo.label', 'Logo'),
  iban: msg('documents.field.iban', 'IBAN or QR-IBAN'),
  paymentTermsDays: msg('documents.field.payment-terms', 'Payment terms (days)'),
  footer: msg('documents.field.footer', 'Footer text'),
  defaultLanguage: msg('documents.field.language', 'Default language'),
  invoiceNumberPattern: msg('documents.field.invoice-pattern', 'Invoice number pattern'),
  creditNoteNumberPattern: msg('documents.field.credit-note-pattern', 'Credit note number pattern'),
  host: msg('documents.email.host', 'Host'),
  port: msg('documents.email.port', 'Port'),
  user: msg('documents.email.user', 'User name'),
  password: msg('documents.email.password', 'Password'),
  fromAddress: msg('documents.email.from-address', 'Sender address'),
  fromName: msg('documents.email.from-name', 'Sender name'),
  replyTo: msg('documents.email.reply-to', 'Reply-to address'),
  reason: msg('documents.credit.reason', 'Reason'),
};

/** The catalogue's label for a field key ("timezone" → Zeitzone), or undefined when it has none. */
export function knownFieldLabel(key: string, t: Translate): string | undefined {
  return LABELS[key] ? t(LABELS[key]) : undefined;
}

export function fieldLabel(path: string, t: Translate): string {
  const segments = path.split('.').filter((s) => !/^\d+$/.test(s));
  for (const segment of [...segments].reverse()) {
    if (LABELS[segment]) return t(LABELS[segment]);
  }
  return t('field.unknown', 'A field');
}
