/**
 * Lease arithmetic for long runs (a channel pull, a charge run): one holder at a time,
 * kept alive by a heartbeat that renews the lease, taken over by another instance only
 * when the holder stopped renewing (crashed, partitioned). Pure: the caller reads the
 * lease row, asks `decideLease`, and applies the decision with a conditional write
 * (`UPDATE … WHERE holder = :expected.holder AND expiresAt = :expected.expiresAt`, or an
 * INSERT when there was no row) — if that write touches no row, another instance won
 * the race and the caller reads again.
 */

export type Lease = { holder: string; expiresAt: Date };

export type LeaseDecision =
  | { action: 'acquire'; lease: Lease }
  | { action: 'renew'; lease: Lease; expected: Lease }
  | { action: 'take-over'; lease: Lease; expected: Lease; previousHolder: string }
  | { action: 'wait'; heldBy: string; retryAt: Date };

export type LeaseRequest = {
  current: Lease | null;
  /** Who is asking: an id unique per instance and run (e.g. hostname:pid:uuid). */
  holder: string;
  now: Date;
  ttlMs: number;
  /**
   * Extra time a lease stays honoured after it expired, for clock drift between
   * instances: a holder whose clock runs a little behind must not lose its lease to an
   * instance whose clock runs ahead. Default 0.
   */
  graceMs?: number;
};

export function decideLease(request: LeaseRequest): LeaseDecision {
  const { current, holder, now, ttlMs } = request;
  const grace = request.graceMs ?? 0;
  if (typeof holder !== 'string' || holder === '') throw new RangeError('holder must be a non-empty id');
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('ttlMs must be a positive number');
  if (!Number.isFinite(grace) || grace < 0) throw new RangeError('graceMs must be zero or positive');
  if (!Number.isFinite(now.getTime())) throw new RangeError('now is not a valid date');
  const lease: Lease = { holder, expiresAt: new Date(now.getTime() + ttlMs) };
  if (current === null) return { action: 'acquire', lease };
  const expected: Lease = { holder: current.holder, expiresAt: current.expiresAt };
  // Our own lease: renew even if it lapsed, as long as nobody took it — the row says so.
  if (current.holder === holder) return { action: 'renew', lease, expected };
  const staleAt = current.expiresAt.getTime() + grace;
  if (!Number.isFinite(staleAt) || now.getTime() >= staleAt) {
    return { action: 'take-over', lease, expected, previousHolder: current.holder };
  }
  return { action: 'wait', heldBy: current.holder, retryAt: new Date(staleAt) };
}

/** May `holder` release this lease? Only the holder may; releasing nothing is a no-op. */
export function mayRelease(current: Lease | null, holder: string): boolean {
  return current !== null && current.holder === holder;
}

/**
 * How often the holder renews: a third of the TTL, so two heartbeats can be missed
 * (a GC pause, a slow database) before the lease is considered stale.
 */
export function heartbeatIntervalMs(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('ttlMs must be a positive number');
  return Math.max(1, Math.floor(ttlMs / 3));
}
