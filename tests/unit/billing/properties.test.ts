import fc from 'fast-check';
import { formatDay } from '../../../src/charging/calendar';
import { coverage } from '../../../src/billing/coverage';
import { rangesOverlap } from '../../../src/billing/date-range';
import { assertNoOccupancyOverlap, type StoredOccupancy } from '../../../src/billing/occupancy';
import { parseRateCreate, planRateCreate, type StoredRate } from '../../../src/billing/rate';
import { DomainError } from '../../../src/common/errors';

/** Properties over random histories: what holds for every input, not just the examples. */
const BASE = 19723; // 2024-01-01 as a day number
const day = (offset: number) => formatDay(BASE + offset);

/** Random non-overlapping occupancies built the way the API builds them (each one checked before it is added). */
const histories = fc
  .array(
    fc.record({
      start: fc.integer({ min: 0, max: 400 }),
      length: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
    }),
    { maxLength: 12 },
  )
  .map((specs) => {
    const stored: StoredOccupancy[] = [];
    specs.forEach((s, i) => {
      const candidate = {
        entryDate: day(s.start),
        exitDate: s.length === null ? null : day(s.start + s.length),
      };
      try {
        assertNoOccupancyOverlap(stored, candidate);
        stored.push({ id: `o${i}`, partyId: `p${i}`, partyName: `P${i}`, ...candidate });
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind !== 'conflict') throw error;
      }
    });
    return stored;
  });

test('accepted occupancies never share a day', () => {
  fc.assert(
    fc.property(histories, (stored) => {
      for (let i = 0; i < stored.length; i++)
        for (let j = i + 1; j < stored.length; j++)
          expect(
            rangesOverlap(
              { from: stored[i].entryDate, to: stored[i].exitDate },
              { from: stored[j].entryDate, to: stored[j].exitDate },
            ),
          ).toBe(false);
    }),
  );
});

test('coverage tiles the range exactly: contiguous periods, each day billed to its occupant or else the owner', () => {
  fc.assert(
    fc.property(
      histories,
      fc.integer({ min: -30, max: 300 }),
      fc.integer({ min: 0, max: 200 }),
      (stored, from, span) => {
        const periods = coverage(stored, 'owner', day(from), day(from + span));
        expect(periods[0].from).toBe(day(from));
        expect(periods[periods.length - 1].to).toBe(day(from + span));
        expect(periods.reduce((n, p) => n + p.days, 0)).toBe(span + 1);
        for (let i = 1; i < periods.length; i++) expect(periods[i].from > periods[i - 1].to).toBe(true);
        for (let offset = from; offset <= from + span; offset += 7) {
          const date = day(offset);
          const period = periods.find((p) => p.from <= date && date <= p.to)!;
          const occupant = stored.find(
            (o) => o.entryDate <= date && (o.exitDate === null || date <= o.exitDate),
          );
          expect(period.partyId).toBe(occupant ? occupant.partyId : 'owner');
          expect(period.status).toBe(occupant ? 'occupied' : 'vacant');
        }
      },
    ),
  );
});

test('any sequence of price changes keeps one rate per day and exactly one open rate', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 15 }),
      (starts) => {
        let group: StoredRate[] = [];
        starts.forEach((start, i) => {
          const candidate = parseRateCreate({
            utilityType: 'ut',
            scope: 'default',
            validFrom: day(start),
            unitPrice: String(i),
            vatRate: '0',
            currency: 'CHF',
          });
          try {
            const { close } = planRateCreate(group, candidate);
            group = group.map((r) => (close && r.id === close.id ? { ...r, validTo: close.validTo } : r));
            group.push({ ...candidate, id: `r${i}` });
          } catch (error) {
            // Only a new rate starting before an existing later one is refused (it would swallow it).
            if (!(error instanceof DomainError) || error.kind !== 'conflict') throw error;
            expect(group.some((r) => r.validFrom >= candidate.validFrom)).toBe(true);
          }
        });
        for (let i = 0; i < group.length; i++)
          for (let j = i + 1; j < group.length; j++)
            expect(
              rangesOverlap(
                { from: group[i].validFrom, to: group[i].validTo },
                { from: group[j].validFrom, to: group[j].validTo },
              ),
            ).toBe(false);
        expect(group.filter((r) => r.validTo === null)).toHaveLength(1);
      },
    ),
  );
});
