import { type CartItem, withItemAdded } from './cart';
import type { CartStore } from './store';

interface Entry {
  items: CartItem[];
  /** When the cart expires (ms since the epoch); Infinity without a TTL. */
  expiresAt: number;
}

export interface MemoryStoreOptions {
  /** Sliding time to live: a cart not read or written for this long is dropped. 0 = never. */
  ttlMs?: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

/**
 * Carts in process memory, with the same behaviour as the Redis store (lost on restart, not shared
 * between replicas). Every operation is synchronous, so AddItem is atomic by construction.
 */
export class MemoryCartStore implements CartStore {
  readonly #carts = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #sweeper: NodeJS.Timeout | undefined;

  constructor({ ttlMs = 0, now = Date.now }: MemoryStoreOptions = {}) {
    this.#ttlMs = ttlMs;
    this.#now = now;
    // Expired carts are dropped when touched; the sweep frees the ones nobody comes back for.
    if (ttlMs > 0) this.#sweeper = setInterval(() => this.#sweep(), Math.max(ttlMs, 1_000)).unref();
  }

  async addItem(userId: string, productId: string, quantity: number): Promise<void> {
    const items = withItemAdded(this.#live(userId)?.items ?? [], productId, quantity);
    this.#carts.set(userId, { items, expiresAt: this.#expiry() });
  }

  async getItems(userId: string): Promise<CartItem[]> {
    const entry = this.#live(userId);
    if (!entry) return [];
    entry.expiresAt = this.#expiry();
    return entry.items.map((item) => ({ ...item }));
  }

  async empty(userId: string): Promise<void> {
    this.#carts.delete(userId);
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#carts.clear();
  }

  #expiry(): number {
    return this.#ttlMs > 0 ? this.#now() + this.#ttlMs : Number.POSITIVE_INFINITY;
  }

  #live(userId: string): Entry | undefined {
    const entry = this.#carts.get(userId);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#carts.delete(userId);
      return undefined;
    }
    return entry;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [userId, entry] of this.#carts) if (entry.expiresAt <= now) this.#carts.delete(userId);
  }
}
