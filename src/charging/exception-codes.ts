/**
 * What each charging exception says, as a stable code with named parameters
 * beside its English message: the admin translates a code it knows
 * (`utilities.exception.<code>`) and shows the English message otherwise.
 *
 * Parameter names say how the admin formats them: `…Date` is a calendar day
 * (yyyy-MM-dd, or "open" for an open end), `…Time` an instant (ISO 8601 UTC,
 * shown in the parameter `timeZone`), `…Value` a decimal; anything else is
 * shown as sent (meter numbers, registers, ids).
 */
export const CHARGING_EXCEPTION_CODES = [
  'meter-without-utility-type',
  'no-rate-for-meter',
  'no-rate-for-metric',
  'ambiguous-rate-for-meter',
  'ambiguous-rate-for-metric',
  'overlapping-installations',
  'mixed-read-kinds',
  'conflicting-reads',
  'read-out-of-range',
  'register-went-backwards',
  'no-read-before',
  'no-read-after',
  'no-read-since-installation',
  'no-read-before-removal',
  'interval-gap',
  'occupancies-overlap',
  'demand-needs-intervals',
  'band-register-unmapped',
  'band-not-in-calendar',
  'interval-length-unknown',
  'conflicting-usage-records',
  'counter-went-backwards',
  'badge-held-by-several',
  'badge-held-by-no-one',
  'metric-negative-total',
  'billing-point-invalid',
  'billing-point-no-meter',
  'billing-point-nothing-charged',
  'billing-point-no-owner',
  'period-finalized-elsewhere',
  'suspect-readings-blocked',
  'suspect-readings-billed',
  'community-no-meter',
  'community-interval-problem',
  'community-not-billed',
] as const;

export type ChargingExceptionCode = (typeof CHARGING_EXCEPTION_CODES)[number];

export type ExceptionParams = Record<string, string | number>;
