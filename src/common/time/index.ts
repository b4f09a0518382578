export { daysInMonth, isLeapYear } from './days-in-month';
export {
  scanIso8601,
  isRealDate,
  isRealTimeOfDay,
  fractionMillis,
  offsetMinutes,
  type Iso8601Parts,
} from './iso-8601';
export { parseTimeBound, BOUND_YEARS } from './time-bound';
