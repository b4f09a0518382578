/**
 * Database outages: which failures mean "the database went away" (a restart, a killed
 * connection, a pool that cannot connect) rather than "this work is wrong", and how long
 * to wait before trying again. A run interrupted by an outage is resumed from its
 * checkpoint once the database answers; any other failure is the run's own and is
 * recorded as such. Pure: no Strapi, no driver import.
 */

/** What an outage was, as it is shown on the log and the channel. */
export type Outage = { code: string; message: string };

/** Error codes the drivers give when the connection, not the statement, failed. */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  // PostgreSQL: admin shutdown (pg_terminate_backend, a restart), crash shutdown,
  // cannot connect now (starting up, shutting down), and the connection-exception class.
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  // Sockets.
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  // MariaDB / MySQL (mysql2).
  'PROTOCOL_CONNECTION_LOST',
  'ER_CONNECTION_KILLED',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_INTERRUPTED',
]);

/** Messages of the same failures where a wrapper dropped the code. */
const CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /the database system is (shutting down|starting up|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /Client has encountered a connection error and is not queryable/i,
  /Connection lost: The server closed the connection/i,
  /Can't add new command when connection is in closed state/i,
  /Timeout acquiring a connection\. The pool is probably full/i,
  // better-sqlite3: the file's handle was closed under the pool.
  /The database connection is not open/i,
];

/**
 * The driver's own words: knex prefixes the SQL it ran ("insert into … values (…) - Connection
 * lost"), which is noise on a log (and may hold a row's values), so it is cut off.
 */
function driverMessage(message: string): string {
  const cut = message.lastIndexOf(' - ');
  return (cut >= 0 ? message.slice(cut + 3) : message).trim().slice(0, 300);
}

/**
 * The outage behind `error`, or null when the error is not a lost or refused database
 * connection. Looks through the wrappers Strapi and knex put around a driver error.
 */
export function databaseOutage(error: unknown): Outage | null {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e !== 'object') return null;
    const message = typeof e.message === 'string' ? e.message : '';
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && CONNECTION_CODES.has(code)) return { code, message: driverMessage(message) || code };
    if (e.name === 'KnexTimeoutError') return { code: 'POOL_TIMEOUT', message: driverMessage(message) };
    if (CONNECTION_MESSAGES.some((pattern) => pattern.test(message)))
      return { code: code ?? 'CONNECTION_LOST', message: driverMessage(message) };
    e = (e.cause ?? e.originalError ?? e.nativeError) as Record<string, unknown> | undefined;
  }
  return null;
}

/** How retries after an outage are spaced. */
export type RetryPolicy = {
  /** Wait before the first retry. */
  firstDelayMs: number;
  /** The wait never grows beyond this. */
  maxDelayMs: number;
  /** Retries before giving up (a person then presses Pull now). */
  attempts: number;
};

/**
 * The wait before retry `attempt` (0-based): doubling from `firstDelayMs`, capped at
 * `maxDelayMs`, then drawn from its upper half so that instances which lost the database
 * at the same moment do not all come back at the same moment ("equal jitter").
 * `random` is a number in [0, 1).
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: number = Math.random()): number {
  if (!Number.isInteger(attempt) || attempt < 0) throw new RangeError('attempt must be a whole number ≥ 0');
  const ceiling = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(attempt, 30));
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}

/** An outage noted on the work it interrupted (a run, an upload's log): when, and why. */
export type Interruption = { at: string; reason: string };

/** How an outage is worded on a log, a run or an answer. */
export const outageReason = (outage: Outage) =>
  `the database connection was lost (${outage.code}: ${outage.message})`;

/** The database kept failing through every retry the policy allows. */
export class OutageOutlasted extends Error {
  constructor(
    readonly outage: Outage,
    readonly attempts: number,
  ) {
    super(`The database did not answer after ${attempts} retries: ${outageReason(outage)}`);
    this.name = 'OutageOutlasted';
  }
}

/**
 * Retries one job has used, shared by all its steps so the policy bounds the job, not each
 * step; and the outage being waited out, which a step failing meanwhile (another write of
 * the same job in flight) waits out with it instead of counting and recording it again.
 */
export type RetryBudget = { used: number; recovering?: Promise<void> };

type RetryOptions = {
  policy: RetryPolicy;
  budget: RetryBudget;
  resumed: (interruption: Interruption & { outage: Outage }) => Promise<void>;
  wait?: (ms: number) => Promise<void>;
};

/**
 * Runs `step`; when the database drops it, waits (`retryDelayMs`, the budget's next
 * attempt) and calls `resumed` — the job's first database write after the outage, which
 * records the interruption and so also tells that the database answers again. While that
 * write fails with an outage too, it waits longer and tries again; once it succeeds, the
 * step runs again from its start, so a step must be safe to repeat (it checks its own
 * checkpoint; `again` tells it that it runs after an outage, so a first run can skip the
 * check: nothing of it can have committed yet). Steps of one job dropped by the same
 * outage wait it out together: one interruption, one budget spent. A failure that is not
 * an outage propagates at once, and so does OutageOutlasted when the budget is spent.
 */
export async function retryThroughOutage<T>(
  step: (again: boolean) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { budget } = options;
  for (let again = false; ; again = true) {
    try {
      return await step(again);
    } catch (error) {
      const outage = databaseOutage(error);
      if (!outage) throw error;
      budget.recovering ??= waitOut(outage, options).finally(() => {
        budget.recovering = undefined;
      });
      await budget.recovering;
    }
  }
}

/** Waits until `resumed` succeeds, within the budget. */
async function waitOut(outage: Outage, { policy, budget, resumed, wait = sleep }: RetryOptions) {
  const interruption = { at: new Date().toISOString(), reason: outageReason(outage), outage };
  for (;;) {
    if (budget.used >= policy.attempts) throw new OutageOutlasted(outage, budget.used);
    await wait(retryDelayMs(budget.used, policy));
    budget.used++;
    try {
      return await resumed(interruption);
    } catch (again) {
      if (!databaseOutage(again)) throw again;
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
