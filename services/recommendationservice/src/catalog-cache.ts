/**
 * The catalog's product ids, fetched through `fetchIds` and reused for `ttlMs`. Concurrent requests
 * that find no fresh copy share one fetch. A failed fetch is not cached: its error goes to the
 * requests that waited for it, and the next request tries again. An expired copy is never served,
 * so once the TTL has passed an unreachable catalog is reported, not hidden.
 */
export class CatalogCache {
  private fresh: { ids: readonly string[]; fetchedAt: number } | undefined;
  private inFlight: Promise<readonly string[]> | undefined;

  constructor(
    private readonly fetchIds: () => Promise<readonly string[]>,
    private readonly ttlMs: number,
    private readonly now: () => number = performance.now.bind(performance),
  ) {}

  /** The catalog's product ids: the cached copy while it is younger than the TTL, else a new fetch. */
  productIds(): Promise<readonly string[]> {
    if (this.fresh && this.now() - this.fresh.fetchedAt < this.ttlMs) return Promise.resolve(this.fresh.ids);
    this.inFlight ??= this.fetchIds()
      .then((ids) => {
        this.fresh = { ids, fetchedAt: this.now() };
        return ids;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}
