import { Dec } from '../../../../src/charging';
import { DomainError } from '../../../../src/common/errors';
import {
  componentFeeLines,
  componentLines,
  demandDescription,
  demandLines,
  parseTariffRate,
  registerBand,
  splitInterval,
  sumByBand,
  totalsByComponent,
  type BandQuantity,
  type DemandInterval,
  type TariffCalendar,
} from '../../../../src/charging/tariffs';
import { local, swiss, ZONE } from './fixtures';

const M = 60_000;
const base = { unitPrice: new Dec('0.279'), vatRate: new Dec('8.1'), hasTiers: false };
const text = (d: Dec) => d.toFixed();
const bandTexts = (parts: BandQuantity[]) =>
  Object.fromEntries(parts.map((p) => [p.band, p.quantity.toFixed()]));

/** Interval readings of 15 minutes each, from a local start, `count` of them, quantity by index. */
function quarterHours(start: string, count: number, quantity: (i: number) => string): DemandInterval[] {
  const first = local(start);
  return Array.from({ length: count }, (_, i) => ({
    end: first + (i + 1) * 15 * M,
    minutes: 15,
    quantity: new Dec(quantity(i)),
  }));
}

describe('worked example: a week of 15-minute data across a weekend and a public holiday', () => {
  // Mon 6 May – Sun 12 May 2024, Zurich. Thursday 9 May is Ascension (Auffahrt), a public holiday.
  // 672 quarter hours of 0.25 kWh each = 168 kWh.
  // HT hours: Mon, Tue, Wed, Fri 07:00–20:00 = 4 × 13 = 52; Thu (holiday, as Sunday) 0; Sat 07:00–13:00 = 6;
  // Sun 0 → 58 h = 232 quarter hours × 0.25 = 58 kWh HT; NT = 168 − 58 = 110 kWh.
  // At HT 0.30 and NT 0.20: 58 × 0.30 = 17.40, 110 × 0.20 = 22.00.
  const intervals = quarterHours('2024-05-06 00:00', 672, () => '0.25');
  const bands = sumByBand(intervals.flatMap((i) => splitInterval(swiss, ZONE, i.end, i.minutes, i.quantity)));
  const rate = parseTariffRate({ bandPrices: { HT: '0.30', NT: '0.20' } }, swiss, base);

  it('assigns 58 kWh to HT and 110 kWh to NT', () => {
    expect(bandTexts(bands)).toEqual({ HT: '58', NT: '110' });
    expect(bands.map((b) => b.minutes)).toEqual([58 * 60, 110 * 60]);
  });

  it('prices each band at its own price', () => {
    const lines = componentLines(rate, new Dec(168), bands, 'CHF');
    expect(
      lines.map((l) => [
        l.band,
        text(l.quantity),
        text(l.unitPrice),
        l.amount.toFixed(2),
        l.vatAmount.toFixed(2),
      ]),
    ).toEqual([
      ['HT', '58', '0.3', '17.40', '1.41'], // 17.40 × 8.1 % = 1.4094
      ['NT', '110', '0.2', '22.00', '1.78'], // 22.00 × 8.1 % = 1.782
    ]);
  });

  it('splits an interval that a band boundary cuts, pro rata by minutes', () => {
    // A 30-minute interval 06:50–07:20 on Monday with 0.9 kWh: 10 min NT, 20 min HT → 0.3 and 0.6.
    const parts = splitInterval(swiss, ZONE, local('2024-05-06 07:20'), 30, new Dec('0.9'));
    expect(bandTexts(parts)).toEqual({ NT: '0.3', HT: '0.6' });
    // 1 kWh over 06:59–07:02 (3 minutes, 1 NT and 2 HT): 0.333… and 0.666… → largest remainder: 0.333 + 0.667.
    const odd = splitInterval(swiss, ZONE, local('2024-05-06 07:02'), 3, new Dec('1'));
    expect(bandTexts(odd)).toEqual({ NT: '0.333', HT: '0.667' });
  });
});

describe('worked example: a DST change inside a band window', () => {
  // Sunday 31 March 2024 is all NT; the clock jumps 02:00 → 03:00 inside it. Hourly quarter-hour data for the
  // whole local day is 23 × 4 = 92 intervals of 0.1 kWh = 9.2 kWh, all NT. The next Monday 01 April is Easter
  // Monday (a public holiday in Zurich): also all NT.
  it('a 23-hour Sunday has 92 quarter hours, all NT', () => {
    const day = local('2024-03-31 00:00');
    const next = local('2024-04-01 00:00');
    const count = (next - day) / (15 * M);
    expect(count).toBe(92);
    const intervals = quarterHours('2024-03-31 00:00', count, () => '0.1');
    const bands = sumByBand(
      intervals.flatMap((i) => splitInterval(swiss, ZONE, i.end, i.minutes, i.quantity)),
    );
    expect(bandTexts(bands)).toEqual({ NT: '9.2' });
  });

  it('a 25-hour Sunday has 100 quarter hours, all NT', () => {
    // Sunday 27 October 2024 has 25 hours: 100 quarter hours of 0.1 kWh = 10 kWh, all NT.
    const sunday = quarterHours('2024-10-27 00:00', 100, () => '0.1');
    expect(sunday[99].end).toBe(local('2024-10-28 00:00'));
    const bands = sumByBand(sunday.flatMap((i) => splitInterval(swiss, ZONE, i.end, i.minutes, i.quantity)));
    expect(bandTexts(bands)).toEqual({ NT: '10' });
  });
});

describe('worked example: a dual-register meter', () => {
  // Meter E-7 has 1.8.1 → HT and 1.8.2 → NT. Over the period 1.8.1 advanced 100.5 kWh, 1.8.2 60.25 kWh.
  // HT 100.5 × 0.30 = 30.15; NT 60.25 × 0.20 = 12.05.
  const rate = parseTariffRate({ bandPrices: { HT: '0.30', NT: '0.20' } }, swiss, base);
  const mapping = { '1.8.1': 'HT', '1.8.2': 'NT' };

  it('bills each register at its band price', () => {
    const high = registerBand('E-7', '1.8.1', 'cumulative', mapping, swiss, 'rate-1');
    const low = registerBand('E-7', '1.8.2', 'cumulative', mapping, swiss, 'rate-1');
    expect(high).toEqual({ ok: true, band: 'HT' });
    expect(low).toEqual({ ok: true, band: 'NT' });
    const lines = [
      ...componentLines(
        rate,
        new Dec('100.5'),
        [{ band: 'HT', quantity: new Dec('100.5'), minutes: 0 }],
        'CHF',
      ),
      ...componentLines(
        rate,
        new Dec('60.25'),
        [{ band: 'NT', quantity: new Dec('60.25'), minutes: 0 }],
        'CHF',
      ),
    ];
    expect(lines.map((l) => [l.band, l.amount.toFixed(2)])).toEqual([
      ['HT', '30.15'],
      ['NT', '12.05'],
    ]);
  });

  it('a single-register cumulative meter under a band rate is an exception naming the meter', () => {
    const result = registerBand('E-9', '1.8.0', 'cumulative', null, swiss, 'rate-1');
    expect(result).toEqual({
      ok: false,
      code: 'band-register-unmapped',
      params: { meter: 'E-9', register: '1.8.0', rate: 'rate-1' },
      message:
        'Meter E-9 register 1.8.0 is cumulative and rate rate-1 prices by time-of-use band: it needs interval data or band registers (a register → band mapping such as 1.8.1 → HT)',
    });
  });

  it('a register mapped to a band the calendar lacks is an exception too', () => {
    const result = registerBand('E-7', '1.8.3', 'cumulative', { '1.8.3': 'PEAK' }, swiss, 'rate-1');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/maps to band PEAK, which calendar EKZ-HTNT/);
  });

  it('interval registers need no mapping', () => {
    expect(registerBand('E-9', '1.8.0', 'interval', null, swiss, 'rate-1')).toEqual({ ok: true, band: null });
  });
});

describe('worked example: a three-component bill', () => {
  // 168 kWh: HT 58, NT 110 (the week above). VAT 8.1 % on every line.
  //   energy HT 58 × 0.12 = 6.96 (VAT 0.56376 → 0.56), energy NT 110 × 0.08 = 8.80 (VAT 0.7128 → 0.71)
  //   grid 168 × 0.095 = 15.96 (VAT 1.29276 → 1.29) + fee 5.00 for one month (VAT 0.405 → 0.41)
  //   levy 168 × 0.023 = 3.864 → 3.86 (VAT 0.31266 → 0.31)
  // By component: energy 15.76 + 1.27 = 17.03; grid 20.96 + 1.70 = 22.66; levy 3.86 + 0.31 = 4.17.
  const rate = parseTariffRate(
    {
      components: [
        { name: 'Energy', bandPrices: { HT: '0.12', NT: '0.08' }, vatRate: '8.1' },
        { name: 'Grid usage', unitPrice: '0.095', vatRate: '8.1', fixedFeePerMonth: '5.00' },
        { name: 'Federal levy', unitPrice: '0.023', vatRate: '8.1' },
      ],
    },
    swiss,
    base,
  );
  const bands: BandQuantity[] = [
    { band: 'HT', quantity: new Dec(58), minutes: 0 },
    { band: 'NT', quantity: new Dec(110), minutes: 0 },
  ];
  const lines = [
    ...componentLines(rate, new Dec(168), bands, 'CHF'),
    ...componentFeeLines(rate, new Dec(1), 'CHF'),
  ];

  it('gives each component its own lines', () => {
    expect(
      lines.map((l) => [l.component, l.band, text(l.quantity), l.amount.toFixed(2), l.vatAmount.toFixed(2)]),
    ).toEqual([
      ['Energy', 'HT', '58', '6.96', '0.56'],
      ['Energy', 'NT', '110', '8.80', '0.71'],
      ['Grid usage', null, '168', '15.96', '1.29'],
      ['Federal levy', null, '168', '3.86', '0.31'],
      ['Grid usage', null, '1', '5.00', '0.41'],
    ]);
  });

  it('totals the statement by component', () => {
    expect(
      totalsByComponent(lines).map((t) => [
        t.component,
        t.net.toFixed(2),
        t.vat.toFixed(2),
        t.gross.toFixed(2),
      ]),
    ).toEqual([
      ['Energy', '15.76', '1.27', '17.03'],
      ['Grid usage', '20.96', '1.70', '22.66'],
      ['Federal levy', '3.86', '0.31', '4.17'],
    ]);
  });
});

describe('worked example: a demand peak at 18:45', () => {
  // June 2024, quarter hours of 1 kWh (4 kW) from Wed 12 June 00:00, except the interval 18:45–19:00 with
  // 3.1 kWh = 3.1 × 60 / 15 = 12.4 kW, and the NT interval 21:00–21:15 with 2 kWh = 8 kW.
  // 12.4 kW × 9.50 = 117.80, VAT 8.1 % = 9.5418 → 9.54.
  const intervals = quarterHours('2024-06-12 00:00', 96, (i) => (i === 75 ? '3.1' : i === 84 ? '2' : '1'));
  const rate = parseTariffRate(
    { bandPrices: { HT: '0.30', NT: '0.20' }, demandPricePerKw: '9.50' },
    swiss,
    base,
  );

  it('prices the month peak and names the interval', () => {
    const [line, ...more] = demandLines(intervals, rate.demand!, swiss, ZONE, 'CHF');
    expect(more).toEqual([]);
    expect(line.month).toBe('2024-06');
    expect(text(line.peakKw)).toBe('12.4');
    expect(line.peakStartLocal).toBe('2024-06-12 18:45');
    expect(line.peakStart).toBe('2024-06-12T16:45:00.000Z');
    expect(line.amount.toFixed(2)).toBe('117.80');
    expect(line.vatAmount.toFixed(2)).toBe('9.54');
    expect(demandDescription(line, ZONE)).toBe(
      'Peak demand 2024-06: 12.400 kW in the 15-minute interval starting 2024-06-12 18:45 Europe/Zurich',
    );
  });

  it('restricted to NT, the peak is the 21:00 interval', () => {
    const ntOnly = parseTariffRate(
      { bandPrices: { HT: '0.30', NT: '0.20' }, demandPricePerKw: '9.50', demandBands: ['NT'] },
      swiss,
      base,
    );
    const [line] = demandLines(intervals, ntOnly.demand!, swiss, ZONE, 'CHF');
    expect([text(line.peakKw), line.peakStartLocal, line.amount.toFixed(2)]).toEqual([
      '8',
      '2024-06-12 21:00',
      '76.00',
    ]);
  });

  it('charges each month its own peak, the interval counted in the month it starts', () => {
    // The interval 23:45–00:00 across 30 June / 1 July with 5 kWh (20 kW) belongs to June.
    const lastOfJune = quarterHours('2024-06-30 23:45', 2, (i) => (i === 0 ? '5' : '0.5'));
    const lines = demandLines([...intervals, ...lastOfJune], rate.demand!, swiss, ZONE, 'CHF');
    expect(lines.map((l) => [l.month, text(l.peakKw), l.peakStartLocal])).toEqual([
      ['2024-06', '20', '2024-06-30 23:45'],
      ['2024-07', '2', '2024-07-01 00:00'],
    ]);
  });
});

describe('rate tariff validation', () => {
  function refusal(input: unknown, calendar: TariffCalendar | null = swiss, hasTiers = false): string {
    try {
      parseTariffRate(input, calendar, { ...base, hasTiers });
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).message;
    }
    throw new Error('expected the rate to be refused');
  }

  it('a band price for a band the calendar lacks', () => {
    expect(refusal({ bandPrices: { HT: '0.3', NT: '0.2', PEAK: '0.5' } })).toBe(
      'bandPrices.PEAK: Band "PEAK" is not a band of calendar EKZ-HTNT (its bands: HT, NT)',
    );
  });

  it('a calendar band without a price', () => {
    expect(refusal({ bandPrices: { HT: '0.3' } })).toBe(
      'bandPrices: Band "NT" of calendar EKZ-HTNT has no price',
    );
  });

  it('band prices without a calendar', () => {
    expect(refusal({ bandPrices: { HT: '0.3' } }, null)).toBe(
      'bandPrices: Band prices need a tariff calendar on the rate',
    );
  });

  it('negative and non-decimal prices', () => {
    expect(refusal({ bandPrices: { HT: '-0.3', NT: '0.2' } })).toBe(
      'bandPrices.HT: Band prices must not be negative',
    );
    expect(refusal({ bandPrices: { HT: '0,30', NT: '0.2' } })).toMatch(
      /^bandPrices\.HT: Band prices must be a plain decimal number/,
    );
    expect(refusal({ demandPricePerKw: '1e3' })).toMatch(
      /^demandPricePerKw: Demand price per kW must be a plain decimal/,
    );
  });

  it('a component without a name, without a price, or listed twice', () => {
    expect(refusal({ components: [{ name: '  ', unitPrice: '0.1', vatRate: '8.1' }] })).toBe(
      'components.0.name: Component name must not be empty',
    );
    expect(refusal({ components: [{ name: 'Grid', vatRate: '8.1' }] })).toBe(
      'components.0.unitPrice: Component "Grid" needs exactly one of unitPrice and bandPrices',
    );
    expect(
      refusal({
        components: [
          { name: 'Grid', unitPrice: '0.1', vatRate: '8.1' },
          { name: 'grid', unitPrice: '0.1', vatRate: '8.1' },
        ],
      }),
    ).toBe('components.1.name: Component "grid" is listed twice');
    expect(refusal({ components: [{ name: 'Grid', unitPrice: '0.1', vatRate: '181' }] })).toBe(
      'components.0.vatRate: Component VAT rate must be a percentage between 0 and 100',
    );
  });

  it('demand bands the calendar lacks, and tiers combined with band prices', () => {
    expect(refusal({ demandPricePerKw: '9.5', demandBands: ['PEAK'] })).toBe(
      'demandBands: Demand band "PEAK" is not a band of calendar EKZ-HTNT',
    );
    expect(refusal({ bandPrices: { HT: '0.3', NT: '0.2' } }, swiss, true)).toBe(
      'bandPrices: Tiers cannot be combined with band prices or components',
    );
  });

  it('a rate with no tariff part prices everything at its unit price', () => {
    const rate = parseTariffRate(null, null, base);
    expect(rate.usesBands).toBe(false);
    expect(rate.demand).toBeNull();
    const [line] = componentLines(rate, new Dec('10'), null, 'CHF');
    expect([line.component, line.band, line.amount.toFixed(2)]).toEqual([null, null, '2.79']);
  });
});
