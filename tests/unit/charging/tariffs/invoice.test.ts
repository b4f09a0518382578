import fc from 'fast-check';
import { DateTime } from 'luxon';
import { buildInvoices, type InvoiceLine, type ReadingInput } from '../../../../src/charging';
import { statementRows } from '../../../../src/charging/statement';
import { DomainError } from '../../../../src/common/errors';
import { input, meter, rate, reads } from '../fixtures';
import { swissInput, ZONE } from './fixtures';

/** Interval readings every 15 minutes from a local start (the first ends 15 minutes after it). */
function quarterHours(
  meterNumber: string,
  start: string,
  count: number,
  kwh: (localEnd: DateTime, i: number) => string,
): ReadingInput[] {
  const first = DateTime.fromISO(start, { zone: ZONE });
  return Array.from({ length: count }, (_, i) => {
    const end = first.plus({ minutes: 15 * (i + 1) });
    return {
      meterNumber,
      register: '1.8.0',
      readingAt: end.toUTC().toISO()!,
      value: kwh(end, i),
      kind: 'interval' as const,
    };
  });
}

const electricityMeter = meter({
  id: 'dev-e1',
  meterNumber: 'E-1',
  utilityType: 'ELECTRICITY',
  unit: 'kWh',
  registers: ['1.8.0'],
  intervalMinutes: 15,
});

/** The demo's Swiss tariff: energy and grid by band, a federal levy, a grid basic fee, a demand price. */
const swissRate = rate({
  id: 'r-el',
  utilityType: 'ELECTRICITY',
  unitPrice: '0',
  vatRate: '8.1',
  tariffCalendar: swissInput,
  components: [
    { name: 'Energy', bandPrices: { HT: '0.30', NT: '0.20' }, vatRate: '8.1' },
    { name: 'Grid usage', bandPrices: { HT: '0.10', NT: '0.05' }, vatRate: '8.1', fixedFeePerMonth: '5' },
    { name: 'Federal levy', unitPrice: '0.023', vatRate: '8.1' },
  ],
  demandPricePerKw: '10',
});

const brief = (l: InvoiceLine) => ({
  kind: l.kind,
  component: l.component ?? null,
  band: l.band ?? null,
  quantity: l.quantity,
  unitPrice: l.unitPrice,
  amount: l.amount,
  vatAmount: l.vatAmount,
});

describe('worked example: a flat with 15-minute data on a three-component HT/NT tariff with demand', () => {
  // Mon 3 – Tue 4 June 2024 (no holiday), Zurich: 2 × 96 = 192 quarter hours, each 0.25 kWh except
  // Monday 18:45–19:00, 1.5 kWh (the peak).
  // HT is 07:00–20:00 on weekdays: 2 × 52 = 104 quarter hours; NT the other 88.
  //   HT kWh = 103 × 0.25 + 1.5 = 25.75 + 1.5 = 27.25;   NT kWh = 88 × 0.25 = 22;   total 49.25.
  // Energy HT 27.25 × 0.30 = 8.175 → 8.18 (VAT 8.18 × 8.1 % = 0.66258 → 0.66)
  // Energy NT 22 × 0.20 = 4.40 (VAT 0.3564 → 0.36)
  // Grid HT 27.25 × 0.10 = 2.725 → 2.73 (VAT 0.22113 → 0.22);  Grid NT 22 × 0.05 = 1.10 (VAT 0.0891 → 0.09)
  // Federal levy 49.25 × 0.023 = 1.13275 → 1.13 (VAT 0.091530 → 0.09)
  // Demand: 1.5 kWh × 60 / 15 = 6 kW × 10 = 60.00 (VAT 4.86), the interval starting Mon 18:45
  // Grid basic fee: 2 / 30 days = 0.066667 month × 5 = 0.333335 → 0.33 (VAT 0.02673 → 0.03)
  // Net 8.18 + 4.40 + 2.73 + 1.10 + 1.13 + 60.00 + 0.33 = 77.87; VAT 0.66 + 0.36 + 0.22 + 0.09 + 0.09 + 4.86 + 0.03 = 6.31.
  const charged = buildInvoices(
    input({
      periodStart: '2024-06-03',
      periodEnd: '2024-06-04',
      meters: [electricityMeter],
      readings: quarterHours('E-1', '2024-06-03T00:00', 192, (end) =>
        end.toFormat('yyyy-MM-dd HH:mm') === '2024-06-03 19:00' ? '1.5' : '0.25',
      ),
      occupancies: [{ partyId: 'tenant', entryDate: '2024-01-01', exitDate: null }],
      rates: [swissRate],
    }),
  );

  it('bills each component and band on its own line, the demand peak and the component fee', () => {
    expect(charged.exceptions).toEqual([]);
    expect(charged.invoices).toHaveLength(1);
    const [invoice] = charged.invoices;
    expect(invoice.lines.map(brief)).toEqual([
      {
        kind: 'consumption',
        component: 'Energy',
        band: 'HT',
        quantity: '27.25',
        unitPrice: '0.3',
        amount: '8.18',
        vatAmount: '0.66',
      },
      {
        kind: 'consumption',
        component: 'Energy',
        band: 'NT',
        quantity: '22',
        unitPrice: '0.2',
        amount: '4.40',
        vatAmount: '0.36',
      },
      {
        kind: 'consumption',
        component: 'Grid usage',
        band: 'HT',
        quantity: '27.25',
        unitPrice: '0.1',
        amount: '2.73',
        vatAmount: '0.22',
      },
      {
        kind: 'consumption',
        component: 'Grid usage',
        band: 'NT',
        quantity: '22',
        unitPrice: '0.05',
        amount: '1.10',
        vatAmount: '0.09',
      },
      {
        kind: 'consumption',
        component: 'Federal levy',
        band: null,
        quantity: '49.25',
        unitPrice: '0.023',
        amount: '1.13',
        vatAmount: '0.09',
      },
      {
        kind: 'demand',
        component: null,
        band: null,
        quantity: '6',
        unitPrice: '10',
        amount: '60.00',
        vatAmount: '4.86',
      },
      {
        kind: 'fixed-fee',
        component: 'Grid usage',
        band: null,
        quantity: '0.066667',
        unitPrice: '5',
        amount: '0.33',
        vatAmount: '0.03',
      },
    ]);
    expect(invoice.totals).toMatchObject({ net: '77.87', vat: '6.31', gross: '84.18' });
  });

  it('names the interval the peak happened in', () => {
    const demand = charged.invoices[0].lines.find((l) => l.kind === 'demand');
    expect(demand).toMatchObject({
      month: '2024-06',
      peakStartLocal: '2024-06-03 18:45',
      peakStart: '2024-06-03T16:45:00.000Z',
      intervalMinutes: 15,
      peakQuantity: '1.5',
      unit: 'kW',
    });
  });

  it('totals the invoice by component: sums of the printed lines', () => {
    // Energy 8.18 + 4.40 = 12.58 (VAT 0.66 + 0.36 = 1.02); Grid 2.73 + 1.10 + 0.33 = 4.16 (VAT 0.34); levy 1.13 (0.09).
    expect(charged.invoices[0].totals.byComponent).toEqual([
      { component: 'Energy', net: '12.58', vat: '1.02', gross: '13.60' },
      { component: 'Grid usage', net: '4.16', vat: '0.34', gross: '4.50' },
      { component: 'Federal levy', net: '1.13', vat: '0.09', gross: '1.22' },
    ]);
  });
});

describe('the run statement totals by component', () => {
  it('adds one component-total row per utility and component: sums of its lines', () => {
    const charged = buildInvoices(
      input({
        periodStart: '2024-06-03',
        periodEnd: '2024-06-04',
        meters: [electricityMeter],
        readings: quarterHours('E-1', '2024-06-03T00:00', 192, () => '0.25'),
        rates: [swissRate],
      }),
    );
    const rows = statementRows(
      charged.invoices.map((invoice) => ({
        buildingCode: 'B1',
        billingPointCode: 'P1',
        billingPointName: 'Flat 1',
        currency: invoice.currency,
        lines: invoice.lines,
      })),
    );
    // 48 kWh: HT 104 × 0.25 = 26, NT 88 × 0.25 = 22. Energy 26 × 0.30 + 22 × 0.20 = 7.80 + 4.40 = 12.20;
    // grid 26 × 0.10 + 22 × 0.05 + fee 0.33 = 2.60 + 1.10 + 0.33 = 4.03; levy 48 × 0.023 = 1.104 → 1.10.
    expect(rows.filter((r) => r.section === 'component-total').map((r) => [r.utility, r.net])).toEqual([
      ['ELECTRICITY · Energy', '12.20'],
      ['ELECTRICITY · Federal levy', '1.10'],
      ['ELECTRICITY · Grid usage', '4.03'],
    ]);
  });
});

describe('cumulative meters under a band rate', () => {
  const bandRate = rate({
    id: 'r-htnt',
    utilityType: 'ELECTRICITY',
    unitPrice: '0',
    tariffCalendar: swissInput,
    bandPrices: { HT: '0.30', NT: '0.20' },
  });
  const dual = meter({
    id: 'dev-e2',
    meterNumber: 'E-2',
    utilityType: 'ELECTRICITY',
    unit: 'kWh',
    registers: ['1.8.1', '1.8.2'],
    registerBands: { '1.8.1': 'HT', '1.8.2': 'NT' },
  });
  const dualReads = [
    ...reads('E-2', '1.8.1', [
      ['2024-06-01T00:00', '1000'],
      ['2024-07-01T00:00', '1120.5'],
    ]),
    ...reads('E-2', '1.8.2', [
      ['2024-06-01T00:00', '500'],
      ['2024-07-01T00:00', '580'],
    ]),
  ];

  it('bills a dual-register meter register by register at its band price', () => {
    // 1.8.1 → HT: 1120.5 − 1000 = 120.5 kWh × 0.30 = 36.15; 1.8.2 → NT: 580 − 500 = 80 kWh × 0.20 = 16.00.
    const charged = buildInvoices(input({ meters: [dual], readings: dualReads, rates: [bandRate] }));
    expect(charged.exceptions).toEqual([]);
    expect(
      charged.invoices[0].lines.map((l) => [
        l.kind === 'consumption' && l.register,
        l.band,
        l.quantity,
        l.amount,
      ]),
    ).toEqual([
      ['1.8.1', 'HT', '120.5', '36.15'],
      ['1.8.2', 'NT', '80', '16.00'],
    ]);
  });

  it('refuses to guess for a single-register meter: an exception naming the meter, no line', () => {
    const single = meter({ ...dual, registers: ['1.8.0'], registerBands: null });
    const charged = buildInvoices(
      input({
        meters: [single],
        readings: reads('E-2', '1.8.0', [
          ['2024-06-01T00:00', '1000'],
          ['2024-07-01T00:00', '1200'],
        ]),
        rates: [bandRate],
      }),
    );
    expect(charged.invoices).toEqual([]);
    expect(charged.exceptions).toHaveLength(1);
    expect(charged.exceptions[0]).toMatchObject({
      kind: 'needs-band-data',
      meterNumber: 'E-2',
      register: '1.8.0',
    });
    expect(charged.exceptions[0].message).toContain('needs interval data or band registers');
  });

  it('reports a demand price on a cumulative meter and still bills its energy', () => {
    const withDemand = { ...bandRate, demandPricePerKw: '12' };
    const charged = buildInvoices(input({ meters: [dual], readings: dualReads, rates: [withDemand] }));
    expect(charged.invoices[0].lines.filter((l) => l.kind === 'demand')).toEqual([]);
    expect(charged.invoices[0].totals.net).toBe('52.15');
    expect(charged.exceptions.map((e) => [e.kind, e.register])).toEqual([
      ['needs-interval-data', '1.8.1'],
      ['needs-interval-data', '1.8.2'],
    ]);
  });
});

describe('refused rates (400 naming the field)', () => {
  const refusal = (overrides: Parameters<typeof rate>[0]) => {
    try {
      buildInvoices(input({ rates: [rate(overrides)] }));
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).message;
    }
    throw new Error('expected the rate to be refused');
  };

  it('a band price for a band the calendar lacks', () => {
    expect(
      refusal({ tariffCalendar: swissInput, bandPrices: { HT: '0.3', NT: '0.2', PEAK: '0.5' } }),
    ).toContain('Band "PEAK" is not a band of calendar EKZ-HTNT');
  });

  it('band prices without a calendar, negative and non-decimal prices, a component without a name', () => {
    expect(refusal({ bandPrices: { HT: '0.3' } })).toContain('need a tariff calendar');
    expect(refusal({ tariffCalendar: swissInput, bandPrices: { HT: '-0.3', NT: '0.2' } })).toContain(
      'must not be negative',
    );
    expect(refusal({ components: [{ name: 'Energy', unitPrice: '0,30', vatRate: '8.1' }] })).toContain(
      'plain decimal number',
    );
    expect(refusal({ components: [{ name: ' ', unitPrice: '0.3', vatRate: '8.1' }] })).toContain(
      'Component name must not be empty',
    );
  });

  it('a calendar with a 25:00 window, named under tariffCalendar', () => {
    const bad = {
      ...swissInput,
      windows: [{ band: 'HT', days: ['mon' as const], from: '07:00', to: '25:00' }],
    };
    expect(refusal({ tariffCalendar: bad, bandPrices: { HT: '0.3', NT: '0.2' } })).toMatch(
      /^rates\.0\.tariffCalendar\.windows\.0\.to/,
    );
  });

  it('band prices or a demand price on a usage-metric rate', () => {
    expect(
      refusal({
        utilityType: null,
        usageMetric: 'EV',
        tariffCalendar: swissInput,
        bandPrices: { HT: '1', NT: '1' },
      }),
    ).toContain('a usage-metric rate cannot have them');
  });
});

describe('properties of a banded, componentised invoice', () => {
  it('band lines sum exactly to the metered quantity and the lines to the totals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 99_999 }), { minLength: 100, maxLength: 100 }),
        fc.integer({ min: 0, max: 6 }),
        (all, dayOffset) => {
          // A week around the spring DST change: 31 March 2024 has 23 hours, so 92 quarter hours.
          const start = DateTime.fromISO('2024-03-25T00:00', { zone: ZONE }).plus({ days: dayOffset });
          const day = start.toFormat('yyyy-MM-dd');
          const quarters = start.plus({ days: 1 }).diff(start, 'minutes').minutes / 15;
          const values = all.slice(0, quarters);
          const readings: ReadingInput[] = values.map((v, i) => ({
            meterNumber: 'E-1',
            register: '1.8.0',
            readingAt: start
              .plus({ minutes: 15 * (i + 1) })
              .toUTC()
              .toISO()!,
            value: (v / 1000).toFixed(3),
            kind: 'interval',
          }));
          const charged = buildInvoices(
            input({
              periodStart: day,
              periodEnd: day,
              meters: [electricityMeter],
              readings,
              rates: [swissRate],
            }),
          );
          const metered = values.reduce((s, v) => s + v, 0);
          const lines = charged.invoices.flatMap((inv) => inv.lines);
          for (const component of ['Energy', 'Grid usage']) {
            const sum = lines
              .filter((l) => l.kind === 'consumption' && l.component === component)
              .reduce((s, l) => s + Math.round(Number(l.quantity) * 1000), 0);
            expect(sum).toBe(metered);
          }
          for (const invoice of charged.invoices) {
            const cents = (text: string) => Math.round(Number(text) * 100);
            const net = invoice.lines.reduce((s, l) => s + cents(l.amount), 0);
            expect(net).toBe(cents(invoice.totals.net));
            const byComponent = (invoice.totals.byComponent ?? []).reduce((s, c) => s + cents(c.net), 0);
            const componentLines = invoice.lines
              .filter((l) => l.component)
              .reduce((s, l) => s + cents(l.amount), 0);
            expect(byComponent).toBe(componentLines);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
