import type { Core } from '@strapi/strapi';
import { decideLease, heartbeatIntervalMs, type Lease } from '../../src/channels/lease';
import { TABLES } from '../database/bulk-tables';
import { isUniqueViolation } from '../http/db-errors';

/**
 * Leases in the database: one holder per named resource (a channel's pull), renewed by a
 * heartbeat, taken over once stale. `decideLease` (src/channels/lease.ts) decides; this
 * applies the decision with a conditional write — an UPDATE that matches the row exactly
 * as it was read, or an INSERT into the primary key — so of two instances racing for the
 * same lease exactly one write lands; the loser reads again.
 */
type Knex = Core.Strapi['db']['connection'];

export type LeaseOptions = { ttlMs: number; graceMs?: number };

export type AcquireResult =
  | { acquired: true; lease: Lease; tookOverFrom?: string }
  | { acquired: false; heldBy: string; retryAt: Date };

const MAX_ATTEMPTS = 5;

function toLease(row: { holder: unknown; expires_at: unknown } | undefined): Lease | null {
  return row ? { holder: String(row.holder), expiresAt: new Date(Number(row.expires_at)) } : null;
}

export async function readLease(knex: Knex, name: string): Promise<Lease | null> {
  return toLease(await knex(TABLES.leases).where({ name }).first('holder', 'expires_at'));
}

export async function acquireLease(
  knex: Knex,
  name: string,
  holder: string,
  options: LeaseOptions,
  clock: () => Date = () => new Date(),
): Promise<AcquireResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const now = clock();
    const decision = decideLease({
      current: await readLease(knex, name),
      holder,
      now,
      ttlMs: options.ttlMs,
      graceMs: options.graceMs,
    });
    if (decision.action === 'wait')
      return { acquired: false, heldBy: decision.heldBy, retryAt: decision.retryAt };
    const expiresAt = decision.lease.expiresAt.getTime();
    if (decision.action === 'acquire') {
      try {
        await knex(TABLES.leases).insert({
          name,
          holder,
          expires_at: expiresAt,
          acquired_at: now.getTime(),
          heartbeat_at: now.getTime(),
        });
        return { acquired: true, lease: decision.lease };
      } catch (error) {
        if (isUniqueViolation(error)) continue; // someone inserted first: read again
        throw error;
      }
    }
    const updated = await knex(TABLES.leases)
      .where({ name, holder: decision.expected.holder, expires_at: decision.expected.expiresAt.getTime() })
      .update({
        holder,
        expires_at: expiresAt,
        heartbeat_at: now.getTime(),
        ...(decision.action === 'take-over' ? { acquired_at: now.getTime() } : {}),
      });
    if (Number(updated) === 1) {
      return decision.action === 'take-over'
        ? { acquired: true, lease: decision.lease, tookOverFrom: decision.previousHolder }
        : { acquired: true, lease: decision.lease };
    }
  }
  const current = await readLease(knex, name);
  return {
    acquired: false,
    heldBy: current?.holder ?? 'another instance',
    retryAt: current?.expiresAt ?? clock(),
  };
}

/** Extends our own lease; false when it is no longer ours (it went stale and was taken over). */
export async function renewLease(
  knex: Knex,
  name: string,
  holder: string,
  ttlMs: number,
  now: Date = new Date(),
): Promise<boolean> {
  const updated = await knex(TABLES.leases)
    .where({ name, holder })
    .update({ expires_at: now.getTime() + ttlMs, heartbeat_at: now.getTime() });
  return Number(updated) === 1;
}

/** Gives the lease up; only its holder can. */
export async function releaseLease(knex: Knex, name: string, holder: string): Promise<void> {
  await knex(TABLES.leases).where({ name, holder }).delete();
}

/** Removes a lease row nobody holds any more (e.g. of a deleted channel). */
export async function dropStaleLease(knex: Knex, name: string, now: Date = new Date()): Promise<void> {
  await knex(TABLES.leases).where({ name }).andWhere('expires_at', '<', now.getTime()).delete();
}

export class LeaseBusyError extends Error {
  constructor(
    readonly leaseName: string,
    readonly heldBy: string,
    readonly retryAt: Date,
  ) {
    super(`The lease "${leaseName}" is held by ${heldBy} until ${retryAt.toISOString()}`);
    this.name = 'LeaseBusyError';
  }
}

export type LeaseHandle = {
  /** Aborts when the lease was lost (another instance took it over after missed heartbeats). */
  signal: AbortSignal;
  tookOverFrom?: string;
};

/**
 * Runs `work` while holding the lease: renewed every third of the TTL, released at the
 * end. If a renewal finds the lease gone, the signal aborts so the work stops instead of
 * running alongside the instance that took over. Throws LeaseBusyError when held.
 */
export async function withLease<T>(
  knex: Knex,
  name: string,
  holder: string,
  options: LeaseOptions & { onHeartbeatError?: (error: unknown) => void },
  work: (handle: LeaseHandle) => Promise<T>,
): Promise<T> {
  const result = await acquireLease(knex, name, holder, options);
  if (!result.acquired) throw new LeaseBusyError(name, result.heldBy, result.retryAt);
  const controller = new AbortController();
  let beating = false;
  const timer = setInterval(() => {
    if (beating) return;
    beating = true;
    renewLease(knex, name, holder, options.ttlMs)
      .then((kept) => {
        if (!kept) controller.abort(new LeaseBusyError(name, 'another instance', new Date()));
      })
      .catch((error) => options.onHeartbeatError?.(error)) // a failed write is retried on the next beat; the TTL covers two misses
      .finally(() => {
        beating = false;
      });
  }, heartbeatIntervalMs(options.ttlMs));
  timer.unref?.();
  try {
    return await work({ signal: controller.signal, tookOverFrom: result.tookOverFrom });
  } finally {
    clearInterval(timer);
    await releaseLease(knex, name, holder).catch(() => undefined);
  }
}
