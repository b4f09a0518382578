import {
  buildInvoices,
  type ChargingResult,
  type ConsumptionLine,
  type FixedFeeLine,
  type InvoiceLine,
  type UsageLine,
} from '../../../src/charging';
import { input, local, meter, rate, reads } from './fixtures';

/**
 * Worked examples. Each one's arithmetic is written out so a reader can check
 * the bill by hand. Europe/Zurich is UTC+2 in June: 00:00 local on June 16 is
 * 2024-06-15T22:00Z.
 */

const invoiceOf = (result: ChargingResult, partyId: string) => {
  const found = result.invoices.find((invoice) => invoice.partyId === partyId);
  if (!found) throw new Error(`no invoice for ${partyId}: ${JSON.stringify(result.exceptions)}`);
  return found;
};
const brief = (line: InvoiceLine) =>
  `${line.periodStart}..${line.periodEnd} ${line.quantity} × ${line.unitPrice} = ${line.amount} + VAT ${line.vatAmount}`;

describe('worked example: a move mid-month with a price change', () => {
  // Water meter W-1, reads at 00:00 local: Jun 1 1000, Jun 11 1030, Jun 21 1050, Jul 1 1090.
  // A lives there until Jun 15 (exit date = last day), B from Jun 16.
  // Rate r1 2.00 CHF/m³ until Jun 20, r2 2.50 from Jun 21; VAT 8.1 %.
  const result = buildInvoices(
    input({
      readings: reads('W-1', '1', [
        ['2024-06-01T00:00', '1000'],
        ['2024-06-11T00:00', '1030'],
        ['2024-06-21T00:00', '1050'],
        ['2024-07-01T00:00', '1090'],
      ]),
      occupancies: [
        { partyId: 'B', entryDate: '2024-06-16', exitDate: null },
        { partyId: 'A', entryDate: '2023-01-01', exitDate: '2024-06-15' },
      ],
      rates: [
        rate({ id: 'r1', validTo: '2024-06-20' }),
        rate({ id: 'r2', validFrom: '2024-06-21', unitPrice: '2.50' }),
      ],
    }),
  );

  it('splits at the move with an interpolated read', () => {
    // No read at Jun 16 00:00: interpolate between Jun 11 (1030) and Jun 21 (1050): 1030 + 20 × 5/10 = 1040.
    // A: 1040 − 1000 = 40 m³ × 2.00 = 80.00; VAT 80.00 × 8.1 % = 6.48
    const a = invoiceOf(result, 'A');
    expect(a.lines.map(brief)).toEqual(['2024-06-01..2024-06-15 40 × 2 = 80.00 + VAT 6.48']);
    const line = a.lines[0] as ConsumptionLine;
    expect(line.from).toEqual({ at: '2024-05-31T22:00:00.000Z', value: '1000', estimated: false });
    expect(line.to).toEqual({ at: '2024-06-15T22:00:00.000Z', value: '1040', estimated: true });
    expect(a.totals).toEqual({
      net: '80.00',
      vat: '6.48',
      gross: '86.48',
      vatBreakdown: [{ vatRate: '8.1', net: '80.00', vat: '6.48' }],
    });
  });

  it('splits at the price change with the exact read', () => {
    // B: Jun 16–20 1050 − 1040 = 10 m³ × 2.00 = 20.00 (VAT 1.62); Jun 21–30 1090 − 1050 = 40 m³ × 2.50 = 100.00 (VAT 8.10)
    // Totals: net 120.00, VAT 9.72, gross 129.72
    const b = invoiceOf(result, 'B');
    expect(b.lines.map(brief)).toEqual([
      '2024-06-16..2024-06-20 10 × 2 = 20.00 + VAT 1.62',
      '2024-06-21..2024-06-30 40 × 2.5 = 100.00 + VAT 8.10',
    ]);
    expect(b.lines.map((l) => l.rateId)).toEqual(['r1', 'r2']);
    expect((b.lines[1] as ConsumptionLine).from).toEqual({
      at: '2024-06-20T22:00:00.000Z',
      value: '1050',
      estimated: false,
    });
    expect(b.totals.net).toBe('120.00');
    expect(b.totals.vat).toBe('9.72');
    expect(b.totals.gross).toBe('129.72');
  });

  it('bills the whole consumption, no more, no less, and raises nothing', () => {
    // 40 + 10 + 40 = 90 = 1090 − 1000
    expect(result.exceptions).toEqual([]);
    const total = result.invoices.flatMap((i) => i.lines).reduce((sum, l) => sum + Number(l.quantity), 0);
    expect(total).toBe(90);
  });
});

describe('worked example: vacancy is billed to the owner', () => {
  it('gives the empty days between two tenants to the owner, at the move dates', () => {
    // Reads: Jun 1 200, Jun 11 00:00 220 (exactly at the first move), Jun 21 00:00 221, Jul 1 250.
    // A until Jun 10 → 220 − 200 = 20; vacant Jun 11–20 → owner 221 − 220 = 1; B from Jun 21 → 250 − 221 = 29.
    const result = buildInvoices(
      input({
        readings: reads('W-1', '1', [
          ['2024-06-01T00:00', '200'],
          ['2024-06-11T00:00', '220'],
          ['2024-06-21T00:00', '221'],
          ['2024-07-01T00:00', '250'],
        ]),
        occupancies: [
          { partyId: 'A', entryDate: '2022-01-01', exitDate: '2024-06-10' },
          { partyId: 'B', entryDate: '2024-06-21', exitDate: null },
        ],
      }),
    );
    expect(
      result.invoices.map((i) => [i.partyId, i.roles.join(), i.lines.map((l) => l.quantity).join()]),
    ).toEqual([
      ['A', 'occupant', '20'],
      ['B', 'occupant', '29'],
      ['owner', 'owner', '1'],
    ]);
    expect(
      result.invoices
        .flatMap((i) => i.lines)
        .every((l) => l.kind !== 'consumption' || (!l.from!.estimated && !l.to!.estimated)),
    ).toBe(true);
  });
});

describe('worked example: a register rolls over', () => {
  it('counts through the wrap and shows the register as it read', () => {
    // 5-digit register (rolls over at 100 000): Jun 1 99 950, Jun 15 99 990, Jul 1 00 030.
    // Unwrapped: 99 950 → 100 030 = 80 m³ × 2.00 = 160.00; VAT 12.96
    const result = buildInvoices(
      input({
        meters: [meter({ rolloverAt: '100000' })],
        readings: reads('W-1', '1', [
          ['2024-06-01T00:00', '99950'],
          ['2024-06-15T00:00', '99990'],
          ['2024-07-01T00:00', '30'],
        ]),
      }),
    );
    const line = invoiceOf(result, 'owner').lines[0] as ConsumptionLine;
    expect(brief(line)).toBe('2024-06-01..2024-06-30 80 × 2 = 160.00 + VAT 12.96');
    expect([line.from!.value, line.to!.value, line.rollovers]).toEqual(['99950', '30', 1]);
  });
});

describe('worked example: a meter replaced mid-month', () => {
  // Old meter W-1 installed until Jun 14 (its last day), read Jun 1 500 and, when removed, Jun 14 10:00 520.
  // New meter W-2 installed Jun 14, first read Jun 14 10:00 0, then Jul 1 15.
  // A fixed fee of 9.00/month: the billing point had water all month, so one whole month.
  const result = buildInvoices(
    input({
      meters: [
        meter({ id: 'old', meterNumber: 'W-1', installations: [{ from: '2019-01-01', to: '2024-06-14' }] }),
        meter({ id: 'new', meterNumber: 'W-2', installations: [{ from: '2024-06-14', to: null }] }),
      ],
      readings: [
        ...reads('W-1', '1', [
          ['2024-06-01T00:00', '500'],
          ['2024-06-14T10:00', '520'],
          ['2024-06-20T00:00', '9999'], // the old meter on a test bench after removal: not ours
        ]),
        ...reads('W-2', '1', [
          ['2024-06-14T10:00', '0'],
          ['2024-07-01T00:00', '15'],
        ]),
      ],
      rates: [rate({ fixedFeePerMonth: '9.00' })],
    }),
  );

  it('bills the old meter up to its last read and the new one from its first', () => {
    // W-1: 520 − 500 = 20 m³ = 40.00; W-2: 15 − 0 = 15 m³ = 30.00
    const lines = invoiceOf(result, 'owner').lines;
    const consumption = lines.filter((l): l is ConsumptionLine => l.kind === 'consumption');
    expect(consumption.map((l) => `${l.meterNumber} ${l.from!.value}→${l.to!.value} ${brief(l)}`)).toEqual([
      'W-1 500→520 2024-06-01..2024-06-14 20 × 2 = 40.00 + VAT 3.24',
      'W-2 0→15 2024-06-14..2024-06-30 15 × 2 = 30.00 + VAT 2.43',
    ]);
    expect(result.exceptions).toEqual([]);
  });

  it('charges the fixed fee once for the supply, not once per meter', () => {
    // 30/30 days of June = 1 month × 9.00 = 9.00; VAT 0.729 → 0.73
    const fees = invoiceOf(result, 'owner').lines.filter((l): l is FixedFeeLine => l.kind === 'fixed-fee');
    expect(fees.map(brief)).toEqual(['2024-06-01..2024-06-30 1 × 9 = 9.00 + VAT 0.73']);
    expect(fees[0].proRata).toEqual([{ month: '2024-06', days: 30, daysInMonth: 30 }]);
  });
});

describe('meters installed or removed on the first or last day of the period', () => {
  it('starts a meter installed on the first day at its first read, whatever the hour', () => {
    // Installed Jun 1, first read Jun 1 10:00 = 0, Jul 1 00:00 = 12 → 12 m³
    const result = buildInvoices(
      input({
        meters: [meter({ installations: [{ from: '2024-06-01', to: null }] })],
        readings: reads('W-1', '1', [
          ['2024-05-20T00:00', '777'], // from an earlier life elsewhere: not this installation
          ['2024-06-01T10:00', '0'],
          ['2024-07-01T00:00', '12'],
        ]),
      }),
    );
    expect(result.exceptions).toEqual([]);
    const line = invoiceOf(result, 'owner').lines[0] as ConsumptionLine;
    expect([line.from!.value, line.to!.value, line.quantity, line.periodStart, line.periodEnd]).toEqual([
      '0',
      '12',
      '12',
      '2024-06-01',
      '2024-06-30',
    ]);
  });

  it('ends a meter removed on the last day at its removal read', () => {
    // Removed Jun 30 (its last day here), removal read Jun 30 15:00 = 1080; Jun 1 1000 → 80 m³
    const result = buildInvoices(
      input({
        meters: [meter({ installations: [{ from: '2020-01-01', to: '2024-06-30' }] })],
        readings: reads('W-1', '1', [
          ['2024-06-01T00:00', '1000'],
          ['2024-06-30T15:00', '1080'],
          ['2024-07-02T00:00', '5'], // read at its next place: not ours
        ]),
      }),
    );
    expect(result.exceptions).toEqual([]);
    expect(invoiceOf(result, 'owner').lines.map((l) => l.quantity)).toEqual(['80']);
  });
});

describe('worked example: tiers, VAT and a pro-rata fee', () => {
  // Electricity, tiers per month: 0–100 kWh @ 0.20, above @ 0.30; fixed fee 12.00/month; VAT 8.1 %.
  // Reads: Jun 1 5000, Jun 16 00:00 5080, Jul 1 5120. A until Jun 15, B from Jun 16 — each half of June.
  const result = buildInvoices(
    input({
      meters: [meter({ id: 'e', meterNumber: 'E-1', utilityType: 'ELECTRICITY', unit: 'kWh' })],
      readings: reads('E-1', '1', [
        ['2024-06-01T00:00', '5000'],
        ['2024-06-16T00:00', '5080'],
        ['2024-07-01T00:00', '5120'],
      ]),
      occupancies: [
        { partyId: 'A', entryDate: '2020-01-01', exitDate: '2024-06-15' },
        { partyId: 'B', entryDate: '2024-06-16', exitDate: null },
      ],
      rates: [
        rate({
          id: 'el',
          utilityType: 'ELECTRICITY',
          unitPrice: '0',
          tiers: [
            { upTo: '100', unitPrice: '0.20' },
            { upTo: null, unitPrice: '0.30' },
          ],
          fixedFeePerMonth: '12.00',
        }),
      ],
    }),
  );

  it('scales the tier bounds to the days a party was there', () => {
    // A: 15/30 of June = 0.5 month → tier 1 is 0–50 kWh. 80 kWh = 50 × 0.20 + 30 × 0.30 = 10.00 + 9.00
    // VAT: 10.00 × 8.1 % = 0.81; 9.00 × 8.1 % = 0.729 → 0.73
    // Fee: 12.00 × 0.5 = 6.00; VAT 0.486 → 0.49
    // Totals: net 25.00, VAT 0.81 + 0.73 + 0.49 = 2.03, gross 27.03
    const a = invoiceOf(result, 'A');
    expect(a.lines.map(brief)).toEqual([
      '2024-06-01..2024-06-15 50 × 0.2 = 10.00 + VAT 0.81',
      '2024-06-01..2024-06-15 30 × 0.3 = 9.00 + VAT 0.73',
      '2024-06-01..2024-06-15 0.5 × 12 = 6.00 + VAT 0.49',
    ]);
    expect(a.lines.map((l) => l.tier)).toEqual([
      { index: 1, from: '0', to: '50' },
      { index: 2, from: '50', to: null },
      null,
    ]);
    expect((a.lines[0] as ConsumptionLine).meteredQuantity).toBe('80');
    expect(a.totals).toMatchObject({ net: '25.00', vat: '2.03', gross: '27.03' });
  });

  it('keeps a small consumer in the first tier', () => {
    // B: 40 kWh < 50 → 40 × 0.20 = 8.00, VAT 0.648 → 0.65; fee 6.00, VAT 0.49. Net 14.00, VAT 1.14, gross 15.14
    const b = invoiceOf(result, 'B');
    expect(b.lines.map(brief)).toEqual([
      '2024-06-16..2024-06-30 40 × 0.2 = 8.00 + VAT 0.65',
      '2024-06-16..2024-06-30 0.5 × 12 = 6.00 + VAT 0.49',
    ]);
    expect(b.totals).toMatchObject({ net: '14.00', vat: '1.14', gross: '15.14' });
  });
});

describe('worked example: the tier ladder carries across a price change', () => {
  it('prices the second half at the new prices but from where the first half left the ladder', () => {
    // One occupant all June. Until Jun 15: tiers 0–10 @ 1.00, above @ 2.00. From Jun 16: 0–10 @ 1.50, above @ 3.00.
    // Reads Jun 1 0, Jun 16 8, Jul 1 14. First half 8 m³ (tier 1 @ 1.00 = 8.00).
    // Second half 6 m³ starting at 8 on the ladder: 2 @ 1.50 = 3.00, then 4 @ 3.00 = 12.00.
    const result = buildInvoices(
      input({
        readings: reads('W-1', '1', [
          ['2024-06-01T00:00', '0'],
          ['2024-06-16T00:00', '8'],
          ['2024-07-01T00:00', '14'],
        ]),
        occupancies: [{ partyId: 'T', entryDate: '2024-01-01', exitDate: null }],
        rates: [
          rate({
            id: 'old',
            validTo: '2024-06-15',
            tiers: [
              { upTo: '10', unitPrice: '1.00' },
              { upTo: null, unitPrice: '2.00' },
            ],
          }),
          rate({
            id: 'new',
            validFrom: '2024-06-16',
            tiers: [
              { upTo: '10', unitPrice: '1.50' },
              { upTo: null, unitPrice: '3.00' },
            ],
          }),
        ],
      }),
    );
    expect(invoiceOf(result, 'T').lines.map((l) => `${l.rateId} tier ${l.tier!.index} ${brief(l)}`)).toEqual([
      'old tier 1 2024-06-01..2024-06-15 8 × 1 = 8.00 + VAT 0.65',
      'new tier 1 2024-06-16..2024-06-30 2 × 1.5 = 3.00 + VAT 0.24',
      'new tier 2 2024-06-16..2024-06-30 4 × 3 = 12.00 + VAT 0.97',
    ]);
  });
});

describe('worked example: interval data (NEM12-style)', () => {
  it("sums the intervals ending inside each party's part", () => {
    // Daily intervals, each stamped at the 00:00 that ends its day: the value stamped Jun 2 00:00 is Jun 1's.
    // Values: 2 kWh a day until the move, 3 kWh a day after. A until Jun 15 → ends Jun 2 … Jun 16 = 15 × 2 = 30.
    // B from Jun 16 → ends Jun 17 … Jul 1 = 15 × 3 = 45. Rate 0.25: A 7.50, B 11.25.
    const points: [string, string][] = [];
    for (let day = 1; day <= 30; day++) {
      const end = day === 30 ? '2024-07-01T00:00' : `2024-06-${String(day + 1).padStart(2, '0')}T00:00`;
      points.push([end, day <= 15 ? '2' : '3']);
    }
    points.push(['2024-06-01T00:00', '99']); // the interval ending at the period start belongs to May
    const result = buildInvoices(
      input({
        meters: [meter({ meterNumber: 'NMI-1', utilityType: 'ELECTRICITY', unit: 'kWh', registers: ['E1'] })],
        readings: reads('NMI-1', 'E1', points, 'interval'),
        occupancies: [
          { partyId: 'A', entryDate: '2020-01-01', exitDate: '2024-06-15' },
          { partyId: 'B', entryDate: '2024-06-16', exitDate: null },
        ],
        rates: [rate({ utilityType: 'ELECTRICITY', unitPrice: '0.25' })],
      }),
    );
    expect(result.exceptions).toEqual([]);
    const a = invoiceOf(result, 'A').lines[0] as ConsumptionLine;
    const b = invoiceOf(result, 'B').lines[0] as ConsumptionLine;
    expect([a.quantity, a.intervalCount, a.amount, a.from, a.readingKind]).toEqual([
      '30',
      15,
      '7.50',
      null,
      'interval',
    ]);
    expect([b.quantity, b.intervalCount, b.amount]).toEqual(['45', 15, '11.25']);
  });

  it('refuses the part with a missing interval and bills the rest', () => {
    const points: [string, string][] = [];
    for (let day = 2; day <= 31; day++) {
      if (day === 20) continue; // Jun 19's interval never arrived
      points.push([day === 31 ? '2024-07-01T00:00' : `2024-06-${String(day).padStart(2, '0')}T00:00`, '1']);
    }
    const result = buildInvoices({
      ...input(),
      meters: [meter({ meterNumber: 'NMI-1', registers: ['E1'] })],
      readings: reads('NMI-1', 'E1', points, 'interval'),
      occupancies: [
        { partyId: 'A', entryDate: '2020-01-01', exitDate: '2024-06-15' },
        { partyId: 'B', entryDate: '2024-06-16', exitDate: null },
      ],
    });
    expect(invoiceOf(result, 'A').lines[0].quantity).toBe('15');
    expect(result.invoices.map((i) => i.partyId)).toEqual(['A']);
    expect(result.exceptions).toEqual([
      expect.objectContaining({
        kind: 'missing-read',
        meterNumber: 'NMI-1',
        register: 'E1',
        at: local('2024-06-19T00:00'),
      }),
    ]);
    expect(result.exceptions[0].message).toContain('missing interval data');
  });
});

describe('worked example: usage records — laundry badges and a charging station', () => {
  const laundryAndCharger = () =>
    input({
      billingPoint: { id: 'bp-common', buildingId: 'b-1', ownerPartyId: 'owner' },
      meters: [
        meter({ id: 'lm', meterNumber: 'LAUNDRY-1', utilityType: null, unit: 'cycle', registers: [] }),
        meter({ id: 'ev', meterNumber: 'EV-1', utilityType: null, unit: 'kWh', registers: [] }),
      ],
      readings: [],
      rates: [
        rate({ id: 'cycle', utilityType: null, usageMetric: 'WASH', unitPrice: '3.50' }),
        rate({
          id: 'kwh',
          utilityType: null,
          usageMetric: 'EV_KWH',
          unitPrice: '0.40',
          fixedFeePerMonth: '15.00',
        }),
      ],
      usageMetrics: [
        {
          code: 'WASH',
          eGroup: 'LAUNDRY',
          eId: null,
          field: 'intCounter',
          aggregation: 'count',
          unit: 'cycle',
        },
        {
          code: 'EV_KWH',
          eGroup: 'EVSE',
          eId: 'meter',
          field: 'intCounter',
          aggregation: 'delta',
          unit: 'kWh',
        },
      ],
      badges: [
        { uid: '04:A2:19:7F', partyId: 'P1', active: true, validFrom: null, validTo: null },
        { uid: '04B3', partyId: 'P2', active: true, validFrom: '2024-06-10', validTo: null },
        { uid: 'DEAD', partyId: 'P3', active: false, validFrom: null, validTo: null },
      ],
      usageRecords: [
        // Washes: P1 twice (badge written two ways), P2 once, P2's badge before it was valid, a deactivated badge.
        {
          eGroup: 'LAUNDRY',
          eId: 'cycle',
          deviceId: 'LAUNDRY-1',
          eventRef: 'w1',
          dtu: local('2024-06-03T09:00'),
          badge: '04a2197f',
        },
        {
          eGroup: 'LAUNDRY',
          eId: 'cycle',
          deviceId: 'LAUNDRY-1',
          eventRef: 'w2',
          dtu: local('2024-06-05T09:00'),
          badge: '04-A2-19-7F',
        },
        {
          eGroup: 'LAUNDRY',
          eId: 'cycle',
          deviceId: 'LAUNDRY-1',
          eventRef: 'w2',
          dtu: local('2024-06-05T09:00'),
          badge: '04-A2-19-7F',
        }, // resent
        {
          eGroup: 'LAUNDRY',
          eId: 'cycle',
          deviceId: 'LAUNDRY-1',
          eventRef: 'w3',
          dtu: local('2024-06-12T09:00'),
          badge: '04B3',
        },
        {
          eGroup: 'LAUNDRY',
          eId: 'cycle',
          deviceId: 'LAUNDRY-1',
          eventRef: 'w4',
          dtu: local('2024-06-08T09:00'),
          badge: '04B3',
        },
        {
          eGroup: 'LAUNDRY',
          eId: 'cycle',
          deviceId: 'LAUNDRY-1',
          eventRef: 'w5',
          dtu: local('2024-06-20T09:00'),
          badge: 'DEAD',
        },
        // Charging station: cumulative kWh counter; baseline in May, then two sessions by P1 and one without badge.
        {
          eGroup: 'EVSE',
          eId: 'meter',
          deviceId: 'EV-1',
          eventRef: 'e0',
          dtu: local('2024-05-30T18:00'),
          intCounter: '9000000000000000000',
        },
        {
          eGroup: 'EVSE',
          eId: 'meter',
          deviceId: 'EV-1',
          eventRef: 'e1',
          dtu: local('2024-06-04T18:00'),
          intCounter: '9000000000000000012',
          badge: '04A2197F',
        },
        {
          eGroup: 'EVSE',
          eId: 'meter',
          deviceId: 'EV-1',
          eventRef: 'e2',
          dtu: local('2024-06-18T18:00'),
          intCounter: '9000000000000000030',
          badge: '04A2197F',
        },
        {
          eGroup: 'EVSE',
          eId: 'meter',
          deviceId: 'EV-1',
          eventRef: 'e3',
          dtu: local('2024-06-25T18:00'),
          intCounter: 9000000000000000035n,
        },
        {
          eGroup: 'EVSE',
          eId: 'meter',
          deviceId: 'EV-1',
          eventRef: 'e4',
          dtu: local('2024-07-01T00:00'),
          intCounter: '9000000000000000099',
        }, // July
      ],
    });

  const result = buildInvoices(laundryAndCharger());

  it('charges each wash to the holder of the badge that day', () => {
    // P1: 2 washes (w2 resent counts once) × 3.50 = 7.00; P2: 1 wash (w3; w4 was before the badge was valid) = 3.50
    const p1 = invoiceOf(result, 'P1').lines.filter(
      (l): l is UsageLine => l.kind === 'usage' && l.usageMetric === 'WASH',
    );
    expect(p1.map((l) => [l.quantity, l.amount, l.partyRole, l.badges.join(), l.recordCount])).toEqual([
      ['2', '7.00', 'badge-holder', '04A2197F', 2],
    ]);
    const p2 = invoiceOf(result, 'P2').lines;
    expect(p2.map((l) => [l.quantity, l.amount])).toEqual([['1', '3.50']]);
  });

  it('reports uses of badges nobody held', () => {
    const badgeProblems = result.exceptions.filter((e) => e.kind === 'unknown-badge').map((e) => e.badge);
    expect(badgeProblems.sort()).toEqual(['04B3', 'DEAD']);
  });

  it('charges the growth of a 64-bit counter since the record before the period', () => {
    // P1 (badge): 9…012 − 9…000 (May baseline) = 12, then 9…030 − 9…012 = 18 → 30 kWh × 0.40 = 12.00
    // Without badge → whoever answers for the billing point (the owner): 9…035 − 9…030 = 5 kWh = 2.00
    // July's record is outside the period.
    const p1 = invoiceOf(result, 'P1').lines.filter((l) => l.kind === 'usage' && l.usageMetric === 'EV_KWH');
    expect(p1.map((l) => [l.quantity, l.amount])).toEqual([['30', '12.00']]);
    const owner = invoiceOf(result, 'owner').lines;
    expect(owner.filter((l) => l.kind === 'usage').map((l) => [l.quantity, l.amount, l.partyRole])).toEqual([
      ['5', '2.00', 'owner'],
    ]);
  });

  it('charges the monthly fee of a usage rate to the one answerable for the billing point, not to badge holders', () => {
    const fees = result.invoices.flatMap((i) =>
      i.lines.filter((l) => l.kind === 'fixed-fee').map((l) => [i.partyId, l.amount]),
    );
    expect(fees).toEqual([['owner', '15.00']]);
  });
});

describe('usage records that cannot be charged', () => {
  it('reports a metric without a rate, a badge two parties hold, and ignores devices not installed here', () => {
    const result = buildInvoices(
      input({
        meters: [meter({ meterNumber: 'LAUNDRY-1', utilityType: null, registers: [] })],
        readings: [],
        rates: [],
        usageMetrics: [
          { code: 'WASH', eGroup: 'LAUNDRY', field: 'intCounter', aggregation: 'count', unit: 'cycle' },
        ],
        badges: [
          { uid: 'AB', partyId: 'P1', active: true, validFrom: null, validTo: null },
          { uid: 'ab', partyId: 'P2', active: true, validFrom: '2024-06-01', validTo: null },
        ],
        usageRecords: [
          { eGroup: 'LAUNDRY', eId: 'x', deviceId: 'LAUNDRY-1', dtu: local('2024-06-03T09:00'), badge: 'AB' },
          { eGroup: 'LAUNDRY', eId: 'x', deviceId: 'LAUNDRY-1', dtu: local('2024-06-04T09:00') },
          { eGroup: 'LAUNDRY', eId: 'x', deviceId: 'ELSEWHERE', dtu: local('2024-06-04T09:00') },
        ],
      }),
    );
    expect(result.invoices).toEqual([]);
    expect(result.exceptions.map((e) => [e.kind, e.deviceId, e.badge ?? null])).toEqual([
      ['ambiguous-badge', 'LAUNDRY-1', 'AB'],
      ['no-rate', 'LAUNDRY-1', null],
    ]);
    expect(result.exceptions[0].message).toContain('held by several parties (P1, P2)');
    expect(result.exceptions[1].message).toBe(
      'No rate prices usage metric WASH from 2024-06-01 to 2024-06-30',
    );
  });
});

describe('exceptions instead of guesses', () => {
  it('bills what can be known and reports the missing read', () => {
    // No read after Jun 21: A's part (to Jun 16, interpolated between Jun 1 and Jun 21) is billed; B's part is not.
    const result = buildInvoices(
      input({
        readings: reads('W-1', '1', [
          ['2024-06-01T00:00', '100'],
          ['2024-06-21T00:00', '140'],
        ]),
        occupancies: [
          { partyId: 'A', entryDate: '2020-01-01', exitDate: '2024-06-15' },
          { partyId: 'B', entryDate: '2024-06-16', exitDate: null },
        ],
      }),
    );
    // A: value at Jun 16 = 100 + 40 × 15/20 = 130 → 30 m³
    expect(invoiceOf(result, 'A').lines.map((l) => l.quantity)).toEqual(['30']);
    expect(result.invoices.map((i) => i.partyId)).toEqual(['A']);
    expect(result.exceptions).toEqual([
      {
        kind: 'missing-read',
        code: 'no-read-after',
        params: {
          meter: 'W-1',
          register: '1',
          atTime: '2024-06-30T22:00:00.000Z',
          timeZone: 'Europe/Zurich',
        },
        message:
          'Meter W-1 register 1 has no read at or after 2024-07-01 00:00 Europe/Zurich, so its value then is unknown',
        billingPointId: 'bp-1',
        meterNumber: 'W-1',
        register: '1',
        utilityType: 'WATER',
        at: '2024-06-30T22:00:00.000Z',
      },
    ]);
  });

  it('reports negative consumption and bills no negative line', () => {
    const result = buildInvoices(
      input({
        readings: reads('W-1', '1', [
          ['2024-06-01T00:00', '500'],
          ['2024-07-01T00:00', '480'],
        ]),
      }),
    );
    expect(result.invoices).toEqual([]);
    expect(result.exceptions.map((e) => e.kind)).toEqual(['negative-consumption']);
    expect(result.exceptions[0].message).toContain('went backwards by 20');
  });

  it('reports a meter without a rate, and one without a utility type', () => {
    const result = buildInvoices(
      input({
        meters: [meter(), meter({ id: 'x', meterNumber: 'X-1', utilityType: null })],
        readings: [
          ...input().readings,
          ...reads('X-1', '1', [
            ['2024-06-01T00:00', '1'],
            ['2024-07-01T00:00', '2'],
          ]),
        ],
        rates: [rate({ validFrom: '2024-06-11' })],
      }),
    );
    expect(
      result.exceptions.map((e) => [e.kind, e.meterNumber, e.fromDate ?? null, e.toDate ?? null]),
    ).toEqual([
      ['no-rate', 'W-1', '2024-06-01', '2024-06-10'],
      ['no-rate', 'X-1', null, null],
    ]);
    // The read at Jun 1 and Jul 1 only: the Jun 11 boundary is interpolated; Jun 11–30 is billed: 90 × 20/30 = 60.
    expect(invoiceOf(result, 'owner').lines.map((l) => [l.periodStart, l.quantity])).toEqual([
      ['2024-06-11', '60'],
    ]);
  });

  it('refuses to choose between two rates of the same scope', () => {
    const result = buildInvoices(input({ rates: [rate({ id: 'a' }), rate({ id: 'b', unitPrice: '9' })] }));
    expect(result.invoices).toEqual([]);
    expect(result.exceptions.map((e) => e.kind)).toEqual(['ambiguous-rate']);
    expect(result.exceptions[0].message).toContain('(a, b)');
  });

  it('does not charge a billing point whose occupancies overlap', () => {
    const result = buildInvoices(
      input({
        occupancies: [
          { partyId: 'A', entryDate: '2020-01-01', exitDate: '2024-06-20' },
          { partyId: 'B', entryDate: '2024-06-16', exitDate: null },
        ],
      }),
    );
    expect(result.invoices).toEqual([]);
    expect(result.exceptions.map((e) => e.kind)).toEqual(['overlapping-occupancies']);
  });

  it('reports conflicting reads and a meter installed twice at once', () => {
    const result = buildInvoices(
      input({
        meters: [
          meter(),
          meter({
            id: 'd2',
            meterNumber: 'W-2',
            installations: [
              { from: '2024-01-01', to: null },
              { from: '2024-06-01', to: null },
            ],
          }),
        ],
        readings: [...input().readings, ...reads('W-1', '1', [['2024-07-01T00:00', '1091']])],
      }),
    );
    expect(result.exceptions.map((e) => e.kind)).toEqual(['invalid-read', 'overlapping-installations']);
    expect(result.invoices).toEqual([]);
  });

  it('reports a new meter that has not been read since its installation', () => {
    const result = buildInvoices(
      input({ meters: [meter({ installations: [{ from: '2024-06-10', to: null }] })], readings: [] }),
    );
    expect(result.exceptions).toEqual([
      expect.objectContaining({
        kind: 'missing-read',
        fromDate: '2024-06-10',
        message: 'Meter W-1 register 1 was installed on 2024-06-10 but has no read in the period since then',
      }),
    ]);
  });
});

describe('daylight saving time', () => {
  it('splits at local midnight on the day the clocks go forward', () => {
    // Zurich, March 2024: clocks jump 02:00 → 03:00 on Mar 31. B moves in on Mar 31: the split is
    // 2024-03-31 00:00 CET = 2024-03-30T23:00Z, where there is an exact read (130).
    const result = buildInvoices(
      input({
        periodStart: '2024-03-01',
        periodEnd: '2024-03-31',
        readings: reads('W-1', '1', [
          ['2024-03-01T00:00', '100'],
          ['2024-03-31T00:00', '130'],
          ['2024-04-01T00:00', '131'],
        ]),
        occupancies: [
          { partyId: 'A', entryDate: '2020-01-01', exitDate: '2024-03-30' },
          { partyId: 'B', entryDate: '2024-03-31', exitDate: null },
        ],
      }),
    );
    const b = invoiceOf(result, 'B').lines[0] as ConsumptionLine;
    expect([b.from, b.quantity, b.days]).toEqual([
      { at: '2024-03-30T23:00:00.000Z', value: '130', estimated: false },
      '1',
      1,
    ]);
    expect(invoiceOf(result, 'A').lines.map((l) => [l.quantity, l.days])).toEqual([['30', 30]]);
  });
});

describe('money in other currencies', () => {
  it('rounds yen to whole yen and keeps each currency on its own invoice', () => {
    // Water in JPY: 90 m³ × 123.456 = 11 111.04 → 11 111; VAT 10 % = 1 111.1 → 1 111.
    // Heat in CHF: 90 × 0.5 = 45.00 (no VAT).
    const result = buildInvoices(
      input({
        meters: [meter(), meter({ id: 'h', meterNumber: 'H-1', utilityType: 'HEAT', unit: 'kWh' })],
        readings: [
          ...input().readings,
          ...reads('H-1', '1', [
            ['2024-06-01T00:00', '0'],
            ['2024-07-01T00:00', '90'],
          ]),
        ],
        rates: [
          rate({ currency: 'JPY', unitPrice: '123.456', vatRate: '10' }),
          rate({ id: 'heat', utilityType: 'HEAT', unitPrice: '0.5', vatRate: '0' }),
        ],
      }),
    );
    expect(result.invoices.map((i) => [i.currency, i.totals.net, i.totals.vat, i.totals.gross])).toEqual([
      ['CHF', '45.00', '0.00', '45.00'],
      ['JPY', '11111', '1111', '12222'],
    ]);
  });
});
