/**
 * Charging: meter readings and usage records → invoices. Pure TypeScript, no
 * Strapi; the rules are documented in docs/charging-rules.md.
 */
export * from './types';
export { buildInvoices, chargeBillingPoint, totalsOf, MONTH_FRACTION_DECIMALS } from './invoice-builder';
export {
  parseChargingInput,
  parseRates,
  chargingInputSchema,
  rateSchema,
  normalizeBadgeUid,
  targetKey,
  MAX_PERIOD_DAYS,
  type ParsedChargingInput,
  type ParsedMeter,
  type ParsedReading,
  type ParsedOccupancy,
  type ParsedRate,
  type ParsedTier,
  type ParsedUsageMetric,
  type ParsedUsageRecord,
  type ParsedBadge,
  type RateTarget,
} from './input-schema';
export {
  resolveRate,
  resolveRateOnDay,
  rateRuns,
  type RateResolution,
  type RateQuery,
  type RateRun,
} from './rate-resolution';
export { responsibilityRuns, type ResponsibilityRun, type ResponsibilityResult } from './occupancy-split';
export { chargingSegments, type ChargingSegment } from './segments';
export {
  buildRegisterSeries,
  isRollover,
  registerDisplay,
  type RegisterSeries,
  type SeriesRead,
  type SeriesProblem,
} from './register-series';
export { interpolate, registerValueAt, ESTIMATE_MIN_DECIMALS, type RegisterValue } from './interpolation';
export {
  meterSpan,
  splitConsumption,
  consumptionBetween,
  type Span,
  type PartOutcome,
  type MeasuredPart,
  type BoundaryRead,
  type ConsumptionProblem,
} from './consumption';
export { intervalGaps, type IntervalGap } from './interval-coverage';
export { tierBands, sliceIntoTiers, TIER_BOUND_DECIMALS, type TierBand, type TierSlice } from './tiers';
export { minorUnitDigits, roundToMinorUnit, moneyText, lineAmount, lineVat, CURRENCY_PATTERN } from './money';
export { monthShares, monthFraction, type MonthShare } from './pro-rata';
export {
  metricMatches,
  recordValue,
  deviceContributions,
  aggregate,
  dedupeUsageRecords,
  compareUsageRecords,
} from './usage-metrics';
export { BadgeRegister, type BadgeHolder } from './badges';
export { parseCalendarDate, formatDay } from './calendar';
export { previousCalendarMonth } from './scheduled-period';
export { parseInstant, formatInstant } from './instant';
export { isValidTimeZone, startOfDay } from './time-zone';
export { Dec, parseDecimal, parseInt64, decimalText } from './decimal';
