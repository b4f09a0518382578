import { formatDay, parseCalendarDate } from '../charging/calendar';
import { meterSpan, splitConsumption, type Span } from '../charging/consumption';
import { Dec, ZERO, decimalText, parseDecimal } from '../charging/decimal';
import { buildRegisterSeries, lowerBound, upperBound } from '../charging/register-series';
import { startOfDay } from '../charging/time-zone';
import type { MeasuredKey } from './keys';
import { meterFigureUnusableNote, type MeterFigureProblem, type SettlementNote } from './settlement-notes';

type MissingReadWhen = Extract<MeterFigureProblem, { reason: 'no-reading' }>['when'];

/**
 * Measured keys from the meters themselves: a billing point's heat, hot-water
 * or cold-water figure over the settlement period, from the stored readings of
 * the meters installed there, instead of a figure typed in.
 *
 * Which meters count for which key is the settlement's choice: a map from
 * utility type code to measured key (HEAT → heat, HOT_WATER → hot-water …).
 * For each installation of such a meter overlapping the period, the
 * consumption of its billed registers is charging's (src/charging/consumption.ts):
 * value at the end − value at the start, interpolated between reads at the
 * period's midnights in the building's zone; a meter installed or removed
 * inside the period counts from its first read after installation to its last
 * read before removal. The installation's days inside the period are the days
 * it measured.
 *
 * Installations of one key at one billing point whose days overlap (a meter
 * swapped on a day both were there, two meters on two circuits) are summed
 * into one figure over the union of their days. Days no installation covers —
 * no meter, or a meter whose readings cannot give its consumption (no read
 * near a boundary, conflicting reads, a register running backwards) — are
 * missing, and the settlement's missing-meter rule applies: an exception, or
 * the estimate from the area key. Each unusable meter is named in a note.
 */
export interface MeterSource {
  billingPointId: string;
  timeZone: string;
  meters: {
    meterNumber: string;
    utilityType: string | null;
    multiplier?: string | null;
    rolloverAt?: string | null;
    registers: string[];
    installations: { from: string; to: string | null }[];
  }[];
  readings: { meterNumber: string; register: string; readingAt: number; value: string; kind: string }[];
}

export interface MeterMeasurement {
  billingPointId: string;
  key: MeasuredKey;
  from: string;
  to: string;
  consumption: string;
  meterNumber: string;
}

export interface MeterNote extends SettlementNote {
  billingPointId: string;
  meterNumber: string;
  key: MeasuredKey;
}

interface Measured {
  fromDay: number;
  toDay: number;
  consumption: Dec;
  meterNumbers: string[];
}

export function measurementsFromMeters(
  sources: readonly MeterSource[],
  meterKeys: Readonly<Record<string, MeasuredKey>>,
  periodStart: string,
  periodEnd: string,
): { measurements: MeterMeasurement[]; notes: MeterNote[] } {
  const firstDay = parseCalendarDate(periodStart)!;
  const lastDay = parseCalendarDate(periodEnd)!;
  const measurements: MeterMeasurement[] = [];
  const notes: MeterNote[] = [];
  for (const source of sources) {
    const byKey = new Map<MeasuredKey, Measured[]>();
    const meters = [...source.meters].sort((a, b) => (a.meterNumber < b.meterNumber ? -1 : 1));
    for (const meter of meters) {
      const key = meter.utilityType ? meterKeys[meter.utilityType] : undefined;
      if (!key) continue;
      for (const installation of meter.installations) {
        const fromDay = Math.max(firstDay, parseCalendarDate(installation.from)!);
        const toDay = Math.min(
          lastDay,
          installation.to === null ? lastDay : parseCalendarDate(installation.to)!,
        );
        if (fromDay > toDay) continue;
        const result = installationConsumption(source, meter, installation, firstDay, lastDay);
        if (!(result instanceof Dec)) {
          notes.push({
            billingPointId: source.billingPointId,
            meterNumber: meter.meterNumber,
            key,
            ...meterFigureUnusableNote(meter.meterNumber, fromDay, toDay, result),
          });
          continue;
        }
        const list = byKey.get(key) ?? [];
        list.push({ fromDay, toDay, consumption: result, meterNumbers: [meter.meterNumber] });
        byKey.set(key, list);
      }
    }
    for (const [key, list] of byKey)
      for (const m of mergeOverlapping(list))
        measurements.push({
          billingPointId: source.billingPointId,
          key,
          from: formatDay(m.fromDay),
          to: formatDay(m.toDay),
          consumption: decimalText(m.consumption),
          meterNumber: m.meterNumbers.join(', ').slice(0, 200),
        });
  }
  return { measurements, notes };
}

/** Σ of the billed registers' consumption of one installation inside the period, or why there is none. */
function installationConsumption(
  source: MeterSource,
  meter: MeterSource['meters'][number],
  installation: { from: string; to: string | null },
  firstDay: number,
  lastDay: number,
): Dec | MeterFigureProblem {
  if (meter.registers.length === 0) return { reason: 'no-register' };
  const zone = source.timeZone;
  const period: Span = { start: startOfDay(zone, firstDay), end: startOfDay(zone, lastDay + 1) };
  const window: Span = {
    start: startOfDay(zone, parseCalendarDate(installation.from)!),
    end:
      installation.to === null
        ? Number.POSITIVE_INFINITY
        : startOfDay(zone, parseCalendarDate(installation.to)! + 1),
  };
  const multiplier = parseDecimal(meter.multiplier ?? '1') ?? new Dec(1);
  const rolloverAt = meter.rolloverAt ? parseDecimal(meter.rolloverAt) : null;
  let total = ZERO;
  for (const register of meter.registers) {
    const reads = source.readings
      .filter((r) => r.meterNumber === meter.meterNumber && r.register === register)
      .sort((a, b) => a.readingAt - b.readingAt);
    const times = reads.map((r) => r.readingAt);
    const first = lowerBound(times, window.start);
    const afterLast = window.end === Number.POSITIVE_INFINITY ? reads.length : upperBound(times, window.end);
    const slice = [];
    for (const r of reads.slice(first, afterLast)) {
      const value = parseDecimal(r.value);
      if (value === null) return { reason: 'unreadable-value', register, value: r.value.slice(0, 40) };
      slice.push({
        at: r.readingAt,
        value,
        kind: r.kind === 'interval' ? 'interval' : 'cumulative',
      } as const);
    }
    const built = buildRegisterSeries(slice, { rolloverAt, intervalMs: null });
    if (!built.series || built.problems.length > 0)
      return {
        reason: 'unusable-readings',
        register,
        problems: built.problems.map((p) => p.kind).join(', ') || 'unusable',
      };
    const span = meterSpan(built.series, window, period);
    if (!span.ok) return { reason: 'no-reading', register, when: missingReadWhen(span.problem.reason) };
    if (!span.span) continue;
    const [part] = splitConsumption(built.series, span.span, [span.span.start, span.span.end], multiplier);
    if (part.outcome === 'problem') {
      // The first problem is the one to fix first; the others often follow from it.
      const first = part.problems[0];
      return first.kind === 'missing-read'
        ? { reason: 'no-reading', register, when: missingReadWhen(first.reason) }
        : { reason: 'below-zero', register };
    }
    if (part.outcome === 'measured') total = total.plus(part.quantity);
  }
  return total;
}

function missingReadWhen(reason: string): MissingReadWhen {
  switch (reason) {
    case 'no-read-before':
      return 'period-start';
    case 'no-read-after':
      return 'period-end';
    case 'no-read-since-installation':
      return 'installation';
    case 'no-read-before-removal':
      return 'removal';
    default:
      return 'gap';
  }
}

/** Installations whose days overlap become one figure over the union of their days. */
function mergeOverlapping(list: Measured[]): Measured[] {
  const sorted = [...list].sort((a, b) => a.fromDay - b.fromDay || a.toDay - b.toDay);
  const merged: Measured[] = [];
  for (const m of sorted) {
    const last = merged[merged.length - 1];
    if (last && m.fromDay <= last.toDay) {
      last.toDay = Math.max(last.toDay, m.toDay);
      last.consumption = last.consumption.plus(m.consumption);
      last.meterNumbers.push(...m.meterNumbers);
    } else merged.push({ ...m, meterNumbers: [...m.meterNumbers] });
  }
  return merged;
}
