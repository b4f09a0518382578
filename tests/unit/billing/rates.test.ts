import { DomainError } from '../../../src/common/errors';
import {
  effectiveRate,
  parseRateCreate,
  parseRateUpdate,
  planRateCreate,
  assertNoRateOverlap,
  ratesBrokenByCalendar,
  type StoredRate,
} from '../../../src/billing/rate';

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
const pathOf = (e: DomainError) => (e.details.errors as { path: string[] }[])[0].path;

const base = {
  utilityType: 'ut-elec',
  scope: 'default',
  validFrom: '2024-01-01',
  unitPrice: '0.25',
  vatRate: '8.1',
  currency: 'CHF',
};
const stored = (id: string, over: Partial<StoredRate> = {}): StoredRate => ({
  ...parseRateCreate(base),
  id,
  ...over,
});

describe('rate input', () => {
  test('prices are exact canonical decimal text; numbers are accepted; zero fixed fee is none', () => {
    const rate = parseRateCreate({ ...base, unitPrice: '0.2500', fixedFeePerMonth: 0, vatRate: 7.7 });
    expect(rate).toMatchObject({
      targetKind: 'utility-type',
      targetRef: 'ut-elec',
      scope: 'default',
      scopeRef: '',
      unitPrice: '0.25',
      fixedFeePerMonth: null,
      vatRate: '7.7',
      validTo: null,
    });
    expect(parseRateCreate({ ...base, unitPrice: 0.1 }).unitPrice).toBe('0.1');
  });

  test.each([
    [{ unitPrice: '1e3' }, 'unitPrice'],
    [{ unitPrice: 'NaN' }, 'unitPrice'],
    [{ unitPrice: '-0.1' }, 'unitPrice'],
    [{ unitPrice: '0.1234567890123' }, 'unitPrice'],
    [{ vatRate: '101' }, 'vatRate'],
    [{ currency: 'chf' }, 'currency'],
    [{ currency: 'XYZ' }, 'currency'],
    [{ currency: 'CHFX' }, 'currency'],
    [{ validFrom: '2024-02-30' }, 'validFrom'],
    [{ validTo: '2023-12-31' }, 'validTo'],
    [{ scope: 'global' }, 'scope'],
    [{ scope: 'building' }, 'building'],
    [{ scope: 'billing-point', building: 'b1' }, 'billingPoint'],
    [{ building: 'b1' }, 'building'],
    [{ usageMetric: 'm1' }, 'utilityType'],
    [{ utilityType: null }, 'utilityType'],
    [{ unitPrice: null }, 'unitPrice'],
    [{ tiers: [{ upTo: null, unitPrice: '1' }] }, 'unitPrice'],
    [{ unitPrice: undefined, tiers: [] }, 'tiers'],
    [{ unitPrice: undefined, tiers: [{ upTo: '10', unitPrice: '1' }] }, 'tiers'],
    [
      {
        unitPrice: undefined,
        tiers: [
          { upTo: '10', unitPrice: '1' },
          { upTo: '5', unitPrice: '2' },
          { upTo: null, unitPrice: '3' },
        ],
      },
      'tiers',
    ],
    [
      {
        unitPrice: undefined,
        tiers: [
          { upTo: null, unitPrice: '1' },
          { upTo: null, unitPrice: '2' },
        ],
      },
      'tiers',
    ],
    [{ price: 1 }, 'price'],
  ])('%j → 400 on %s', (change, field) => {
    const error = thrown(() => parseRateCreate({ ...base, ...change }));
    expect(error.kind).toBe('invalid');
    expect(pathOf(error)[0]).toBe(field);
  });

  test('graduated tiers replace the unit price', () => {
    const rate = parseRateCreate({
      ...base,
      unitPrice: undefined,
      tiers: [
        { upTo: 100, unitPrice: '0.20' },
        { upTo: null, unitPrice: '0.30' },
      ],
    });
    expect(rate.unitPrice).toBeNull();
    expect(rate.tiers).toEqual([
      { upTo: '100', unitPrice: '0.2' },
      { upTo: null, unitPrice: '0.3' },
    ]);
  });

  test('an update keeps target and scope, changes validity and prices, and switches between tiers and unit price', () => {
    const current = parseRateCreate({ ...base, scope: 'building', building: 'b1' });
    expect(parseRateUpdate({ validTo: '2024-12-31', unitPrice: '0.3' }, current)).toMatchObject({
      validTo: '2024-12-31',
      unitPrice: '0.3',
      scopeRef: 'b1',
    });
    expect(parseRateUpdate({ tiers: [{ upTo: null, unitPrice: '1' }] }, current)).toMatchObject({
      unitPrice: null,
    });
    expect(pathOf(thrown(() => parseRateUpdate({ scope: 'default' }, current)))).toEqual(['scope']);
    expect(pathOf(thrown(() => parseRateUpdate({ building: 'b2' }, current)))).toEqual(['building']);
    expect(parseRateUpdate({ building: 'b1' }, current).scopeRef).toBe('b1');
  });
});

describe('changing prices', () => {
  test('a new rate closes the open one the day before it starts', () => {
    const group = [
      stored('r1', { validFrom: '2023-01-01', validTo: '2023-12-31' }),
      stored('r2', { validFrom: '2024-01-01' }),
    ];
    const plan = planRateCreate(
      group,
      parseRateCreate({ ...base, validFrom: '2024-07-01', unitPrice: '0.3' }),
    );
    expect(plan.close).toEqual({ id: 'r2', validTo: '2024-06-30' });
  });

  test('no open rate: nothing to close; a new rate in a gap is fine', () => {
    const group = [stored('r1', { validFrom: '2023-01-01', validTo: '2023-12-31' })];
    expect(planRateCreate(group, parseRateCreate({ ...base, validFrom: '2024-01-01' })).close).toBeNull();
  });

  test('overlaps with a closed rate, or with an open rate starting on or after the new one, are 409s naming it', () => {
    const group = [
      stored('r1', { validFrom: '2024-01-01', validTo: '2024-06-30' }),
      stored('r2', { validFrom: '2024-07-01' }),
    ];
    const closed = thrown(() =>
      planRateCreate(group, parseRateCreate({ ...base, validFrom: '2024-06-01', validTo: '2024-06-15' })),
    );
    expect(closed.kind).toBe('conflict');
    expect(closed.details.conflicting).toMatchObject({ documentId: 'r1' });
    const sameStart = thrown(() =>
      planRateCreate(group, parseRateCreate({ ...base, validFrom: '2024-07-01' })),
    );
    expect(sameStart.details.conflicting).toMatchObject({ documentId: 'r2' });
    // an open-ended new rate before a later one would swallow it
    const before = thrown(() =>
      planRateCreate(
        [stored('r3', { validFrom: '2025-01-01', validTo: '2025-12-31' })],
        parseRateCreate({ ...base, validFrom: '2024-01-01' }),
      ),
    );
    expect(before.details.conflicting).toMatchObject({ documentId: 'r3' });
  });

  test('updates are checked against the group without themselves', () => {
    const group = [
      stored('r1', { validFrom: '2024-01-01', validTo: '2024-06-30' }),
      stored('r2', { validFrom: '2024-07-01' }),
    ];
    expect(() =>
      assertNoRateOverlap(group, { validFrom: '2024-01-01', validTo: '2024-06-15' }, 'r1'),
    ).not.toThrow();
    expect(
      thrown(() => assertNoRateOverlap(group, { validFrom: '2024-01-01', validTo: '2024-07-01' }, 'r1')).kind,
    ).toBe('conflict');
  });
});

describe('effective rate', () => {
  const rates = [
    stored('default-old', { validFrom: '2023-01-01', validTo: '2023-12-31', unitPrice: '0.2' }),
    stored('default', { validFrom: '2024-01-01', unitPrice: '0.25' }),
    stored('building', { scope: 'building', scopeRef: 'b1', validFrom: '2024-04-01', unitPrice: '0.22' }),
    stored('point', {
      scope: 'billing-point',
      scopeRef: 'bp1',
      validFrom: '2024-06-01',
      validTo: '2024-06-30',
      unitPrice: '0.1',
    }),
    stored('water', { targetRef: 'ut-water', unitPrice: '3' }),
    stored('metric', { targetKind: 'usage-metric', targetRef: 'ut-elec', unitPrice: '9' }),
  ];
  const at = (date: string, billingPointId = 'bp1', buildingId: string | null = 'b1') => {
    const r = effectiveRate(rates, {
      targetKind: 'utility-type',
      targetRef: 'ut-elec',
      billingPointId,
      buildingId,
      date,
    });
    return r.kind === 'found' ? r.rate.id : r.kind;
  };

  test('most specific first: billing point, building, default; both validity ends included', () => {
    expect(at('2024-06-01')).toBe('point');
    expect(at('2024-06-30')).toBe('point');
    expect(at('2024-07-01')).toBe('building');
    expect(at('2024-04-01')).toBe('building');
    expect(at('2024-03-31')).toBe('default');
    expect(at('2023-12-31')).toBe('default-old');
    expect(at('2022-12-31')).toBe('none');
  });

  test('other billing points and buildings see only what applies to them; a usage metric is another target', () => {
    expect(at('2024-06-15', 'bp2', 'b1')).toBe('building');
    expect(at('2024-06-15', 'bp3', 'b2')).toBe('default');
    const metric = effectiveRate(rates, {
      targetKind: 'usage-metric',
      targetRef: 'ut-elec',
      billingPointId: 'bp1',
      buildingId: 'b1',
      date: '2024-06-15',
    });
    expect(metric.kind === 'found' && metric.rate.id).toBe('metric');
  });
});

describe('a calendar change against the rates priced by its bands', () => {
  const htnt = {
    code: 'HTNT',
    windows: [{ band: 'HT', days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, from: '07:00', to: '20:00' }],
    defaultBand: 'NT',
  };
  const calendar = (over: object = {}) => ({
    ...htnt,
    windows: htnt.windows.map((w) => ({ ...w, days: [...w.days] })),
    ...over,
  });
  const banded = (id: string, name: string | null = null): StoredRate => ({
    ...parseRateCreate(
      {
        ...base,
        unitPrice: null,
        name,
        tariffCalendar: 'HTNT',
        components: [
          { name: 'Energy', bandPrices: { HT: '0.30', NT: '0.20' }, vatRate: '8.1' },
          { name: 'Levy', unitPrice: '0.023', vatRate: '8.1' },
        ],
      },
      calendar(),
    ),
    id,
  });

  test('moving a window keeps the bands: nothing breaks', () => {
    const moved = calendar({ windows: [{ band: 'HT', days: ['mon'], from: '06:00', to: '22:00' }] });
    expect(ratesBrokenByCalendar([banded('r1')], moved)).toEqual([]);
  });

  test('dropping NT (default LOW) breaks every rate pricing NT, named with its first day', () => {
    const broken = ratesBrokenByCalendar(
      [banded('r1', 'Smart meter HT/NT'), banded('r2')],
      calendar({ defaultBand: 'LOW' }),
    );
    expect(broken.map((b) => [b.rateId, b.name, b.validFrom])).toEqual([
      ['r1', 'Smart meter HT/NT', '2024-01-01'],
      ['r2', null, '2024-01-01'],
    ]);
    expect(broken[0].problem).toBe('Band "NT" is not a band of calendar HTNT (its bands: HT, LOW)');
  });

  test('adding a band leaves it without a price', () => {
    const peak = calendar({
      windows: [
        ...htnt.windows.map((w) => ({ ...w, days: [...w.days] })),
        { band: 'PEAK', days: ['sat'], from: '11:00', to: '12:00' },
      ],
    });
    expect(ratesBrokenByCalendar([banded('r1')], peak)[0].problem).toBe(
      'Band "PEAK" of calendar HTNT has no price',
    );
  });

  test('a flat rate is not affected by any calendar', () => {
    expect(ratesBrokenByCalendar([stored('flat')], calendar({ defaultBand: 'LOW' }))).toEqual([]);
  });
});
