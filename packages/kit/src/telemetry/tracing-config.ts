import path from 'node:path';
import { readEnv } from '../config';

export interface TelemetryConfig {
  serviceName: string;
  /** Standard OTEL_* variables to set before the SDK reads them (derived from the original's variables). */
  env: Record<string, string>;
  /** Spans are recorded and exported over OTLP. */
  traces: boolean;
  /** Metrics are recorded (RED per RPC and route, runtime, business counters) and exported. */
  metrics: boolean;
}

const isOn = (value: string | undefined) => value === '1' || value?.toLowerCase() === 'true';
const isNone = (value: string | undefined) => value?.trim().toLowerCase() === 'none';

/**
 * Decides whether telemetry starts and how, from the environment alone.
 * - Traces are on when ENABLE_TRACING=1 (the original's switch) or an OTLP endpoint is set. The
 *   original's COLLECTOR_SERVICE_ADDR (host:port of an OTLP/gRPC collector) becomes the standard
 *   endpoint; ENABLE_TRACING=1 alone sends OTLP/gRPC to localhost:4317, as the original's Python
 *   services do.
 * - Metrics are on whenever traces are (exported over OTLP beside them), and when METRICS_PORT is
 *   set (a Prometheus scrape endpoint on that port).
 * - Off otherwise: undefined, and the preload loads nothing.
 * Explicit OTEL_* variables always win over what is derived here. Logs are not exported over OTLP
 * unless OTEL_LOGS_EXPORTER asks for it: they go to stdout, where the platform collects them.
 */
export function telemetryConfig(
  env: Readonly<Record<string, string | undefined>>,
  mainScript = '',
): TelemetryConfig | undefined {
  const read = readEnv(env);
  const metricsPort = read.optional('METRICS_PORT') === undefined ? undefined : read.port('METRICS_PORT', 0);
  read.done();

  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const traces = (isOn(env.ENABLE_TRACING) || Boolean(endpoint)) && !isNone(env.OTEL_TRACES_EXPORTER);
  const metrics = (traces || metricsPort !== undefined) && !isNone(env.OTEL_METRICS_EXPORTER);
  if (!traces && !metrics) return undefined;

  const derived: Record<string, string> = {};
  const derive = (name: string, value: string) => {
    if (!env[name]) derived[name] = value;
  };
  if (traces && !endpoint) {
    derive('OTEL_EXPORTER_OTLP_ENDPOINT', `http://${env.COLLECTOR_SERVICE_ADDR || 'localhost:4317'}`);
    derive('OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc');
  }
  if (!traces) derive('OTEL_TRACES_EXPORTER', 'none');
  if (metrics) {
    const exporters = [...(traces ? ['otlp'] : []), ...(metricsPort !== undefined ? ['prometheus'] : [])];
    derive('OTEL_METRICS_EXPORTER', exporters.join(','));
    if (metricsPort !== undefined) derive('OTEL_EXPORTER_PROMETHEUS_PORT', String(metricsPort));
  }
  derive('OTEL_LOGS_EXPORTER', 'none');

  return {
    serviceName: env.OTEL_SERVICE_NAME || serviceNameFromScript(mainScript),
    env: derived,
    traces,
    metrics,
  };
}

/** The folder that holds the script's dist/: "services/orders/dist/main.js" → "orders"; "web/dist/main.js" → "web". */
export function serviceNameFromScript(mainScript: string): string {
  const parts = path.resolve(mainScript).split(path.sep);
  const dist = parts.lastIndexOf('dist');
  return (dist > 0 ? parts[dist - 1] : undefined) ?? 'unknown_service';
}
