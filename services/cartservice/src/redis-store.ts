import { logger, unavailable } from '@boutique/kit';
import Redis, { type RedisOptions } from 'ioredis';
import { type CartItem, normalizeItems, withItemAdded } from './cart';
import { decodeCart, encodeCart } from './cart-codec';
import { KeyedQueue } from './keyed-queue';
import type { RedisTarget } from './redis-address';
import type { CartStore } from './store';

export interface RedisStoreOptions {
  /** Sliding time to live in seconds: a cart not read or written for this long expires. 0 = never (the original). */
  ttlSeconds?: number;
  /** How long one Redis command (and a connect) may take before the call fails UNAVAILABLE. */
  timeoutMs?: number;
  /** The longest pause between reconnect attempts. */
  maxReconnectDelayMs?: number;
}

// Compare-and-set of a cart, atomic inside Redis: the write happens only if `data` still holds what
// the caller read (or is still absent), so a concurrent AddItem from any replica is never lost; the
// caller re-reads and retries on 0. Protobuf stays in Node, Lua only compares bytes.
// KEYS[1] the user id; ARGV: expected present ("1"/"0"), expected data, new data, absexp, sldexp,
// TTL in seconds (0 = none).
const COMPARE_AND_SET = `
local current = redis.call('HGET', KEYS[1], 'data')
if ARGV[1] == '1' then
  if current ~= ARGV[2] then return 0 end
elseif current then
  return 0
end
redis.call('HSET', KEYS[1], 'data', ARGV[3], 'absexp', ARGV[4], 'sldexp', ARGV[5])
local ttl = tonumber(ARGV[6])
if ttl > 0 then redis.call('EXPIRE', KEYS[1], ttl) else redis.call('PERSIST', KEYS[1]) end
return 1
`;

type CartRedis = Redis & {
  cartCompareAndSet(
    key: string,
    expectPresent: string,
    expected: Buffer,
    data: Buffer,
    absexp: string,
    sldexp: string,
    ttlSeconds: string,
  ): Promise<number>;
};

// More rounds than any realistic number of replicas adding to one cart at the same instant.
const MAX_ATTEMPTS = 100;
// .NET TimeSpan ticks per second: the original's cache library stores sliding expiry as ticks.
const TICKS_PER_SECOND = 10_000_000;
// Replies that mean "Redis is there but cannot serve now" (restarting, failing over): retry later.
const TRANSIENT_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|MISCONF|NOREPLICAS)\b/;

/**
 * Carts in Redis in the original's format (docs/compatibility.md, Cart storage): key = user id, a HASH
 * with `data` = the protobuf-encoded hipstershop.Cart, `absexp` = "-1" and `sldexp` = "-1" (or the TTL
 * in .NET ticks when a sliding TTL is configured, which the original honours the same way). Calls fail
 * fast with UNAVAILABLE while Redis is unreachable; ioredis reconnects in the background.
 */
export class RedisCartStore implements CartStore {
  readonly #redis: CartRedis;
  readonly #ttlSeconds: number;
  /** The HASH's `sldexp` field: the sliding TTL in .NET ticks as the original's cache library writes it, or "-1". */
  readonly #sldexp: string;
  readonly #where: string;
  readonly #queue = new KeyedQueue();
  /** Why the connection was last lost, for the UNAVAILABLE message while reconnecting. */
  #lastConnectionError: string | undefined;

  constructor(
    target: RedisTarget,
    { ttlSeconds = 0, timeoutMs = 1_000, maxReconnectDelayMs = 2_000 }: RedisStoreOptions = {},
  ) {
    const { connectTimeoutMs, ...connection } = target;
    this.#ttlSeconds = ttlSeconds;
    this.#sldexp = ttlSeconds > 0 ? String(ttlSeconds * TICKS_PER_SECOND) : '-1';
    this.#where = `${target.host}:${target.port}`;
    const options: RedisOptions = {
      ...connection,
      // RESP2 works with every Redis a deployment may have (ioredis 6 defaults to RESP3 via HELLO).
      protocol: 2,
      connectTimeout: connectTimeoutMs ?? timeoutMs,
      commandTimeout: timeoutMs,
      // Fail fast instead of queueing while disconnected, and never resend a command whose reply was
      // lost: a resent write could apply twice. The caller gets UNAVAILABLE and decides.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 8), maxReconnectDelayMs),
      connectionName: 'cartservice',
    };
    this.#redis = new Redis(options) as CartRedis;
    this.#redis.defineCommand('cartCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    this.#watchConnection();
  }

  /** Resolves once connected, or after `timeoutMs` either way (the store keeps trying in the background). */
  whenReady(timeoutMs: number): Promise<boolean> {
    if (this.#redis.status === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        this.#redis.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#redis.on('ready', onReady);
    });
  }

  addItem(userId: string, productId: string, quantity: number): Promise<void> {
    return this.#queue.run(userId, async () => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const current = await this.#call(() => this.#redis.hgetBuffer(userId, 'data'));
        const items = withItemAdded(this.#decode(userId, current), productId, quantity);
        const data = encodeCart({ userId, items });
        const written = await this.#call(() =>
          this.#redis.cartCompareAndSet(
            userId,
            current ? '1' : '0',
            current ?? Buffer.alloc(0),
            data,
            '-1',
            this.#sldexp,
            String(this.#ttlSeconds),
          ),
        );
        if (written === 1) return;
      }
      throw unavailable(`cart of user "${userId}" kept changing under concurrent updates; try again`);
    });
  }

  async getItems(userId: string): Promise<CartItem[]> {
    const [current] = await this.#call(() =>
      Promise.all([
        this.#redis.hgetBuffer(userId, 'data'),
        // A read keeps the cart alive, as the original's cache library refreshes sliding expiry.
        this.#ttlSeconds > 0 ? this.#redis.expire(userId, this.#ttlSeconds) : undefined,
      ]),
    );
    return this.#decode(userId, current);
  }

  async empty(userId: string): Promise<void> {
    // The original stores an empty Cart and keeps the key; deleting it reads back the same (no cart)
    // for both implementations and does not leave empty hashes behind.
    await this.#call(() => this.#redis.del(userId));
  }

  async close(): Promise<void> {
    try {
      await this.#redis.quit();
    } catch {
      this.#redis.disconnect();
    }
  }

  #decode(userId: string, data: Buffer | null): CartItem[] {
    if (!data) return [];
    try {
      return normalizeItems(decodeCart(data).items);
    } catch (err) {
      // Not a DomainError: a cart we cannot read is our bug or someone else's data, so INTERNAL (logged).
      throw new Error(`stored cart of user "${userId}" is not a hipstershop.Cart`, { cause: err });
    }
  }

  /** Runs Redis commands, turning connection trouble into UNAVAILABLE with a clear message. */
  async #call<T>(commands: () => Promise<T>): Promise<T> {
    try {
      return await commands();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const isReply = err instanceof Error && err.name === 'ReplyError';
      if (isReply && !TRANSIENT_REPLY.test(message)) throw err;
      // ioredis's own text for "not connected" names an option, not the problem.
      const reason =
        this.#redis.status === 'ready'
          ? message
          : `not connected (${this.#redis.status}${this.#lastConnectionError ? `; last error: ${this.#lastConnectionError}` : ''})`;
      throw unavailable(`cart storage (Redis at ${this.#where}) is unavailable: ${reason}`, { cause: err });
    }
  }

  #watchConnection(): void {
    // One line when the connection is lost and one when it is back, not one per reconnect attempt.
    let lost = false;
    this.#redis.on('error', (err: Error) => {
      this.#lastConnectionError = err.message;
      if (lost) return;
      lost = true;
      logger().warn({ redis: this.#where, err: { message: err.message } }, 'redis unreachable, reconnecting');
    });
    this.#redis.on('close', () => {
      if (!lost && this.#redis.status !== 'end') {
        lost = true;
        logger().warn({ redis: this.#where }, 'redis connection closed, reconnecting');
      }
    });
    this.#redis.on('ready', () => {
      if (lost) logger().info({ redis: this.#where }, 'redis connection restored');
      lost = false;
      this.#lastConnectionError = undefined;
    });
  }
}
