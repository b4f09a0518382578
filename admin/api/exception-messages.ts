import type { MessageDescriptor } from 'react-intl';
import { parseDayRanges } from '../../src/allocation/settlement-notes';
import { makeFormatter } from '../utils/format';
import { msg, type MessageValues, type Translate } from '../utils/useT';

/**
 * A charge run's exceptions and a settlement's notes in the admin's language. The
 * server gives each one a stable `code` and `params` beside its English `message`
 * (src/charging/exception-codes.ts, src/allocation/settlement-notes.ts); a code this
 * table knows is shown translated, anything else (a newer server, a run stored before
 * its notes were coded) falls back to the message.
 *
 * Parameter names say how a value is shown: `…Date` a calendar day ("open" for
 * an open end), `…Time` an instant in the parameter `timeZone`, `…Value` a decimal,
 * `…Amount` money in the parameter `currency`, `…Key` an allocation key, `…Ranges`
 * day ranges (`from/to`, comma-separated).
 */
export const EXCEPTION_MESSAGES: Record<string, MessageDescriptor> = {
  'meter-without-utility-type': msg(
    'exception.meter-without-utility-type',
    'Meter {meter} has no utility type, so no rate can price it',
  ),
  'no-rate-for-meter': msg(
    'exception.no-rate-for-meter',
    'No rate prices {utilityType} (meter {meter}) from {fromDate} to {toDate}',
  ),
  'no-rate-for-metric': msg(
    'exception.no-rate-for-metric',
    'No rate prices usage metric {metric} from {fromDate} to {toDate}',
  ),
  'ambiguous-rate-for-meter': msg(
    'exception.ambiguous-rate-for-meter',
    'Several {scope, select, default {default} building {building} other {billing-point}} rates ({rates}) are valid for {utilityType} (meter {meter}) between {fromDate} and {toDate}; keep one',
  ),
  'ambiguous-rate-for-metric': msg(
    'exception.ambiguous-rate-for-metric',
    'Several {scope, select, default {default} building {building} other {billing-point}} rates ({rates}) are valid for usage metric {metric} between {fromDate} and {toDate}; keep one',
  ),
  'overlapping-installations': msg(
    'exception.overlapping-installations',
    'Meter {meter} has overlapping installations (from {firstDate} and from {secondDate}); it was not charged',
  ),
  'mixed-read-kinds': msg(
    'exception.mixed-read-kinds',
    'Meter {meter} register {register} has both cumulative and interval readings; it was not charged',
  ),
  'conflicting-reads': msg(
    'exception.conflicting-reads',
    'Meter {meter} register {register} has two different reads at {atTime} ({firstValue} and {secondValue}); it was not charged',
  ),
  'read-out-of-range': msg(
    'exception.read-out-of-range',
    'Meter {meter} register {register} read {readValue} at {atTime}, which a register rolling over at {rolloverValue} cannot show; the read was ignored',
  ),
  'register-went-backwards': msg(
    'exception.register-went-backwards',
    'Meter {meter} register {register} went backwards by {dropValue} between {startTime} and {endTime}; nothing was charged for that part',
  ),
  'no-read-before': msg(
    'exception.no-read-before',
    'Meter {meter} register {register} has no read at or before {atTime}, so its value then is unknown',
  ),
  'no-read-after': msg(
    'exception.no-read-after',
    'Meter {meter} register {register} has no read at or after {atTime}, so its value then is unknown',
  ),
  'no-read-since-installation': msg(
    'exception.no-read-since-installation',
    'Meter {meter} register {register} was installed on {installedDate} but has no read in the period since then',
  ),
  'no-read-before-removal': msg(
    'exception.no-read-before-removal',
    'Meter {meter} register {register} was removed on {removedDate} but has no read in the period before that',
  ),
  'interval-gap': msg(
    'exception.interval-gap',
    'Meter {meter} register {register} is missing interval data ending between {startTime} and {endTime}',
  ),
  'occupancies-overlap': msg(
    'exception.occupancies-overlap',
    'Occupancies of party {firstParty} ({firstFromDate} – {firstToDate}) and party {secondParty} ({secondFromDate} – {secondToDate}) overlap; the billing point was not charged',
  ),
  'demand-needs-intervals': msg(
    'exception.demand-needs-intervals',
    'Meter {meter} register {register} has no interval data, and rate {rate} has a demand price: the demand charge needs interval readings',
  ),
  'band-register-unmapped': msg(
    'exception.band-register-unmapped',
    'Meter {meter} register {register} is cumulative and rate {rate} prices by time-of-use band: it needs interval data or band registers (a register → band mapping such as 1.8.1 → HT); it was not charged',
  ),
  'band-not-in-calendar': msg(
    'exception.band-not-in-calendar',
    'Meter {meter} register {register} maps to band {band}, which calendar {calendar} of rate {rate} does not have (its bands: {bands}); it was not charged',
  ),
  'interval-length-unknown': msg(
    'exception.interval-length-unknown',
    'Meter {meter} register {register}: the interval length is unknown (set the meter’s interval minutes), so rate {rate} cannot place its intervals in time; it was not charged',
  ),
  'conflicting-usage-records': msg(
    'exception.conflicting-usage-records',
    'Device {device} sent event {event} ({eventGroup}/{eventId}) twice with different content; the first was kept',
  ),
  'counter-went-backwards': msg(
    'exception.counter-went-backwards',
    'Counter {field} of device {device} went backwards from {previousValue} to {nextValue} at {atTime}; that step was not charged',
  ),
  'badge-held-by-several': msg(
    'exception.badge-held-by-several',
    'Badge {badge} is held by several parties ({parties}) when it was used on device {device} ({uses, plural, one {# use} other {# uses}} from {firstTime} to {lastTime}); those uses were not charged',
  ),
  'badge-held-by-no-one': msg(
    'exception.badge-held-by-no-one',
    'Badge {badge} is held by no one when it was used on device {device} ({uses, plural, one {# use} other {# uses}} from {firstTime} to {lastTime}); those uses were not charged',
  ),
  'metric-negative-total': msg(
    'exception.metric-negative-total',
    'Usage metric {metric} of device {device} adds up to {totalValue} from {fromDate} to {toDate}; a negative quantity is not charged',
  ),
  'billing-point-invalid': msg(
    'exception.billing-point-invalid',
    'Billing point {point} could not be charged: {problem}',
  ),
  'billing-point-no-meter': msg(
    'exception.billing-point-no-meter',
    'Billing point {point} has no invoice for {fromDate} – {toDate}: no meter was installed there in the period',
  ),
  'billing-point-nothing-charged': msg(
    'exception.billing-point-nothing-charged',
    'Billing point {point} has no invoice for {fromDate} – {toDate}: no consumption and no fixed fee to charge',
  ),
  'billing-point-no-owner': msg(
    'exception.billing-point-no-owner',
    'Billing point {point} has no owner (neither its own nor its building’s): set one so vacant days have someone to pay them',
  ),
  'period-finalized-elsewhere': msg(
    'exception.period-finalized-elsewhere',
    'Billing point {point} was left out: period already finalized in run {run} ({fromDate} – {toDate}). Void that run to charge it again.',
  ),
  'suspect-readings-blocked': msg(
    'exception.suspect-readings-blocked',
    'Billing point {point} was left out: {count, plural, one {# unresolved suspect reading} other {# unresolved suspect readings}} ({rules}); resolve them in the correction queue',
  ),
  'suspect-readings-billed': msg(
    'exception.suspect-readings-billed',
    'Billing point {point} was billed with {count, plural, one {# unresolved suspect reading} other {# unresolved suspect readings}} ({rules})',
  ),
  'community-no-meter': msg(
    'exception.community-no-meter',
    'Billing point {point} is a member of community {community} but has no meter installed from {fromTime} to {toTime} ({intervals} intervals): those intervals were not split or billed for anyone in the community',
  ),
  'community-not-billed': msg(
    'exception.community-not-billed',
    'Billing point {point}: its energy in community {community} was not billed: {owner, select, yes {the owner\'s lines: } other {}}{reason, select, no_grid_rate {it has no grid rate} grid_rate_missing {its grid rate {rate} does not exist} grid_rate_prices_metric {its grid rate {rate} prices a usage metric, not energy} grid_rate_not_whole_period {its grid rate {rate} is valid {fromDate} – {toDate}, not for the whole period} grid_rate_has_tiers {its grid rate {rate} has tiers, which a split cannot price} grid_rate_utility_gone {the utility type of grid rate {rate} is gone} grid_rate_calendar_gone {the tariff calendar {calendar} of its grid rate is gone} grid_rate_invalid {its grid rate {rate} is invalid: {problems}} grid_rate_bands_without_calendar {grid rate {rate} prices by band but has no tariff calendar} no_grid_usage_component {its grid rate {rate} has no grid-usage component (named e.g. "Grid usage" or "Netznutzung") for the LEG discount} no_leg_component {grid rate {rate} has no component "{component}" for the LEG discount} leg_component_no_band_price {component "{component}" of grid rate {rate} has no price for band {band}} solar_price_above_cap {the solar price {solarValue} (band {band}) of community {community} is above the EnV art. 16 cap of {capValue} (standard product {standardValue}, {fromDate} – {toDate})} standard_price_missing_band {the standard product of {fromDate} – {toDate} does not price band {band}, so the EnV art. 16 cap on the solar price of community {community} cannot be checked} standard_price_missing_days {community {community} has no standard product price for every day of {fromDate} – {toDate}, so the EnV art. 16 cap on its solar price cannot be checked} no_solar_price_for_band {community {community} has no solar price for band {band}} nobody_answers_for_member {nobody answers for billing point {member} (no occupant, owner or export recipient)} nobody_answers_for_common {nobody answers for the common consumption (no occupant, owner or export recipient)} nobody_answers_for_export {nobody answers for the exported energy (no occupant, owner or export recipient)} other {{reason}}}',
  ),
  'community-interval-problem': msg(
    'exception.community-interval-problem',
    "Community {community}: meter {meter} register {register} is {problem} from {fromTime} to {toTime} ({intervals} intervals): billing point {point}'s energy of those intervals was not billed",
  ),

  // A settlement's notes (src/allocation/settlement-notes.ts).
  'missing-meter': msg(
    'exception.missing-meter',
    'The {measuredKey} of {point} has no figure for {missingRanges} ({days, plural, one {# day} other {# days}}); {reason, select, estimating_off {estimating is not enabled for this settlement} nothing_to_estimate_from {no billing point was measured on every day to estimate from} other {{reason}}}, so the categories shared by this key are not allocated',
  ),
  'estimated-consumption': msg(
    'exception.estimated-consumption',
    'The {measuredKey} of {point} has no figure for {missingRanges} ({days, plural, one {# day} other {# days}}): estimated {estimateValue} from the area key ({areaValue} m² × {days, plural, one {# day} other {# days}} × building average {intensityValue} per m² per day)',
  ),
  'category-not-allocated': msg(
    'exception.category-not-allocated',
    'Category {category} ({costAmount}) is not allocated: {reason, select, key_missing {the {allocationKey} of {point} is missing} key_sums_to_zero {the {allocationKey} readings of all billing points add up to 0} other {{reason}}}',
  ),
  'meter-figure-unusable': msg(
    'exception.meter-figure-unusable',
    'Meter {meter} ({fromDate} – {toDate}): {reason, select, no_register {it has no register read from readings} unreadable_value {register {register} has an unreadable value "{value}"} unusable_readings {register {register} has {problems} readings} no_reading_period_start {register {register} has no reading at or before the period start} no_reading_period_end {register {register} has no reading at or after the period end} no_reading_installation {register {register} has no reading since its installation} no_reading_removal {register {register} has no reading before its removal} no_reading_gap {register {register} has no reading for a gap in its interval data} below_zero {register {register} gives a consumption below zero} other {{reason}}}; its days count as missing',
  ),
};

/** An allocation key inside a sentence (`…Key` params), as src/allocation/keys.ts names it. */
export const KEY_IN_TEXT: Record<string, MessageDescriptor> = {
  area: msg('exception.key.area', 'heated area (m²)'),
  'value-quota': msg('exception.key.value-quota', 'value quota (‰)'),
  persons: msg('exception.key.persons', 'persons'),
  units: msg('exception.key.units', 'units'),
  heat: msg('exception.key.heat', 'heat meter (kWh)'),
  'hot-water': msg('exception.key.hot-water', 'hot-water meter (m³)'),
  'cold-water': msg('exception.key.cold-water', 'cold-water meter (m³)'),
};

export type CodedException = {
  code?: string;
  params?: Record<string, string | number>;
  message: string;
};

/**
 * ICU select keys cannot hold '-', which the server's codes do: `reason` (the one coded
 * param the catalogue selects on) is matched with '_' in its place.
 */
export const selectKey = (code: string) => code.replaceAll('-', '_');

/** The exception's text in the admin's language, or the server's English message for a code it doesn't know. */
export function exceptionText(exception: CodedException, t: Translate): string {
  const descriptor = exception.code ? EXCEPTION_MESSAGES[exception.code] : undefined;
  if (!descriptor || !exception.params) return exception.message;
  const fmt = makeFormatter(t.locale, t);
  const params = exception.params;
  const zone = typeof params.timeZone === 'string' ? params.timeZone : null;
  const shown = (key: string, value: string | number): string | number => {
    if (typeof value !== 'string') return value;
    if (key === 'reason') return selectKey(value);
    if (key.endsWith('Date')) return value === 'open' ? t('members.open-ended', 'open') : fmt.date(value);
    if (key.endsWith('Time')) return fmt.dateTime(value, zone);
    if (key.endsWith('Value')) return fmt.number(value, 6);
    if (key.endsWith('Amount')) return fmt.money(value, String(params.currency ?? ''));
    if (key.endsWith('Key')) return KEY_IN_TEXT[value] ? t(KEY_IN_TEXT[value]) : value;
    if (key.endsWith('Ranges'))
      return parseDayRanges(value)
        .map((r) => fmt.dateRange(r.from, r.to))
        .join(', ');
    return value;
  };
  const values: MessageValues = Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, shown(key, value)]),
  );
  return t(descriptor, values);
}
