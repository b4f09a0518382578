import type { ChargingContext, ConsumptionPiece } from './charging-context';
import { meterSpan, splitConsumption, type ConsumptionProblem, type Span } from './consumption';
import { decimalText } from './decimal';
import type { ParsedInstallation, ParsedMeter, ParsedReading, RateTarget } from './input-schema';
import { buildRegisterSeries, lowerBound, upperBound, type SeriesProblem } from './register-series';
import type { RateRun } from './rate-resolution';
import type { ChargingSegment } from './segments';
import { tariffQuantities } from './tariff-quantities';

/**
 * Meter readings → consumption pieces. For every billable register of every
 * installation of every meter, the register's consumption is split at the
 * period's charging segments (party or rate changes); each measured part with
 * a rate becomes a piece for the party answerable that day. Work per register
 * is one sort of its reads plus O(log n) per segment boundary.
 */
export function meterPieces(ctx: ChargingContext): ConsumptionPiece[] {
  const readsByRegister = groupReadings(ctx.input.readings);
  const pieces: ConsumptionPiece[] = [];
  const meters = [...ctx.input.meters].sort((a, b) => compareText(a.meterNumber, b.meterNumber));
  for (const meter of meters) {
    if (meter.registers.length === 0) continue; // a usage-only device
    const installations = meter.installations.filter(
      (inst) => inst.fromDay <= ctx.lastDay && (inst.toDay === null || inst.toDay >= ctx.firstDay),
    );
    if (installations.length === 0) continue;
    if (reportOverlappingInstallations(ctx, meter)) continue;
    const target: RateTarget | null = meter.utilityType ? { kind: 'utility', code: meter.utilityType } : null;
    if (!target) {
      ctx.exceptions.add(
        'no-rate',
        'meter-without-utility-type',
        { meter: meter.meterNumber },
        `Meter ${meter.meterNumber} has no utility type, so no rate can price it`,
        {
          meterNumber: meter.meterNumber,
        },
      );
    }
    const segments = ctx.segments(target);
    const boundaries = segments.map((segment) => ctx.dayStart(segment.fromDay));
    boundaries.push(ctx.period.end);
    for (const register of meter.registers) {
      const reads = readsByRegister.get(registerKey(meter.meterNumber, register)) ?? [];
      for (const installation of installations) {
        chargeInstallation(ctx, meter, register, reads, installation, target, segments, boundaries, pieces);
      }
    }
  }
  return pieces;
}

function chargeInstallation(
  ctx: ChargingContext,
  meter: ParsedMeter,
  register: string,
  reads: readonly ParsedReading[],
  installation: ParsedInstallation,
  target: RateTarget | null,
  segments: readonly ChargingSegment[],
  boundaries: readonly number[],
  pieces: ConsumptionPiece[],
): void {
  const window: Span = {
    start: ctx.dayStart(installation.fromDay),
    end: installation.toDay === null ? Number.POSITIVE_INFINITY : ctx.dayStart(installation.toDay + 1),
  };
  // Reads are sorted by time: the installation's reads are one slice. A cumulative read stamped at the
  // removal's midnight is the closing read; an interval ending at the installation's midnight was measured before.
  const times = reads.map((read) => read.readingAt);
  let first = lowerBound(times, window.start);
  const afterLast = window.end === Number.POSITIVE_INFINITY ? reads.length : upperBound(times, window.end);
  if (first < afterLast && reads[first].kind === 'interval' && reads[first].readingAt === window.start)
    first++;
  const slice = reads
    .slice(first, afterLast)
    .map((read) => ({ at: read.readingAt, value: read.value, kind: read.kind }));

  // Rate problems concern the meter, not one of its registers: reported once per meter.
  const meterSubject = {
    meterNumber: meter.meterNumber,
    ...(meter.utilityType ? { utilityType: meter.utilityType } : {}),
  };
  const subject = { ...meterSubject, register };
  const label = `Meter ${meter.meterNumber} register ${register}`;
  const built = buildRegisterSeries(slice, { rolloverAt: meter.rolloverAt, intervalMs: meter.intervalMs });
  for (const problem of built.problems) reportSeriesProblem(ctx, label, subject, problem);
  const series = built.series;
  if (!series) return;

  const spanResult = meterSpan(series, window, ctx.period);
  if (!spanResult.ok) {
    reportConsumptionProblem(ctx, label, subject, spanResult.problem, installation);
    return;
  }
  if (!spanResult.span) return;
  const parts = splitConsumption(series, spanResult.span, boundaries, meter.multiplier);
  parts.forEach((part, i) => {
    if (part.outcome === 'inactive') return;
    const segment = segments[i];
    const rate = target
      ? rateOf(ctx, segment.rate, meterSubject, {
          kind: 'meter',
          params: { utilityType: meter.utilityType!, meter: meter.meterNumber },
          text: `${meter.utilityType} (meter ${meter.meterNumber})`,
        })
      : null;
    if (part.outcome === 'problem') {
      for (const problem of part.problems)
        reportConsumptionProblem(ctx, label, subject, problem, installation);
      return;
    }
    if (!rate || !target) return;
    const tariff = tariffQuantities(ctx, meter, register, series, part, rate);
    if (!tariff) return;
    // The days the part really covers: a meter installed or removed inside the segment covers fewer.
    const fromDay = ctx.dayOf(part.start) ?? segment.fromDay;
    const toDay = ctx.dayOf(part.end - 1) ?? segment.toDay;
    pieces.push({
      kind: 'consumption',
      partyId: segment.responsibility.partyId,
      role: segment.responsibility.role,
      ladder: 'occupancy',
      target,
      rate,
      fromDay,
      toDay,
      quantity: part.quantity,
      order: [fromDay, meter.meterNumber, register, part.start],
      meter,
      register,
      part,
      bands: tariff.bands,
      intervals: tariff.intervals,
    });
  });
}

/** What a rate is looked up for, in words and as parameters of the exception's code. */
export interface PricedThing {
  kind: 'meter' | 'metric';
  params: Record<string, string>;
  text: string;
}

/** The rate of a run, or null after reporting why there is none. */
export function rateOf(
  ctx: ChargingContext,
  run: RateRun,
  subject: Record<string, string>,
  what: PricedThing,
) {
  const { resolution } = run;
  if (resolution.kind === 'found') return resolution.rate;
  const days = { fromDate: ctx.exceptions.day(run.fromDay), toDate: ctx.exceptions.day(run.toDay) };
  if (resolution.kind === 'none') {
    ctx.exceptions.add(
      'no-rate',
      what.kind === 'meter' ? 'no-rate-for-meter' : 'no-rate-for-metric',
      { ...what.params, ...days },
      `No rate prices ${what.text} from ${days.fromDate} to ${days.toDate}`,
      { ...subject, ...days },
    );
  } else {
    const ids = resolution.candidates.map((rate) => rate.id).join(', ');
    ctx.exceptions.add(
      'ambiguous-rate',
      what.kind === 'meter' ? 'ambiguous-rate-for-meter' : 'ambiguous-rate-for-metric',
      { ...what.params, ...days, scope: resolution.scope, rates: ids },
      `Several ${resolution.scope} rates (${ids}) are valid for ${what.text} between ${days.fromDate} and ${days.toDate}; keep one`,
      { ...subject, ...days },
    );
  }
  return null;
}

function reportOverlappingInstallations(ctx: ChargingContext, meter: ParsedMeter): boolean {
  const sorted = meter.installations; // sorted by fromDay when parsed
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    if (previous.toDay === null || previous.toDay >= sorted[i].fromDay) {
      ctx.exceptions.add(
        'overlapping-installations',
        'overlapping-installations',
        {
          meter: meter.meterNumber,
          firstDate: ctx.exceptions.day(previous.fromDay),
          secondDate: ctx.exceptions.day(sorted[i].fromDay),
        },
        `Meter ${meter.meterNumber} has overlapping installations (from ${ctx.exceptions.day(previous.fromDay)} and from ${ctx.exceptions.day(sorted[i].fromDay)}); it was not charged`,
        { meterNumber: meter.meterNumber, fromDate: ctx.exceptions.day(sorted[i].fromDay) },
      );
      return true;
    }
  }
  return false;
}

function reportSeriesProblem(
  ctx: ChargingContext,
  label: string,
  subject: Record<string, string>,
  problem: SeriesProblem,
): void {
  const ex = ctx.exceptions;
  switch (problem.kind) {
    case 'mixed-kinds':
      ex.add(
        'invalid-read',
        'mixed-read-kinds',
        named(subject),
        `${label} has both cumulative and interval readings; it was not charged`,
        subject,
      );
      return;
    case 'conflicting-reads':
      ex.add(
        'invalid-read',
        'conflicting-reads',
        {
          ...named(subject),
          atTime: ex.instant(problem.at),
          firstValue: decimalText(problem.values[0]),
          secondValue: decimalText(problem.values[1]),
        },
        `${label} has two different reads at ${ex.local(problem.at)} (${decimalText(problem.values[0])} and ${decimalText(problem.values[1])}); it was not charged`,
        { ...subject, at: ex.instant(problem.at) },
      );
      return;
    case 'out-of-range':
      ex.add(
        'invalid-read',
        'read-out-of-range',
        {
          ...named(subject),
          readValue: decimalText(problem.value),
          atTime: ex.instant(problem.at),
          rolloverValue: decimalText(problem.rolloverAt),
        },
        `${label} read ${decimalText(problem.value)} at ${ex.local(problem.at)}, which a register rolling over at ${decimalText(problem.rolloverAt)} cannot show; the read was ignored`,
        { ...subject, at: ex.instant(problem.at) },
      );
  }
}

function reportConsumptionProblem(
  ctx: ChargingContext,
  label: string,
  subject: Record<string, string>,
  problem: ConsumptionProblem,
  installation: ParsedInstallation,
): void {
  const ex = ctx.exceptions;
  if (problem.kind === 'negative-consumption') {
    ex.add(
      'negative-consumption',
      'register-went-backwards',
      {
        ...named(subject),
        dropValue: decimalText(problem.quantity.neg()),
        startTime: ex.instant(problem.start),
        endTime: ex.instant(problem.end),
      },
      `${label} went backwards by ${decimalText(problem.quantity.neg())} between ${ex.local(problem.start)} and ${ex.local(problem.end)}; nothing was charged for that part`,
      { ...subject, at: ex.instant(problem.start) },
    );
    return;
  }
  const at = { ...subject, at: ex.instant(problem.at) };
  const atParams = { ...named(subject), atTime: ex.instant(problem.at) };
  switch (problem.reason) {
    case 'no-read-before':
      ex.add(
        'missing-read',
        'no-read-before',
        atParams,
        `${label} has no read at or before ${ex.local(problem.at)}, so its value then is unknown`,
        at,
      );
      return;
    case 'no-read-after':
      ex.add(
        'missing-read',
        'no-read-after',
        atParams,
        `${label} has no read at or after ${ex.local(problem.at)}, so its value then is unknown`,
        at,
      );
      return;
    case 'no-read-since-installation':
      ex.add(
        'missing-read',
        'no-read-since-installation',
        { ...named(subject), installedDate: ex.day(installation.fromDay) },
        `${label} was installed on ${ex.day(installation.fromDay)} but has no read in the period since then`,
        { ...at, fromDate: ex.day(installation.fromDay) },
      );
      return;
    case 'no-read-before-removal':
      ex.add(
        'missing-read',
        'no-read-before-removal',
        { ...named(subject), removedDate: ex.day(installation.toDay!) },
        `${label} was removed on ${ex.day(installation.toDay!)} but has no read in the period before that`,
        { ...at, toDate: ex.day(installation.toDay!) },
      );
      return;
    case 'interval-gap':
      ex.add(
        'missing-read',
        'interval-gap',
        { ...named(subject), startTime: ex.instant(problem.gap!.from), endTime: ex.instant(problem.gap!.to) },
        `${label} is missing interval data ending between ${ex.local(problem.gap!.from)} and ${ex.local(problem.gap!.to)}`,
        at,
      );
  }
}

/** A register's exception parameters: which meter, which register. */
function named(subject: Record<string, string>): { meter: string; register: string } {
  return { meter: subject.meterNumber, register: subject.register };
}

function registerKey(meterNumber: string, register: string): string {
  return `${meterNumber}\u0000${register}`;
}

/** Readings grouped by meter and register, each group sorted by time (one pass + one sort per group). */
function groupReadings(readings: readonly ParsedReading[]): Map<string, ParsedReading[]> {
  const groups = new Map<string, ParsedReading[]>();
  for (const reading of readings) {
    const key = registerKey(reading.meterNumber, reading.register);
    const group = groups.get(key);
    if (group) group.push(reading);
    else groups.set(key, [reading]);
  }
  for (const group of groups.values())
    group.sort((a, b) => a.readingAt - b.readingAt || a.value.comparedTo(b.value));
  return groups;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
