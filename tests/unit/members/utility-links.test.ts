import fc from 'fast-check';
import {
  deriveUtilityLinks,
  readableWindows,
  visibleDeviceIds,
  type ClaimStatus,
  type LinkClaim,
  type LinkInstallation,
} from '../../../src/members/utility-links';
import {
  assertDecision,
  parseClaimCreate,
  parseDecision,
  parseStatusFilter,
  parseUserId,
} from '../../../src/members/property-claim';
import { DomainError } from '../../../src/common/errors';

const devices = [
  { id: 'dev-water', utilityTypeId: 'WATER' },
  { id: 'dev-heat', utilityTypeId: 'HEAT' },
  { id: 'dev-untagged', utilityTypeId: null },
];
const inst = (
  id: string,
  deviceId: string,
  billingPointId: string,
  from: string,
  to: string | null = null,
): LinkInstallation => ({ id, deviceId, billingPointId, from, to });

describe('deriveUtilityLinks', () => {
  const installations = [
    inst('i1', 'dev-water', 'bp-a', '2024-01-01'),
    inst('i2', 'dev-heat', 'bp-a', '2024-01-01', '2024-06-30'),
    inst('i3', 'dev-untagged', 'bp-a', '2024-01-01'),
    inst('i4', 'dev-heat', 'bp-b', '2024-07-01'),
  ];

  it('shows a tagged device installed at an approved place, and explains every other candidate', () => {
    const claims: LinkClaim[] = [{ id: 'c1', billingPointId: 'bp-a', status: 'approved' }];
    const links = deriveUtilityLinks({ claims, installations, devices, at: '2024-08-01' });
    const by = Object.fromEntries(links.map((l) => [l.deviceId, l]));
    expect(by['dev-water']).toMatchObject({ visible: true, reasons: [], installationId: 'i1' });
    expect(by['dev-heat']).toMatchObject({
      visible: false,
      reasons: ['installation-ended'],
      to: '2024-06-30',
    });
    expect(by['dev-untagged']).toMatchObject({ visible: false, reasons: ['untagged-device'] });
    expect(visibleDeviceIds(links)).toEqual(['dev-water']);
  });

  it('hides everything behind a pending or rejected claim, saying so', () => {
    for (const status of ['pending', 'rejected'] as const) {
      const links = deriveUtilityLinks({
        claims: [{ id: 'c', billingPointId: 'bp-b', status }],
        installations,
        devices,
        at: '2024-08-01',
      });
      expect(links).toEqual([
        expect.objectContaining({ deviceId: 'dev-heat', visible: false, reasons: [`claim-${status}`] }),
      ]);
    }
  });

  it('lists a claimed place without meters as "no device installed"', () => {
    const links = deriveUtilityLinks({
      claims: [{ id: 'c', billingPointId: 'bp-empty', status: 'approved' }],
      installations,
      devices,
      at: '2024-08-01',
    });
    expect(links).toEqual([
      expect.objectContaining({ deviceId: null, visible: false, reasons: ['no-device-installed'] }),
    ]);
  });

  it('includes both ends of an installation and tells a future one apart from an ended one', () => {
    const claims: LinkClaim[] = [{ id: 'c', billingPointId: 'bp-a', status: 'approved' }];
    const heat = (at: string) =>
      deriveUtilityLinks({ claims, installations, devices, at }).find((l) => l.deviceId === 'dev-heat')!;
    expect(heat('2024-01-01').visible).toBe(true);
    expect(heat('2024-06-30').visible).toBe(true);
    expect(heat('2024-07-01').reasons).toEqual(['installation-ended']);
    expect(heat('2023-12-31').reasons).toEqual(['installation-not-started']);
  });

  it('picks the installation covering the day when a meter came back to the same place', () => {
    const list = [
      inst('old', 'dev-water', 'bp-a', '2023-01-01', '2023-03-31'),
      inst('new', 'dev-water', 'bp-a', '2024-01-01'),
    ];
    const [link] = deriveUtilityLinks({
      claims: [{ id: 'c', billingPointId: 'bp-a', status: 'approved' }],
      installations: list,
      devices,
      at: '2024-02-01',
    });
    expect(link).toMatchObject({ installationId: 'new', visible: true });
    const [between] = deriveUtilityLinks({
      claims: [{ id: 'c', billingPointId: 'bp-a', status: 'approved' }],
      installations: list,
      devices,
      at: '2023-06-01',
    });
    expect(between).toMatchObject({ installationId: 'old', reasons: ['installation-ended'] });
  });

  it('never shows a device installed only at a place someone else claimed', () => {
    const links = deriveUtilityLinks({
      claims: [{ id: 'c', billingPointId: 'bp-b', status: 'approved' }],
      installations,
      devices,
      at: '2024-08-01',
    });
    expect(visibleDeviceIds(links)).toEqual(['dev-heat']);
    expect(links.some((l) => l.deviceId === 'dev-water')).toBe(false);
  });

  it('treats a device that no longer exists like an untagged one', () => {
    const links = deriveUtilityLinks({
      claims: [{ id: 'c', billingPointId: 'bp-x', status: 'approved' }],
      installations: [inst('i', 'gone', 'bp-x', '2024-01-01')],
      devices,
      at: '2024-08-01',
    });
    expect(links[0]).toMatchObject({ visible: false, reasons: ['untagged-device'] });
  });
});

describe('readableWindows', () => {
  it('limits readings to the installation periods at approved places, up to the day asked', () => {
    const claims: LinkClaim[] = [
      { id: 'a', billingPointId: 'bp-a', status: 'approved' },
      { id: 'b', billingPointId: 'bp-b', status: 'pending' },
    ];
    const list = [
      inst('1', 'dev', 'bp-b', '2023-01-01', '2023-12-31'),
      inst('2', 'dev', 'bp-a', '2024-01-01'),
      inst('3', 'dev', 'bp-a', '2030-01-01'),
    ];
    expect(readableWindows('dev', claims, list, '2024-08-01')).toEqual([
      { from: '2024-01-01', to: '2024-08-01' },
    ]);
    expect(readableWindows('other', claims, list, '2024-08-01')).toEqual([]);
  });
});

describe('property claim input', () => {
  it('accepts a billing point and an optional note', () => {
    expect(parseClaimCreate({ billingPoint: ' bp1 ' })).toEqual({ billingPoint: 'bp1', note: null });
    expect(parseClaimCreate({ billingPoint: 'bp1', note: 'I moved in on 1 May' }).note).toBe(
      'I moved in on 1 May',
    );
  });

  it.each([
    [{}],
    [{ billingPoint: '' }],
    [{ billingPoint: 42 }],
    [{ billingPoint: 'x', status: 'approved' }],
    [['x']],
    ['text'],
    [{ billingPoint: 'x'.repeat(65) }],
  ])('refuses %j with a 400 naming the field', (body) => {
    expect(() => parseClaimCreate(body)).toThrow(DomainError);
  });

  it('refuses a member trying to set the status', () => {
    expect(() => parseClaimCreate({ billingPoint: 'x', status: 'approved' })).toThrow(
      'Unknown field "status"',
    );
  });

  it('takes an optional note on decisions and refuses other fields', () => {
    expect(parseDecision(undefined)).toEqual({ note: null });
    expect(parseDecision({ note: 'checked the lease' })).toEqual({ note: 'checked the lease' });
    expect(() => parseDecision({ decidedBy: 1 })).toThrow(DomainError);
  });

  it('refuses to decide the same way twice (409) but allows changing the decision', () => {
    expect(() => assertDecision('approved', 'approved')).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
    expect(() => assertDecision('pending', 'approved')).not.toThrow();
    expect(() => assertDecision('approved', 'rejected')).not.toThrow();
  });

  it('parses status filters and user ids strictly', () => {
    expect(parseStatusFilter('pending,approved')).toEqual(['pending', 'approved']);
    expect(parseStatusFilter(undefined)).toBeUndefined();
    expect(() => parseStatusFilter('open')).toThrow(DomainError);
    expect(() => parseStatusFilter(['pending', 'approved'])).toThrow(DomainError);
    expect(parseUserId('12')).toBe(12);
    for (const bad of ['0', '-1', '1.5', 'abc', '1 OR 1=1', '99999999999', undefined])
      expect(() => parseUserId(bad)).toThrow(DomainError);
  });
});

describe('deriveUtilityLinks (properties)', () => {
  // Random claims, installations and tags: whatever the mix, a link is visible exactly
  // when its claim is approved, its device tagged and its installation covers the day.
  const day = fc.integer({ min: 1, max: 28 }).map((d) => `2024-01-${String(d).padStart(2, '0')}`);
  const point = fc.constantFrom('p1', 'p2', 'p3');
  const deviceId = fc.constantFrom('d1', 'd2', 'd3', 'd4');
  const world = fc.record({
    claims: fc.uniqueArray(
      fc.record({
        billingPointId: point,
        status: fc.constantFrom<ClaimStatus[]>('pending', 'approved', 'rejected'),
      }),
      { selector: (c) => c.billingPointId },
    ),
    installations: fc.array(
      fc
        .record({ deviceId, billingPointId: point, from: day, to: fc.option(day, { nil: null }) })
        .filter((i) => i.to === null || i.to >= i.from),
      { maxLength: 8 },
    ),
    tagged: fc.subarray(['d1', 'd2', 'd3', 'd4']),
    at: day,
  });

  it('shows a device only with an approved claim, a tag and an installation covering the day', () => {
    fc.assert(
      fc.property(world, (w) => {
        const claims = w.claims.map((c, i) => ({ id: `c${i}`, ...c }));
        const installations = w.installations.map((x, i) => ({ id: `i${i}`, ...x }));
        const devices = ['d1', 'd2', 'd3', 'd4'].map((id) => ({
          id,
          utilityTypeId: w.tagged.includes(id) ? 'T' : null,
        }));
        const links = deriveUtilityLinks({ claims, installations, devices, at: w.at });
        for (const link of links) {
          const claim = claims.find((c) => c.id === link.claimId)!;
          const covering = installations.some(
            (x) =>
              x.deviceId === link.deviceId &&
              x.billingPointId === claim.billingPointId &&
              x.from <= w.at &&
              (x.to === null || x.to >= w.at),
          );
          const expected =
            claim.status === 'approved' &&
            link.deviceId !== null &&
            w.tagged.includes(link.deviceId) &&
            covering;
          expect(link.visible).toBe(expected);
          expect(link.visible).toBe(link.reasons.length === 0);
        }
        // Every device installed at a claimed place is a candidate, and nothing else is.
        const expectedCandidates = new Set(
          installations
            .filter((x) => claims.some((c) => c.billingPointId === x.billingPointId))
            .map((x) => `${x.billingPointId}/${x.deviceId}`),
        );
        const candidates = new Set(
          links.filter((l) => l.deviceId).map((l) => `${l.billingPointId}/${l.deviceId}`),
        );
        expect(candidates).toEqual(expectedCandidates);
      }),
      { numRuns: 500 },
    );
  });
});
