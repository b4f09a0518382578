import { DomainError } from '../../../src/common/errors';
import {
  consumptionRegisters,
  parseCommunity,
  parseFiguresQuery,
  priceCapWarnings,
} from '../../../src/community';

const zev = {
  code: 'ZEV-1',
  name: 'ZEV',
  kind: 'ZEV',
  building: 'b1',
  members: [{ billingPoint: 'p1', entryDate: '2025-01-01' }],
  productionMeters: [{ meterNumber: 'PV-1', register: '2.8.0' }],
  connection: {
    import: [{ meterNumber: 'C', register: '1.8.0' }],
    export: [{ meterNumber: 'C', register: '2.8.0' }],
  },
};

describe('community record', () => {
  it('fills the defaults: 15 minutes, proportional, common consumption to the owner, flat cap', () => {
    const c = parseCommunity(zev);
    expect(c).toMatchObject({
      intervalMinutes: 15,
      allocationMethod: 'proportional',
      commonConsumption: 'owner',
      priceCap: { method: 'flat' },
      members: [{ billingPoint: 'p1', entryDate: '2025-01-01', exitDate: null, share: null }],
    });
  });

  it('warns per band and period: HT 0.25 against 80 % of 0.30 = 0.24; NT 0.15 against 0.16 passes; a band without a standard price is unchecked', () => {
    const c = parseCommunity({
      ...zev,
      solarPrices: [
        { band: 'HT', price: '0.25' },
        { band: 'NT', price: '0.15' },
        { band: 'XT', price: '0.10' },
      ],
      standardPrices: [
        {
          from: '2025-01-01',
          to: '2025-12-31',
          prices: [
            { band: 'HT', price: '0.30' },
            { band: 'NT', price: '0.20' },
          ],
        },
      ],
    });
    const warnings = priceCapWarnings(c);
    expect(warnings.map((w) => [w.code, w.band, w.cap])).toEqual([
      ['solar-price-above-cap', 'HT', '0.24'],
      ['solar-price-unchecked', 'XT', null],
    ]);
  });

  it('a LEG has no connection meter nor building requirement, and may carry a discount', () => {
    expect(() => parseCommunity({ ...zev, kind: 'LEG' })).toThrow(DomainError);
    const leg = parseCommunity({
      ...zev,
      kind: 'LEG',
      building: null,
      connection: null,
      legDiscountPercent: '40',
    });
    expect(leg.legDiscountPercent?.toFixed()).toBe('40');
  });
});

describe('consumption registers of a member meter', () => {
  it.each([
    [['1.8.0', '2.8.0'], ['1.8.0', '2.8.0'], ['1.8.0']],
    [['1'], ['1.8.1', '1.8.2'], ['1.8.1', '1.8.2']],
    [['1'], [], ['1']],
    [null, ['1.8.0', '1.8.1', '1.8.2'], ['1.8.0']],
    [null, ['2.8.0'], []],
    [null, ['E1'], ['E1']],
  ])('declared %j, with data %j → %j', (declared, stored, expected) => {
    expect(consumptionRegisters(declared, stored)).toEqual(expected);
  });
});

describe('figures query', () => {
  it('is strict: a misspelt parameter is refused, not ignored', () => {
    expect(() => parseFiguresQuery({ from: '2025-01-01', to: '2025-02-01', granularty: 'month' })).toThrow(
      'Unknown field',
    );
    expect(parseFiguresQuery({ from: '2025-01-01', to: '2025-02-01' }).granularity).toBe('day');
  });
});
