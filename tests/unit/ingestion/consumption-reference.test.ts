import fc from 'fast-check';
import { Dec, decimalText, ZERO } from '../../../src/charging/decimal';
import { isRollover } from '../../../src/charging/register-series';
import {
  bucketOf,
  bucketsBetween,
  consumptionSeries,
  type ConsumptionBucket,
  type SeriesOptions,
  type SeriesReading,
  type SeriesResult,
} from '../../../src/ingestion/consumption';

/**
 * ConsumptionBuckets sums in scaled integers (src/ingestion/scaled-decimal.ts). This is the
 * rule written out the plain way, in decimal.js, read by read, as the series computed it
 * before, and the series must give exactly its buckets and warnings on random reads:
 * rollovers, drops, reads off the dial, gaps, twins at one instant, mixed kinds, estimated
 * and edited reads, up to 22 digits before the point and 12 after, written every way
 * decimal text is written ("007.50", "+3", ".5", "-0").
 */
function referenceSeries(readings: SeriesReading[], options: SeriesOptions): SeriesResult {
  const { period, timeZone, range } = options;
  const rolloverAt = options.rolloverAt ? new Dec(options.rolloverAt) : null;
  const multiplier = new Dec(options.multiplier ?? '1');
  const tallies = new Map<string, { quantity: Dec; reads: number; estimated: number; edited: number }>();
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const when = (ms: number) => new Date(ms).toISOString();
  const attribute = (read: SeriesReading, quantity: Dec) => {
    if (range && (read.readingAt <= range.from || read.readingAt > range.to)) return;
    const key = bucketOf(read.readingAt, period, timeZone).key;
    const t = tallies.get(key) ?? { quantity: ZERO, reads: 0, estimated: 0, edited: 0 };
    t.quantity = t.quantity.add(quantity);
    t.reads++;
    if (read.quality === 'estimated') t.estimated++;
    else if (read.quality === 'edited') t.edited++;
    tallies.set(key, t);
  };
  let kind: SeriesReading['kind'] | null = null;
  let previous: { at: number; value: Dec } | null = null;
  for (const read of [...readings].sort((a, b) => a.readingAt - b.readingAt)) {
    const value = new Dec(read.value);
    kind ??= read.kind;
    if (read.kind !== kind) {
      warn(`A ${read.kind} read at ${when(read.readingAt)} on a ${kind} register is ignored`);
      continue;
    }
    if (
      read.kind === 'cumulative' &&
      rolloverAt &&
      (value.isNegative() || value.greaterThanOrEqualTo(rolloverAt))
    ) {
      warn(
        `The read ${read.value} at ${when(read.readingAt)} cannot be on a register rolling over at ${decimalText(rolloverAt)}; it is ignored`,
      );
      continue;
    }
    if (previous && previous.at === read.readingAt) {
      if (!previous.value.equals(value))
        warn(
          `Two values at ${when(read.readingAt)} (${decimalText(previous.value)}, ${read.value}); the second is ignored`,
        );
      continue;
    }
    const before = previous;
    previous = { at: read.readingAt, value };
    if (read.kind === 'interval') attribute(read, value);
    else if (!before) continue;
    else if (value.greaterThanOrEqualTo(before.value)) attribute(read, value.sub(before.value));
    else if (rolloverAt && isRollover(before.value, value, rolloverAt))
      attribute(read, value.add(rolloverAt).sub(before.value));
    else
      warn(
        `The register went down at ${when(read.readingAt)} (${decimalText(before.value)} → ${read.value}); that step is left out`,
      );
  }
  const keys = range
    ? bucketsBetween(range.from, range.to, period, timeZone).map((b) => b.key)
    : [...tallies.keys()].sort();
  const buckets: Pick<ConsumptionBucket, 'period' | 'quantity' | 'reads' | 'estimated' | 'edited'>[] =
    keys.map((key) => {
      const t = tallies.get(key);
      return {
        period: key,
        quantity: t ? decimalText(t.quantity.mul(multiplier)) : null,
        reads: t?.reads ?? 0,
        estimated: t?.estimated ?? 0,
        edited: t?.edited ?? 0,
      };
    });
  const shown = warnings.slice(0, 20);
  if (warnings.length > 20) shown.push(`… and ${warnings.length - 20} more`);
  return { buckets: buckets as ConsumptionBucket[], warnings: shown };
}

const T0 = Date.UTC(2024, 2, 29); // a clock change in Europe on the 31st, none in New York
const HOUR = 3_600_000;

/** Decimal text of a value, written one of the ways decimal text comes. */
function written(value: Dec, style: number): string {
  const plain = decimalText(value);
  switch (style) {
    case 1:
      return plain.includes('.') ? `${plain}00` : `${plain}.0`;
    case 2:
      return value.isNegative() ? plain : `+00${plain}`;
    case 3:
      return plain.startsWith('0.') ? plain.slice(1) : plain;
    default:
      return plain;
  }
}

const digits = (n: number) => fc.stringMatching(new RegExp(`^[0-9]{1,${n}}$`));
/** Up to 22 digits before the point and 12 after: the stored cap (src/charging/decimal.ts). */
const magnitude = fc
  .tuple(fc.oneof(digits(3), digits(22)), fc.option(digits(12), { nil: undefined }))
  .map(([whole, fraction]) => new Dec(fraction ? `${whole}.${fraction}` : whole));
const rolloverAt = fc.oneof(
  fc.constant(null),
  fc.constantFrom('1000', '100000', '99999.999', '10000000000000000000000'),
);

type Step = { gap: number; change: number; amount: Dec; style: number; quality: number; twin: boolean };
const step = fc.record({
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 200 })),
  change: fc.integer({ min: 0, max: 19 }),
  amount: magnitude,
  style: fc.integer({ min: 0, max: 3 }),
  quality: fc.integer({ min: 0, max: 5 }),
  twin: fc.boolean(),
});

/**
 * Interval: an amount (the odd negative one). Cumulative: a drop, a read off the dial, a
 * jump anywhere, exactly half the dial on (never a rollover), else a step up, round the dial.
 */
function nextValue(kind: SeriesReading['kind'], value: Dec, s: Step, dial: string | null): Dec {
  if (kind === 'interval') return s.change === 0 ? s.amount.neg() : s.amount.div(1000);
  if (s.change === 0) return value.sub(s.amount.div(1000));
  if (s.change === 1) return new Dec(s.style % 2 ? '-0' : '-1.5');
  if (s.change === 2) return s.amount;
  if (!dial) return value.add(s.amount.div(10 ** (s.change % 6)));
  return (
    s.change === 3 ? value.add(new Dec(dial).div(2)) : value.add(s.amount.div(10 ** (s.change % 6)))
  ).mod(dial);
}

/** A register's reads: a walk up the dial by random steps, with the odd rollover, drop, bad read. */
function reads(kind: SeriesReading['kind'], steps: Step[], dial: string | null, mixed: boolean) {
  const out: SeriesReading[] = [];
  let at = T0;
  let value = new Dec(0);
  for (const s of steps) {
    at += s.gap * 15 * 60_000;
    const next = nextValue(kind, value, s, dial);
    if (s.change !== 1) value = next;
    const text = next.isZero() && next.isNegative() ? '-0' : written(next, s.style);
    const quality = s.quality === 1 ? 'estimated' : s.quality === 2 ? 'edited' : null;
    const readKind = mixed && s.change === 19 ? (kind === 'interval' ? 'cumulative' : 'interval') : kind;
    out.push({ readingAt: at, value: text, kind: readKind, quality });
    if (s.twin && s.change > 15)
      // A twin: another value, or the same one written another way ("1.5" and "1.50").
      out.push({
        readingAt: at,
        value: written(s.style ? next : next.add(1), s.style - 1),
        kind: readKind,
        quality,
      });
  }
  return out;
}

describe('consumption series against the decimal reference', () => {
  test('random registers: the same buckets and warnings', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SeriesReading['kind']>('cumulative', 'interval'),
        fc.array(step, { maxLength: 300 }),
        rolloverAt,
        fc.boolean(),
        fc.constantFrom<SeriesOptions['period']>('day', 'month'),
        fc.constantFrom('UTC', 'Europe/Zurich', 'America/New_York'),
        fc.constantFrom('1', '2', '0.001', '1.5', '12345678901234567890.123456789012'),
        fc.option(fc.tuple(fc.integer({ min: -48, max: 48 }), fc.integer({ min: 1, max: 24 * 40 })), {
          nil: undefined,
        }),
        (kind, steps, dial, mixed, period, timeZone, multiplier, window) => {
          const readings = reads(kind, steps, dial, mixed);
          const options: SeriesOptions = {
            period,
            timeZone,
            multiplier,
            rolloverAt: dial,
            ...(window
              ? { range: { from: T0 + window[0] * HOUR, to: T0 + (window[0] + window[1]) * HOUR } }
              : {}),
          };
          const got = consumptionSeries(readings, options);
          const want = referenceSeries(readings, options);
          expect(got.warnings).toEqual(want.warnings);
          expect(
            got.buckets.map(({ period: p, quantity, reads: n, estimated, edited }) => ({
              period: p,
              quantity,
              reads: n,
              estimated,
              edited,
            })),
          ).toEqual(want.buckets);
        },
      ),
      { numRuns: 400 },
    );
  });
});
