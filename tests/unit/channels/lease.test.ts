import { decideLease, heartbeatIntervalMs, mayRelease } from '../../../src/channels';

const now = new Date('2024-03-01T10:00:00Z');
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

describe('lease decisions', () => {
  it('acquires a free lease for ttl', () => {
    expect(decideLease({ current: null, holder: 'a', now, ttlMs: 60_000 })).toEqual({
      action: 'acquire',
      lease: { holder: 'a', expiresAt: at(60_000) },
    });
  });

  it('renews its own lease, stating the row it expects to replace', () => {
    const current = { holder: 'a', expiresAt: at(20_000) };
    expect(decideLease({ current, holder: 'a', now, ttlMs: 60_000 })).toEqual({
      action: 'renew',
      lease: { holder: 'a', expiresAt: at(60_000) },
      expected: current,
    });
  });

  it('waits while another holder has a live lease, and says when it turns stale', () => {
    const current = { holder: 'b', expiresAt: at(5_000) };
    expect(decideLease({ current, holder: 'a', now, ttlMs: 60_000 })).toEqual({
      action: 'wait',
      heldBy: 'b',
      retryAt: at(5_000),
    });
  });

  it('takes over a stale lease', () => {
    const current = { holder: 'b', expiresAt: at(-1) };
    const decision = decideLease({ current, holder: 'a', now, ttlMs: 60_000 });
    expect(decision).toEqual({
      action: 'take-over',
      lease: { holder: 'a', expiresAt: at(60_000) },
      expected: current,
      previousHolder: 'b',
    });
  });

  it('takes over exactly at expiry, but honours the grace period for clock drift', () => {
    const current = { holder: 'b', expiresAt: now };
    expect(decideLease({ current, holder: 'a', now, ttlMs: 1000 }).action).toBe('take-over');
    const waiting = decideLease({ current, holder: 'a', now, ttlMs: 1000, graceMs: 2000 });
    expect(waiting).toEqual({ action: 'wait', heldBy: 'b', retryAt: at(2000) });
  });

  it('treats a lease row with an unreadable expiry as stale', () => {
    const current = { holder: 'b', expiresAt: new Date('garbage') };
    expect(decideLease({ current, holder: 'a', now, ttlMs: 1000 }).action).toBe('take-over');
  });

  it('refuses nonsense input', () => {
    expect(() => decideLease({ current: null, holder: '', now, ttlMs: 1000 })).toThrow(RangeError);
    expect(() => decideLease({ current: null, holder: 'a', now, ttlMs: 0 })).toThrow(RangeError);
    expect(() => decideLease({ current: null, holder: 'a', now, ttlMs: 1000, graceMs: -1 })).toThrow(
      RangeError,
    );
    expect(() => decideLease({ current: null, holder: 'a', now: new Date('x'), ttlMs: 1000 })).toThrow(
      RangeError,
    );
  });

  it('only the holder may release, and heartbeats come three times per ttl', () => {
    expect(mayRelease({ holder: 'a', expiresAt: now }, 'a')).toBe(true);
    expect(mayRelease({ holder: 'a', expiresAt: now }, 'b')).toBe(false);
    expect(mayRelease(null, 'a')).toBe(false);
    expect(heartbeatIntervalMs(60_000)).toBe(20_000);
    expect(() => heartbeatIntervalMs(-5)).toThrow(RangeError);
  });
});
