import { settleCosts, type Statement, type SettlementResult } from '../../../src/allocation';
import { lakeside } from './fixtures';

const statementOf = (result: SettlementResult, point: string, party: string): Statement => {
  const found = result.statements.find((s) => s.billingPointId === point && s.partyId === party);
  if (!found) throw new Error(`no statement for ${party} on ${point}`);
  return found;
};

describe('heating 30/70 for three flats with one vacancy', () => {
  /*
   * Cost: 925.07 + VAT 8.1 % (925.07 × 0.081 = 74.93067 → 74.93) = 1000.00.
   * Scheme parts: 30 % = 300.00 by area, 70 % = 700.00 by heat.
   *
   * Area 100 / 60 / 40 of 200:   A 150.00   B 90.00   C 60.00
   * Heat 3000 / 2000 / 1000 of 6000 (700.00 = 70 000 cents):
   *   A 35 000.000   B 23 333.333   C 11 666.667 cents → floors 35 000 + 23 333 + 11 666 = 69 999;
   *   the missing cent goes to the largest fraction, C (.667): C 116.67, B 233.33, A 350.00.
   * Totals: A 500.00 (tenant-a), B 323.33 (tenant-b), C 176.67 (owner: vacant all year).
   */
  const result = settleCosts(lakeside());

  it('computes the cost with its VAT and the scheme parts', () => {
    expect(result.categories).toHaveLength(1);
    const [heating] = result.categories;
    expect(heating.items[0]).toMatchObject({ amount: '925.07', vat: '74.93', gross: '1000.00' });
    expect(heating.total).toBe('1000.00');
    expect(heating.parts).toEqual([
      { key: 'area', label: 'heated area (m²)', percent: '30', amount: '300.00', keyTotal: '200' },
      { key: 'heat', label: 'heat meter (kWh)', percent: '70', amount: '700.00', keyTotal: '6000' },
    ]);
  });

  it('shares each part by the key and the vacant flat goes to the owner', () => {
    expect(result.billingPoints.map((p) => [p.billingPointId, p.total])).toEqual([
      ['A', '500.00'],
      ['B', '323.33'],
      ['C', '176.67'],
    ]);
    const c = statementOf(result, 'C', 'owner');
    expect(c).toMatchObject({
      role: 'owner',
      days: 365,
      cost: '176.67',
      advances: '0.00',
      balance: '176.67',
    });
    expect(c.categories[0].parts.map((p) => [p.key, p.keyValue, p.keyTotal, p.amount])).toEqual([
      ['area', '40', '200', '60.00'],
      ['heat', '1000', '6000', '116.67'],
    ]);
    expect(statementOf(result, 'A', 'tenant-a').cost).toBe('500.00');
    expect(statementOf(result, 'B', 'tenant-b').cost).toBe('323.33');
  });

  it('balances to the cent', () => {
    expect(result.totals).toEqual({
      cost: '1000.00',
      allocated: '1000.00',
      unallocated: '0.00',
      statements: '1000.00',
      balanced: true,
    });
    expect(result.exceptions).toEqual([]);
  });
});

describe('a move in the middle of the period, and advances larger and smaller than the cost', () => {
  /*
   * Flat B (323.33: 90.00 area + 233.33 heat) is let to tenant-x from before the period
   * to 2023-04-30 (120 days: 31 + 28 + 31 + 30) and to tenant-y from 2023-05-01 (245 days).
   *
   * Area part 90.00 = 9000 cents:  x 9000 × 120/365 = 2958.904   y 9000 × 245/365 = 6041.096
   *   floors 2958 + 6041 = 8999; the cent goes to x (.904 > .096): x 29.59, y 60.41.
   * Heat part 233.33 = 23 333 cents: x 23 333 × 120/365 = 7671.123   y × 245/365 = 15 661.877
   *   floors 7671 + 15 661 = 23 332; the cent goes to y (.877): x 76.71, y 156.62.
   * x: 29.59 + 76.71 = 106.30;  y: 60.41 + 156.62 = 217.03;  together 323.33.
   *
   * Advances (heating group): x 30.00 a month January–April = 4 × 30.00 = 120.00,
   *   balance 106.30 − 120.00 = −13.70 (refund: advances larger than the cost);
   * y 20.00 a month from May, 25.00 from October: 5 × 20.00 + 3 × 25.00 = 175.00,
   *   balance 217.03 − 175.00 = 42.03 (to pay: advances smaller than the cost).
   */
  const input = lakeside();
  input.billingPoints[1].occupancies = [
    { id: 'occ-x', partyId: 'tenant-x', entryDate: '2019-06-01', exitDate: '2023-04-30' },
    { id: 'occ-y', partyId: 'tenant-y', entryDate: '2023-05-01' },
  ];
  input.advances = [
    {
      billingPointId: 'B',
      partyId: 'tenant-x',
      group: 'heating',
      monthlyAmount: '30.00',
      from: '2022-01-01',
      to: '2023-04-30',
    },
    {
      billingPointId: 'B',
      partyId: 'tenant-y',
      group: 'heating',
      monthlyAmount: '20.00',
      from: '2023-05-01',
      to: '2023-09-30',
    },
    {
      billingPointId: 'B',
      partyId: 'tenant-y',
      group: 'heating',
      monthlyAmount: '25.00',
      from: '2023-10-01',
    },
  ];
  const result = settleCosts(input);

  it("splits the flat's share by days", () => {
    const x = statementOf(result, 'B', 'tenant-x');
    const y = statementOf(result, 'B', 'tenant-y');
    expect([x.days, y.days]).toEqual([120, 245]);
    expect(x.periods).toEqual([{ from: '2023-01-01', to: '2023-04-30' }]);
    expect(y.periods).toEqual([{ from: '2023-05-01', to: '2023-12-31' }]);
    expect(x.categories[0].parts.map((p) => [p.key, p.billingPointAmount, p.amount])).toEqual([
      ['area', '90.00', '29.59'],
      ['heat', '233.33', '76.71'],
    ]);
    expect(y.categories[0].parts.map((p) => [p.key, p.billingPointAmount, p.amount])).toEqual([
      ['area', '90.00', '60.41'],
      ['heat', '233.33', '156.62'],
    ]);
    expect([x.cost, y.cost]).toEqual(['106.30', '217.03']);
  });

  it('refunds the tenant who paid more and charges the one who paid less', () => {
    const x = statementOf(result, 'B', 'tenant-x');
    const y = statementOf(result, 'B', 'tenant-y');
    expect(x).toMatchObject({ advances: '120.00', balance: '-13.70', outcome: 'to-refund' });
    expect(y).toMatchObject({ advances: '175.00', balance: '42.03', outcome: 'to-pay' });
    expect(y.groups).toEqual([
      {
        group: 'heating',
        cost: '217.03',
        advancesDue: '175.00',
        advancesPaid: '0.00',
        advances: '175.00',
        balance: '42.03',
      },
    ]);
    expect(result.totals.balanced).toBe(true);
  });

  it('counts recorded payments instead of what was due when the basis is "paid"', () => {
    const paid = settleCosts({
      ...input,
      advanceBasis: 'paid',
      payments: [
        { billingPointId: 'B', partyId: 'tenant-y', group: 'heating', amount: '100.00', date: '2023-06-01' },
        // Paid before the period: not an advance of this period.
        { billingPointId: 'B', partyId: 'tenant-y', group: 'heating', amount: '50.00', date: '2022-12-01' },
      ],
    });
    expect(statementOf(paid, 'B', 'tenant-y')).toMatchObject({ advances: '100.00', balance: '117.03' });
    expect(statementOf(paid, 'B', 'tenant-x')).toMatchObject({ advances: '0.00', balance: '106.30' });
  });

  it("suggests next period's monthly advance from this period's cost of the flat", () => {
    // B: 323.33 over 12 months = 26.944… → rounded up to the cent 26.95; to whole francs 27.00.
    expect(result.billingPoints[1].suggestedAdvances).toEqual([{ group: 'heating', monthlyAmount: '26.95' }]);
    const francs = settleCosts({ ...input, advanceRoundingStep: '1' });
    expect(francs.billingPoints[1].suggestedAdvances).toEqual([{ group: 'heating', monthlyAmount: '27.00' }]);
  });
});

describe('a heat meter missing for part of the period', () => {
  // Flat C's heat meter has figures for January–June only (400 kWh); July–December (184 days) are missing.
  const input = lakeside();
  input.measurements = [
    ...input.measurements!.slice(0, 2),
    { billingPointId: 'C', key: 'heat', from: '2023-01-01', to: '2023-06-30', consumption: '400' },
  ];

  it('is an exception by default: the heating costs stay unallocated', () => {
    const result = settleCosts(input);
    expect(result.exceptions.map((e) => e.kind)).toEqual(['missing-meter', 'category-not-allocated']);
    expect(result.exceptions[0].message).toContain('2023-07-01 … 2023-12-31 (184 days)');
    expect(result.categories[0]).toMatchObject({ allocated: false, parts: [] });
    expect(result.totals).toMatchObject({
      cost: '1000.00',
      allocated: '0.00',
      unallocated: '1000.00',
      balanced: true,
    });
    expect(result.statements.every((s) => s.categories.length === 0)).toBe(true);
  });

  it('is estimated from the area key when configured, and the estimate is named', () => {
    /*
     * Points measured on every day: A and B, 5000 kWh over (100 + 60) m² × 365 days,
     *   intensity 5000 / 58 400 = 0.085616… kWh per m² per day.
     * C's estimate for 184 days: 5000 × 40 × 184 / 58 400 = 630.1369… → 630.137 (3 decimals).
     * C's heat = 400 + 630.137 = 1030.137; heat total = 6030.137.
     * Heat part 70 000 cents: A × 3000/6030.137 = 34 825.079, B × 2000/… = 23 216.720,
     *   C × 1030.137/… = 11 958.201 → floors 69 999; the cent to B (.720):
     *   A 348.25, B 232.17, C 119.58.  With the area part: A 498.25, B 322.17, C 179.58 = 1000.00.
     */
    const result = settleCosts({ ...input, estimateMissingMeters: true });
    expect(result.exceptions).toEqual([]);
    expect(result.billingPoints.map((p) => [p.billingPointId, p.keys.heat, p.total])).toEqual([
      ['A', '3000', '498.25'],
      ['B', '2000', '322.17'],
      ['C', '1030.137', '179.58'],
    ]);
    expect(result.keyTotals.heat).toBe('6030.137');
    expect(result.estimates).toHaveLength(1);
    expect(result.estimates[0].message).toContain('estimated 630.137 from the area key');
    // Coded, so that the admin and the PDF word it in their language.
    expect(statementOf(result, 'C', 'owner').estimates).toEqual([
      {
        code: 'estimated-consumption',
        params: expect.objectContaining({
          measuredKey: 'heat',
          days: 184,
          estimateValue: '630.137',
          areaValue: '40',
        }),
        message: expect.stringContaining('estimated 630.137'),
      },
    ]);
    expect(result.totals).toMatchObject({ allocated: '1000.00', statements: '1000.00', balanced: true });
  });

  it('cannot be estimated when no flat was measured on every day', () => {
    const none = settleCosts({
      ...input,
      estimateMissingMeters: true,
      measurements: [
        { billingPointId: 'C', key: 'heat', from: '2023-01-01', to: '2023-06-30', consumption: '400' },
      ],
    });
    expect(none.categories[0].allocated).toBe(false);
    expect(none.exceptions[0].message).toContain('no billing point was measured on every day');
  });
});

describe('other categories and schemes', () => {
  it('shares common electricity by value quota and a credit category with a minus sign', () => {
    /*
     * Common electricity 100.01 by ‰ 500/300/200: 5000.5, 3000.3, 2000.2 cents → floors 10 000,
     *   the missing cent to A (.5): A 50.01, B 30.00, C 20.00.
     * Insurance refund −10.00 by area 100/60/40: −5.00, −3.00, −2.00.
     */
    const result = settleCosts(
      lakeside({
        categories: [
          { code: 'insurance-refund', name: 'Insurance refund', group: 'operating', credit: true },
        ],
        schemes: [{ category: 'insurance-refund', parts: [{ key: 'area', percent: '100' }] }],
        costItems: [
          { id: 'ewz', category: 'common-electricity', amount: '100.01', date: '2023-12-31' },
          { id: 'refund', category: 'insurance-refund', amount: '-10.00', date: '2023-03-01' },
        ],
      }),
    );
    expect(result.billingPoints.map((p) => p.categories.map((c) => [c.code, c.amount]))).toEqual([
      [
        ['common-electricity', '50.01'],
        ['insurance-refund', '-5.00'],
      ],
      [
        ['common-electricity', '30.00'],
        ['insurance-refund', '-3.00'],
      ],
      [
        ['common-electricity', '20.00'],
        ['insurance-refund', '-2.00'],
      ],
    ]);
    expect(result.totals).toMatchObject({ cost: '90.01', statements: '90.01', balanced: true });
  });

  it('lets a building replace the VEWA default with its own shares', () => {
    // 50 % area (500.00: 250.00 / 150.00 / 100.00) + 50 % heat (500.00: 250.00 / 166.666… / 83.333…
    // → floors 250.00 + 166.66 + 83.33 = 499.99, the cent to B (.667)): A 500.00, B 316.67, C 183.33.
    const result = settleCosts(
      lakeside({
        schemes: [
          {
            category: 'heating-energy',
            parts: [
              { key: 'area', percent: '50' },
              { key: 'heat', percent: '50' },
            ],
          },
        ],
      }),
    );
    expect(result.billingPoints.map((p) => p.total)).toEqual(['500.00', '316.67', '183.33']);
  });

  it('gives a tied cent to the billing point whose code comes first, whatever the ids', () => {
    /*
     * Caretaking 1.00 by ‰ 1/1/1 (three equal flats): 33.333… cents each → floors 99, one cent
     * missing, the three fractions tie at .333…. The cent goes to the first by code: FL-01, the
     * point whose id ("z") sorts last — so the rule is the code, not the internal id.
     */
    const flat = (id: string, code: string) => ({
      id,
      code,
      ownerPartyId: 'owner',
      heatedArea: '50',
      valueQuota: '1',
      occupancies: [],
    });
    const input = lakeside({
      billingPoints: [flat('a', 'FL-03'), flat('m', 'FL-02'), flat('z', 'FL-01')],
      measurements: [],
      costItems: [{ id: 'care', category: 'caretaking', amount: '1.00', date: '2023-06-30' }],
    });
    const byPoint = (result: SettlementResult) =>
      Object.fromEntries(result.billingPoints.map((p) => [p.billingPointId, p.total]));
    expect(byPoint(settleCosts(input))).toEqual({ z: '0.34', m: '0.33', a: '0.33' });
    // The canonical order is by code: the points (and the statements) are listed FL-01, FL-02, FL-03.
    expect(settleCosts(input).billingPoints.map((p) => p.billingPointId)).toEqual(['z', 'm', 'a']);
    // Renamed codes move the cent with them.
    const renamed = {
      ...input,
      billingPoints: [flat('a', 'FL-01'), flat('m', 'FL-02'), flat('z', 'FL-03')],
    };
    expect(byPoint(settleCosts(renamed))).toEqual({ a: '0.34', m: '0.33', z: '0.33' });
  });

  it('gives the same result whatever the order of the input lists', () => {
    const input = lakeside();
    const reversed = {
      ...input,
      billingPoints: [...input.billingPoints].reverse(),
      measurements: [...input.measurements!].reverse(),
    };
    expect(settleCosts(reversed)).toEqual(settleCosts(input));
  });
});
