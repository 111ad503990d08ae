import { status } from '@grpc/grpc-js';

/** When a dependency counts as down, and how long the caller then stops calling it. */
export interface BreakerOptions {
  /** Consecutive outage failures (UNAVAILABLE, DEADLINE_EXCEEDED) that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit fails calls at once before letting one probe through. */
  readonly coolDownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** What `admit()` hands out: a normal call, the one probe of a half-open circuit, or a refusal. */
export type Admission = 'call' | 'probe' | undefined;

// Only these mean "the dependency is not answering"; NOT_FOUND, INVALID_ARGUMENT and the like are answers.
const OUTAGE_CODES = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

/** Whether a call's final status says the dependency is down or too slow to wait for. */
export function isOutage(code: number): boolean {
  return OUTAGE_CODES.has(code);
}

/**
 * A circuit breaker for one dependency. Closed, it counts consecutive outage failures; at the threshold
 * it opens and refuses every call for the cool-down, so callers fail in microseconds instead of waiting
 * out a deadline each. Then it half-opens and admits exactly one probe: an answer closes it again, an
 * outage reopens it for another cool-down. `onChange` hears each transition (for a log line).
 */
export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probeInFlight = false;
  readonly #options: BreakerOptions;
  readonly #now: () => number;
  readonly #onChange: ((state: BreakerState, failures: number) => void) | undefined;

  constructor(
    options: BreakerOptions,
    {
      now = Date.now,
      onChange,
    }: { now?: () => number; onChange?: (state: BreakerState, failures: number) => void } = {},
  ) {
    if (!(options.failureThreshold >= 1) || !(options.coolDownMs >= 0)) {
      throw new RangeError('a breaker needs failureThreshold >= 1 and coolDownMs >= 0');
    }
    this.#options = options;
    this.#now = now;
    this.#onChange = onChange;
  }

  get state(): BreakerState {
    return this.#state;
  }

  /** Decides whether a call may go out now. Every admitted call must be followed by `record()`. */
  admit(): Admission {
    if (this.#state === 'closed') return 'call';
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.#options.coolDownMs) {
      this.#transition('half-open');
    }
    if (this.#state === 'half-open' && !this.#probeInFlight) {
      this.#probeInFlight = true;
      return 'probe';
    }
    return undefined;
  }

  /** Records how an admitted call ended (its final gRPC status code, OK included). */
  record(admission: Exclude<Admission, undefined>, code: number): void {
    const outage = isOutage(code);
    if (admission === 'probe') {
      this.#probeInFlight = false;
      if (outage) this.#open();
      else this.#close();
      return;
    }
    // A call admitted before the circuit opened says nothing about the probe in progress.
    if (this.#state !== 'closed') return;
    if (!outage) {
      this.#failures = 0;
      return;
    }
    this.#failures += 1;
    if (this.#failures >= this.#options.failureThreshold) this.#open();
  }

  #open(): void {
    this.#openedAt = this.#now();
    this.#transition('open');
  }

  #close(): void {
    this.#failures = 0;
    this.#transition('closed');
  }

  #transition(state: BreakerState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#onChange?.(state, this.#failures);
  }
}
