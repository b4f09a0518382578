import {
  billedRegisters,
  declaredRegisters,
  needsStoredRegisters,
  noOwnerException,
  ownerOf,
} from '../../../src/charging/billed-registers';

describe('billed registers', () => {
  const meter = { registers: ['T1', 'T2'], hasUtilityType: true };

  it('bills a meter’s declared registers, whatever it has readings for', () => {
    expect(needsStoredRegisters(meter)).toBe(false);
    expect(billedRegisters(meter, [])).toEqual(['T1', 'T2']);
    expect(billedRegisters(meter, ['T1', 'T3'])).toEqual(['T1', 'T2']);
  });

  it('bills the registers with readings when a meter declares none', () => {
    for (const registers of [null, undefined, [], 'T1']) {
      const device = { registers, hasUtilityType: true };
      expect(needsStoredRegisters(device)).toBe(true);
      expect(billedRegisters(device, ['1.8.0', '2.8.0'])).toEqual(['1.8.0', '2.8.0']);
      expect(billedRegisters(device, [])).toEqual([]);
    }
  });

  it('bills nothing of a device without a utility type and without readings (it posts usage only)', () => {
    const usageOnly = { registers: ['T1'], hasUtilityType: false };
    expect(needsStoredRegisters(usageOnly)).toBe(true);
    expect(billedRegisters(usageOnly, [])).toEqual([]);
    // Once it has readings, its declared registers are billed.
    expect(billedRegisters(usageOnly, ['T9'])).toEqual(['T1']);
    expect(billedRegisters({ registers: null, hasUtilityType: false }, ['T9'])).toEqual(['T9']);
  });

  it('reads declared registers as text', () => {
    expect(declaredRegisters([1, 'T2'])).toEqual(['1', 'T2']);
    expect(declaredRegisters([])).toBeNull();
  });
});

describe('owner fallback', () => {
  it('takes the billing point’s owner, else its building’s, else nobody', () => {
    expect(ownerOf('party-a', 'party-b')).toBe('party-a');
    expect(ownerOf(null, 'party-b')).toBe('party-b');
    expect(ownerOf('', 'party-b')).toBe('party-b');
    expect(ownerOf(undefined, undefined)).toBeNull();
    expect(ownerOf('', '')).toBeNull();
  });

  it('names the billing point that has no owner and what to do', () => {
    expect(noOwnerException({ documentId: 'p1', code: 'A-101' })).toEqual({
      kind: 'no-owner',
      code: 'billing-point-no-owner',
      params: { point: 'A-101' },
      billingPointId: 'p1',
      message:
        'Billing point A-101 has no owner (neither its own nor its building’s): set one so vacant days have someone to pay them',
    });
  });
});
