import { DomainError } from '../../../src/common/errors';
import { parseBuildingCreate, parseBuildingUpdate } from '../../../src/billing/building';
import { parseBillingPointCreate, parseBillingPointUpdate } from '../../../src/billing/billing-point';
import { parsePartyCreate, parsePartyUpdate, partyDisplayName } from '../../../src/billing/party';
import {
  assertDeviceFree,
  parseInstallationCreate,
  parseInstallationUpdate,
  parseLink,
  type StoredInstallation,
} from '../../../src/billing/meter-installation';
import { badgeValidOn, parseBadgeCreate, parseBadgeUpdate } from '../../../src/billing/rfid-badge';
import { parseUsageMetricCreate, parseUsageMetricUpdate } from '../../../src/billing/usage-metric';
import { parseAtDate } from '../../../src/billing/dates';

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

describe('buildings', () => {
  test('time zone defaults to the plugin default and must be IANA', () => {
    expect(parseBuildingCreate({ code: 'B1', name: 'Lakeside' }, 'Europe/Zurich')).toEqual({
      code: 'B1',
      name: 'Lakeside',
      address: null,
      owner: null,
      timezone: 'Europe/Zurich',
      // A new building names no main meters until someone links them (sum check).
      mainMeters: [],
    });
    expect(parseBuildingCreate({ code: 'B1', name: 'x', timezone: 'America/New_York' }, 'UTC').timezone).toBe(
      'America/New_York',
    );
    expect(
      pathOf(thrown(() => parseBuildingCreate({ code: 'B1', name: 'x', timezone: 'Mars/Olympus' }, 'UTC'))),
    ).toEqual(['timezone']);
  });

  test('codes: uppercase letters, digits and . _ -; addresses are structured', () => {
    for (const code of ['b1', 'B 1', '-B1', '', 'B1\u202e'])
      expect(pathOf(thrown(() => parseBuildingCreate({ code, name: 'x' }, 'UTC')))).toEqual(['code']);
    const b = parseBuildingCreate(
      {
        code: 'B1-NORTH.2',
        name: 'x',
        address: { line1: 'Rue du Lac 5', postalCode: '1003', city: 'Lausanne', country: 'ch' },
      },
      'UTC',
    );
    expect(b.address).toEqual({
      line1: 'Rue du Lac 5',
      line2: null,
      postalCode: '1003',
      city: 'Lausanne',
      country: 'CH',
    });
    expect(
      pathOf(thrown(() => parseBuildingCreate({ code: 'B1', name: 'x', address: { city: 'Bern' } }, 'UTC'))),
    ).toEqual(['address', 'line1']);
    expect(
      pathOf(
        thrown(() =>
          parseBuildingCreate(
            { code: 'B1', name: 'x', address: { line1: 'a', country: 'Switzerland' } },
            'UTC',
          ),
        ),
      ),
    ).toEqual(['address', 'country']);
  });

  test('update is partial', () => {
    expect(parseBuildingUpdate({ name: ' Renamed ' })).toEqual({ name: 'Renamed' });
    expect(parseBuildingUpdate({ owner: null })).toEqual({ owner: null });
  });
});

describe('billing points', () => {
  test('kind defaults to apartment; kinds are the guide’s', () => {
    expect(
      parseBillingPointCreate({ code: 'B1-01', name: 'Ground floor apartment', building: 'b1' }),
    ).toMatchObject({ kind: 'apartment', active: true, owner: null });
    for (const kind of ['apartment', 'villa', 'commercial', 'industrial', 'parking', 'other']) {
      expect(parseBillingPointCreate({ code: 'X', name: 'x', building: 'b', kind }).kind).toBe(kind);
    }
    expect(
      pathOf(thrown(() => parseBillingPointCreate({ code: 'X', name: 'x', building: 'b', kind: 'castle' }))),
    ).toEqual(['kind']);
    expect(pathOf(thrown(() => parseBillingPointCreate({ code: 'X', name: 'x' })))).toEqual(['building']);
    expect(parseBillingPointUpdate({ active: false })).toEqual({ active: false });
  });
});

describe('parties', () => {
  test('natural persons need a last name, legal persons a company name', () => {
    const anna = parsePartyCreate({
      kind: 'natural',
      firstName: 'Anna',
      lastName: 'Meier',
      email: ' Anna@Example.COM ',
      phone: '+41 21 555 12 34',
    });
    expect(anna).toMatchObject({ email: 'anna@example.com', phone: '+41 21 555 12 34', member: null });
    expect(partyDisplayName(anna)).toBe('Anna Meier');
    expect(pathOf(thrown(() => parsePartyCreate({ kind: 'natural', firstName: 'Anna' })))).toEqual([
      'lastName',
    ]);
    expect(
      pathOf(thrown(() => parsePartyCreate({ kind: 'natural', lastName: 'M', companyName: 'X' }))),
    ).toEqual(['companyName']);
    expect(pathOf(thrown(() => parsePartyCreate({ kind: 'legal', firstName: 'Contact' })))).toEqual([
      'companyName',
    ]);
    expect(
      partyDisplayName(parsePartyCreate({ kind: 'legal', companyName: 'Immo SA', lastName: 'Contact' })),
    ).toBe('Immo SA');
  });

  test('contact fields are checked; member is a user id', () => {
    expect(
      pathOf(thrown(() => parsePartyCreate({ kind: 'legal', companyName: 'X', email: 'not-an-email' }))),
    ).toEqual(['email']);
    expect(
      pathOf(thrown(() => parsePartyCreate({ kind: 'legal', companyName: 'X', phone: 'call me' }))),
    ).toEqual(['phone']);
    expect(pathOf(thrown(() => parsePartyCreate({ kind: 'legal', companyName: 'X', member: '5' })))).toEqual([
      'member',
    ]);
    expect(pathOf(thrown(() => parsePartyCreate({ kind: 'legal', companyName: 'X', member: 1.5 })))).toEqual([
      'member',
    ]);
    expect(parsePartyCreate({ kind: 'legal', companyName: 'X', member: 5 }).member).toBe(5);
    expect(pathOf(thrown(() => parsePartyCreate({ kind: 'robot', companyName: 'X' })))).toEqual(['kind']);
  });

  test('an update must leave a valid party', () => {
    const stored = parsePartyCreate({ kind: 'natural', firstName: 'Anna', lastName: 'Meier' });
    expect(parsePartyUpdate({ phone: '' }, stored)).toEqual({ phone: null });
    expect(pathOf(thrown(() => parsePartyUpdate({ kind: 'legal' }, stored)))).toEqual(['companyName']);
    expect(
      parsePartyUpdate({ kind: 'legal', companyName: 'Meier GmbH', lastName: null }, stored),
    ).toMatchObject({ kind: 'legal' });
    expect(pathOf(thrown(() => parsePartyUpdate({ lastName: null }, stored)))).toEqual(['lastName']);
  });
});

describe('meter installations', () => {
  const existing: StoredInstallation[] = [
    {
      id: 'i1',
      deviceId: 'd',
      billingPointId: 'bp1',
      billingPointLabel: 'B1-01 Ground floor',
      from: '2023-01-01',
      to: '2024-06-14',
    },
    {
      id: 'i2',
      deviceId: 'd',
      billingPointId: 'bp2',
      billingPointLabel: 'B1-02 First floor',
      from: '2024-06-15',
      to: null,
    },
  ];

  test('from/to are inclusive dates; to may be open', () => {
    expect(parseInstallationCreate({ device: 'd', from: '2024-01-01' })).toEqual({
      device: 'd',
      from: '2024-01-01',
      to: null,
    });
    expect(
      pathOf(thrown(() => parseInstallationCreate({ device: 'd', from: '2024-01-02', to: '2024-01-01' }))),
    ).toEqual(['to']);
    expect(parseInstallationUpdate({ to: '2024-12-31' }, { from: '2024-01-01', to: null })).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
    });
    expect(
      pathOf(thrown(() => parseInstallationUpdate({ device: 'x' }, { from: '2024-01-01', to: null }))),
    ).toEqual(['device']);
  });

  test('a meter is at one billing point at a time: overlap is a 409 naming where it is, with advice', () => {
    const open = thrown(() => assertDeviceFree('WM-1', existing, { from: '2024-09-01', to: null }));
    expect(open.kind).toBe('conflict');
    expect(open.message).toContain('installed at B1-02 First floor 2024-06-15 – open');
    expect(open.message).toContain('set that installation\'s "to" to 2024-08-31');
    expect(open.details.conflicting).toMatchObject({ documentId: 'i2', billingPoint: 'bp2' });
    expect(() => assertDeviceFree('WM-1', existing, { from: '2022-01-01', to: '2022-12-31' })).not.toThrow();
    expect(
      thrown(() => assertDeviceFree('WM-1', existing, { from: '2022-01-01', to: '2023-01-01' })).details
        .conflicting,
    ).toMatchObject({ documentId: 'i1' });
    expect(() =>
      assertDeviceFree('WM-1', existing, { from: '2024-06-15', to: '2024-12-31' }, 'i2'),
    ).not.toThrow();
  });

  test('linking takes an existing billing point id or a new billing point', () => {
    expect(parseLink({ device: 'd', from: '2024-01-01', billingPoint: 'bp1' }).billingPoint).toBe('bp1');
    expect(
      parseLink({
        device: 'd',
        from: '2024-01-01',
        billingPoint: { code: 'B1-09', name: 'Attic', building: 'b1' },
      }).billingPoint,
    ).toMatchObject({ code: 'B1-09', kind: 'apartment' });
    expect(
      pathOf(
        thrown(() =>
          parseLink({
            device: 'd',
            from: '2024-01-01',
            billingPoint: { code: 'b1-09', name: 'Attic', building: 'b1' },
          }),
        ),
      ),
    ).toEqual(['billingPoint', 'code']);
    expect(pathOf(thrown(() => parseLink({ device: 'd', from: '2024-01-01', billingPoint: 7 })))).toEqual([
      'billingPoint',
    ]);
  });
});

describe('RFID badges', () => {
  test('UIDs are normalised: case, colons, dashes and spaces do not matter', () => {
    for (const uid of ['04:a3:2b:1c', '04-A3-2B-1C', ' 04 a3 2b 1c ', '04A32B1C']) {
      expect(parseBadgeCreate({ uid, party: 'p' }).uid).toBe('04A32B1C');
    }
    expect(pathOf(thrown(() => parseBadgeCreate({ uid: 'ZZ:01', party: 'p' })))).toEqual(['uid']);
    expect(pathOf(thrown(() => parseBadgeCreate({ uid: '', party: 'p' })))).toEqual(['uid']);
    expect(pathOf(thrown(() => parseBadgeCreate({ party: 'p' })))).toEqual(['uid']);
    expect(pathOf(thrown(() => parseBadgeCreate({ uid: 'A'.repeat(65), party: 'p' })))).toEqual(['uid']);
    expect(pathOf(thrown(() => parseBadgeCreate({ uid: ['04'], party: 'p' })))).toEqual(['uid']);
  });

  test('validity: active and within validFrom … validTo, both included, either open', () => {
    const badge = parseBadgeCreate({ uid: '04', party: 'p', validFrom: '2024-01-01', validTo: '2024-12-31' });
    expect(badgeValidOn(badge, '2024-01-01')).toEqual({ valid: true });
    expect(badgeValidOn(badge, '2024-12-31')).toEqual({ valid: true });
    expect(badgeValidOn(badge, '2023-12-31')).toEqual({
      valid: false,
      reason: 'the badge is valid from 2024-01-01',
    });
    expect(badgeValidOn(badge, '2025-01-01')).toEqual({
      valid: false,
      reason: 'the badge was valid until 2024-12-31',
    });
    expect(badgeValidOn({ ...badge, active: false }, '2024-06-01')).toEqual({
      valid: false,
      reason: 'the badge is deactivated',
    });
    expect(badgeValidOn({ active: true, validFrom: null, validTo: null }, '1900-01-01')).toEqual({
      valid: true,
    });
    expect(
      pathOf(
        thrown(() =>
          parseBadgeCreate({ uid: '04', party: 'p', validFrom: '2024-02-01', validTo: '2024-01-31' }),
        ),
      ),
    ).toEqual(['validTo']);
    expect(pathOf(thrown(() => parseBadgeUpdate({ validTo: '2023-01-01' }, badge)))).toEqual(['validTo']);
    expect(parseBadgeUpdate({ uid: 'ab:cd' }, badge)).toEqual({ uid: 'ABCD' });
  });
});

describe('usage metrics', () => {
  test('eGroup starts with a letter; field and aggregation from the usage vocabulary; code immutable', () => {
    expect(
      parseUsageMetricCreate({
        code: 'LAUNDRY_CYCLES',
        name: 'Laundry cycles',
        eGroup: 'laundry',
        aggregation: 'count',
        unit: 'cycle',
      }),
    ).toEqual({
      code: 'LAUNDRY_CYCLES',
      name: 'Laundry cycles',
      eGroup: 'laundry',
      eId: null,
      field: 'intCounter',
      aggregation: 'count',
      unit: 'cycle',
      description: null,
    });
    expect(
      pathOf(
        thrown(() =>
          parseUsageMetricCreate({ code: 'X', name: 'x', eGroup: '1abc', aggregation: 'count', unit: 'u' }),
        ),
      ),
    ).toEqual(['eGroup']);
    expect(
      pathOf(
        thrown(() =>
          parseUsageMetricCreate({
            code: 'X',
            name: 'x',
            eGroup: 'a',
            field: 'intCounter6',
            aggregation: 'count',
            unit: 'u',
          }),
        ),
      ),
    ).toEqual(['field']);
    expect(
      pathOf(
        thrown(() =>
          parseUsageMetricCreate({ code: 'X', name: 'x', eGroup: 'a', aggregation: 'avg', unit: 'u' }),
        ),
      ),
    ).toEqual(['aggregation']);
    expect(parseUsageMetricUpdate({ eId: 'W1', code: 'X' }, 'X')).toEqual({ eId: 'W1' });
    expect(parseUsageMetricUpdate({ eId: null }, 'X')).toEqual({ eId: null });
    expect(pathOf(thrown(() => parseUsageMetricUpdate({ code: 'Y' }, 'X')))).toEqual(['code']);
  });
});

describe('lookup dates (?at=)', () => {
  const now = Date.UTC(2024, 5, 30, 22, 30); // 2024-06-30 22:30 UTC = 2024-07-01 00:30 in Zurich
  test('a date as is; an instant becomes the local date; absent = today in the zone', () => {
    expect(parseAtDate('2024-02-29', 'Europe/Zurich', 'at', now)).toBe('2024-02-29');
    expect(parseAtDate('2024-06-30T22:30:00Z', 'Europe/Zurich', 'at', now)).toBe('2024-07-01');
    expect(parseAtDate('2024-06-30T22:30:00Z', 'UTC', 'at', now)).toBe('2024-06-30');
    expect(parseAtDate(undefined, 'Europe/Zurich', 'at', now)).toBe('2024-07-01');
    expect(thrown(() => parseAtDate('yesterday', 'UTC')).kind).toBe('invalid');
    expect(thrown(() => parseAtDate('2024-06-30T10:00:00', 'UTC')).kind).toBe('invalid');
    expect(thrown(() => parseAtDate(['2024-01-01'], 'UTC')).kind).toBe('invalid');
  });
});
