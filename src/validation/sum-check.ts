import { DateTime } from 'luxon';
import { Dec } from '../charging/decimal';
import { sumCheck } from './register-validator';

/**
 * The sum check of the VEE step, day by day: a building's main meter against the sum
 * of the sub-meters of the same utility at its billing points (Hauptzähler gegen
 * Summe der Unterzähler). A day is checked only when every meter has a value at both
 * of its ends (a read there, or a straight line between the reads either side); a
 * day with a value missing is skipped, never guessed.
 */
export type SeriesRead = { at: number; value: Dec };
export type DayWindow = { day: string; start: number; end: number };

/** The calendar days (in `timeZone`) whose end lies in [from, to]; the day before `from` is checked too. */
export function daysBetween(from: number, to: number, timeZone: string): DayWindow[] {
  const days: DayWindow[] = [];
  let d = DateTime.fromMillis(from, { zone: timeZone }).startOf('day').minus({ days: 1 });
  for (;;) {
    const next = d.plus({ days: 1 });
    if (next.toMillis() > to) break;
    days.push({ day: d.toISODate()!, start: d.toMillis(), end: next.toMillis() });
    d = next;
  }
  return days;
}

/**
 * A register's reads as a running total: a cumulative register as it is, an interval
 * register summed, so that consumption over [a, b] is always total(b) − total(a).
 */
export function runningTotal(reads: readonly SeriesRead[], kind: 'cumulative' | 'interval'): SeriesRead[] {
  if (kind === 'cumulative') return [...reads];
  let total = new Dec(0);
  return reads.map((r) => {
    total = total.add(r.value);
    return { at: r.at, value: total };
  });
}

/** The running total at each instant (ascending): the read there, or interpolated; null outside the reads. */
export function valuesAt(reads: readonly SeriesRead[], instants: readonly number[]): (Dec | null)[] {
  const out: (Dec | null)[] = [];
  let i = 0;
  for (const at of instants) {
    while (i < reads.length && reads[i].at < at) i++;
    if (i < reads.length && reads[i].at === at) out.push(reads[i].value);
    else if (i === 0 || i === reads.length) out.push(null);
    else {
      const a = reads[i - 1];
      const b = reads[i];
      out.push(
        a.value.add(
          b.value
            .sub(a.value)
            .mul(at - a.at)
            .div(b.at - a.at),
        ),
      );
    }
  }
  return out;
}

export type MeterDays = {
  meterNumber: string;
  multiplier: Dec;
  /** Per register: its running total at every day boundary (days.length + 1 values). */
  registers: (Dec | null)[][];
  /** Whether the meter counted on that day (installed at one of the building's points). */
  counts: (day: string) => boolean;
};

export type DayVerdict = {
  day: string;
  end: number;
  main: Dec;
  sum: Dec;
  percent: Dec | null;
  ok: boolean;
};

/** A meter's consumption on day i (all its registers, × multiplier), or null when a value is missing. */
function dayUse(meter: MeterDays, i: number): Dec | null {
  let total = new Dec(0);
  for (const values of meter.registers) {
    const a = values[i];
    const b = values[i + 1];
    if (a === null || b === null) return null;
    total = total.add(b.sub(a));
  }
  return total.mul(meter.multiplier);
}

/**
 * Each day the main meter and every sub-meter counting that day have values for: the
 * verdict of `sumCheck` with the tolerance in percent. A negative day (a register that
 * went back or rolled over) is left to the register rules and not checked here.
 */
export function checkDays(
  days: readonly DayWindow[],
  main: MeterDays,
  subs: readonly MeterDays[],
  tolerancePercent: number,
): DayVerdict[] {
  const verdicts: DayVerdict[] = [];
  days.forEach((d, i) => {
    const m = dayUse(main, i);
    if (m === null || m.isNegative()) return;
    const parts: Dec[] = [];
    for (const sub of subs) {
      if (!sub.counts(d.day)) continue;
      const use = dayUse(sub, i);
      if (use === null || use.isNegative()) return;
      parts.push(use);
    }
    const r = sumCheck(m, parts, tolerancePercent);
    verdicts.push({ day: d.day, end: d.end, main: m, sum: r.sum, percent: r.percent, ok: r.ok });
  });
  return verdicts;
}

/** The flag's text: both figures and how far apart they are. */
export function sumCheckMessage(v: DayVerdict, tolerancePercent: number): string {
  const off =
    v.percent === null ? 'the main meter shows none' : `${v.percent.toDecimalPlaces(1).toString()} % off`;
  return `${v.day}: main meter ${v.main.toDecimalPlaces(3).toString()}, sub-meters together ${v.sum
    .toDecimalPlaces(3)
    .toString()} (${off}, tolerance ${tolerancePercent} %)`;
}
