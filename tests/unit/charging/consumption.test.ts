import {
  buildRegisterSeries,
  consumptionBetween,
  Dec,
  intervalGaps,
  meterSpan,
  splitConsumption,
  type MeasuredPart,
  type RegisterSeries,
} from '../../../src/charging';

const H = 3_600_000;
const D = 24 * H;
const ONE = new Dec(1);

function cumulative(points: [number, string][], rolloverAt: string | null = null): RegisterSeries {
  return buildRegisterSeries(
    points.map(([at, value]) => ({ at, value: new Dec(value), kind: 'cumulative' as const })),
    { rolloverAt: rolloverAt === null ? null : new Dec(rolloverAt), intervalMs: null },
  ).series!;
}

function intervals(points: [number, string][], intervalMs: number | null = null): RegisterSeries {
  return buildRegisterSeries(
    points.map(([at, value]) => ({ at, value: new Dec(value), kind: 'interval' as const })),
    { rolloverAt: null, intervalMs },
  ).series!;
}

const measured = (part: unknown) => part as MeasuredPart;

describe('cumulative consumption', () => {
  const s = cumulative([
    [0, '1000'],
    [10 * D, '1030'],
    [20 * D, '1050'],
    [30 * D, '1090'],
  ]);

  it('splits at boundaries with exact reads and interpolated ones, and the parts add up to the whole', () => {
    // Boundaries 0, 15 d, 20 d, 30 d. At 15 d: 1030 + (1050 − 1030) × 5/10 = 1040 (estimated).
    const parts = splitConsumption(s, { start: 0, end: 30 * D }, [0, 15 * D, 20 * D, 30 * D], ONE).map(
      measured,
    );
    expect(parts.map((p) => p.quantity.toFixed())).toEqual(['40', '10', '40']);
    expect(parts[0].to).toMatchObject({ estimated: true });
    expect(parts[0].to!.value.toFixed()).toBe('1040');
    expect(parts[1].to).toMatchObject({ estimated: false });
    const whole = consumptionBetween(s, 0, 30 * D, ONE);
    expect(measured(whole).quantity.toFixed()).toBe('90');
  });

  it('multiplies the register delta', () => {
    const part = measured(consumptionBetween(s, 0, 10 * D, new Dec(40)));
    expect(part.registerDelta.toFixed()).toBe('30');
    expect(part.quantity.toFixed()).toBe('1200');
  });

  it('reports a missing read instead of extrapolating', () => {
    const result = consumptionBetween(s, 20 * D, 31 * D, ONE);
    expect(result).toEqual({
      outcome: 'problem',
      problems: [{ kind: 'missing-read', at: 31 * D, reason: 'no-read-after' }],
    });
  });

  it('reports negative consumption instead of a negative quantity', () => {
    const backwards = cumulative([
      [0, '500'],
      [D, '480'],
    ]);
    const result = consumptionBetween(backwards, 0, D, ONE);
    expect(result.outcome).toBe('problem');
    expect(result.outcome === 'problem' && result.problems[0]).toMatchObject({
      kind: 'negative-consumption',
    });
  });

  it('counts across a rollover and says how many times the register wrapped', () => {
    // 99 950 → (rollover) → 00 030: 100 030 − 99 950 = 80
    const wrapped = cumulative(
      [
        [0, '99950'],
        [D, '99990'],
        [2 * D, '30'],
      ],
      '100000',
    );
    const part = measured(consumptionBetween(wrapped, 0, 2 * D, ONE));
    expect(part.quantity.toFixed()).toBe('80');
    expect(part.rollovers).toBe(1);
    expect(part.from!.display.toFixed()).toBe('99950');
    expect(part.to!.display.toFixed()).toBe('30');
  });

  it('refuses an empty or backwards period', () => {
    expect(() => consumptionBetween(s, D, D, ONE)).toThrow('after its start');
  });
});

describe('the span of an installed meter', () => {
  const period = { start: 0, end: 30 * D };

  it('is the whole period for a meter installed before and still there', () => {
    const s = cumulative([[-D, '5']]);
    expect(meterSpan(s, { start: -100 * D, end: Infinity }, period)).toEqual({
      ok: true,
      span: { start: 0, end: 30 * D },
    });
  });

  it('starts at the first read of a meter installed during the period', () => {
    const s = cumulative([
      [12 * D + 10 * H, '0'],
      [31 * D, '20'],
    ]);
    expect(meterSpan(s, { start: 12 * D, end: Infinity }, period)).toEqual({
      ok: true,
      span: { start: 12 * D + 10 * H, end: 30 * D },
    });
  });

  it('ends at the last read of a meter removed during the period', () => {
    const s = cumulative([
      [-D, '500'],
      [12 * D + 10 * H, '530'],
    ]);
    expect(meterSpan(s, { start: -100 * D, end: 13 * D }, period)).toEqual({
      ok: true,
      span: { start: 0, end: 12 * D + 10 * H },
    });
  });

  it('is a missing read when a new meter has no read in the period', () => {
    expect(meterSpan(cumulative([]), { start: 12 * D, end: Infinity }, period)).toMatchObject({
      ok: false,
      problem: { reason: 'no-read-since-installation' },
    });
    expect(meterSpan(cumulative([[31 * D, '3']]), { start: 12 * D, end: Infinity }, period)).toMatchObject({
      ok: false,
      problem: { reason: 'no-read-since-installation' },
    });
  });

  it('is a missing read when a removed meter has no read in the period before removal', () => {
    expect(meterSpan(cumulative([[-5 * D, '3']]), { start: -100 * D, end: 3 * D }, period)).toMatchObject({
      ok: false,
      problem: { reason: 'no-read-before-removal' },
    });
  });
});

describe('interval consumption', () => {
  const M = 60_000;
  // Half-hour intervals ending 00:30 … 05:00: values 1, 2, … 10.
  const points: [number, string][] = Array.from({ length: 10 }, (_, i) => [(i + 1) * 30 * M, String(i + 1)]);
  const s = intervals(points);

  it('sums the intervals whose end falls in (start, end], not end − start', () => {
    // (0, 2 h]: intervals ending 0:30, 1:00, 1:30, 2:00 → 1 + 2 + 3 + 4 = 10
    const first = measured(consumptionBetween(s, 0, 2 * H, ONE));
    expect(first.quantity.toFixed()).toBe('10');
    expect(first.intervalCount).toBe(4);
    expect(first.from).toBeNull();
    // (2 h, 5 h]: 5 + 6 + 7 + 8 + 9 + 10 = 45; the interval ending exactly at 2 h is not counted twice
    expect(measured(consumptionBetween(s, 2 * H, 5 * H, ONE)).quantity.toFixed()).toBe('45');
  });

  it('splits into parts that add up to the whole', () => {
    const parts = splitConsumption(s, { start: 0, end: 5 * H }, [0, 75 * M, 2 * H, 5 * H], ONE).map(measured);
    // (0, 1:15]: 1 + 2 = 3; (1:15, 2:00]: 3 + 4 = 7; (2:00, 5:00]: 45
    expect(parts.map((p) => p.quantity.toFixed())).toEqual(['3', '7', '45']);
  });

  it('finds missing intervals and refuses the parts they touch', () => {
    const holed = intervals(points.filter(([at]) => at !== 90 * M)); // the interval ending 1:30 is missing
    expect(intervalGaps(holed, 0, 5 * H)).toEqual([{ from: 60 * M, to: 90 * M }]);
    const parts = splitConsumption(holed, { start: 0, end: 5 * H }, [0, 2 * H, 5 * H], ONE);
    expect(parts[0]).toMatchObject({
      outcome: 'problem',
      problems: [{ kind: 'missing-read', reason: 'interval-gap' }],
    });
    expect(measured(parts[1]).quantity.toFixed()).toBe('45');
  });

  it('finds data missing at the start and at the end of the period', () => {
    expect(intervalGaps(s, -H, 5 * H)).toEqual([{ from: -H, to: 0 }]);
    expect(intervalGaps(s, 0, 6 * H)).toEqual([{ from: 5 * H, to: 6 * H }]);
    expect(intervalGaps(s, 5 * H, 6 * H)).toEqual([{ from: 5 * H, to: 6 * H }]);
  });

  it('uses the configured interval length over the inferred one', () => {
    // Hourly reads declared as 30-minute intervals: every other interval is missing.
    const hourly = intervals(
      [
        [H, '1'],
        [2 * H, '1'],
      ],
      30 * M,
    );
    expect(intervalGaps(hourly, 30 * M, 2 * H)).toEqual([{ from: H, to: 90 * M }]);
  });
});
