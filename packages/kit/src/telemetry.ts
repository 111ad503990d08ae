import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { addShutdownHook } from './lifecycle';
import type { TelemetryConfig } from './tracing-config';

// Probes call these constantly; tracing them would bury the real traffic.
const HEALTH_METHODS = ['Check', 'Watch'];
const HEALTH_PATHS = ['/_healthz'];

/**
 * Starts the OpenTelemetry Node SDK: W3C trace context, OTLP export configured by the standard
 * OTEL_* variables (endpoint, protocol, sampler), and the instrumentations the shop uses. Its flush
 * runs as a shutdown hook, after the servers have drained.
 */
export function startTelemetry(config: TelemetryConfig): NodeSDK {
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    instrumentations: [
      new GrpcInstrumentation({ ignoreGrpcMethods: HEALTH_METHODS }),
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => HEALTH_PATHS.some((suffix) => request.url?.endsWith(suffix) ?? false),
      }),
      new ExpressInstrumentation(),
      new IORedisInstrumentation(),
      new PinoInstrumentation({ logKeys: { traceId: 'trace_id', spanId: 'span_id', traceFlags: 'trace_flags' } }),
    ],
  });
  sdk.start();
  addShutdownHook(() => sdk.shutdown());
  return sdk;
}
