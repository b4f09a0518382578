import { DateTime } from 'luxon';
import type { RunException } from '../charging/charge-run';
import type { CommunityRefusal } from './community-refusals';
import type { IntervalException } from './interval-table';

/**
 * A community's problems as charge-run exceptions, with a stable code and params beside
 * the English message (src/charging/exception-codes.ts; the admin words the code in its
 * language). Instants are `…Time` params (ISO 8601 UTC), shown in the `timeZone` param,
 * which the English message writes as local wall time with the zone.
 */
const wallTime = (ms: number, zone: string) =>
  `${DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm')} ${zone}`;

const iso = (ms: number) => new Date(ms).toISOString();
/** The run of intervals as params (`…Time` shown in `timeZone`) … */
const spanParams = (e: IntervalException, timeZone: string) => ({
  fromTime: iso(e.from),
  toTime: iso(e.to),
  timeZone,
  intervals: e.intervals,
});
/** … and as the exception's own fields, as runs stored them before codes. */
const spanFields = (e: IntervalException) => ({ from: iso(e.from), to: iso(e.to), intervals: e.intervals });

/** A member's intervals without an installed meter: split and billed for no one. */
export function communityNoMeterException(
  e: IntervalException,
  point: { id: string; code: string },
  community: string,
  timeZone: string,
): RunException {
  return {
    kind: 'community-no-meter',
    code: 'community-no-meter',
    params: { point: point.code, community, ...spanParams(e, timeZone) },
    billingPointId: point.id,
    community,
    ...spanFields(e),
    message: `Billing point ${point.code} is a member of community ${community} but has no meter installed from ${wallTime(e.from, timeZone)} to ${wallTime(e.to, timeZone)} (${e.intervals} intervals): those intervals were not split or billed for anyone in the community`,
  };
}

/** A meter's unusable intervals (missing, duplicate, off the grid, negative): the member's energy then is not billed. */
export function communityIntervalException(
  e: IntervalException,
  point: { id: string; code: string },
  community: string,
  timeZone: string,
): RunException {
  const [meterNumber, register] = e.meter.split('\u0000');
  return {
    kind: 'community-interval-problem',
    code: 'community-interval-problem',
    params: {
      community,
      problem: e.problem,
      meter: meterNumber,
      register,
      point: point.code,
      ...spanParams(e, timeZone),
    },
    billingPointId: point.id,
    community,
    problem: e.problem,
    meterNumber,
    register,
    ...spanFields(e),
    message: `Community ${community}: meter ${meterNumber} register ${register} is ${e.problem} from ${wallTime(e.from, timeZone)} to ${wallTime(e.to, timeZone)} (${e.intervals} intervals): billing point ${point.code}'s energy of those intervals was not billed`,
  };
}

/**
 * A member's energy in a community that the run could not bill, for one reason; with
 * `forOwner`, the owner's lines (common consumption, feed-in credit) carried on this member.
 */
export function communityNotBilledException(
  refusal: CommunityRefusal,
  point: { id: string; code: string },
  community: string,
  forOwner: boolean,
): RunException {
  return {
    kind: 'community-not-billed',
    code: 'community-not-billed',
    params: {
      point: point.code,
      community,
      reason: refusal.reason,
      owner: forOwner ? 'yes' : 'no',
      ...refusal.params,
    },
    billingPointId: point.id,
    community,
    ...refusal.details,
    message: `Billing point ${point.code}: its energy in community ${community} was not billed: ${forOwner ? "the owner's lines: " : ''}${refusal.message}`,
  };
}
