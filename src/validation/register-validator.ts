import { Dec, ZERO } from '../charging/decimal';
import { type ResolvedRules, type RuleId, type Severity } from './rule-config';
import {
  amountOfDecimal,
  compareAmounts,
  compareQuotient,
  decimalOf,
  differenceOf,
  isNegativeAmount,
  isPositiveAmount,
  isZeroAmount,
  numberOf,
  sumOf,
  type Amount,
} from './scaled-amount';
import { SlidingMedian } from './sliding-median';

/**
 * The per-register rules of the VEE step, run over one register's reads in time
 * order, one read at a time, so a register of any length is checked in constant
 * memory (the spike baseline and the spacing history are bounded windows).
 *
 * Consumption of a read is what flowed since the *reference*: the last read that
 * was not itself found wrong. A read flagged as a spike or as going backwards
 * never becomes the reference, so one bad read is one flag — the read after it is
 * measured against the last good one, not against the mistake.
 *
 * Values are amounts (./scaled-amount.ts): a reading read with `amountOf` is a scaled
 * integer, so a read costs integer arithmetic, not decimal.js; a Dec works too, and gets
 * the same verdicts.
 */
export type QualityState = 'valid' | 'suspect' | 'estimated' | 'edited' | 'accepted';

export type ValidatedRead = {
  id: number;
  at: number;
  /** The effective value: the raw value, or the edited / estimated one. */
  value: Amount;
  /** A person's decision (accepted, edited, estimated) is final: such a read is a reference, never flagged. */
  state: QualityState;
};

export type ReadingFlag = {
  readingId: number;
  at: number;
  rule: RuleId;
  severity: Severity;
  message: string;
};

export type ValidatorOptions = {
  rules: ResolvedRules;
  kind: 'cumulative' | 'interval';
  rolloverAt: Dec | null;
  /** Reads before this instant are context only (the look-back): they are never flagged. */
  flagFrom: number;
  /** Whether the meter's billing point was occupied throughout [from, to]; zero use of a vacant flat is no alarm. */
  occupied: (from: number, to: number) => boolean;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
/** Spacing history kept to tell a gap from a meter that is simply read rarely. */
const SPACING_WINDOW = 14;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const human = (state: QualityState) => state === 'accepted' || state === 'edited' || state === 'estimated';
const hours = (ms: number) => Math.round((ms / HOUR) * 10) / 10;
const amountOfText = (text: string | null) => (text === null ? null : amountOfDecimal(new Dec(text)));

/**
 * What flowed from `previous` to `next` on a dial that rolls over at `rolloverAt`, when the
 * drop is a rollover — the rule of isRollover (src/charging/register-series.ts): going round
 * the dial, next + rolloverAt − previous, is less than half of it; else null.
 */
function roundTheDial(previous: Amount, next: Amount, rolloverAt: Amount): Amount | null {
  const around = differenceOf(sumOf(next, rolloverAt), previous);
  return compareAmounts(sumOf(around, around), rolloverAt) < 0 ? around : null;
}

export class RegisterValidator {
  private reference: ValidatedRead | null = null;
  private previousAt: number | null = null;
  private readonly rates: SlidingMedian;
  private readonly spacings = new SlidingMedian(SPACING_WINDOW);
  private zeroSince: number | null = null;
  private zeroFlagged = false;
  private stuckSince: number | null = null;
  private stuckReads = 0;
  private stuckValue: Amount | null = null;
  private stuckFlagged = false;
  private flowSince: number | null = null;
  private flowFlagged = false;

  // The parameters as amounts, read once rather than once per read.
  private readonly rolloverAt: Amount | null;
  private readonly spikeLimit: Amount | null;
  private readonly lowPerDay: Amount | null;
  private readonly highPerDay: Amount | null;

  constructor(private readonly options: ValidatorOptions) {
    this.rates = new SlidingMedian(options.rules.spike.baselineReads);
    this.rolloverAt = options.rolloverAt && amountOfDecimal(options.rolloverAt);
    this.spikeLimit = amountOfText(options.rules.spike.absoluteLimit);
    this.lowPerDay = amountOfText(options.rules.limits.lowPerDay);
    this.highPerDay = amountOfText(options.rules.limits.highPerDay);
  }

  /** Feeds the next read (ascending time, one per instant); answers its flag, if any. */
  add(read: ValidatedRead): ReadingFlag | null {
    const found: { rule: RuleId; message: string }[] = [];
    const rules = this.options.rules;
    const ref = this.reference;
    const spacing = this.previousAt === null ? null : read.at - this.previousAt;
    this.previousAt = read.at;
    if (ref === null) {
      this.reference = read;
      if (this.options.kind === 'interval') this.watchRuns(read, read.value, spacing ?? 0, found);
      return null;
    }
    const dt = read.at - ref.at;
    const trusted = human(read.state);

    // Negative / backwards: a cumulative register below its reference that is not a rollover.
    let consumption: Amount;
    if (this.options.kind === 'cumulative') {
      if (compareAmounts(read.value, ref.value) < 0) {
        const roll = this.rolloverAt;
        const around = roll && roundTheDial(ref.value, read.value, roll);
        if (around) consumption = around;
        else {
          if (rules.backwards.enabled && !trusted)
            return this.emit(read, [
              {
                rule: 'backwards',
                message: `The register went back from ${decimalOf(ref.value).toString()} to ${decimalOf(read.value).toString()} (not a rollover)`,
              },
            ]);
          consumption = differenceOf(read.value, ref.value);
        }
      } else consumption = differenceOf(read.value, ref.value);
    } else consumption = read.value;
    if (
      isNegativeAmount(consumption) &&
      this.options.kind === 'interval' &&
      rules.backwards.enabled &&
      !trusted
    )
      return this.emit(read, [
        {
          rule: 'backwards',
          message: `A negative interval consumption (${decimalOf(consumption).toString()})`,
        },
      ]);

    const interval = this.options.kind === 'interval' ? (spacing ?? dt) : dt;
    // The rates and their median are doubles (the rule compares rates, not amounts); numberOf
    // gives the double Dec#toNumber gave, so the spike test is the one it was.
    const rate = interval > 0 ? numberOf(consumption) / interval : 0;

    // Spike: above an absolute limit, or above k × the median of the recent rates.
    let spike = false;
    if (rules.spike.enabled && !trusted) {
      const limit = this.spikeLimit;
      const m = this.rates.median();
      if (limit && compareAmounts(consumption, limit) > 0) {
        spike = true;
        found.push({
          rule: 'spike',
          message: `Consumption ${decimalOf(consumption).toString()} is above the limit ${decimalOf(limit).toString()}`,
        });
      } else if (m !== null && m > 0 && this.rates.length >= 3 && rate > rules.spike.factor * m) {
        spike = true;
        found.push({
          rule: 'spike',
          message: `Consumption ${decimalOf(consumption).toString()} is ${(rate / m).toFixed(1)} × the recent median (limit ${rules.spike.factor} ×)`,
        });
      }
    }
    if (spike) return this.emit(read, found);

    // High / low limits per day: consumption × DAY ÷ interval against each limit.
    if (rules.limits.enabled && !trusted && interval > 0) {
      const { lowPerDay, highPerDay } = this;
      const perDayText = () => decimalOf(consumption).mul(DAY).div(interval).toDecimalPlaces(3).toString();
      if (highPerDay !== null && compareQuotient(consumption, DAY, interval, highPerDay) > 0)
        found.push({
          rule: 'limits',
          message: `${perDayText()} per day is above ${rules.limits.highPerDay}`,
        });
      else if (lowPerDay !== null && compareQuotient(consumption, DAY, interval, lowPerDay) < 0)
        found.push({
          rule: 'limits',
          message: `${perDayText()} per day is below ${rules.limits.lowPerDay}`,
        });
    }

    // Gap: a silence longer than the limit and than the meter's usual spacing.
    if (rules.gap.enabled && !trusted && spacing !== null && spacing > rules.gap.hours * HOUR) {
      // Judged only once the meter's rhythm is known (three spacings): a first monthly read is no gap.
      const usual = this.spacings.length >= 3 ? this.spacings.median() : null;
      if (usual !== null && spacing > rules.gap.spacingFactor * usual)
        found.push({ rule: 'gap', message: `No reading for ${hours(spacing)} h before this one` });
    }
    if (spacing !== null) this.spacings.push(spacing);

    this.watchRuns(read, consumption, interval, found);
    if (interval > 0) this.rates.push(rate);
    this.reference = read;
    return trusted ? null : this.emit(read, found);
  }

  /** Zero, stuck and continuous-flow runs: each fires once per run, on the read that completes it. */
  private watchRuns(
    read: ValidatedRead,
    consumption: Amount,
    interval: number,
    found: { rule: RuleId; message: string }[],
  ) {
    const { rules, occupied } = this.options;
    const start = read.at - interval;
    // Zero: nothing flowed for N days on an occupied billing point.
    if (isZeroAmount(consumption)) {
      this.zeroSince ??= start;
      const length = read.at - this.zeroSince;
      if (rules.zero.enabled && !this.zeroFlagged && !this.stuckFlagged && length >= rules.zero.days * DAY) {
        if (occupied(this.zeroSince, read.at)) {
          this.zeroFlagged = true;
          found.push({
            rule: 'zero',
            message: `No consumption for ${Math.floor(length / DAY)} days while occupied`,
          });
        }
      }
    } else {
      this.zeroSince = null;
      this.zeroFlagged = false;
    }
    // Stuck: the same value read again and again — a cumulative register that does not move
    // while the flat is lived in, or an interval register repeating one non-zero value.
    const repeats =
      this.options.kind === 'cumulative'
        ? isZeroAmount(consumption)
        : !isZeroAmount(consumption) &&
          this.stuckValue !== null &&
          compareAmounts(this.stuckValue, consumption) === 0;
    if (repeats) {
      this.stuckSince ??= this.options.kind === 'cumulative' ? start : start - interval;
      this.stuckReads++;
      const length = read.at - this.stuckSince;
      if (
        rules.stuck.enabled &&
        !this.stuckFlagged &&
        this.stuckReads >= 2 &&
        length >= rules.stuck.days * DAY
      ) {
        const ok = this.options.kind === 'interval' || occupied(this.stuckSince, read.at);
        if (ok) {
          this.stuckFlagged = true;
          found.push({
            rule: 'stuck',
            message: `The same value for ${Math.floor(length / DAY)} days (${this.stuckReads + 1} reads)`,
          });
        }
      }
    } else {
      this.stuckSince = null;
      this.stuckReads = 0;
      this.stuckFlagged = false;
    }
    this.stuckValue = this.options.kind === 'interval' ? consumption : null;
    // Continuous flow: never a zero interval for H hours — water running day and night.
    // Only measurable with intervals of at most a quarter of the window.
    const window = rules['continuous-flow'].hours * HOUR;
    if (isPositiveAmount(consumption) && interval > 0 && interval <= window / 4) {
      this.flowSince ??= start;
      if (rules['continuous-flow'].enabled && !this.flowFlagged && read.at - this.flowSince >= window) {
        this.flowFlagged = true;
        found.push({
          rule: 'continuous-flow',
          message: `Consumption never stopped for ${hours(read.at - this.flowSince)} h (possible leak)`,
        });
      }
    } else {
      this.flowSince = null;
      this.flowFlagged = false;
    }
  }

  private emit(read: ValidatedRead, found: { rule: RuleId; message: string }[]): ReadingFlag | null {
    if (found.length === 0 || read.at < this.options.flagFrom || human(read.state)) return null;
    const rules = this.options.rules;
    const worst = found.reduce((a, b) =>
      SEVERITY_RANK[rules[b.rule].severity] > SEVERITY_RANK[rules[a.rule].severity] ? b : a,
    );
    const others = found.filter((f) => f !== worst).map((f) => f.rule);
    return {
      readingId: read.id,
      at: read.at,
      rule: worst.rule,
      severity: rules[worst.rule].severity,
      message: others.length ? `${worst.message} (also: ${others.join(', ')})` : worst.message,
    };
  }
}

/** A building's main meter against the sum of its sub-meters over one period. */
export function sumCheck(
  main: Dec,
  subMeters: readonly Dec[],
  tolerancePercent: number,
): { ok: boolean; sum: Dec; difference: Dec; percent: Dec | null } {
  const sum = subMeters.reduce((a, b) => a.add(b), ZERO);
  const difference = main.sub(sum);
  if (main.isZero()) return { ok: sum.isZero(), sum, difference, percent: null };
  const percent = difference.abs().mul(100).div(main.abs());
  return { ok: percent.lessThanOrEqualTo(tolerancePercent), sum, difference, percent };
}
