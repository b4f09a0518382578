import fc from 'fast-check';
import { Dec, parseDecimal } from '../../../src/charging/decimal';
import { DEFAULT_RULES, type ResolvedRules } from '../../../src/validation/rule-config';
import {
  RegisterValidator,
  type QualityState,
  type ReadingFlag,
} from '../../../src/validation/register-validator';
import {
  ScaledInteger,
  amountOf,
  compareAmounts,
  compareQuotient,
  decimalOf,
  differenceOf,
  numberOf,
  sumOf,
  type Amount,
} from '../../../src/validation/scaled-amount';

/**
 * The validator reads values as scaled integers (src/validation/scaled-amount.ts) and must
 * give exactly the verdicts it gives on decimal.js values — the reference, i.e. the decimal
 * path every operation falls back to. Series are built on purpose around the rules' edges:
 * a delta of exactly k × the usual one, cumulative values that repeat, a drop of exactly
 * half the dial, a daily rate exactly at a limit, many decimals (trailing zeros too), and
 * values whose units leave the safe integers, which forces the decimal path half-way.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** units × 10^−scale as plain decimal text, with `pad` trailing zeros and an optional '+'. */
function textOf(units: bigint, scale: number, pad = 0, plus = false): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale) + '0'.repeat(pad);
  return `${negative ? '-' : plus ? '+' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Decimal text within parseDecimal's caps: ordinary, near 2^53 units, or far beyond it. */
const decimalTextArb = fc.oneof(
  fc.constantFrom('-0', '-0.00'),
  fc
    .record({
      scale: fc.integer({ min: 0, max: 12 }),
      units: fc.oneof(
        fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }),
        fc.bigInt({ min: MAX_SAFE - 5n, max: MAX_SAFE + 5n }),
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
      ),
      pad: fc.integer({ min: 0, max: 3 }),
      plus: fc.boolean(),
    })
    .map(({ scale, units, pad, plus }) => textOf(units, Math.min(scale, 12 - pad), pad, plus))
    .filter((text) => parseDecimal(text) !== null),
);

describe('amounts against decimal.js', () => {
  const isScaled = (a: Amount) => a instanceof ScaledInteger;

  it('reads exactly what parseDecimal reads, to the same value', () => {
    const inputs = fc.oneof(
      decimalTextArb,
      fc.string(),
      fc.double(),
      fc.constantFrom('-0', '-0.000', '+0', '1e5', ' 12.5 ', '.5', '1.', '0x10', 'NaN'),
    );
    fc.assert(
      fc.property(inputs, (input) => {
        const amount = amountOf(input);
        const decimal = parseDecimal(input);
        if (amount === null || decimal === null) return amount === decimal;
        return decimalOf(amount).equals(decimal) && decimalOf(amount).isNegative() === decimal.isNegative();
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a negative zero and units beyond 2^53 − 1 as decimals', () => {
    expect(isScaled(amountOf('-0.00')!)).toBe(false);
    expect(decimalOf(amountOf('-0.00')!).isNegative()).toBe(true);
    expect(isScaled(amountOf('9007199254740991')!)).toBe(true);
    expect(isScaled(amountOf('9007199254740992')!)).toBe(false);
    expect(isScaled(amountOf('900719925474.0991')!)).toBe(true);
  });

  it('sums, differences, comparisons and doubles are decimal.js’s', () => {
    fc.assert(
      fc.property(decimalTextArb, decimalTextArb, (x, y) => {
        const [a, b] = [amountOf(x)!, amountOf(y)!];
        const [p, q] = [new Dec(x), new Dec(y)];
        return (
          decimalOf(sumOf(a, b)).equals(p.add(q)) &&
          decimalOf(differenceOf(a, b)).equals(p.sub(q)) &&
          compareAmounts(a, b) === p.cmp(q) &&
          numberOf(a) === p.toNumber() &&
          Object.is(numberOf(differenceOf(a, b)), p.sub(q).toNumber())
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('a quotient against a limit is the decimal quotient’s verdict, at the boundary too', () => {
    const per = fc.oneof(
      fc.constantFrom(HOUR, DAY, 15 * 60_000, 7 * HOUR),
      fc.integer({ min: 1, max: 2 ** 40 }),
    );
    fc.assert(
      fc.property(decimalTextArb, per, fc.boolean(), decimalTextArb, (x, interval, atBoundary, y) => {
        const a = amountOf(x)!;
        // At the boundary: the limit is the quotient itself, when it is a short decimal.
        const exact = new Dec(x).mul(DAY).div(interval);
        const limit = atBoundary && exact.decimalPlaces() <= 12 ? exact.toFixed() : y;
        const b = amountOf(limit) ?? new Dec(limit);
        return compareQuotient(a, DAY, interval, b) === exact.cmp(new Dec(limit));
      }),
      { numRuns: 2000 },
    );
  });
});

type Step = {
  /** What flows in this step, in units of 10^−scale. */
  delta:
    | 'usual'
    | 'zero'
    | 'minus-zero'
    | 'k-times'
    | 'k-times-plus-one'
    | 'back'
    | 'half-dial'
    | 'half-dial-less-one'
    | bigint;
  spacing: 'usual' | 'double' | 'gap';
  pad: number;
  state: QualityState;
};
type Series = {
  kind: 'cumulative' | 'interval';
  scale: number;
  start: bigint;
  usual: bigint;
  factor: number;
  spacing: number;
  rollover: bigint | null;
  rules: 'defaults' | 'water' | 'limits' | 'absolute' | 'tight';
  vacantEveryThirdDay: boolean;
  lookback: number;
  steps: Step[];
};

const stepArb: fc.Arbitrary<Step> = fc.record({
  delta: fc.oneof(
    { weight: 6, arbitrary: fc.constant<'usual'>('usual') },
    {
      weight: 4,
      arbitrary: fc.constantFrom<Step['delta']>(
        'zero',
        'minus-zero',
        'k-times',
        'k-times-plus-one',
        'back',
        'half-dial',
        'half-dial-less-one',
      ),
    },
    { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }) },
  ),
  spacing: fc.oneof(
    { weight: 8, arbitrary: fc.constant<'usual'>('usual') },
    { weight: 1, arbitrary: fc.constantFrom<Step['spacing']>('double', 'gap') },
  ),
  pad: fc.integer({ min: 0, max: 2 }),
  state: fc.oneof(
    { weight: 12, arbitrary: fc.constant<QualityState>('valid') },
    { weight: 1, arbitrary: fc.constantFrom<QualityState>('accepted', 'edited', 'suspect') },
  ),
});

const seriesArb: fc.Arbitrary<Series> = fc.record({
  kind: fc.constantFrom('cumulative', 'interval'),
  scale: fc.integer({ min: 0, max: 10 }),
  start: fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 6n }),
    // Near 2^53 units: a series that crosses into the decimal path and back.
    fc.bigInt({ min: MAX_SAFE - 10n ** 4n, max: MAX_SAFE }),
    fc.bigInt({ min: 10n ** 18n, max: 10n ** 20n }),
  ),
  usual: fc.bigInt({ min: 1n, max: 5_000n }).map((u) => u * 4n),
  factor: fc.constantFrom(5, 2.5, 1.25, 7),
  spacing: fc.constantFrom(15 * 60_000, HOUR, DAY),
  rollover: fc.option(fc.constantFrom(10n ** 5n, 10n ** 8n, 2n ** 53n), { nil: null }),
  rules: fc.constantFrom('defaults', 'water', 'limits', 'absolute', 'tight'),
  vacantEveryThirdDay: fc.boolean(),
  lookback: fc.integer({ min: 0, max: 5 }),
  steps: fc.array(stepArb, { minLength: 2, maxLength: 120 }),
});

/** The rules of a series, with its boundaries: the limits at exactly the usual daily use. */
function rulesOf(s: Series): ResolvedRules {
  const usualPerDay = textOf((s.usual * BigInt(DAY)) / BigInt(s.spacing), s.scale);
  const base = {
    ...DEFAULT_RULES,
    spike: { ...DEFAULT_RULES.spike, factor: s.factor },
  };
  switch (s.rules) {
    case 'defaults':
      return base;
    case 'water':
      return { ...base, 'continuous-flow': { ...DEFAULT_RULES['continuous-flow'], enabled: true } };
    case 'limits':
      return {
        ...base,
        limits: { ...DEFAULT_RULES.limits, enabled: true, lowPerDay: usualPerDay, highPerDay: usualPerDay },
      };
    case 'absolute':
      return { ...base, spike: { ...base.spike, absoluteLimit: textOf(s.usual * 2n, s.scale) } };
    case 'tight':
      return {
        ...base,
        zero: { ...DEFAULT_RULES.zero, days: 1 },
        stuck: { ...DEFAULT_RULES.stuck, days: 1 },
        gap: { ...DEFAULT_RULES.gap, hours: 1, spacingFactor: 1.5 },
        'continuous-flow': { ...DEFAULT_RULES['continuous-flow'], enabled: true, hours: 2 },
        limits: { ...DEFAULT_RULES.limits, enabled: true, highPerDay: usualPerDay },
      };
  }
}

/** The series' reads: (time, value text, state), cumulative values wrapped round the dial. */
function readsOf(s: Series): { at: number; text: string; state: QualityState }[] {
  const kUsual = (s.usual * BigInt(s.factor * 4)) / 4n;
  const half = s.rollover === null ? s.usual * 3n : (s.rollover * 10n ** BigInt(s.scale)) / 2n;
  const dial = s.rollover === null ? null : s.rollover * 10n ** BigInt(s.scale);
  let at = T0 - s.lookback * s.spacing;
  let value = s.start;
  return s.steps.map((step, i) => {
    const delta =
      typeof step.delta === 'bigint'
        ? step.delta
        : {
            usual: s.usual,
            zero: 0n,
            'minus-zero': 0n,
            'k-times': kUsual,
            'k-times-plus-one': kUsual + 1n,
            back: -s.usual,
            'half-dial': half,
            'half-dial-less-one': half - 1n,
          }[step.delta];
    if (i > 0) at += { usual: s.spacing, double: 2 * s.spacing, gap: 5 * DAY }[step.spacing];
    value = s.kind === 'interval' ? delta : value + delta;
    if (dial !== null && s.kind === 'cumulative') value = ((value % dial) + dial) % dial;
    const scale = Math.min(s.scale, 12 - step.pad);
    const units = scale === s.scale ? value : value / 10n ** BigInt(s.scale - scale);
    const text = textOf(units, scale, step.pad);
    // "-0": a decimal −0, which decimal.js counts as negative (an interval read of it is flagged).
    return { at, text: step.delta === 'minus-zero' && units === 0n ? `-${text}` : text, state: step.state };
  });
}

/** The flags a validator gives over a series, the values read by `read`. */
function flagsOf(s: Series, read: (text: string) => Amount): (ReadingFlag | null)[] {
  const validator = new RegisterValidator({
    rules: rulesOf(s),
    kind: s.kind,
    rolloverAt: s.rollover === null ? null : new Dec(s.rollover.toString()),
    flagFrom: T0,
    occupied: s.vacantEveryThirdDay ? (from) => Math.floor(from / DAY) % 3 !== 0 : () => true,
  });
  return readsOf(s).map((r, i) =>
    validator.add({ id: i + 1, at: r.at, value: read(r.text), state: r.state }),
  );
}

describe('the validator on scaled integers against the decimal reference', () => {
  it('gives the same flags — rule, severity, reading, message — over random series at the rules’ edges', () => {
    let scaled = 0;
    let decimal = 0;
    const fast = (text: string) => {
      const amount = amountOf(text)!;
      if (amount instanceof ScaledInteger) scaled++;
      else decimal++;
      return amount;
    };
    fc.assert(
      fc.property(seriesArb, (s) => {
        expect(flagsOf(s, fast)).toEqual(flagsOf(s, (text) => new Dec(text)));
      }),
      { numRuns: 1500 },
    );
    // Both paths were taken, the fast one mostly.
    expect(decimal).toBeGreaterThan(0);
    expect(scaled).toBeGreaterThan(decimal);
  });

  it('the edges are reached: exactly k × the usual delta, half the dial, a limit met exactly', () => {
    const every = (s: Partial<Series>, deltas: Step['delta'][]): Series => ({
      kind: 'cumulative',
      scale: 3,
      start: 1_000_000n,
      usual: 2_000n,
      factor: 5,
      spacing: DAY,
      rollover: null,
      rules: 'defaults',
      vacantEveryThirdDay: false,
      lookback: 0,
      steps: deltas.map((delta) => ({ delta, spacing: 'usual', pad: 0, state: 'valid' })),
      ...s,
    });
    const usual: Step['delta'][] = Array.from({ length: 6 }, () => 'usual');
    const rules = (s: Series) =>
      flagsOf(s, (text) => amountOf(text)!)
        .filter((f) => f !== null)
        .map((f) => [f.readingId, f.rule]);
    // k × the median is no spike, one unit more is.
    expect(rules(every({}, [...usual, 'k-times']))).toEqual([]);
    expect(rules(every({}, [...usual, 'k-times-plus-one']))).toEqual([[7, 'spike']]);
    // Round the dial (100,000) from 99,992 by exactly half of it is no rollover but a step back;
    // a unit less is a rollover (then a spike: 49,999.999 against a usual 2 a day).
    const dial = { rollover: 10n ** 5n, start: 99_980_000n };
    expect(rules(every(dial, [...usual, 'half-dial']))).toEqual([[7, 'backwards']]);
    expect(rules(every(dial, [...usual, 'half-dial-less-one']))).toEqual([[7, 'spike']]);
    // At the daily limits exactly: neither above nor below.
    expect(rules(every({ rules: 'limits' }, usual))).toEqual([]);
    expect(rules(every({ rules: 'limits' }, ['usual', 'k-times']))).toEqual([[2, 'limits']]);
  });
});
