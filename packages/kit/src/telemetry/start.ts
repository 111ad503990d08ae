import { metrics, trace } from '@opentelemetry/api';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { installTelemetryHooks } from './hooks';
import {
  createCounterMaker,
  createHttpServerObserver,
  createRpcClientObserver,
  createRpcServerObserver,
} from './instruments';
import type { TelemetryConfig } from './tracing-config';

const EVENT_LOOP_SAMPLE_MS = 100;

/**
 * Starts the OpenTelemetry Node SDK: W3C trace context, OTLP export configured by the standard
 * OTEL_* variables (endpoint, protocol, sampler), a Prometheus endpoint when METRICS_PORT is set.
 * gRPC calls (both ends) and HTTP requests served are traced by the kit's own hooks
 * (instruments.ts); library instrumentations cover what the kit does not own: Redis commands, log
 * correlation and the runtime. Health checks never reach the hooks, so they are not traced. The
 * SDK's flush runs as a shutdown hook, after the servers have drained.
 */
export function startTelemetry(config: TelemetryConfig): NodeSDK {
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    instrumentations: [
      // Keys can identify users (the cart's are user ids): a span records the command name, never its key or values.
      new IORedisInstrumentation({ dbStatementSerializer: (command) => command }),
      new PinoInstrumentation({
        logKeys: { traceId: 'trace_id', spanId: 'span_id', traceFlags: 'trace_flags' },
        // Log lines go to stdout (the platform collects them); OTLP only when explicitly asked for.
        disableLogSending: (process.env.OTEL_LOGS_EXPORTER ?? 'none') === 'none',
      }),
      // Event-loop delay sampled every 100 ms, not the default 10: each sample wakes an idle process,
      // and at 10 ms those wake-ups alone cost about 1 % of a core in each of the eleven processes.
      ...(config.metrics ? [new RuntimeNodeInstrumentation({ monitoringPrecision: EVENT_LOOP_SAMPLE_MS })] : []),
    ],
  });
  sdk.start();
  const tracer = config.traces ? trace.getTracer('@boutique/kit') : undefined;
  const meter = config.metrics ? metrics.getMeter('@boutique/kit') : undefined;
  installTelemetryHooks({
    rpcServer: createRpcServerObserver(tracer, meter),
    ...(tracer ? { rpcClient: createRpcClientObserver(tracer) } : {}),
    http: createHttpServerObserver(tracer, meter),
    ...(meter ? { counters: createCounterMaker(meter) } : {}),
  });
  // Required only now: lifecycle loads the logger and so pino, which must be loaded after the pino
  // instrumentation is registered, or log lines never get their trace_id.
  (require('../lifecycle') as typeof import('../lifecycle')).addShutdownHook(() => sdk.shutdown());
  return sdk;
}
