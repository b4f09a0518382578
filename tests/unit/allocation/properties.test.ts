import fc from 'fast-check';
import { Dec } from '../../../src/charging/decimal';
import { formatDay, parseCalendarDate } from '../../../src/charging/calendar';
import { settleCosts, type AllocationInput } from '../../../src/allocation';

/**
 * Invariants of the settlement on random buildings (fast-check shrinks any
 * failure to a minimal counter-example):
 *  - the statements' shares add up exactly to the costs, per category and in total;
 *  - each billing point's parts add up to its share;
 *  - a party's balance = its share − its advances, per group and in total.
 */
const RUNS = { numRuns: 200 };
const START = parseCalendarDate('2023-01-01')!;
const END = parseCalendarDate('2023-12-31')!;
const CATEGORIES = [
  'heating-energy',
  'maintenance',
  'hot-water',
  'common-electricity',
  'caretaking',
  'other',
];

const cents = (n: number) => new Dec(n).div(100).toFixed(2);

/** One billing point: keys, and occupancies cut at random days, each piece let or vacant. */
const point = (index: number) =>
  fc
    .record({
      area: fc.integer({ min: 1, max: 500 }),
      quota: fc.integer({ min: 1, max: 1000 }),
      heat: fc.integer({ min: 0, max: 20_000 }),
      water: fc.integer({ min: 0, max: 300 }),
      cuts: fc.uniqueArray(fc.integer({ min: START + 1, max: END }), { maxLength: 3 }),
      let: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      monthly: fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 4, maxLength: 4 }),
    })
    .map((p) => {
      const edges = [START, ...[...p.cuts].sort((a, b) => a - b), END + 1];
      const occupancies = [];
      const advances = [];
      for (let i = 0; i + 1 < edges.length; i += 1) {
        if (!p.let[i]) continue;
        const partyId = `tenant-${index}-${i}`;
        const entryDate = formatDay(edges[i]);
        const exitDate = formatDay(edges[i + 1] - 1);
        occupancies.push({ partyId, entryDate, exitDate });
        const group = i % 2 === 0 ? 'heating' : 'operating';
        advances.push({
          billingPointId: `P${index}`,
          partyId,
          group,
          monthlyAmount: cents(p.monthly[i]),
          from: entryDate,
          to: exitDate,
        });
      }
      return {
        billingPoint: {
          id: `P${index}`,
          ownerPartyId: 'owner',
          heatedArea: String(p.area),
          valueQuota: String(p.quota),
          occupancies,
        },
        measurements: [
          {
            billingPointId: `P${index}`,
            key: 'heat' as const,
            from: '2023-01-01',
            to: '2023-12-31',
            consumption: String(p.heat + (index === 0 ? 1 : 0)),
          },
          {
            billingPointId: `P${index}`,
            key: 'hot-water' as const,
            from: '2023-01-01',
            to: '2023-12-31',
            consumption: String(p.water + (index === 0 ? 1 : 0)),
          },
        ],
        advances,
      };
    });

const building: fc.Arbitrary<AllocationInput> = fc
  .record({
    size: fc.integer({ min: 1, max: 5 }),
    items: fc.array(
      fc.record({
        category: fc.constantFrom(...CATEGORIES),
        amount: fc.integer({ min: 0, max: 10_000_000 }),
        vat: fc.constantFrom(null, '2.6', '8.1'),
        day: fc.integer({ min: START, max: END }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .chain(({ size, items }) =>
    fc.tuple(...Array.from({ length: size }, (_, i) => point(i))).map((points) => ({
      currency: 'CHF',
      periodStart: '2023-01-01',
      periodEnd: '2023-12-31',
      costItems: items.map((item, i) => ({
        id: `item-${i}`,
        category: item.category,
        amount: cents(item.amount),
        vatRatePercent: item.vat,
        date: formatDay(item.day),
      })),
      billingPoints: points.map((p) => p.billingPoint),
      measurements: points.flatMap((p) => p.measurements),
      advances: points.flatMap((p) => p.advances),
    })),
  );

const sum = (values: string[]) => values.reduce((total, v) => total.add(v), new Dec(0));

describe('properties of the settlement', () => {
  it('shares add up exactly to the costs, per category, per billing point and in total', () => {
    fc.assert(
      fc.property(building, (input) => {
        const result = settleCosts(input);
        expect(result.exceptions).toEqual([]);
        expect(result.totals.balanced).toBe(true);
        expect(result.totals.statements).toBe(result.totals.cost);
        for (const category of result.categories) {
          const ofStatements = result.statements.flatMap((s) =>
            s.categories.filter((c) => c.code === category.code).map((c) => c.amount),
          );
          expect(sum(ofStatements).eq(category.total)).toBe(true);
          expect(sum(category.parts.map((p) => p.amount)).eq(category.total)).toBe(true);
          const ofPoints = result.billingPoints.flatMap((p) =>
            p.categories.filter((c) => c.code === category.code).map((c) => c.amount),
          );
          expect(sum(ofPoints).eq(category.total)).toBe(true);
        }
        for (const statement of result.statements)
          for (const category of statement.categories)
            expect(sum(category.parts.map((p) => p.amount)).eq(category.amount)).toBe(true);
        // Every day of every billing point is borne by someone.
        for (const p of input.billingPoints) {
          const days = result.statements
            .filter((s) => s.billingPointId === p.id)
            .reduce((n, s) => n + s.days, 0);
          expect(days).toBe(365);
        }
      }),
      RUNS,
    );
  });

  it("a party's balance is its share minus its advances, per group and in total", () => {
    fc.assert(
      fc.property(building, (input) => {
        const result = settleCosts(input);
        for (const statement of result.statements) {
          expect(new Dec(statement.cost).sub(statement.advances).eq(statement.balance)).toBe(true);
          expect(sum(statement.categories.map((c) => c.amount)).eq(statement.cost)).toBe(true);
          expect(sum(statement.groups.map((g) => g.cost)).eq(statement.cost)).toBe(true);
          expect(sum(statement.groups.map((g) => g.advances)).eq(statement.advances)).toBe(true);
          for (const group of statement.groups)
            expect(new Dec(group.cost).sub(group.advances).eq(group.balance)).toBe(true);
          // The advances counted are exactly those due for this party's lease (basis "due").
          const due = input.advances!.filter(
            (a) => a.billingPointId === statement.billingPointId && a.partyId === statement.partyId,
          );
          expect(statement.groups.every((g) => g.advances === g.advancesDue)).toBe(true);
          if (due.length === 0) expect(statement.advances).toBe('0.00');
        }
      }),
      RUNS,
    );
  });

  it('the same building in any list order settles identically', () => {
    fc.assert(
      fc.property(building, (input) => {
        const shuffled = {
          ...input,
          billingPoints: [...input.billingPoints].reverse(),
          measurements: [...input.measurements!].reverse(),
          advances: [...input.advances!].reverse(),
        };
        expect(settleCosts(shuffled)).toEqual(settleCosts(input));
      }),
      { numRuns: 50 },
    );
  });
});
