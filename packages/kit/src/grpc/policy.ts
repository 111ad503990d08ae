import type { ChannelOptions } from '@grpc/grpc-js';
import type { BreakerOptions } from './breaker';

/**
 * How a caller treats one dependency. Which methods are safe to send twice is the caller's knowledge
 * (reads are; Charge or PlaceOrder never are), so the caller's wiring says so; the kit only provides
 * the mechanism.
 */
export interface ClientPolicy<Method extends string = string> {
  /**
   * Methods, named as in the proto (`GetProduct`), that may be sent again when an attempt fails with
   * UNAVAILABLE: up to RETRY.maxAttempts attempts with jittered exponential backoff, inside the call's
   * deadline and within the channel's retry budget (RETRY_BUDGET).
   */
  readonly retryable?: readonly Method[];
  /** Fail fast while the dependency is down instead of waiting out each deadline; off when absent. */
  readonly breaker?: BreakerOptions;
}

/** The retry policy every retryable method gets (gRPC service-config names and units). */
export const RETRY = Object.freeze({
  // gRPC's default ceiling is five attempts, which leaves 0.3^5 ≈ 0.24 % of calls failing against a
  // replica that fails 30 % of attempts: about one page in 200 of a shop. Twelve leave 0.3^12 ≈ 5e-7.
  // What bounds the extra load in an outage is the retry budget below, not this number. The backoff is
  // short so that twelve attempts fit well inside a page's deadline (at most 355 ms of waiting, about
  // half that on average with gRPC's jitter): a dependency that is down still answers UNAVAILABLE,
  // not a deadline.
  maxAttempts: 12,
  initialBackoff: '0.005s',
  maxBackoff: '0.04s',
  backoffMultiplier: 2,
  retryableStatusCodes: ['UNAVAILABLE'],
});

/**
 * The retry budget (gRPC `retryThrottling`), one per target. Each failed attempt costs a token and each
 * success earns `tokenRatio` back; retries stop while half the tokens or fewer are left. In an outage
 * (every attempt failing) that allows maxTokens / 2 = 15 extra attempts in all, so the load on a
 * struggling dependency is not multiplied. At a 30 % failure rate a call costs about 0.43 failed
 * attempts and earns 1 token, so the budget holds and every failure is retried; a full budget also
 * leaves room for one call's twelve attempts (half of 30 is more than eleven failures).
 */
export const RETRY_BUDGET = Object.freeze({ maxTokens: 30, tokenRatio: 1 });

/**
 * Channel options shared by every client. The target may name several addresses (`dns:///name:port`,
 * or `ipv4:127.0.0.2:7000,127.0.0.3:7000`), so calls are spread round_robin over every replica that
 * is up; a plain `host:port` is resolved through DNS the same way.
 */
export const TRANSPORT_OPTIONS: ChannelOptions = Object.freeze({
  // grpc-js caps every retry policy at five attempts unless the channel allows more.
  'grpc-node.retry_max_attempts_limit': RETRY.maxAttempts,
  // grpc-js's default backoff grows to 120 s (×1.6 per failed attempt): after a restart a caller could
  // wait many seconds before even trying again. 800 ms plus grpc-js's 20 % jitter stays under 1 s.
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 800,
  // A peer that vanished without closing its connections (a node lost, a pod's network gone) is noticed
  // within 25 s instead of when the operating system gives up; idle channels are checked too. Our
  // servers accept pings this often (grpc-js servers do not police ping rates).
  'grpc.keepalive_time_ms': 20_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
  // Replicas added behind a DNS name are found at the next re-resolution; servers close connections
  // after a maximum age, which triggers one, so keep the floor between two resolutions low.
  'grpc.dns_min_time_between_resolutions_ms': 5_000,
});

/** The `grpc.service_config` for a service's channel: round_robin, plus retries for the listed methods. */
export function serviceConfigFor(serviceName: string, retryable: readonly string[] = []): string {
  const config: Record<string, unknown> = { loadBalancingConfig: [{ round_robin: {} }] };
  if (retryable.length > 0) {
    config.methodConfig = [{ name: retryable.map((method) => ({ service: serviceName, method })), retryPolicy: RETRY }];
    config.retryThrottling = RETRY_BUDGET;
  }
  return JSON.stringify(config);
}

/** Every channel option for a client of `serviceName` under `policy`. */
export function channelOptionsFor(serviceName: string, policy: ClientPolicy = {}): ChannelOptions {
  return { ...TRANSPORT_OPTIONS, 'grpc.service_config': serviceConfigFor(serviceName, policy.retryable) };
}
