/**
 * Writes of one job (an upload's groups of rows) started in order, up to `limit` at once.
 * A write whose keys meet those of a write in flight starts only once that one settled, so
 * where two writes hold the same key the earlier one stores it (the file's first row of an
 * event is its record), and writes in flight never wait on each other's rows in the
 * database. A failed write is kept: the next `start`, `throwIfFailed` or `drain` throws it.
 */
export type KeyedWrites = {
  /** Starts `write` once the rules above allow; resolves when it has started, not finished. */
  start(keys: ReadonlySet<string>, write: () => Promise<void>): Promise<void>;
  /** Throws the first failed write's error, if any. */
  throwIfFailed(): void;
  /** Waits for every write in flight to settle (never throws). */
  settled(): Promise<void>;
  /** Waits for every write in flight, then throws the first failure, if any. */
  drain(): Promise<void>;
};

type Write = { keys: ReadonlySet<string>; settled: Promise<void> };

export function keyedWrites(limit: number): KeyedWrites {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a whole number ≥ 1');
  let inFlight: Write[] = [];
  let failure: { error: unknown } | null = null;

  const throwIfFailed = () => {
    if (failure) throw failure.error;
  };
  const settled = async () => {
    await Promise.all(inFlight.map((write) => write.settled));
  };
  /** The write `keys` must wait for: one holding a shared key, else the oldest when all slots are taken. */
  const blocker = (keys: ReadonlySet<string>) =>
    inFlight.find((write) => sharesKey(write.keys, keys)) ??
    (inFlight.length >= limit ? inFlight[0] : undefined);

  return {
    async start(keys, run) {
      for (let before = blocker(keys); ; before = blocker(keys)) {
        throwIfFailed();
        if (!before) break;
        await before.settled;
      }
      const write: Write = { keys, settled: Promise.resolve() };
      write.settled = run()
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => {
          inFlight = inFlight.filter((other) => other !== write);
        });
      inFlight.push(write);
    },
    throwIfFailed,
    settled,
    async drain() {
      await settled();
      throwIfFailed();
    },
  };
}

function sharesKey(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const key of small) if (large.has(key)) return true;
  return false;
}
