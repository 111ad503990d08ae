// The kit's public surface: what every Online Boutique service needs, and nothing one service owns.

export { status } from '@grpc/grpc-js';
export { ConfigError, type EnvReader, parseDuration, readEnv } from './config';
export {
  DomainError,
  deadlineExceeded,
  type ErrorKind,
  failedPrecondition,
  invalidArgument,
  isDomainError,
  notFound,
  unavailable,
} from './errors';
export { type BreakerOptions, type BreakerState, CircuitBreaker } from './grpc/breaker';
export { type CallOpts, type ClientOptions, closeAllChannels, createClient, type UnaryClient } from './grpc/client';
export { type Fault, FaultInjector, type FaultRule, faultsFromEnv, parseFaults } from './grpc/faults';
export { checkHealth } from './grpc/health';
export { parseSpiffeId, type SpiffeId } from './grpc/identity';
export { type ClientPolicy, RETRY, RETRY_BUDGET, TRANSPORT_OPTIONS } from './grpc/policy';
export { type Running, type ServeOptions, type ServiceEntry, serve } from './grpc/server';
export { httpStatusFor, isServiceError, toServiceError } from './grpc/status';
export {
  createTransport,
  readTransportSettings,
  type Transport,
  type TransportSettings,
  transportFromEnv,
} from './grpc/transport';
export { type UnaryOptions, unary } from './grpc/unary';
export { warmUpUntilDone } from './grpc/warm-up';
export { addShutdownHook, exitOnSignals, runShutdownHooks, shutdownDelayFromEnv } from './lifecycle';
export { initLogger, type Logger, logger, maskCardNumbers } from './logger';
export type { Money } from './money';
export * as money from './money';
export { hipstershop, hipstershopDefinition, LOADER_OPTIONS, PROTO_PATH } from './proto';
export { characterCount, QUOTED_PREFIX_LENGTH, quoteInput, requireMaxLength } from './quote';
export { type Counter, createCounter } from './telemetry/counters';
export {
  type CounterAttributes,
  type CounterInstrument,
  type CounterMaker,
  type CounterOptions,
  httpServerObserver,
  installTelemetryHooks,
  type TelemetryHooks,
} from './telemetry/hooks';
export {
  type DeclaredSpanAttributes,
  declaredAttributes,
  type SpanAttributeDeclarations,
  type SpanAttributesOf,
  USER_HASH_ATTRIBUTE,
  userHashAttribute,
  userIdHash,
} from './telemetry/span-attributes';
export { TtlCache } from './ttl-cache';
