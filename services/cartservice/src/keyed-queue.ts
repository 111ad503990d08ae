/**
 * Runs tasks one at a time per key, in arrival order; tasks for different keys run concurrently.
 * Used so one replica's own AddItems for a user never race each other (different replicas still
 * rely on the store's compare-and-set).
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** How many keys have work queued or running (for tests: it returns to 0). */
  get size(): number {
    return this.#tails.size;
  }
}
