import fc from 'fast-check';
import {
  databaseOutage,
  OutageOutlasted,
  retryDelayMs,
  retryThroughOutage,
  type RetryPolicy,
} from '../../../src/common/db-outage';

/** Errors shaped as the drivers throw them (pg, mysql2, knex, better-sqlite3). */
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('databaseOutage', () => {
  it('recognises a lost or refused connection on each database', () => {
    expect(databaseOutage(pgError('57P01', 'terminating connection due to administrator command'))).toEqual({
      code: '57P01',
      message: 'terminating connection due to administrator command',
    });
    expect(databaseOutage(pgError('57P03', 'the database system is shutting down'))?.code).toBe('57P03');
    expect(databaseOutage(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))?.code).toBe(
      'ECONNREFUSED',
    );
    expect(databaseOutage(new Error('Connection terminated unexpectedly'))?.code).toBe('CONNECTION_LOST');
    expect(
      databaseOutage(
        pgError('PROTOCOL_CONNECTION_LOST', 'Connection lost: The server closed the connection.'),
      )?.code,
    ).toBe('PROTOCOL_CONNECTION_LOST');
    expect(databaseOutage(pgError('ER_CONNECTION_KILLED', 'Connection was killed'))?.code).toBe(
      'ER_CONNECTION_KILLED',
    );
    const poolTimeout = Object.assign(
      new Error('Knex: Timeout acquiring a connection. The pool is probably full.'),
      {
        name: 'KnexTimeoutError',
      },
    );
    expect(databaseOutage(poolTimeout)?.code).toBe('POOL_TIMEOUT');
    expect(databaseOutage(new TypeError('The database connection is not open'))?.code).toBe(
      'CONNECTION_LOST',
    );
  });

  it('looks through the wrappers Strapi and knex put around a driver error', () => {
    const wrapped = new Error('insert into … - terminating connection', {
      cause: pgError('57P01', 'terminating connection due to administrator command'),
    });
    expect(databaseOutage(wrapped)?.code).toBe('57P01');
    expect(
      databaseOutage({ originalError: { nativeError: pgError('ECONNRESET', 'read ECONNRESET') } })?.code,
    ).toBe('ECONNRESET');
  });

  it('keeps the driver’s words, not the SQL knex put before them', () => {
    const knexError = pgError(
      'PROTOCOL_CONNECTION_LOST',
      "insert into `utilities_meter_readings` (`value`) values ('7000') - Connection lost: The server closed the connection.",
    );
    expect(databaseOutage(knexError)).toEqual({
      code: 'PROTOCOL_CONNECTION_LOST',
      message: 'Connection lost: The server closed the connection.',
    });
    expect(databaseOutage(pgError('57P01', 'x'.repeat(1000)))?.message).toHaveLength(300);
  });

  it('leaves the work’s own failures alone', () => {
    expect(databaseOutage(pgError('23505', 'duplicate key value violates unique constraint'))).toBeNull();
    expect(databaseOutage(pgError('SQLITE_BUSY', 'database is locked'))).toBeNull();
    expect(databaseOutage(new Error('Line 3: the value "abc" is not a number'))).toBeNull();
    expect(databaseOutage(null)).toBeNull();
    expect(databaseOutage('Connection terminated')).toBeNull(); // a string is no error object
    // A cycle of causes ends at the depth bound instead of looping.
    const a: Record<string, unknown> = { message: 'a' };
    a.cause = a;
    expect(databaseOutage(a)).toBeNull();
  });
});

describe('retryDelayMs', () => {
  const policy: RetryPolicy = { firstDelayMs: 1000, maxDelayMs: 60_000, attempts: 10 };

  it('doubles from the first delay, capped, drawn from the upper half', () => {
    // attempt 0: ceiling 1000 → between 500 (random 0) and 1000 (random → 1)
    expect(retryDelayMs(0, policy, 0)).toBe(500);
    expect(retryDelayMs(0, policy, 0.5)).toBe(750); // 500 + 500 × 0.5
    // attempt 3: ceiling 1000 × 2³ = 8000 → 4000 + 4000 × 0.25 = 5000
    expect(retryDelayMs(3, policy, 0.25)).toBe(5000);
    // attempt 7: 1000 × 2⁷ = 128,000 capped at 60,000 → 30,000 + 30,000 × 0.5 = 45,000
    expect(retryDelayMs(7, policy, 0.5)).toBe(45_000);
    // a huge attempt number does not overflow: still the cap
    expect(retryDelayMs(1000, policy, 0)).toBe(30_000);
  });

  it('refuses a negative or fractional attempt', () => {
    expect(() => retryDelayMs(-1, policy)).toThrow(RangeError);
    expect(() => retryDelayMs(1.5, policy)).toThrow(RangeError);
  });

  it('stays within [ceiling / 2, ceiling] and never shrinks as attempts grow', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (attempt, random, first, extra) => {
          const p = { firstDelayMs: first, maxDelayMs: first + extra, attempts: 5 };
          const ceiling = Math.min(p.maxDelayMs, first * 2 ** attempt);
          const d = retryDelayMs(attempt, p, random);
          expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(d).toBeLessThanOrEqual(Math.ceil(ceiling));
          // the least wait of the next attempt is at least the least wait of this one
          expect(retryDelayMs(attempt + 1, p, 0)).toBeGreaterThanOrEqual(retryDelayMs(attempt, p, 0));
        },
      ),
    );
  });
});

describe('retryThroughOutage', () => {
  const policy: RetryPolicy = { firstDelayMs: 100, maxDelayMs: 1000, attempts: 4 };
  const lost = () => pgError('57P01', 'terminating connection due to administrator command');

  it('runs the step again once the database answers, recording each interruption once', async () => {
    const waits: number[] = [];
    const resumed: string[] = [];
    let calls = 0;
    let probes = 0;
    const runs: boolean[] = [];
    const result = await retryThroughOutage(
      async (again) => {
        runs.push(again);
        calls++;
        if (calls === 1) throw lost();
        return 'done';
      },
      {
        policy,
        budget: { used: 0 },
        wait: async (ms) => void waits.push(ms),
        resumed: async (i) => {
          // Still down on the first probe: waited again, recorded once it answers.
          if (++probes === 1) throw pgError('ECONNREFUSED', 'connect ECONNREFUSED');
          resumed.push(i.reason);
        },
      },
    );
    expect(result).toBe('done');
    expect(calls).toBe(2);
    expect(runs).toEqual([false, true]); // the second run knows it follows an outage
    expect(resumed).toEqual([
      'the database connection was lost (57P01: terminating connection due to administrator command)',
    ]);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThanOrEqual(100); // doubled: [100, 200]
  });

  it('gives up when the budget, shared by the steps of one job, is spent', async () => {
    const budget = { used: 3 };
    await expect(
      retryThroughOutage(
        async () => {
          throw lost();
        },
        { policy, budget, wait: async () => undefined, resumed: async () => undefined },
      ),
    ).rejects.toBeInstanceOf(OutageOutlasted);
    expect(budget.used).toBe(4);
  });

  it('two steps of one job dropped by the same outage wait it out together: one interruption, one retry spent', async () => {
    const budget = { used: 0 };
    const resumed: string[] = [];
    const waits: number[] = [];
    const runs = { a: [] as boolean[], b: [] as boolean[] };
    const options = {
      policy,
      budget,
      wait: async (ms: number) => void waits.push(ms),
      resumed: async (i: { at: string }) => void resumed.push(i.at),
    };
    const stepOf = (name: 'a' | 'b') => async (again: boolean) => {
      runs[name].push(again);
      if (!again) throw lost();
      return name;
    };
    const [a, b] = await Promise.all([
      retryThroughOutage(stepOf('a'), options),
      retryThroughOutage(stepOf('b'), options),
    ]);
    expect([a, b]).toEqual(['a', 'b']);
    expect(runs).toEqual({ a: [false, true], b: [false, true] });
    expect(resumed).toHaveLength(1);
    expect(waits).toHaveLength(1);
    expect(budget).toEqual({ used: 1, recovering: undefined });
  });

  it('steps waiting out an outage together all fail when it outlasts the budget', async () => {
    const options = {
      policy,
      budget: { used: 0 },
      wait: async () => undefined,
      resumed: async () => {
        throw lost();
      },
    };
    const down = async () => {
      throw lost();
    };
    const results = await Promise.allSettled([
      retryThroughOutage(down, options),
      retryThroughOutage(down, options),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    for (const r of results) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(OutageOutlasted);
    expect(options.budget.used).toBe(policy.attempts);
  });

  it('lets any other failure through at once', async () => {
    const bad = new Error('duplicate key');
    await expect(
      retryThroughOutage(
        async () => {
          throw bad;
        },
        { policy, budget: { used: 0 }, resumed: async () => undefined },
      ),
    ).rejects.toBe(bad);
  });
});
