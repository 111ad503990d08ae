import { readFileSync } from 'node:fs';
import { readEnv } from '@boutique/kit';
import { type ParsedRedisAddress, parseRedisAddress } from './redis-address';

export interface Config {
  readonly port: number;
  /** Redis to keep carts in; undefined = in memory. */
  readonly redis: ParsedRedisAddress | undefined;
  /** Sliding cart TTL in seconds (0 = carts never expire, as in the original). */
  readonly cartTtlSeconds: number;
  /** How long one Redis command or connect may take. */
  readonly redisTimeoutMs: number;
}

/** Reads a text file; injected so tests need no files. */
export type ReadTextFile = (path: string) => string;

const readUtf8: ReadTextFile = (path) => readFileSync(path, 'utf8');

/**
 * Reads PORT (7070), REDIS_ADDR, REDIS_CA_FILE, CART_TTL and REDIS_TIMEOUT; every problem is reported
 * at once. REDIS_CA_FILE is read here, once, so a missing or malformed CA stops start-up.
 */
export function loadConfig(env: NodeJS.ProcessEnv, readFile: ReadTextFile = readUtf8): Config {
  const read = readEnv(env);
  const port = read.port('PORT', 7070);
  const redisAddr = read.optional('REDIS_ADDR');
  const caFile = read.optional('REDIS_CA_FILE');
  const cartTtlMs = read.duration('CART_TTL', 0);
  const redisTimeoutMs = read.duration('REDIS_TIMEOUT', 1_000);
  let redis: ParsedRedisAddress | undefined;
  if (redisAddr !== undefined) {
    try {
      redis = parseRedisAddress(redisAddr);
    } catch (err) {
      read.problem((err as Error).message);
    }
  }
  if (caFile !== undefined) {
    if (redisAddr === undefined) read.problem('REDIS_CA_FILE is set but REDIS_ADDR is not');
    // A CA with TLS off would be a plaintext connection the operator believes is verified.
    else if (redis && !redis.target.tls)
      read.problem('REDIS_CA_FILE is set but REDIS_ADDR does not turn TLS on (add ",ssl=true" or use rediss://)');
    else if (redis?.target.tls) {
      const ca = readCertificates(caFile, readFile, (message) => read.problem(message));
      if (ca !== undefined) redis = { ...redis, target: { ...redis.target, tls: { ...redis.target.tls, ca } } };
    }
  }
  if (redisTimeoutMs <= 0) read.problem('REDIS_TIMEOUT must be above 0');
  read.done();
  // Redis expiry has whole seconds; a TTL is rounded up so it never expires early.
  return Object.freeze({ port, redis, cartTtlSeconds: Math.ceil(cartTtlMs / 1_000), redisTimeoutMs });
}

// The armour line of a PEM certificate; anything else (a key, a DER file, an empty file) is refused.
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

function readCertificates(
  file: string,
  readFile: ReadTextFile,
  problem: (message: string) => void,
): string | undefined {
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    problem(`REDIS_CA_FILE ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return undefined;
  }
  if (!PEM_CERTIFICATE.test(text)) {
    problem(`REDIS_CA_FILE ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    return undefined;
  }
  return text;
}
