import { Dec } from '../../../src/charging/decimal';
import { splitByLargestRemainder } from '../../../src/allocation';

const split = (amount: string, weights: number[], currency = 'CHF') =>
  splitByLargestRemainder(
    new Dec(amount),
    weights.map((w) => new Dec(w)),
    currency,
  ).map((d) => d.toFixed());

describe('largest-remainder split', () => {
  it('gives the missing cents to the largest fractions', () => {
    // 100.00 in thirds: 3333.33 cents each → floors 9999, one cent left, the tie goes to the first.
    expect(split('100.00', [1, 1, 1])).toEqual(['33.34', '33.33', '33.33']);
    // 10.00 by 1 : 2 : 3 → 166.67, 333.33, 500 cents → the cent to the first (.67).
    expect(split('10.00', [1, 2, 3])).toEqual(['1.67', '3.33', '5']);
  });

  it('splits a credit like a cost, with the minus sign on every part', () => {
    expect(split('-100.00', [1, 1, 1])).toEqual(['-33.34', '-33.33', '-33.33']);
    expect(split('-0.01', [1, 1])).toEqual(['-0.01', '0']);
  });

  it('uses the currency minor unit', () => {
    expect(split('100', [1, 1, 1], 'JPY')).toEqual(['34', '33', '33']);
    expect(split('1.000', [1, 2], 'KWD')).toEqual(['0.333', '0.667']);
  });

  it('gives a zero weight nothing', () => {
    expect(split('5.00', [0, 1, 0])).toEqual(['0', '5', '0']);
  });

  it('refuses weights it cannot split by', () => {
    expect(() => split('1.00', [0, 0])).toThrow('positive sum');
    expect(() => split('1.00', [])).toThrow('at least one weight');
    expect(() => split('1.001', [1])).toThrow('not whole CHF minor units');
  });
});
