import { invalidField } from '../common/errors';
import { Dec } from './decimal';
import { registerValueAt } from './interpolation';
import { gapWithin, intervalGaps, type IntervalGap } from './interval-coverage';
import { registerDisplay, rolloversBetween, upperBound, type RegisterSeries } from './register-series';

/**
 * Consumption of one register of one meter installation over parts of a
 * period.
 *
 * Cumulative registers: consumption over [start, end) = value(end) − value(start),
 * each value an exact read or an interpolation (interpolation.ts).
 * Interval readings: consumption over [start, end) = Σ intervals whose end lies
 * in (start, end] — an interval belongs to the part its end falls in.
 * Either way the register delta is multiplied by the meter's multiplier.
 *
 * The meter only counts while it is installed. Its *span* inside the period
 * starts at the period start — or, when it was installed during the period,
 * at its first read after installation — and ends at the period end — or, when
 * removed during the period, at its last read before removal. A replaced meter
 * therefore contributes old meter's last read − its value at the start, and the
 * new meter contributes its value at the end − its first read.
 */
export interface Span {
  start: number;
  end: number;
}

export type SpanResult = { ok: true; span: Span | null } | { ok: false; problem: MissingRead };

export interface MissingRead {
  kind: 'missing-read';
  /** The instant a value is needed at (or the start of an interval gap). */
  at: number;
  reason:
    | 'no-read-before'
    | 'no-read-after'
    | 'no-read-since-installation'
    | 'no-read-before-removal'
    | 'interval-gap';
  /** For interval gaps: the missing range (exclusive, inclusive]. */
  gap?: IntervalGap;
}

export interface NegativeConsumption {
  kind: 'negative-consumption';
  start: number;
  end: number;
  quantity: Dec;
}

export type ConsumptionProblem = MissingRead | NegativeConsumption;

export interface BoundaryRead {
  at: number;
  /** Unwrapped: what the arithmetic uses. */
  value: Dec;
  /** What the register showed (after rollover, the wrapped value). */
  display: Dec;
  estimated: boolean;
}

export interface MeasuredPart {
  outcome: 'measured';
  start: number;
  end: number;
  /** Cumulative: the reads at start and end; null for interval data. */
  from: BoundaryRead | null;
  to: BoundaryRead | null;
  /** Cumulative: to − from. Interval: Σ intervals. Before the multiplier. */
  registerDelta: Dec;
  quantity: Dec;
  rollovers: number;
  intervalCount: number | null;
}

export type PartOutcome =
  { outcome: 'inactive' } | MeasuredPart | { outcome: 'problem'; problems: ConsumptionProblem[] };

/** Where the installed meter's consumption starts and ends inside [periodStart, periodEnd). */
export function meterSpan(series: RegisterSeries, installation: Span, period: Span): SpanResult {
  const { times } = series;
  // An installation starting on the period's first day (or ending on its last) counts as during the
  // period: the meter's own first (last) read is what there is, even when it was taken at 10:00.
  const installedDuring = installation.start >= period.start;
  const removedDuring = installation.end <= period.end;
  const length = series.intervalMs;
  let start = period.start;
  let end = period.end;
  if (installedDuring) {
    if (times.length === 0) return missing(installation.start, 'no-read-since-installation');
    // Interval data: the first interval starts one interval before its end (1 ms when the length is unknown,
    // which still puts that first end inside the half-open span).
    start = series.kind === 'interval' ? times[0] - (length ?? 1) : times[0];
  }
  if (removedDuring) {
    if (times.length === 0) return missing(installation.end, 'no-read-before-removal');
    end = times[times.length - 1];
  }
  if (installedDuring && start >= period.end)
    return missing(installation.start, 'no-read-since-installation');
  if (removedDuring && end <= period.start) return missing(installation.end, 'no-read-before-removal');
  if (start >= end) return { ok: true, span: null };
  return { ok: true, span: { start, end } };
}

function missing(at: number, reason: MissingRead['reason']): SpanResult {
  return { ok: false, problem: { kind: 'missing-read', at, reason } };
}

/**
 * Consumption of each part [boundaries[i], boundaries[i+1]) of the span.
 * Boundaries must ascend. Parts outside the span are inactive. Measured parts
 * telescope: Σ parts = value(span end) − value(span start), exactly.
 */
export function splitConsumption(
  series: RegisterSeries,
  span: Span,
  boundaries: readonly number[],
  multiplier: Dec,
): PartOutcome[] {
  return series.kind === 'interval'
    ? splitIntervals(series, span, boundaries, multiplier)
    : splitCumulative(series, span, boundaries, multiplier);
}

function splitCumulative(
  series: RegisterSeries,
  span: Span,
  boundaries: readonly number[],
  multiplier: Dec,
): PartOutcome[] {
  const parts: PartOutcome[] = [];
  // Neighbouring parts share a boundary: look each one up once.
  let previous: { at: number; read: BoundaryRead | MissingRead } | null = null;
  const readAt = (at: number): BoundaryRead | MissingRead => {
    if (previous && previous.at === at) return previous.read;
    const value = registerValueAt(series, at);
    const read: BoundaryRead | MissingRead = value.found
      ? { at, value: value.value, display: registerDisplay(series, value.value), estimated: value.estimated }
      : { kind: 'missing-read', at, reason: value.missing === 'before' ? 'no-read-before' : 'no-read-after' };
    previous = { at, read };
    return read;
  };
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const start = Math.max(boundaries[i], span.start);
    const end = Math.min(boundaries[i + 1], span.end);
    if (start >= end) {
      parts.push({ outcome: 'inactive' });
      continue;
    }
    const from = readAt(start);
    const to = readAt(end);
    const problems: ConsumptionProblem[] = [];
    if ('kind' in from) problems.push(from);
    if ('kind' in to) problems.push(to);
    if ('kind' in from || 'kind' in to) {
      parts.push({ outcome: 'problem', problems });
      continue;
    }
    const registerDelta = to.value.sub(from.value);
    const quantity = registerDelta.mul(multiplier);
    if (quantity.isNegative()) {
      parts.push({ outcome: 'problem', problems: [{ kind: 'negative-consumption', start, end, quantity }] });
      continue;
    }
    parts.push({
      outcome: 'measured',
      start,
      end,
      from,
      to,
      registerDelta,
      quantity,
      rollovers: rolloversBetween(series, from.value, to.value),
      intervalCount: null,
    });
  }
  return parts;
}

function splitIntervals(
  series: RegisterSeries,
  span: Span,
  boundaries: readonly number[],
  multiplier: Dec,
): PartOutcome[] {
  const gaps = intervalGaps(series, span.start, span.end);
  const parts: PartOutcome[] = [];
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const start = Math.max(boundaries[i], span.start);
    const end = Math.min(boundaries[i + 1], span.end);
    if (start >= end) {
      parts.push({ outcome: 'inactive' });
      continue;
    }
    const gap = gapWithin(gaps, start, end);
    if (gap) {
      parts.push({
        outcome: 'problem',
        problems: [{ kind: 'missing-read', at: gap.from, reason: 'interval-gap', gap }],
      });
      continue;
    }
    const first = upperBound(series.times, start);
    const afterLast = upperBound(series.times, end);
    const registerDelta = series.prefix[afterLast].sub(series.prefix[first]);
    const quantity = registerDelta.mul(multiplier);
    if (quantity.isNegative()) {
      parts.push({ outcome: 'problem', problems: [{ kind: 'negative-consumption', start, end, quantity }] });
      continue;
    }
    parts.push({
      outcome: 'measured',
      start,
      end,
      from: null,
      to: null,
      registerDelta,
      quantity,
      rollovers: 0,
      intervalCount: afterLast - first,
    });
  }
  return parts;
}

/**
 * Consumption of a register between two instants, on its own (a device's
 * consumption page, a member's dashboard): one part, same rules.
 */
export function consumptionBetween(
  series: RegisterSeries,
  start: number,
  end: number,
  multiplier: Dec,
): MeasuredPart | { outcome: 'problem'; problems: ConsumptionProblem[] } {
  if (!(end > start)) throw invalidField('to', 'The end of a consumption period must be after its start');
  const [part] = splitConsumption(series, { start, end }, [start, end], multiplier);
  return part as Exclude<PartOutcome, { outcome: 'inactive' }>;
}
