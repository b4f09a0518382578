import { buildRegisterSeries, Dec, isRollover, registerDisplay } from '../../../src/charging';

const read = (at: number, value: string, kind: 'cumulative' | 'interval' = 'cumulative') => ({
  at,
  value: new Dec(value),
  kind,
});

describe('register series', () => {
  it('unwraps a rollover so consumption stays a plain difference', () => {
    // A 5-digit register: 99 990 → 00 015 is 25 units, not −99 975.
    const { series, problems } = buildRegisterSeries([read(1, '99990'), read(2, '15'), read(3, '40')], {
      rolloverAt: new Dec(100000),
      intervalMs: null,
    });
    expect(problems).toEqual([]);
    expect(series!.values.map((v) => v.toFixed())).toEqual(['99990', '100015', '100040']);
    expect(registerDisplay(series!, new Dec('100015')).toFixed()).toBe('15');
  });

  it('does not take a large drop for a rollover', () => {
    // 60 000 → 10 000 round the dial would be 50 000, half the dial: a reset or a bad read, not a rollover.
    expect(isRollover(new Dec(60000), new Dec(10000), new Dec(100000))).toBe(false);
    expect(isRollover(new Dec(60001), new Dec(10000), new Dec(100000))).toBe(true);
    const { series } = buildRegisterSeries([read(1, '60000'), read(2, '10000')], {
      rolloverAt: new Dec(100000),
      intervalMs: null,
    });
    expect(series!.values.map((v) => v.toFixed())).toEqual(['60000', '10000']);
  });

  it('treats a drop without a rollover value as a drop', () => {
    const { series } = buildRegisterSeries([read(1, '500'), read(2, '20')], {
      rolloverAt: null,
      intervalMs: null,
    });
    expect(series!.values.map((v) => v.toFixed())).toEqual(['500', '20']);
  });

  it('ignores and reports a read the register cannot show', () => {
    const { series, problems } = buildRegisterSeries(
      [read(1, '10'), read(2, '100000'), read(3, '-1'), read(4, '20')],
      {
        rolloverAt: new Dec(100000),
        intervalMs: null,
      },
    );
    expect(series!.times).toEqual([1, 4]);
    expect(problems.map((p) => p.kind)).toEqual(['out-of-range', 'out-of-range']);
  });

  it('counts a read delivered twice once', () => {
    const { series, problems } = buildRegisterSeries([read(1, '10'), read(1, '10.0'), read(2, '12')], {
      rolloverAt: null,
      intervalMs: null,
    });
    expect(problems).toEqual([]);
    expect(series!.times).toEqual([1, 2]);
  });

  it('refuses a register with two different reads at one instant', () => {
    const { series, problems } = buildRegisterSeries([read(1, '10'), read(1, '11')], {
      rolloverAt: null,
      intervalMs: null,
    });
    expect(series).toBeNull();
    expect(problems[0].kind).toBe('conflicting-reads');
  });

  it('refuses a register mixing cumulative and interval readings', () => {
    const { series, problems } = buildRegisterSeries([read(1, '10'), read(2, '1', 'interval')], {
      rolloverAt: null,
      intervalMs: null,
    });
    expect(series).toBeNull();
    expect(problems).toEqual([{ kind: 'mixed-kinds' }]);
  });

  it('keeps interval data as prefix sums and infers the interval length', () => {
    const M = 60_000;
    const { series } = buildRegisterSeries(
      [read(30 * M, '1.5', 'interval'), read(60 * M, '2', 'interval'), read(90 * M, '0.25', 'interval')],
      {
        rolloverAt: null,
        intervalMs: null,
      },
    );
    expect(series!.intervalMs).toBe(30 * M);
    expect(series!.prefix.map((v) => v.toFixed())).toEqual(['0', '1.5', '3.5', '3.75']);
  });
});
