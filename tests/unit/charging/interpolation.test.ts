import {
  buildRegisterSeries,
  Dec,
  interpolate,
  registerValueAt,
  type RegisterSeries,
} from '../../../src/charging';

const H = 3_600_000;
function series(points: [number, string][]): RegisterSeries {
  const built = buildRegisterSeries(
    points.map(([at, value]) => ({ at, value: new Dec(value), kind: 'cumulative' as const })),
    { rolloverAt: null, intervalMs: null },
  );
  return built.series!;
}

describe('linear interpolation', () => {
  it('draws a straight line between the neighbouring reads', () => {
    // 100 at 0 h, 110 at 10 h → at 4 h: 100 + 10 × 4/10 = 104
    expect(interpolate(0, new Dec(100), 10 * H, new Dec(110), 4 * H).toFixed()).toBe('104');
  });

  it('rounds half-up to three decimals when the reads have fewer', () => {
    // 100 + 10 × 1/3 = 103.3333… → 103.333; 100 + 10 × 2/3 = 106.6666… → 106.667
    expect(interpolate(0, new Dec(100), 3 * H, new Dec(110), H).toFixed()).toBe('103.333');
    expect(interpolate(0, new Dec(100), 3 * H, new Dec(110), 2 * H).toFixed()).toBe('106.667');
  });

  it('keeps as many decimals as the reads themselves have', () => {
    // 1.00005 + (1.00015 − 1.00005) × 1/2 = 1.0001, kept to the reads' 5 places
    expect(interpolate(0, new Dec('1.00005'), 2 * H, new Dec('1.00015'), H).toFixed()).toBe('1.0001');
  });
});

describe('the register value at an instant', () => {
  const s = series([
    [0, '100'],
    [10 * H, '110'],
    [20 * H, '130'],
  ]);

  it('uses an exact read when there is one', () => {
    expect(registerValueAt(s, 10 * H)).toEqual({
      found: true,
      at: 10 * H,
      value: new Dec(110),
      estimated: false,
    });
  });

  it('interpolates between the reads around it and says so', () => {
    const value = registerValueAt(s, 15 * H);
    expect(value).toMatchObject({ found: true, estimated: true });
    expect(value.found && value.value.toFixed()).toBe('120');
  });

  it('refuses to extrapolate before the first or after the last read', () => {
    expect(registerValueAt(s, -1)).toEqual({ found: false, at: -1, missing: 'before' });
    expect(registerValueAt(s, 20 * H + 1)).toEqual({ found: false, at: 20 * H + 1, missing: 'after' });
  });

  it('takes reads in any order', () => {
    const shuffled = series([
      [20 * H, '130'],
      [0, '100'],
      [10 * H, '110'],
    ]);
    expect(registerValueAt(shuffled, 5 * H)).toEqual(registerValueAt(s, 5 * H));
  });
});
