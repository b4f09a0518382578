/**
 * Group commit: items handed in while a write is in flight wait, and the next write takes
 * up to `most` of them together. One caller alone waits for nobody; under load one commit
 * (an fsync on SQLite in its default rollback-journal mode, a WAL flush on PostgreSQL)
 * serves many callers instead of one. Writes run one after another.
 *
 * `write` answers one outcome per item, in order. When a write of several items fails,
 * each is written again alone, so an error reaches only the caller whose item caused it.
 */
export function groupCommit<I, O>(
  most: number,
  write: (items: I[]) => Promise<O[]>,
): (item: I) => Promise<O> {
  type Waiter = { item: I; resolve: (outcome: O) => void; reject: (error: unknown) => void };
  const waiting: Waiter[] = [];
  let writing = false;

  async function writeWaiting() {
    try {
      while (waiting.length) {
        const group = waiting.splice(0, most);
        let outcomes: O[];
        try {
          outcomes = await write(group.map((w) => w.item));
        } catch (error) {
          if (group.length === 1) group[0].reject(error);
          else await writeAlone(group);
          continue;
        }
        group.forEach((w, i) => w.resolve(outcomes[i]));
      }
    } finally {
      writing = false;
    }
  }

  async function writeAlone(group: Waiter[]) {
    for (const w of group) {
      try {
        w.resolve((await write([w.item]))[0]);
      } catch (own) {
        w.reject(own);
      }
    }
  }

  return (item: I) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!writing) {
        writing = true;
        // Start on the next turn of the event loop, so that items handed in during this
        // turn join the same write.
        setImmediate(() => void writeWaiting());
      }
    });
}
