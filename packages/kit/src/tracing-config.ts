import path from 'node:path';

export interface TelemetryConfig {
  serviceName: string;
  /** Standard OTEL_* variables to set before the SDK reads them (derived from the original's variables). */
  env: Record<string, string>;
}

/**
 * Decides whether telemetry starts and how, from the environment alone: on when ENABLE_TRACING=1
 * (the original's switch) or any OTLP endpoint is set, off otherwise. The original's
 * COLLECTOR_SERVICE_ADDR (host:port of an OTLP/gRPC collector) becomes the standard endpoint.
 */
export function telemetryConfig(
  env: Readonly<Record<string, string | undefined>>,
  mainScript = '',
): TelemetryConfig | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const enabled = env.ENABLE_TRACING === '1' || env.ENABLE_TRACING?.toLowerCase() === 'true' || Boolean(endpoint);
  if (!enabled) return undefined;

  const derived: Record<string, string> = {};
  if (!endpoint && env.COLLECTOR_SERVICE_ADDR) {
    derived.OTEL_EXPORTER_OTLP_ENDPOINT = `http://${env.COLLECTOR_SERVICE_ADDR}`;
    if (!env.OTEL_EXPORTER_OTLP_PROTOCOL) derived.OTEL_EXPORTER_OTLP_PROTOCOL = 'grpc';
  }
  return { serviceName: env.OTEL_SERVICE_NAME || serviceNameFromScript(mainScript), env: derived };
}

/** "services/cartservice/dist/main.js" → "cartservice"; "frontend/dist/main.js" → "frontend". */
export function serviceNameFromScript(mainScript: string): string {
  const parts = path.resolve(mainScript).split(path.sep);
  const dist = parts.lastIndexOf('dist');
  return (dist > 0 ? parts[dist - 1] : undefined) ?? 'unknown_service';
}
