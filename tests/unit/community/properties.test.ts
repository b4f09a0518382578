import fc from 'fast-check';
import { Dec, ZERO } from '../../../src/charging/decimal';
import { splitSolar, type SplitMethod } from '../../../src/community';

// Quantities on the Wh grid, as the engine takes them: 0 … 50 kWh per interval.
const wh = fc.integer({ min: 0, max: 50_000 }).map((n) => new Dec(n).div(1000));
const demands = fc
  .array(wh, { minLength: 1, maxLength: 8 })
  .map((list) => list.map((kWh, i) => ({ id: `m${i}`, kWh })));
const method = fc.oneof(
  fc.constant<SplitMethod>({ kind: 'proportional' }),
  fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 8, maxLength: 8 }).map<SplitMethod>((shares) => ({
    kind: 'fixed-shares',
    shares: new Map(shares.map((s, i) => [`m${i}`, new Dec(s)])),
  })),
);
const sum = (values: Dec[]) => values.reduce((a, b) => a.add(b), ZERO);

describe('solar split invariants', () => {
  it('Σsᵢ = S = min(P, ΣC) ≤ P, 0 ≤ sᵢ ≤ Cᵢ, solar + grid = consumption, export = P − S, all on whole Wh', () => {
    fc.assert(
      fc.property(wh, demands, method, (production, list, m) => {
        const result = splitSolar(production, list, m);
        const total = sum(list.map((d) => d.kWh));
        expect(result.selfConsumed.eq(Dec.min(production, total))).toBe(true);
        expect(sum(result.parts.map((p) => p.solar)).eq(result.selfConsumed)).toBe(true);
        expect(result.exported.eq(production.sub(result.selfConsumed))).toBe(true);
        result.parts.forEach((p, i) => {
          expect(p.solar.gte(0) && p.solar.lte(list[i].kWh)).toBe(true);
          expect(p.solar.add(p.grid).eq(list[i].kWh)).toBe(true);
          expect(p.solar.mul(1000).isInteger()).toBe(true);
        });
        expect(sum(result.parts.map((p) => p.grid)).eq(total.sub(result.selfConsumed))).toBe(true);
      }),
    );
  });

  it('the same input in any order gives every consumer the same parts', () => {
    fc.assert(
      fc.property(wh, demands, method, fc.infiniteStream(fc.nat()), (production, list, m, seeds) => {
        const shuffled = [...list].sort(() => (seeds.next().value % 3) - 1);
        const partsOf = (input: typeof list) =>
          new Map(
            splitSolar(production, input, m).parts.map((p) => [
              p.id,
              [p.solar.toFixed(3), p.grid.toFixed(3)],
            ]),
          );
        expect(partsOf(shuffled)).toEqual(partsOf(list));
      }),
    );
  });
});
