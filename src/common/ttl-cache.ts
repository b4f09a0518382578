/**
 * A bounded map whose entries expire a fixed time after they were stored.
 *
 * Used where a value is expensive to look up and may go stale for a known, short while
 * (a verified API token: a change made on another node reaches this one within the TTL).
 * When full, the entry stored longest ago is dropped first, so a flood of distinct keys
 * costs at most `maxEntries` entries, never unbounded memory.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Stores `value`; a TTL of 0 turns the cache off (nothing is kept). */
  set(key: string, value: V): void {
    if (this.ttlMs <= 0 || this.maxEntries <= 0) return;
    // Re-inserting moves the key to the end, so the Map's order stays "stored longest ago first".
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
