import { TtlCache } from '@boutique/kit';

/**
 * The catalog's product ids, fetched through `fetchIds` and reused for `ttlMs`. Concurrent requests
 * that find no fresh copy share one fetch. A failed fetch is not cached: its error goes to the
 * requests that waited for it, and the next request tries again. An expired copy is never served,
 * so once the TTL has passed an unreachable catalog is reported, not hidden.
 */
export class CatalogCache {
  readonly #ids: TtlCache<readonly string[]>;
  readonly #fetchIds: () => Promise<readonly string[]>;

  constructor(fetchIds: () => Promise<readonly string[]>, ttlMs: number, now: () => number = Date.now) {
    this.#fetchIds = fetchIds;
    this.#ids = new TtlCache({ ttlMs, maxEntries: 1, now });
  }

  /** The catalog's product ids: the cached copy while it is younger than the TTL, else a new fetch. */
  productIds(): Promise<readonly string[]> {
    return this.#ids.get('ids', this.#fetchIds);
  }
}
