import Decimal from 'decimal.js';
import { DateTime } from 'luxon';

/**
 * Consumption per calendar day or month of one register, for admins and members:
 * - cumulative reads: the difference between consecutive reads, given to the bucket
 *   in which the later read falls (a read at 00:00 closes the previous day, as the
 *   contract says a 00:00 read is that day's opening read); a register that wrapped
 *   at `rolloverAt` counts the way round the dial;
 * - interval reads: the sum of the intervals ending in the bucket.
 * Values are multiplied by the device's multiplier. The charging engine does the
 * exact, period-accurate version with interpolation; this is the display series.
 */
export type SeriesReading = { readingAt: number; value: string; kind: 'cumulative' | 'interval' };
export type ConsumptionBucket = { period: string; start: string; quantity: string; reads: number };

export function consumptionSeries(
  readings: SeriesReading[],
  options: { period: 'day' | 'month'; timeZone: string; multiplier?: string; rolloverAt?: string | null },
): { buckets: ConsumptionBucket[]; warnings: string[] } {
  const multiplier = new Decimal(options.multiplier ?? '1');
  const sorted = [...readings].sort((a, b) => a.readingAt - b.readingAt);
  const buckets = new Map<string, { start: string; quantity: Decimal; reads: number }>();
  const warnings: string[] = [];

  const bucketOf = (ms: number, closing: boolean) => {
    // A cumulative read exactly at local midnight closes the previous day/month.
    let t = DateTime.fromMillis(ms, { zone: options.timeZone });
    if (closing && t.hour === 0 && t.minute === 0 && t.second === 0 && t.millisecond === 0) t = t.minus({ milliseconds: 1 });
    const start = t.startOf(options.period);
    return { key: options.period === 'day' ? start.toISODate()! : start.toFormat('yyyy-MM'), start: start.toISO()! };
  };
  const add = (ms: number, quantity: Decimal) => {
    const b = bucketOf(ms, true);
    const bucket = buckets.get(b.key) ?? { start: b.start, quantity: new Decimal(0), reads: 0 };
    bucket.quantity = bucket.quantity.plus(quantity.times(multiplier));
    bucket.reads++;
    buckets.set(b.key, bucket);
  };

  let previous: SeriesReading | null = null;
  for (const r of sorted) {
    if (r.kind === 'interval') {
      add(r.readingAt, new Decimal(r.value));
      continue;
    }
    if (previous) {
      let delta = new Decimal(r.value).minus(previous.value);
      if (delta.isNegative()) {
        if (options.rolloverAt) delta = delta.plus(options.rolloverAt);
        else {
          warnings.push(`The register went down at ${new Date(r.readingAt).toISOString()} (${previous.value} → ${r.value}); that step is left out`);
          previous = r;
          continue;
        }
      }
      add(r.readingAt, delta);
    }
    previous = r;
  }
  return {
    buckets: [...buckets.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, b]) => ({ period, start: b.start, quantity: b.quantity.toString(), reads: b.reads })),
    warnings,
  };
}
