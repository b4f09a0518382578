import fc from 'fast-check';
import { Dec } from '../../../src/charging/decimal';
import { legGridDiscount, priceCapBreaches, solarPriceCap } from '../../../src/community';

const d = (s: string) => new Dec(s);

describe('EnV art. 16 price cap on the internal solar price', () => {
  it('flat method: 80 % of the standard product', () => {
    // 0.3150 × 0.8 = 0.2520 CHF/kWh.
    expect(solarPriceCap(d('0.315'), { kind: 'flat' }).toFixed(4)).toBe('0.2520');
  });

  it('cost method: costs plus half the saving, never above the standard product', () => {
    // costs 0.12, standard 0.30: saving 0.18, half 0.09 → cap 0.21.
    expect(solarPriceCap(d('0.30'), { kind: 'cost', costPerKWh: d('0.12') }).toFixed(2)).toBe('0.21');
    // costs 0.35 above the standard 0.30: no saving to share → the standard product, 0.30.
    expect(solarPriceCap(d('0.30'), { kind: 'cost', costPerKWh: d('0.35') }).toFixed(2)).toBe('0.30');
  });

  it('names each band priced above its cap, and bands it cannot check', () => {
    const solar = new Map([
      ['HT', d('0.25')],
      ['NT', d('0.20')],
      ['XX', d('0.10')],
    ]);
    const standard = new Map([
      ['HT', d('0.32')], // cap 0.256 ≥ 0.25: fine
      ['NT', d('0.24')], // cap 0.192 < 0.20: breach
    ]);
    const { breaches, unchecked } = priceCapBreaches(solar, standard, { kind: 'flat' });
    expect(breaches.map((b) => [b.band, b.price.toFixed(2), b.cap.toFixed(3)])).toEqual([
      ['NT', '0.20', '0.192'],
    ]);
    expect(unchecked).toEqual(['XX']);
  });

  it('a standard product without bands ("*") checks every band', () => {
    const { breaches } = priceCapBreaches(new Map([['HT', d('0.30')]]), new Map([['*', d('0.30')]]), {
      kind: 'flat',
    });
    expect(breaches).toHaveLength(1);
  });

  it('the cost cap lies between the costs and the standard product (when costs are lower)', () => {
    const price = fc.integer({ min: 0, max: 100_000 }).map((n) => new Dec(n).div(100_000));
    fc.assert(
      fc.property(price, price, (standard, cost) => {
        const cap = solarPriceCap(standard, { kind: 'cost', costPerKWh: cost });
        expect(cap.lte(standard)).toBe(true);
        if (cost.lte(standard)) expect(cap.gte(cost)).toBe(true);
      }),
    );
  });
});

describe('LEG grid-usage discount', () => {
  it('is local kWh × grid-usage price × rate, as a credit', () => {
    // 120.500 kWh × 0.0950 CHF × 40 % = 4.579 CHF off.
    expect(legGridDiscount(d('120.5'), d('0.095'), d('0.4')).toFixed(3)).toBe('-4.579');
  });
});
