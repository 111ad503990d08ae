/**
 * The last successful answer per key, and when it came, so it can stand in for a failed call for a
 * bounded time (stale-if-error). The oldest key goes first once `maxEntries` are held.
 */
export class LastGood<V> {
  readonly #entries = new Map<string, { value: V; at: number }>();
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { maxAgeMs: number; maxEntries: number; now?: () => number }) {
    this.#maxAgeMs = options.maxAgeMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** Keeps `value` as the latest good answer for `key`. */
  remember(key: string, value: V): void {
    if (this.#maxAgeMs <= 0) return;
    this.#entries.delete(key);
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, at: this.#now() });
  }

  /** The latest good answer for `key` if it is at most `maxAgeMs` old; undefined otherwise. */
  recall(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#now() - entry.at > this.#maxAgeMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }
}
