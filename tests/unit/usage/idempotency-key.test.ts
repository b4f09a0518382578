import fc from 'fast-check';
import {
  findRepeats,
  firstOfEachEvent,
  USAGE_RECORD_UNIQUE_COLUMNS,
  usageRecordKey,
} from '../../../src/usage/idempotency-key';

const base = { deviceId: 'mydevice', eGroup: 'test', eId: '1', eventRef: 'firsttry' };

describe('idempotency key UNIQUE(deviceId, eGroup, eId, eventRef)', () => {
  it('names the columns of the unique index in order', () => {
    expect(USAGE_RECORD_UNIQUE_COLUMNS).toEqual(['deviceId', 'eGroup', 'eId', 'eventRef']);
  });

  it('is the same for the same four values and differs when any differs', () => {
    expect(usageRecordKey(base)).toBe(usageRecordKey({ ...base }));
    for (const field of ['deviceId', 'eGroup', 'eId', 'eventRef'] as const) {
      expect(usageRecordKey({ ...base, [field]: `${base[field]}x` })).not.toBe(usageRecordKey(base));
    }
  });

  it('is exact: case and accents matter (as with a binary collation)', () => {
    expect(usageRecordKey({ ...base, eventRef: 'FIRSTTRY' })).not.toBe(usageRecordKey(base));
    expect(usageRecordKey({ ...base, deviceId: 'mydévice' })).not.toBe(usageRecordKey(base));
  });

  it('has no key without a reference: a NULL ref never collides', () => {
    expect(usageRecordKey({ ...base, eventRef: null })).toBeNull();
    const noRef = { ...base, eventRef: null };
    expect(findRepeats([noRef, noRef, noRef]).size).toBe(0);
  });

  it('cannot be confused by separators inside the values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { minLength: 4, maxLength: 4 }),
        fc.array(fc.string(), { minLength: 4, maxLength: 4 }),
        (a, b) => {
          const key = (v: string[]) =>
            usageRecordKey({ deviceId: v[0], eGroup: v[1], eId: v[2], eventRef: v[3] });
          expect(key(a) === key(b)).toBe(a.every((value, i) => value === b[i]));
        },
      ),
    );
    expect(usageRecordKey({ ...base, deviceId: 'a|b', eGroup: 'c' })).not.toBe(
      usageRecordKey({ ...base, deviceId: 'a', eGroup: 'b|c' }),
    );
  });

  it('finds each repeat and the first record it repeats, skipping rejected items', () => {
    const other = { ...base, eventRef: 'second' };
    expect([...findRepeats([base, null, other, base, other, base])]).toEqual([
      [3, 0],
      [4, 2],
      [5, 0],
    ]);
  });

  it('names each event once, with its first record (records without a reference hold none)', () => {
    const other = { ...base, eventRef: 'second' };
    const noRef = { ...base, eventRef: null };
    const { firstByKey, repeats } = firstOfEachEvent([noRef, base, other, base, null, other]);
    expect([...firstByKey]).toEqual([
      [usageRecordKey(base), 1],
      [usageRecordKey(other), 2],
    ]);
    expect([...repeats]).toEqual([
      [3, 1],
      [5, 2],
    ]);
  });
});
