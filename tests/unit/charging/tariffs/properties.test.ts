import fc from 'fast-check';
import { Dec } from '../../../../src/charging';
import {
  bandDurations,
  componentFeeLines,
  componentLines,
  parseTariffRate,
  splitByDuration,
  splitInterval,
  sumAmounts,
  sumByBand,
  totalsByComponent,
} from '../../../../src/charging/tariffs';
import { swiss, ZONE } from './fixtures';

/**
 * Invariants on random input:
 *  - the band quantities of an interval (and of many) sum exactly to the metered quantity,
 *    each part within one unit of the last stored place of its exact pro-rata share;
 *  - the band durations of any span add up to its length, also across DST changes;
 *  - each component's quantities sum to the metered quantity, and the totals by component
 *    sum to the total of the lines.
 */

const MS_2024 = Date.UTC(2024, 0, 1);
const YEAR = 366 * 86_400_000;
const quantity = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 0, max: 6 }))
  .map(([digits, places]) => new Dec(digits.toString()).div(new Dec(10).pow(places)));
const minutes = fc.constantFrom(1, 3, 5, 7, 15, 30, 60, 90, 1440);
const instant = fc
  .integer({ min: 0, max: YEAR })
  .map((offset) => MS_2024 + offset * 60_000 - (offset % 2) * 30_000);

describe('tariff properties', () => {
  it('band durations add up to the span, also across DST changes', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 3 * 1440 }), (start, length) => {
        const end = start + length * 60_000;
        const total = bandDurations(swiss, ZONE, start, end).reduce((s, d) => s + d.ms, 0);
        expect(total).toBe(end - start);
      }),
    );
  });

  it('the band quantities of an interval sum exactly to its quantity, each within one unit of its share', () => {
    fc.assert(
      fc.property(instant, minutes, quantity, (end, length, q) => {
        const parts = splitInterval(swiss, ZONE, end, length, q);
        const sum = parts.reduce((s, p) => s.plus(p.quantity), new Dec(0));
        expect(sum.toFixed()).toBe(q.toFixed());
        const unit = new Dec(1).div(new Dec(10).pow(Math.max(3, q.decimalPlaces())));
        for (const part of parts) {
          const exact = q.mul(part.minutes).div(length);
          expect(part.quantity.minus(exact).abs().lessThan(unit)).toBe(true);
        }
      }),
    );
  });

  it('negative quantities split symmetrically', () => {
    fc.assert(
      fc.property(
        quantity,
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        (q, a, b) => {
          const durations = [
            { band: 'HT', ms: a },
            { band: 'NT', ms: b },
          ];
          const positive = splitByDuration(q, durations);
          const negative = splitByDuration(q.neg(), durations);
          expect(negative.map((p) => p.quantity.neg().toFixed())).toEqual(
            positive.map((p) => p.quantity.toFixed()),
          );
        },
      ),
    );
  });

  it('many intervals: the band totals sum exactly to the metered total', () => {
    fc.assert(
      fc.property(instant, fc.array(quantity, { minLength: 1, maxLength: 200 }), (start, quantities) => {
        const parts = quantities.flatMap((q, i) =>
          splitInterval(swiss, ZONE, start + (i + 1) * 900_000, 15, q),
        );
        const total = quantities.reduce((s, q) => s.plus(q), new Dec(0));
        const banded = sumByBand(parts).reduce((s, b) => s.plus(b.quantity), new Dec(0));
        expect(banded.toFixed()).toBe(total.toFixed());
      }),
    );
  });

  const price = fc.integer({ min: 0, max: 100_000 }).map((n) => new Dec(n).div(10_000).toFixed());

  it('components: each sums to the metered quantity, and the totals by component sum to the line total', () => {
    fc.assert(
      fc.property(
        instant,
        minutes,
        quantity,
        price,
        price,
        price,
        price,
        (end, length, q, ht, nt, grid, fee) => {
          const rate = parseTariffRate(
            {
              components: [
                { name: 'Energy', bandPrices: { HT: ht, NT: nt }, vatRate: '8.1' },
                { name: 'Grid', unitPrice: grid, vatRate: '8.1', fixedFeePerMonth: fee },
                { name: 'Levy', unitPrice: '0.023', vatRate: '2.6' },
              ],
            },
            swiss,
            { unitPrice: new Dec(0), vatRate: new Dec('8.1'), hasTiers: false },
          );
          const bands = splitInterval(swiss, ZONE, end, length, q);
          const lines = [
            ...componentLines(rate, q, bands, 'CHF'),
            ...componentFeeLines(rate, new Dec('0.5'), 'CHF'),
          ];
          const energy = lines
            .filter((l) => l.component === 'Energy')
            .reduce((s, l) => s.plus(l.quantity), new Dec(0));
          expect(energy.toFixed()).toBe(q.toFixed());
          expect(lines.filter((l) => l.component === 'Levy')[0].quantity.toFixed()).toBe(q.toFixed());
          const totals = totalsByComponent(lines);
          const net = totals.reduce((s, t) => s.plus(t.net), new Dec(0));
          const vat = totals.reduce((s, t) => s.plus(t.vat), new Dec(0));
          expect(net.toFixed()).toBe(sumAmounts(lines).toFixed());
          expect(vat.toFixed()).toBe(lines.reduce((s, l) => s.plus(l.vatAmount), new Dec(0)).toFixed());
          for (const t of totals) expect(t.gross.toFixed()).toBe(t.net.plus(t.vat).toFixed());
        },
      ),
    );
  });
});
