/** Start-up configuration that cannot be used; its message names every problem at once. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

// Go-style durations as the original's EXTRA_LATENCY takes them: "200ms", "5.5s", "1m30s", "0".
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
const MS_PER_UNIT: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses a Go duration string ("200ms", "5.5s", "1m30s", "0") to milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  if (value === '0') return 0;
  if (!DURATION.test(value)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(DURATION_PART)) ms += Number(amount) * MS_PER_UNIT[unit!]!;
  return ms;
}

/** Typed readers over an environment. Each reader records problems instead of throwing; `done()` throws them all. */
export interface EnvReader {
  /** A non-empty string that must be set. */
  required(name: string): string;
  /** A string, or the fallback when unset or empty. */
  optional(name: string, fallback: string): string;
  /** A string, or undefined when unset or empty. */
  optional(name: string): string | undefined;
  /** A TCP port (0–65535). */
  port(name: string, fallback: number): number;
  /** An integer within [min, max]. */
  int(name: string, fallback: number, range?: { min?: number; max?: number }): number;
  /** A boolean: true/1/yes/on or false/0/no/off (any case); the fallback when unset. */
  flag(name: string, fallback: boolean): boolean;
  /** A Go-style duration ("200ms", "5.5s") in milliseconds. */
  duration(name: string, fallbackMs: number): number;
  /** One of a fixed set of values. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T;
  /** Records a problem found by the caller's own checks (e.g. a rule across two variables). */
  problem(message: string): void;
  /** Throws a ConfigError naming every problem recorded so far, if any. */
  done(): void;
}

/** Reads configuration from an environment (process.env, or a plain object in tests). */
export function readEnv(env: Readonly<Record<string, string | undefined>>): EnvReader {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const reader: EnvReader = {
    required(name) {
      const value = get(name);
      if (value === undefined) problems.push(`${name} is required but not set`);
      return value ?? '';
    },
    optional(name: string, fallback?: string) {
      return (get(name) ?? fallback) as string;
    },
    port(name, fallback) {
      const value = get(name);
      if (value === undefined) return fallback;
      const port = Number(value);
      if (!/^\d+$/.test(value) || port > 65_535) {
        problems.push(`${name} must be a port number (0-65535), got "${value}"`);
        return fallback;
      }
      return port;
    },
    int(name, fallback, { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = {}) {
      const value = get(name);
      if (value === undefined) return fallback;
      const number = Number(value);
      if (!/^-?\d+$/.test(value) || number < min || number > max) {
        problems.push(`${name} must be an integer between ${min} and ${max}, got "${value}"`);
        return fallback;
      }
      return number;
    },
    flag(name, fallback) {
      const value = get(name)?.toLowerCase();
      if (value === undefined) return fallback;
      if (['true', '1', 'yes', 'on'].includes(value)) return true;
      if (['false', '0', 'no', 'off'].includes(value)) return false;
      problems.push(`${name} must be true or false, got "${value}"`);
      return fallback;
    },
    duration(name, fallbackMs) {
      const value = get(name);
      if (value === undefined) return fallbackMs;
      const ms = parseDuration(value);
      if (ms === undefined) {
        problems.push(`${name} must be a duration such as "200ms" or "5.5s", got "${value}"`);
        return fallbackMs;
      }
      return ms;
    },
    oneOf(name, allowed, fallback) {
      const value = get(name);
      if (value === undefined) return fallback;
      if (!(allowed as readonly string[]).includes(value)) {
        problems.push(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
        return fallback;
      }
      return value as typeof fallback;
    },
    problem(message) {
      problems.push(message);
    },
    done() {
      if (problems.length > 0) throw new ConfigError(problems);
    },
  };
  return reader;
}
