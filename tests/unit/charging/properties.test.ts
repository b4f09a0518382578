import fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  buildInvoices,
  buildRegisterSeries,
  consumptionBetween,
  Dec,
  parseCalendarDate,
  registerValueAt,
  sliceIntoTiers,
  splitConsumption,
  startOfDay,
  tierBands,
  type ChargingInput,
  type ConsumptionLine,
  type OccupancyInput,
  type RateInput,
  type ReadingInput,
} from '../../../src/charging';

/**
 * Invariants checked on random inputs (fast-check shrinks any failure to a
 * minimal counter-example):
 *  - the parts of a split add up exactly to the whole;
 *  - invoice totals equal the sums of their lines;
 *  - the same input, in any order, gives an identical result;
 *  - interpolation is monotone for monotone reads.
 */

const H = 3_600_000;
const D = 24 * H;
const RUNS = { numRuns: 150 };

/** Cumulative reads: sorted distinct instants, values as running sums of non-negative steps (thousandths). */
const monotoneReads = fc
  .uniqueArray(fc.integer({ min: 0, max: 40 * D }), { minLength: 2, maxLength: 40 })
  .chain((times) =>
    fc.tuple(
      fc.constant([...times].sort((a, b) => a - b)),
      fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: times.length, maxLength: times.length }),
      fc.integer({ min: 0, max: 10_000_000 }),
    ),
  )
  .map(([times, steps, start]) => {
    let value = new Dec(start).div(1000);
    return times.map((at, i) => {
      value = value.add(new Dec(steps[i]).div(1000));
      return { at, value, kind: 'cumulative' as const };
    });
  });

describe('properties of consumption', () => {
  it('splits into parts that add up exactly to the whole, for any reads and any cuts', () => {
    const anyReads = fc
      .uniqueArray(fc.integer({ min: 0, max: 40 * D }), { minLength: 2, maxLength: 30 })
      .chain((times) =>
        fc.tuple(
          fc.constant(times),
          fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), {
            minLength: times.length,
            maxLength: times.length,
          }),
        ),
      );
    fc.assert(
      fc.property(
        anyReads,
        fc.uniqueArray(fc.integer({ min: 1, max: 40 * D - 1 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        ([times, values], cuts, multiplier) => {
          const series = buildRegisterSeries(
            // ÷ 1024: ten decimals, the kind of awkward values the input caps (12 decimals) still allow.
            times.map((at, i) => ({ at, value: new Dec(values[i]).div(1024), kind: 'cumulative' as const })),
            { rolloverAt: null, intervalMs: null },
          ).series!;
          const start = series.times[0];
          const end = series.times[series.times.length - 1];
          const boundaries = [start, ...cuts.filter((c) => c > start && c < end).sort((a, b) => a - b), end];
          const factor = new Dec(multiplier).div(4);
          const parts = splitConsumption(series, { start, end }, boundaries, factor);
          const whole = consumptionBetween(series, start, end, factor);
          // A negative part is refused (an exception), but it still carries its quantity: add everything up.
          const quantityOf = (outcome: (typeof parts)[number]): Dec => {
            if (outcome.outcome === 'measured') return outcome.quantity;
            if (outcome.outcome === 'problem' && outcome.problems[0].kind === 'negative-consumption')
              return outcome.problems[0].quantity;
            throw new Error(`unexpected ${JSON.stringify(outcome)}`);
          };
          const sum = parts.reduce((total, part) => total.add(quantityOf(part)), new Dec(0));
          expect(sum.equals(quantityOf(whole))).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('interpolates monotonically for monotone reads, always between the neighbouring reads', () => {
    fc.assert(
      fc.property(
        monotoneReads,
        fc.array(fc.integer({ min: 0, max: 40 * D }), { minLength: 2, maxLength: 30 }),
        (reads, instants) => {
          const series = buildRegisterSeries(reads, { rolloverAt: null, intervalMs: null }).series!;
          const found = [...instants]
            .sort((a, b) => a - b)
            .map((at) => registerValueAt(series, at))
            .filter((v) => v.found);
          for (let i = 1; i < found.length; i++) {
            expect(
              (found[i] as { value: Dec }).value.greaterThanOrEqualTo((found[i - 1] as { value: Dec }).value),
            ).toBe(true);
          }
          for (const value of found) {
            const v = (value as { value: Dec }).value;
            expect(
              v.greaterThanOrEqualTo(reads[0].value) && v.lessThanOrEqualTo(reads[reads.length - 1].value),
            ).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });

  it('cuts any quantity into tier slices that add up to it', () => {
    const bounds = fc
      .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 5 })
      .map((b) => b.sort((x, y) => x - y));
    fc.assert(
      fc.property(
        bounds,
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 1, max: 62 }),
        (upTos, offset, quantity, days) => {
          const tiers = [
            ...upTos.map((u) => ({ upTo: new Dec(u), unitPrice: new Dec(1) })),
            { upTo: null, unitPrice: new Dec(2) },
          ];
          const bands = tierBands(tiers, new Dec(days).div(31));
          const slices = sliceIntoTiers(
            new Dec(offset).div(10),
            new Dec(quantity).div(10),
            bands,
            new Dec(0),
          );
          const sum = slices.reduce((total, s) => total.add(s.quantity), new Dec(0));
          expect(sum.equals(new Dec(quantity).div(10))).toBe(true);
          expect(slices.every((s) => !s.quantity.isNegative())).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

// ───────────────────────── whole charging runs ─────────────────────────

const ZONES = ['Europe/Zurich', 'UTC', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'];
const JUNE_START = parseCalendarDate('2024-06-01')!;
const day = (n: number) => new Date((JUNE_START + n) * D).toISOString().slice(0, 10);

interface Scenario {
  input: ChargingInput;
  /** Whether every meter has reads on both sides of the period (else missing-read exceptions are expected). */
  complete: boolean;
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    meters: fc.array(
      fc.record({
        utility: fc.constantFrom('WATER', 'HEAT'),
        multiplier: fc.constantFrom('1', '10', '0.5'),
        // Hours after June 1 00:00 UTC − 2 days, up to 34 days; the first and last reads are pinned outside the period.
        inner: fc.uniqueArray(fc.integer({ min: 1, max: 33 * 24 - 1 }), { maxLength: 12 }),
        steps: fc.array(fc.integer({ min: 0, max: 900_000 }), { minLength: 14, maxLength: 14 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    // Occupancies: sorted cut days inside June; between cuts, an occupant or a vacancy.
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 29 }), { maxLength: 4 }),
    occupied: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    priceChange: fc.option(fc.integer({ min: 1, max: 29 }), { nil: null }),
    tiered: fc.boolean(),
    fee: fc.constantFrom(null, '9.90', '12'),
    vat: fc.constantFrom('0', '7.7', '8.1', '20'),
    complete: fc.boolean(),
  })
  .map((s) => {
    const periodStartMs = startOfDay(s.zone, JUNE_START);
    const periodEndMs = startOfDay(s.zone, JUNE_START + 30);
    const readings: ReadingInput[] = [];
    s.meters.forEach((m, mi) => {
      const inner = [...m.inner].sort((a, b) => a - b).map((h) => periodStartMs - 2 * D + h * H);
      const times = s.complete ? [periodStartMs - 2 * D, ...inner, periodEndMs + D] : inner;
      let value = new Decimal(1000);
      times.forEach((at, i) => {
        value = value.add(new Decimal(m.steps[i % m.steps.length]).div(1000));
        readings.push({
          meterNumber: `M-${mi}`,
          register: '1',
          readingAt: at,
          value: value.toFixed(),
          kind: 'cumulative',
        });
      });
    });
    const cuts = [...s.cuts].sort((a, b) => a - b);
    const edges = [0, ...cuts, 30];
    const occupancies: OccupancyInput[] = [];
    for (let i = 0; i + 1 < edges.length; i++) {
      if (s.occupied[i])
        occupancies.push({
          id: `o${i}`,
          partyId: `P${i % 3}`,
          entryDate: day(edges[i]),
          exitDate: day(edges[i + 1] - 1),
        });
    }
    const base = (
      id: string,
      utilityType: string,
      from: string,
      to: string | null,
      price: string,
    ): RateInput => ({
      id,
      utilityType,
      scope: 'default',
      validFrom: from,
      validTo: to,
      unitPrice: price,
      tiers: s.tiered
        ? [
            { upTo: '5', unitPrice: price },
            { upTo: '40.5', unitPrice: '3.333' },
            { upTo: null, unitPrice: '4.1' },
          ]
        : null,
      fixedFeePerMonth: s.fee,
      vatRate: s.vat,
      currency: 'CHF',
    });
    const rates: RateInput[] = [];
    for (const utility of ['WATER', 'HEAT']) {
      if (s.priceChange === null) rates.push(base(`${utility}-1`, utility, '2020-01-01', null, '2.35'));
      else {
        rates.push(base(`${utility}-1`, utility, '2020-01-01', day(s.priceChange - 1), '2.35'));
        rates.push(base(`${utility}-2`, utility, day(s.priceChange), null, '1.0375'));
      }
    }
    return {
      complete: s.complete,
      input: {
        periodStart: '2024-06-01',
        periodEnd: '2024-06-30',
        timeZone: s.zone,
        billingPoint: { id: 'bp', buildingId: 'b', ownerPartyId: 'OWNER' },
        meters: s.meters.map((m, mi) => ({
          id: `d${mi}`,
          meterNumber: `M-${mi}`,
          utilityType: m.utility,
          unit: 'u',
          multiplier: m.multiplier,
          registers: ['1'],
          installations: [{ from: '2020-01-01', to: null }],
        })),
        readings,
        occupancies,
        rates,
      },
    };
  });

/** Fisher–Yates with a fast-check-provided seed sequence, so shuffles shrink too. */
function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = keys[i % keys.length] % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

describe('properties of a charge', () => {
  const wholeConsumption = (input: ChargingInput, meterNumber: string, multiplier: string) => {
    const reads = input.readings
      .filter((r) => r.meterNumber === meterNumber)
      .map((r) => ({
        at: r.readingAt as number,
        value: new Dec(r.value as string),
        kind: 'cumulative' as const,
      }));
    const series = buildRegisterSeries(reads, { rolloverAt: null, intervalMs: null }).series!;
    const start = startOfDay(input.timeZone, JUNE_START);
    const end = startOfDay(input.timeZone, JUNE_START + 30);
    return consumptionBetween(series, start, end, new Dec(multiplier));
  };
  const billedQuantity = (result: ReturnType<typeof buildInvoices>, meterNumber: string) =>
    result.invoices
      .flatMap((i) => i.lines)
      .filter((l): l is ConsumptionLine => l.kind === 'consumption' && l.meterNumber === meterNumber)
      .reduce((sum, l) => sum.add(l.quantity), new Dec(0));

  it('bills each meter exactly its consumption over the period, however it is split', () => {
    fc.assert(
      fc.property(scenario, ({ input, complete }) => {
        fc.pre(complete);
        const result = buildInvoices(input);
        expect(result.exceptions).toEqual([]);
        for (const m of input.meters) {
          const whole = wholeConsumption(input, m.meterNumber, m.multiplier as string);
          expect(
            whole.outcome === 'measured' && billedQuantity(result, m.meterNumber).equals(whole.quantity),
          ).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('never bills less than the consumption without saying why', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const result = buildInvoices(input);
        for (const m of input.meters) {
          const reported = result.exceptions.some((e) => e.meterNumber === m.meterNumber);
          const whole = wholeConsumption(input, m.meterNumber, m.multiplier as string);
          if (!reported)
            expect(
              whole.outcome === 'measured' && billedQuantity(result, m.meterNumber).equals(whole.quantity),
            ).toBe(true);
          else
            expect(
              result.exceptions
                .filter((e) => e.meterNumber === m.meterNumber)
                .every((e) => e.kind === 'missing-read'),
            ).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('makes every total the sum of its rounded lines', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        for (const invoice of buildInvoices(input).invoices) {
          const net = invoice.lines.reduce((sum, l) => sum.add(l.amount), new Dec(0));
          const vat = invoice.lines.reduce((sum, l) => sum.add(l.vatAmount), new Dec(0));
          expect(invoice.totals.net).toBe(net.toFixed(2));
          expect(invoice.totals.vat).toBe(vat.toFixed(2));
          expect(invoice.totals.gross).toBe(net.add(vat).toFixed(2));
          const breakdownNet = invoice.totals.vatBreakdown.reduce((sum, row) => sum.add(row.net), new Dec(0));
          expect(breakdownNet.toFixed(2)).toBe(invoice.totals.net);
          for (const line of invoice.lines) {
            // Each line: amount = quantity × unit price rounded to cents; VAT = amount × rate rounded to cents.
            expect(line.amount).toBe(
              new Dec(line.quantity).mul(line.unitPrice).toFixed(2, Decimal.ROUND_HALF_UP),
            );
            expect(line.vatAmount).toBe(
              new Dec(line.amount).mul(line.vatRate).div(100).toFixed(2, Decimal.ROUND_HALF_UP),
            );
            expect(new Dec(line.amount).isNegative()).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it('gives the same result when run again or fed its arrays in another order', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), ({ input }, keys) => {
        const first = JSON.stringify(buildInvoices(input));
        expect(JSON.stringify(buildInvoices(input))).toBe(first);
        const reordered: ChargingInput = {
          ...input,
          meters: shuffled(input.meters, keys),
          readings: shuffled(input.readings, keys),
          occupancies: shuffled(input.occupancies, keys),
          rates: shuffled(input.rates, keys),
        };
        expect(JSON.stringify(buildInvoices(reordered))).toBe(first);
      }),
      RUNS,
    );
  });

  it('charges every line to whoever answered for its days, at a rate valid on them', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        const answerable = (date: string) =>
          input.occupancies.find((o) => o.entryDate <= date && (o.exitDate === null || date <= o.exitDate))
            ?.partyId ?? 'OWNER';
        const ratesById = new Map(input.rates.map((r) => [r.id, r]));
        for (const invoice of buildInvoices(input).invoices) {
          for (const line of invoice.lines) {
            const rate = ratesById.get(line.rateId)!;
            for (let d = parseCalendarDate(line.periodStart)!; d <= parseCalendarDate(line.periodEnd)!; d++) {
              const date = new Date(d * D).toISOString().slice(0, 10);
              expect(answerable(date)).toBe(invoice.partyId);
              expect(rate.validFrom <= date && (rate.validTo === null || date <= rate.validTo)).toBe(true);
            }
            expect(line.partyRole).toBe(invoice.partyId === 'OWNER' ? 'owner' : 'occupant');
          }
        }
      }),
      RUNS,
    );
  });

  it('never bills a day twice or leaves one out for a party change', () => {
    fc.assert(
      fc.property(scenario, ({ input, complete }) => {
        fc.pre(complete);
        const result = buildInvoices(input);
        for (const m of input.meters) {
          const lines = result.invoices
            .flatMap((i) => i.lines)
            .filter((l): l is ConsumptionLine => l.kind === 'consumption' && l.meterNumber === m.meterNumber)
            .map((l) => [l.periodStart, l.periodEnd, l.from!.at, l.to!.at] as const);
          // Distinct metered parts (tier slices of one part share its reads), in order: each starts where the previous ended.
          const parts = [...new Map(lines.map((l) => [l[2], l])).values()].sort((a, b) =>
            a[2] < b[2] ? -1 : 1,
          );
          for (let i = 1; i < parts.length; i++) expect(parts[i][2]).toBe(parts[i - 1][3]);
          if (parts.length) {
            expect(parts[0][0]).toBe('2024-06-01');
            expect(parts[parts.length - 1][1]).toBe('2024-06-30');
          }
        }
      }),
      RUNS,
    );
  });
});
