import { Dec, sliceIntoTiers, tierBands } from '../../../src/charging';

const tiers = [
  { upTo: new Dec(10), unitPrice: new Dec('2.00') },
  { upTo: new Dec(30), unitPrice: new Dec('2.50') },
  { upTo: null, unitPrice: new Dec('3.00') },
];
const show = (slices: ReturnType<typeof sliceIntoTiers>) =>
  slices.map((s) => `${s.tier?.index ?? '-'}:${s.quantity.toFixed()}@${s.unitPrice.toFixed()}`);

describe('graduated tiers', () => {
  const month = tierBands(tiers, new Dec(1));

  it('prices each part of the quantity at its tier', () => {
    // 0–10 @ 2.00, 10–30 @ 2.50, 30–35 @ 3.00
    expect(show(sliceIntoTiers(new Dec(0), new Dec(35), month, new Dec(9)))).toEqual([
      '1:10@2',
      '2:20@2.5',
      '3:5@3',
    ]);
  });

  it('continues the ladder from where earlier consumption stopped', () => {
    // Already 8 used: 8–10 @ 2.00, 10–15 @ 2.50
    expect(show(sliceIntoTiers(new Dec(8), new Dec(7), month, new Dec(9)))).toEqual(['1:2@2', '2:5@2.5']);
  });

  it('scales the monthly bounds by the month fraction, to 3 decimals', () => {
    const half = tierBands(tiers, new Dec('0.5'));
    expect(half.map((b) => `${b.from.toFixed()}-${b.to?.toFixed() ?? '∞'}`)).toEqual(['0-5', '5-15', '15-∞']);
    // 7 of 31 days: 10 × 7/31 = 2.258064… → 2.258
    const week = tierBands(tiers, new Dec(7).div(31));
    expect(week[0].to!.toFixed()).toBe('2.258');
  });

  it('uses the flat unit price when the rate has no tiers', () => {
    expect(show(sliceIntoTiers(new Dec(100), new Dec(7), [], new Dec('1.25')))).toEqual(['-:7@1.25']);
  });

  it('puts a zero quantity in the tier the ladder has reached', () => {
    expect(show(sliceIntoTiers(new Dec(12), new Dec(0), month, new Dec(9)))).toEqual(['2:0@2.5']);
    expect(show(sliceIntoTiers(new Dec(10), new Dec(0), month, new Dec(9)))).toEqual(['2:0@2.5']);
  });
});
