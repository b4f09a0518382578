import { Dec } from '../../../src/charging/decimal';
import { splitSolar, type SplitMethod } from '../../../src/community';

const proportional: SplitMethod = { kind: 'proportional' };
const fixed: SplitMethod = {
  kind: 'fixed-shares',
  shares: new Map([
    ['A', new Dec('0.5')],
    ['B', new Dec('0.3')],
    ['C', new Dec('0.2')],
  ]),
};

const split = (production: string, demands: Record<string, string>, method: SplitMethod) => {
  const result = splitSolar(
    new Dec(production),
    Object.entries(demands).map(([id, kWh]) => ({ id, kWh: new Dec(kWh) })),
    method,
  );
  return {
    selfConsumed: result.selfConsumed.toFixed(3),
    exported: result.exported.toFixed(3),
    parts: Object.fromEntries(result.parts.map((p) => [p.id, [p.solar.toFixed(3), p.grid.toFixed(3)]])),
  };
};

describe('splitting one interval, proportional method', () => {
  it('deficit: S = P, shared by consumption', () => {
    // P 3.000 < ΣC = 2.000 + 1.500 + 0.500 = 4.000, so S = 3.000 and nothing is exported.
    // sA = 3 × 2.0/4 = 1.500, sB = 3 × 1.5/4 = 1.125, sC = 3 × 0.5/4 = 0.375; grid = C − s.
    expect(split('3', { A: '2', B: '1.5', C: '0.5' }, proportional)).toEqual({
      selfConsumed: '3.000',
      exported: '0.000',
      parts: { A: ['1.500', '0.500'], B: ['1.125', '0.375'], C: ['0.375', '0.125'] },
    });
  });

  it('surplus: everyone is covered, the rest is exported', () => {
    // P 5.000 > ΣC = 1.000 + 0.800 + 0.200 = 2.000: S = 2.000, export = 5 − 2 = 3.000.
    expect(split('5', { A: '1', B: '0.8', C: '0.2' }, proportional)).toEqual({
      selfConsumed: '2.000',
      exported: '3.000',
      parts: { A: ['1.000', '0.000'], B: ['0.800', '0.000'], C: ['0.200', '0.000'] },
    });
  });

  it('zero production: all grid', () => {
    expect(split('0', { A: '1', B: '0.8', C: '0.2' }, proportional)).toEqual({
      selfConsumed: '0.000',
      exported: '0.000',
      parts: { A: ['0.000', '1.000'], B: ['0.000', '0.800'], C: ['0.000', '0.200'] },
    });
  });

  it('one member absent: the others share', () => {
    // C has left: P 0.700, A 0.400, B 0.600, ΣC = 1.000. sA = 0.7 × 0.4 = 0.280, sB = 0.7 × 0.6 = 0.420.
    expect(split('0.7', { A: '0.4', B: '0.6' }, proportional)).toEqual({
      selfConsumed: '0.700',
      exported: '0.000',
      parts: { A: ['0.280', '0.120'], B: ['0.420', '0.180'] },
    });
  });

  it('rounds to whole Wh by largest remainder, ties to the earlier consumer', () => {
    // P 1.000 among three equal demands of 1.000: 333.33… Wh each; floors 333 × 3 = 999 Wh,
    // the missing 1 Wh goes to the first (equal fractions). Σ = 1.000 exactly.
    expect(split('1', { A: '1', B: '1', C: '1' }, proportional).parts).toEqual({
      A: ['0.334', '0.666'],
      B: ['0.333', '0.667'],
      C: ['0.333', '0.667'],
    });
  });

  it('a tie between unequal demands still goes to the smaller id, whatever the decimals', () => {
    // S = 4 Wh among X 96, Y 173, Z 69, W 78 Wh (ΣC 416): exact 4 × C / 416 = 0.923, 1.663…, 0.663…, 0.75;
    // floors 0 + 1 + 0 + 0 = 1 Wh, 3 Wh left for the largest remainders 4 × C mod 416:
    // X 384, W 312, then Y 692 − 416 = 276 and Z 276 tie — to Y, the smaller id → X 1, Y 2, Z 0, W 1.
    // (With decimal quotients Y's 1.6634615… and Z's 0.6634615… were cut at different digits.)
    expect(split('0.004', { Z: '0.069', Y: '0.173', X: '0.096', W: '0.078' }, proportional).parts).toEqual({
      Z: ['0.000', '0.069'],
      Y: ['0.002', '0.171'],
      X: ['0.001', '0.095'],
      W: ['0.001', '0.077'],
    });
    // S = 312 Wh among 268, 249, 172, 39 (ΣC 728): floors 114 + 106 + 73 + 16 = 309, remainders 624, then
    // 520 three times: the 3 Wh left go to the 624 and to the two smaller ids of the tie (B, C; not D).
    expect(split('0.312', { D: '0.039', C: '0.172', B: '0.249', A: '0.268' }, proportional).parts).toEqual({
      D: ['0.016', '0.023'],
      C: ['0.074', '0.098'],
      B: ['0.107', '0.142'],
      A: ['0.115', '0.153'],
    });
  });
});

describe('splitting one interval, fixed shares (A 50 %, B 30 %, C 20 %)', () => {
  it('deficit: a share one cannot use goes to those with demand left, by their shares', () => {
    // P 3.000: offers A 1.5, B 0.9, C 0.6. C needs only 0.5 → takes 0.5; 2.5 left.
    // Second round among A and B by 0.5 : 0.3: A 2.5 × 0.5/0.8 = 1.5625, B 2.5 × 0.3/0.8 = 0.9375,
    // both below their demand. To whole Wh: 1.562 + 0.937 + 0.500 = 2.999, 1 Wh missing;
    // the fractions tie (.5, .5) → to A. A 1.563 (grid 2 − 1.563 = 0.437), B 0.937 (grid 0.563).
    expect(split('3', { A: '2', B: '1.5', C: '0.5' }, fixed)).toEqual({
      selfConsumed: '3.000',
      exported: '0.000',
      parts: { A: ['1.563', '0.437'], B: ['0.937', '0.563'], C: ['0.500', '0.000'] },
    });
  });

  it('surplus: everyone is covered, the rest is exported', () => {
    expect(split('5', { A: '1', B: '0.8', C: '0.2' }, fixed)).toEqual({
      selfConsumed: '2.000',
      exported: '3.000',
      parts: { A: ['1.000', '0.000'], B: ['0.800', '0.000'], C: ['0.200', '0.000'] },
    });
  });

  it('zero production: all grid', () => {
    expect(split('0', { A: '1', B: '0.8' }, fixed).parts).toEqual({
      A: ['0.000', '1.000'],
      B: ['0.000', '0.800'],
    });
  });

  it('one member absent: the shares of those present count', () => {
    // P 0.700 between A (0.5) and B (0.3): A offered 0.7 × 0.5/0.8 = 0.4375 ≥ its 0.400 → takes 0.400;
    // the 0.300 left goes to B (0.300 < 0.600). S = 0.700.
    expect(split('0.7', { A: '0.4', B: '0.6' }, fixed)).toEqual({
      selfConsumed: '0.700',
      exported: '0.000',
      parts: { A: ['0.400', '0.000'], B: ['0.300', '0.300'] },
    });
  });

  it('consumers without a share get what the holders of shares cannot use, by their demand', () => {
    // P 2.000: A (share 0.5 of the map's 1.0, but only holder present besides the owner) needs 0.500 → 0.500;
    // 1.500 left for the owner (no share) and D (no share) by their demand 1.0 : 2.0 → 0.500 and 1.000.
    expect(split('2', { A: '0.5', '@owner': '1', D: '2' }, fixed).parts).toEqual({
      A: ['0.500', '0.000'],
      '@owner': ['0.500', '0.500'],
      D: ['1.000', '1.000'],
    });
  });
});
