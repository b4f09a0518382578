import type { ExceptionParams } from '../charging/exception-codes';
import type { CapRefusal } from './community-lines';

/**
 * Why a community's energy is not billed in a run (exception `community-not-billed`):
 * a stable `reason` with its params beside the English words, so the admin can say it
 * in its language (admin/api/exception-messages.ts words every reason). Params follow
 * the exception params' convention: `…Date` a calendar day ("open" for an open end),
 * `…Value` a decimal, anything else shown as given (codes, ids, bands).
 */
export const COMMUNITY_REFUSAL_REASONS = [
  'no-grid-rate',
  'grid-rate-missing',
  'grid-rate-prices-metric',
  'grid-rate-not-whole-period',
  'grid-rate-has-tiers',
  'grid-rate-utility-gone',
  'grid-rate-calendar-gone',
  'grid-rate-invalid',
  'grid-rate-bands-without-calendar',
  'no-grid-usage-component',
  'no-leg-component',
  'leg-component-no-band-price',
  'solar-price-above-cap',
  'standard-price-missing-band',
  'standard-price-missing-days',
  'no-solar-price-for-band',
  'nobody-answers-for-member',
  'nobody-answers-for-common',
  'nobody-answers-for-export',
] as const;

export type CommunityRefusalReason = (typeof COMMUNITY_REFUSAL_REASONS)[number];

export type CommunityRefusal = {
  reason: CommunityRefusalReason;
  params: ExceptionParams;
  /** In English, completing "its energy in community X was not billed: …". */
  message: string;
  /** Fields the exception has carried since before codes (the cap figures). */
  details?: Record<string, unknown>;
};

const refusal = (
  reason: CommunityRefusalReason,
  params: ExceptionParams,
  message: string,
  details?: Record<string, unknown>,
): CommunityRefusal => ({ reason, params, message, ...(details ? { details } : {}) });

export const refuse = {
  noGridRate: () => refusal('no-grid-rate', {}, 'it has no grid rate'),
  gridRateMissing: (rate: string) =>
    refusal('grid-rate-missing', { rate }, `its grid rate ${rate} does not exist`),
  gridRatePricesMetric: (rate: string) =>
    refusal('grid-rate-prices-metric', { rate }, `its grid rate ${rate} prices a usage metric, not energy`),
  gridRateNotWholePeriod: (rate: string, fromDate: string, toDate: string | null) =>
    refusal(
      'grid-rate-not-whole-period',
      { rate, fromDate, toDate: toDate ?? 'open' },
      `its grid rate ${rate} is valid ${fromDate} – ${toDate ?? 'open'}, not for the whole period`,
    ),
  gridRateHasTiers: (rate: string) =>
    refusal('grid-rate-has-tiers', { rate }, `its grid rate ${rate} has tiers, which a split cannot price`),
  gridRateUtilityGone: (rate: string) =>
    refusal('grid-rate-utility-gone', { rate }, `the utility type of grid rate ${rate} is gone`),
  gridRateCalendarGone: (rate: string, calendar: string) =>
    refusal(
      'grid-rate-calendar-gone',
      { rate, calendar },
      `the tariff calendar ${calendar} of its grid rate is gone`,
    ),
  /** `problems`: the rate's own validation messages, as the rate form shows them. */
  gridRateInvalid: (rate: string, problems: string) =>
    refusal('grid-rate-invalid', { rate, problems }, `its grid rate ${rate} is invalid: ${problems}`),
  gridRateBandsWithoutCalendar: (rate: string) =>
    refusal(
      'grid-rate-bands-without-calendar',
      { rate },
      `grid rate ${rate} prices by band but has no tariff calendar`,
    ),
  noGridUsageComponent: (rate: string) =>
    refusal(
      'no-grid-usage-component',
      { rate },
      `its grid rate ${rate} has no grid-usage component (named e.g. "Grid usage" or "Netznutzung") for the LEG discount`,
    ),
  noLegComponent: (rate: string, component: string) =>
    refusal(
      'no-leg-component',
      { rate, component },
      `grid rate ${rate} has no component "${component}" for the LEG discount`,
    ),
  legComponentNoBandPrice: (rate: string, component: string, band: string) =>
    refusal(
      'leg-component-no-band-price',
      { rate, component, band },
      `component "${component}" of grid rate ${rate} has no price for band ${band}`,
    ),
  noSolarPriceForBand: (community: string, band: string) =>
    refusal(
      'no-solar-price-for-band',
      { band },
      `community ${community} has no solar price for band ${band}`,
    ),
  /** A member billing point no one answers for (no occupant, no owner) on some of its days. */
  nobodyAnswersForMember: (member: string) =>
    refusal(
      'nobody-answers-for-member',
      { member },
      `nobody answers for billing point ${member} (no occupant, owner or export recipient)`,
    ),
  nobodyAnswersForCommon: () =>
    refusal(
      'nobody-answers-for-common',
      {},
      'nobody answers for the common consumption (no occupant, owner or export recipient)',
    ),
  nobodyAnswersForExport: () =>
    refusal(
      'nobody-answers-for-export',
      {},
      'nobody answers for the exported energy (no occupant, owner or export recipient)',
    ),
};

/** An EnV art. 16 check that failed at charging, for the period `from`–`to` it concerns. */
export function capRefusal(
  community: string,
  r: CapRefusal,
  from: string,
  to: string | null,
): CommunityRefusal {
  const toDate = to ?? 'open';
  if (r.kind === 'solar-price-above-cap')
    return refusal(
      'solar-price-above-cap',
      {
        band: r.band,
        solarValue: r.price.toFixed(),
        capValue: r.cap.toFixed(),
        standardValue: r.standardPrice.toFixed(),
        fromDate: from,
        toDate,
      },
      `the solar price ${r.price.toFixed()} (band ${r.band}) of community ${community} is above the EnV art. 16 cap of ${r.cap.toFixed()} (standard product ${r.standardPrice.toFixed()}, ${from} – ${toDate})`,
      {
        cap: 'EnV art. 16',
        band: r.band,
        solarPrice: r.price.toFixed(),
        standardPrice: r.standardPrice.toFixed(),
        capPrice: r.cap.toFixed(),
      },
    );
  if (r.band)
    return refusal(
      'standard-price-missing-band',
      { band: r.band, fromDate: from, toDate },
      `the standard product of ${from} – ${toDate} does not price band ${r.band}, so the EnV art. 16 cap on the solar price of community ${community} cannot be checked`,
      { cap: null },
    );
  return refusal(
    'standard-price-missing-days',
    { fromDate: from, toDate },
    `community ${community} has no standard product price for every day of ${from} – ${toDate}, so the EnV art. 16 cap on its solar price cannot be checked`,
    { cap: null },
  );
}
