import { formatDay } from '../charging/calendar';
import { KEY_LABELS, type MeasuredKey, type AllocationKey } from './keys';

/**
 * What a settlement says about itself — a category it could not allocate, a meter
 * figure missing or estimated, a meter whose readings gave no figure — as a stable
 * code with named params beside the English message, as a charge run's exceptions
 * do (src/charging/exception-codes.ts): the admin words a code it knows in its
 * language, and a statement PDF words an estimate in the party's.
 *
 * Param names say how a value is shown: `…Date` a day (yyyy-MM-dd), `…Ranges` day
 * ranges (`from/to`, comma-separated, as ISO 8601 writes an interval), `…Value` a
 * decimal, `…Key` an allocation key; `reason` selects the wording.
 */
export const SETTLEMENT_NOTE_CODES = [
  'missing-meter',
  'estimated-consumption',
  'category-not-allocated',
  'meter-figure-unusable',
] as const;

export type SettlementNoteCode = (typeof SETTLEMENT_NOTE_CODES)[number];

export interface SettlementNote {
  code: SettlementNoteCode;
  params: Record<string, string | number>;
  message: string;
}

export interface DayRange {
  fromDay: number;
  toDay: number;
}

const rangesText = (ranges: readonly DayRange[]) =>
  ranges.map((r) => `${formatDay(r.fromDay)} … ${formatDay(r.toDay)}`).join(', ');
const rangesParam = (ranges: readonly DayRange[]) =>
  ranges.map((r) => `${formatDay(r.fromDay)}/${formatDay(r.toDay)}`).join(',');
/** The days of a `…Ranges` param back as yyyy-MM-dd pairs, for whoever words the note. */
export const parseDayRanges = (param: string | number): { from: string; to: string }[] =>
  String(param)
    .split(',')
    .map((range) => {
      const [from, to] = range.split('/');
      return { from, to };
    });
const daysText = (days: number) => (days === 1 ? '1 day' : `${days} days`);

/** Why a missing meter figure was not estimated. */
export type NotEstimatedReason = 'estimating-off' | 'nothing-to-estimate-from';

/** A measured key's figure is missing for some days and is not estimated: its categories are left out. */
export function missingMeterNote(
  point: string,
  key: MeasuredKey,
  ranges: readonly DayRange[],
  days: number,
  reason: NotEstimatedReason,
): SettlementNote {
  const why =
    reason === 'estimating-off'
      ? 'estimating is not enabled for this settlement'
      : 'no billing point was measured on every day to estimate from';
  return {
    code: 'missing-meter',
    params: { point, measuredKey: key, missingRanges: rangesParam(ranges), days, reason },
    message: `The ${KEY_LABELS[key]} of ${point} has no figure for ${rangesText(ranges)} (${daysText(days)}); ${why}, so the categories shared by this key are not allocated`,
  };
}

/** A measured key's missing days, estimated from the heated area at the building's average intensity. */
export function estimatedConsumptionNote(
  point: string,
  key: MeasuredKey,
  ranges: readonly DayRange[],
  days: number,
  figures: { estimate: string; area: string; intensity: string },
): SettlementNote {
  return {
    code: 'estimated-consumption',
    params: {
      point,
      measuredKey: key,
      missingRanges: rangesParam(ranges),
      days,
      estimateValue: figures.estimate,
      areaValue: figures.area,
      intensityValue: figures.intensity,
    },
    message:
      `The ${KEY_LABELS[key]} of ${point} has no figure for ${rangesText(ranges)} (${daysText(days)}): ` +
      `estimated ${figures.estimate} from the area key (${figures.area} m² × ${daysText(days)} × ` +
      `building average ${figures.intensity} per m² per day)`,
  };
}

/** Why a category's key cannot share it. */
export type KeyProblem =
  | { reason: 'key-missing'; key: AllocationKey; point: string }
  | { reason: 'key-sums-to-zero'; key: AllocationKey };

/** A category left out of the settlement because one of its keys cannot share it. */
export function categoryNotAllocatedNote(
  category: string,
  amount: string,
  currency: string,
  problem: KeyProblem,
): SettlementNote {
  const what =
    problem.reason === 'key-missing'
      ? `the ${KEY_LABELS[problem.key]} of ${problem.point} is missing`
      : `the ${KEY_LABELS[problem.key]} readings of all billing points add up to 0`;
  return {
    code: 'category-not-allocated',
    params: {
      category,
      costAmount: amount,
      currency,
      reason: problem.reason,
      allocationKey: problem.key,
      point: problem.reason === 'key-missing' ? problem.point : '',
    },
    message: `Category ${category} (${amount} ${currency}) is not allocated: ${what}`,
  };
}

/** Why one installation of a meter gave no figure for the period. */
export type MeterFigureProblem =
  | { reason: 'no-register' }
  | { reason: 'unreadable-value'; register: string; value: string }
  | { reason: 'unusable-readings'; register: string; problems: string }
  | {
      reason: 'no-reading';
      register: string;
      when: 'period-start' | 'period-end' | 'installation' | 'removal' | 'gap';
    }
  | { reason: 'below-zero'; register: string };

const NO_READING: Record<Extract<MeterFigureProblem, { reason: 'no-reading' }>['when'], string> = {
  'period-start': 'at or before the period start',
  'period-end': 'at or after the period end',
  installation: 'since its installation',
  removal: 'before its removal',
  gap: 'for a gap in its interval data',
};

/** A meter installation whose readings give no figure: its days count as missing. */
export function meterFigureUnusableNote(
  meter: string,
  fromDay: number,
  toDay: number,
  problem: MeterFigureProblem,
): SettlementNote {
  const what = (() => {
    switch (problem.reason) {
      case 'no-register':
        return 'it has no register read from readings';
      case 'unreadable-value':
        return `register ${problem.register} has an unreadable value "${problem.value}"`;
      case 'unusable-readings':
        return `register ${problem.register} has ${problem.problems} readings`;
      case 'no-reading':
        return `register ${problem.register} has no reading ${NO_READING[problem.when]}`;
      case 'below-zero':
        return `register ${problem.register} gives a consumption below zero`;
    }
  })();
  return {
    code: 'meter-figure-unusable',
    params: {
      meter,
      fromDate: formatDay(fromDay),
      toDate: formatDay(toDay),
      reason: problem.reason === 'no-reading' ? `no-reading-${problem.when}` : problem.reason,
      register: 'register' in problem ? problem.register : '',
      value: problem.reason === 'unreadable-value' ? problem.value : '',
      problems: problem.reason === 'unusable-readings' ? problem.problems : '',
    },
    message: `Meter ${meter} (${formatDay(fromDay)} – ${formatDay(toDay)}): ${what}; its days count as missing`,
  };
}
