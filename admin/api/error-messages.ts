import type { MessageDescriptor } from 'react-intl';
import { makeFormatter } from '../utils/format';
import { msg, type MessageValues, type Translate } from '../utils/useT';
import { CREDIT_NOTE_MESSAGES } from './credit-note-messages';
import { fieldLabel } from './field-labels';

/**
 * Strapi error bodies in the admin's language, without the admin's fetch client
 * (so a unit test can run them with react-intl alone). The server's domain
 * errors carry a stable `details.code` and `details.params` beside their English
 * message; a code the catalogue knows is shown translated
 * (`utilities.error.<code>`), anything else falls back to the server's text. A
 * field problem names its field by its label, never by the API path.
 */
export type ApiFailure = {
  status?: number;
  name: string;
  code?: string;
  message: string;
  fieldErrors: Record<string, string>;
};

type Problem = { path?: string[]; message: string; code?: string; params?: MessageValues };
export type ErrorBody = {
  status?: number;
  name: string;
  message: string;
  details?: { code?: string; params?: MessageValues; errors?: Problem[] };
};

/** Domain error codes the admin translates (server: src/common/errors.ts). */
const ERROR_MESSAGES: Record<string, MessageDescriptor> = {
  'database-unavailable': msg(
    'error.database-unavailable',
    'The database is not answering right now. Nothing was saved half-way; try again in a moment.',
  ),
  'usage-import.database-unavailable': msg(
    'error.usage-import.database-unavailable',
    'The database stopped answering while the file was being stored and did not come back in time. Nothing from this file was kept; upload it again in a moment.',
  ),
  'usage-import.reader-out-of-memory': msg(
    'error.usage-import.reader-out-of-memory',
    'Reading this file needs more memory than an upload may use ({limitMb, number} MB). Split it into smaller files, or ask your operator to raise usage.import.readerHeapMb.',
  ),
  'cost-import.database-unavailable': msg(
    'error.cost-import.database-unavailable',
    'The database stopped answering at line {line, number} and did not come back in time; {created, plural, one {# line before it was} other {# lines before it were}} stored. Import the file again in a moment: stored lines come back as duplicates.',
  ),
  'not-found': msg('error.not-found', '{entity} “{id}” was not found'),
  validation: msg('error.validation', '{field}: {problem}'),
  'validation-many': msg(
    'error.validation-many',
    '{field}: {problem} (and {more, plural, one {# more problem} other {# more problems}})',
  ),
  'occupancy-overlap': msg(
    'error.occupancy-overlap',
    'The billing point is already occupied by {occupant} ({from} – {to}), which overlaps the dates entered.{earliest, select, none {} other { The exit date is the last day occupied, so the next occupant can enter on {earliest} at the earliest.}}',
  ),
  'rate-used': msg(
    'error.rate-used',
    '{action, select, deleted {This rate can’t be deleted} other {This rate can’t be changed}}: a {runStatus, select, finalized {finalized} other {draft}} charge run for {from} – {to} used it. {action, select, deleted {Void or re-run that draft with another rate, or end the rate with “Valid to”.} other {Add a new rate from the day the price changes with “Change prices”.}}',
  ),
  'calendar-breaks-rates': msg(
    'error.calendar-breaks-rates',
    'Tariff calendar {calendar} can’t change this way: {rates} would be left with a band without a price or a price without a band. Change those rates first.',
  ),
  'period-finalized': msg(
    'error.period-finalized',
    'The period {from} – {to} of this building is finalized (settlement {run}). {what, select, costs {Its costs can’t change until that settlement is voided.} other {Void that settlement first to settle the period again.}}',
  ),
  'settlement-not-draft': msg(
    'error.settlement-not-draft',
    'This settlement is {status, select, finalized {already finalized} void {void} other {not a draft}}: {status, select, void {it can’t be changed any more.} other {only a draft can be finalized.}}',
  ),
  'settlement-has-exceptions': msg(
    'error.settlement-has-exceptions',
    'This settlement can’t be finalized yet: {count, plural, one {# exception} other {# exceptions}}, {unallocated} {currency} not allocated. Resolve them and run the settlement again.',
  ),
  'allocation-duplicate': msg(
    'error.allocation-duplicate',
    '{entity} already exists for this target; change that one instead.',
  ),
  'cost-item-duplicate': msg(
    'error.cost-item-duplicate',
    'This building already has this cost: {category}, {amount} on {date}{hasSupplier, select, yes { from {supplier}} other {}}. It is not stored again.',
  ),
  'cost-item-unknown-category': msg(
    'error.cost-item-unknown-category',
    'Category “{category}” is neither a default category nor defined by a scheme of this building.',
  ),
  'cost-item-credit-category': msg(
    'error.cost-item-credit-category',
    'A negative amount is a credit and belongs in a credit category; “{category}” is not one.',
  ),
  'payment-amount-negative': msg(
    'error.payment-amount-negative',
    'A negative amount is money paid back: record it as a refund.',
  ),
  'payment-refund-positive': msg(
    'error.payment-refund-positive',
    'A refund is money paid back: enter its amount as a negative number.',
  ),
  'payment-amount-zero': msg('error.payment-amount-zero', 'The amount must not be 0.'),
  'payment-amount-cents': msg('error.payment-amount-cents', 'The amount must be a whole number of cents.'),
  'payment-party-not-occupant': msg(
    'error.payment-party-not-occupant',
    'This party has never occupied billing point {point}; record the payment on the billing point it rents.',
  ),
  'payment-unknown-group': msg(
    'error.payment-unknown-group',
    '“{group}” is not the advance group of any cost category of this building.',
  ),
  'allocation-key-zero': msg(
    'error.allocation-key-zero',
    'Category {category} is shared by {key}, but that key adds up to 0 over the building’s billing points. Enter the keys or change the scheme.',
  ),
  'allocation-occupancies-overlap': msg(
    'error.allocation-occupancies-overlap',
    'Two occupancies of {billingPoint} overlap; one day can’t be shared. Correct the entry or exit dates.',
  ),
  'activation-in-use': msg(
    'error.activation-in-use',
    '{count, plural, one {# meter} other {# meters}} tagged {utilityType} rely on the pairing you are removing. If you remove it anyway, they keep their tag and are marked “not activated”.',
  ),
};

/** Entity names for `{entity}` in the messages above. */
const ENTITIES: Record<string, MessageDescriptor> = {
  'billing-point': msg('error.entity.billing-point', 'Billing point'),
  building: msg('error.entity.building', 'Building'),
  party: msg('error.entity.party', 'Party'),
  invoice: msg('error.entity.invoice', 'Invoice'),
  utility: msg('error.entity.utility', 'Utility'),
  'utility-type': msg('error.entity.utility-type', 'Utility type'),
  'usage-import': msg('error.entity.usage-import', 'Usage import'),
  rate: msg('error.entity.rate', 'Rate'),
  'property-claim': msg('error.entity.property-claim', 'Property claim'),
  occupancy: msg('error.entity.occupancy', 'Occupancy'),
  'meter-installation': msg('error.entity.meter-installation', 'Meter installation'),
  member: msg('error.entity.member', 'Member'),
  'ingestion-log': msg('error.entity.ingestion-log', 'Ingestion log'),
  device: msg('error.entity.device', 'Meter'),
  'device-type': msg('error.entity.device-type', 'Meter type'),
  'charge-run': msg('error.entity.charge-run', 'Charge run'),
  channel: msg('error.entity.channel', 'Channel'),
  badge: msg('error.entity.badge', 'RFID badge'),
  'usage-metric': msg('error.entity.usage-metric', 'Usage metric'),
  record: msg('error.entity.record', 'Record'),
  'cost-item': msg('error.entity.cost-item', 'Cost item'),
  'allocation-keys': msg('error.entity.allocation-keys', 'Allocation keys'),
  'allocation-scheme': msg('error.entity.allocation-scheme', 'Allocation scheme'),
  measurement: msg('error.entity.measurement', 'Meter figure'),
  'advance-payment': msg('error.entity.advance-payment', 'Advance payment'),
  'recorded-payment': msg('error.entity.recorded-payment', 'Payment'),
  'settlement-run': msg('error.entity.settlement-run', 'Settlement'),
};

/** Allocation keys for `{key}` in the messages above (src/allocation/keys.ts). */
const KEYS: Record<string, MessageDescriptor> = {
  area: msg('error.key.area', 'heated area (m²)'),
  'value-quota': msg('error.key.value-quota', 'value quota (‰)'),
  persons: msg('error.key.persons', 'persons'),
  units: msg('error.key.units', 'units'),
  heat: msg('error.key.heat', 'heat meter (kWh)'),
  'hot-water': msg('error.key.hot-water', 'hot-water meter (m³)'),
  'cold-water': msg('error.key.cold-water', 'cold-water meter (m³)'),
};

/** Problems with a field, by zod's issue code (the server passes it through). */
const PROBLEMS: Record<string, MessageDescriptor> = {
  invalid_type: msg('error.problem.invalid-type', 'missing or of the wrong kind'),
  too_small: msg('error.problem.too-small', 'too small or too short'),
  too_big: msg('error.problem.too-big', 'too large or too long'),
  invalid_format: msg('error.problem.invalid-format', 'not in the expected format'),
  invalid_value: msg('error.problem.invalid-value', 'not one of the allowed values'),
  unrecognized_keys: msg('error.problem.unknown-field', 'not a field this form knows'),
};

/** A coded message the admin words itself: a domain error's, or a credit note refusal's. */
const descriptorOf = (code: string | undefined) =>
  code ? (ERROR_MESSAGES[code] ?? CREDIT_NOTE_MESSAGES[code]) : undefined;

/** Decimal text in the locale, its decimals kept as written ("186.00" → "186,00" in German). */
function decimalText(value: string, locale: string): string {
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  const decimals = Math.min(20, value.split('.')[1]?.length ?? 0);
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(n);
}

function translated(
  code: string | undefined,
  params: MessageValues | undefined,
  t: Translate,
): string | null {
  const descriptor = descriptorOf(code);
  if (!descriptor) return null;
  // Calendar dates in params ("2031-01-01") are shown in the admin's format; an open end as "open";
  // amounts and quantities (`…Money`, `…Value`) with the locale's decimal sign.
  const fmt = makeFormatter(t.locale, t);
  const values: MessageValues = Object.fromEntries(
    Object.entries(params ?? {}).map(([key, value]) => [
      key,
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? fmt.date(value)
        : typeof value === 'string' && /(Money|Value)$/.test(key)
          ? decimalText(value, t.locale)
          : value === null && key === 'to'
            ? t('members.open-ended', 'open')
            : value,
    ]),
  );
  if (typeof values.entity === 'string') {
    const entity = ENTITIES[values.entity];
    values.entity = entity ? t(entity) : values.entity;
  }
  if (typeof values.field === 'string') values.field = fieldLabel(values.field, t);
  if (typeof values.key === 'string' && KEYS[values.key]) values.key = t(KEYS[values.key]);
  if (typeof values.problem === 'string' && PROBLEMS[values.problem])
    values.problem = t(PROBLEMS[values.problem]);
  return t(descriptor, values);
}

/**
 * One field problem in words. The server's English message is the most precise
 * ("Must be a yyyy-MM-dd date"), so English shows it; other languages show the
 * problem by its code when the catalogue has it, else the server's text.
 */
export function problemText(problem: Problem, t: Translate): string {
  // A problem with a code of its own (a credit note's refusal) is worded from it in every language.
  const coded =
    problem.code && CREDIT_NOTE_MESSAGES[problem.code] ? translated(problem.code, problem.params, t) : null;
  if (coded !== null) return coded;
  const known = problem.code && !t.locale.startsWith('en') ? PROBLEMS[problem.code] : undefined;
  return known ? t(known, problem.params) : stripPath(problem.message, problem.path);
}

/** Older messages start with the API path ("unitPrice: …"); the field is shown by its label instead. */
function stripPath(message: string, path: string[] | undefined): string {
  const prefix = path?.length ? `${path.join('.')}: ` : null;
  return prefix && message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/** The Strapi error body (`{ status, name, message, details }`) in the admin's language. */
export function describeErrorBody(body: ErrorBody, t: Translate): ApiFailure {
  const fieldErrors: Record<string, string> = {};
  const problems = body.details?.errors ?? [];
  for (const problem of problems) {
    const field = problem.path?.[0];
    if (field && !fieldErrors[field]) fieldErrors[field] = problemText(problem, t);
    // Nested fields (a rate's "components.1.bandPrices.HT", a calendar's "windows.2.from")
    // are also kept by their whole path, so a form shows the problem beside that input.
    const nested = problem.path && problem.path.length > 1 ? problem.path.join('.') : null;
    if (nested && !fieldErrors[nested]) fieldErrors[nested] = problemText(problem, t);
  }
  const code = body.details?.code;
  let message = code === 'validation' ? null : translated(code, body.details?.params, t);
  const first = problems[0];
  const path = first?.path ?? [];
  // A message that starts with the API path ("unitPrice: …", from input parsing) is
  // reworded: the field by its label, the problem in words. Others are the server's own
  // sentence for a person ("A billing point with code DL-01 already exists") and stay.
  const leaksPath = path.length > 0 && body.message.startsWith(`${path.join('.')}: `);
  if (message === null && first && path.length > 0 && (leaksPath || !t.locale.startsWith('en'))) {
    message = t(ERROR_MESSAGES[problems.length > 1 ? 'validation-many' : 'validation'], {
      field: fieldLabel(path.join('.'), t),
      problem: problemText(first, t),
      more: problems.length - 1,
    });
  }
  return {
    status: body.status,
    name: body.name,
    code: body.details?.code,
    message: message ?? body.message,
    fieldErrors,
  };
}
