import { metrics } from '@opentelemetry/api';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createBusinessSink, createRpcObserver } from './instruments';
import { installTelemetryHooks } from './metrics';
import type { TelemetryConfig } from './tracing-config';

// Probes call these constantly; tracing them would bury the real traffic.
const HEALTH_METHODS = ['Check', 'Watch'];
const HEALTH_PATHS = ['/_healthz'];

/**
 * Starts the OpenTelemetry Node SDK: W3C trace context, OTLP export configured by the standard
 * OTEL_* variables (endpoint, protocol, sampler), a Prometheus endpoint when METRICS_PORT is set,
 * the instrumentations the shop uses, and the kit's own RPC and business instruments. Its flush
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
      // Only for the route: it names the HTTP span ("POST /cart/checkout") and labels
      // http.server.request.duration. Spans per express layer would double the frontend's spans for
      // little insight (the gRPC client spans already show where a page's time goes).
      new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER, ExpressLayerType.REQUEST_HANDLER],
      }),
      // The cart's keys are user ids: a span records the command name, never its key or values.
      new IORedisInstrumentation({ dbStatementSerializer: (command) => command }),
      new PinoInstrumentation({
        logKeys: { traceId: 'trace_id', spanId: 'span_id', traceFlags: 'trace_flags' },
        // Log lines go to stdout (the platform collects them); OTLP only when explicitly asked for.
        disableLogSending: (process.env.OTEL_LOGS_EXPORTER ?? 'none') === 'none',
      }),
      ...(config.metrics ? [new RuntimeNodeInstrumentation()] : []),
    ],
  });
  sdk.start();
  const meter = config.metrics ? metrics.getMeter('@boutique/kit') : undefined;
  installTelemetryHooks({
    rpc: createRpcObserver(meter),
    ...(meter ? { business: createBusinessSink(meter) } : {}),
  });
  // Required only now: lifecycle loads the logger and so pino, which must be loaded after the pino
  // instrumentation is registered, or log lines never get their trace_id.
  (require('./lifecycle') as typeof import('./lifecycle')).addShutdownHook(() => sdk.shutdown());
  return sdk;
}
