import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';

// A small OTLP/HTTP receiver for tests and benchmarks: the real exporters of the services send to
// it. It decodes OTLP/JSON (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) into flat spans and metric
// points; in `discard` mode it only counts what arrives (for measuring the exporters' cost).

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Attributes;
}

export interface ReceivedPoint {
  service: string;
  metric: string;
  attributes: Attributes;
  /** Number of measurements for a histogram; the value for a sum or gauge. */
  value: number;
}

export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;

export interface Receiver {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://127.0.0.1:43123. */
  url: string;
  /** Export requests received, by signal path (/v1/traces, /v1/metrics, /v1/logs). */
  requests: Record<string, number>;
  /** Total body bytes received. */
  bytes: number;
  spans: ReceivedSpan[];
  points: ReceivedPoint[];
  /** Polls (every 100 ms) until `check` returns a value other than undefined/false, or fails after timeoutMs. */
  waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

type OtlpAnyValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpAnyValue[] };
};
type OtlpAttribute = { key: string; value?: OtlpAnyValue };
type OtlpResource = { resource?: { attributes?: OtlpAttribute[] } };

function anyValue(value: OtlpAnyValue | undefined): AttributeValue {
  if (!value) return '';
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue) return JSON.stringify((value.arrayValue.values ?? []).map(anyValue));
  return JSON.stringify(value);
}

/** OTLP's key/value list as a plain object (arrays are kept as their JSON text). */
export function attributesOf(list: OtlpAttribute[] | undefined): Attributes {
  const attributes: Attributes = {};
  for (const { key, value } of list ?? []) attributes[key] = anyValue(value);
  return attributes;
}

function serviceOf(resource: OtlpResource): string {
  return String(attributesOf(resource.resource?.attributes)['service.name'] ?? '');
}

type TracesRequest = {
  resourceSpans?: Array<
    OtlpResource & {
      scopeSpans?: Array<{
        spans?: Array<{
          traceId: string;
          spanId: string;
          parentSpanId?: string;
          name: string;
          kind?: number;
          attributes?: OtlpAttribute[];
        }>;
      }>;
    }
  >;
};

/** Flattens an OTLP/JSON ExportTraceServiceRequest. */
export function decodeSpans(request: TracesRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = serviceOf(resourceSpans);
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind ?? 0,
        attributes: attributesOf(span.attributes),
      })),
    );
  });
}

type DataPoint = { attributes?: OtlpAttribute[]; count?: string | number; asInt?: string | number; asDouble?: number };
type MetricsRequest = {
  resourceMetrics?: Array<
    OtlpResource & {
      scopeMetrics?: Array<{
        metrics?: Array<{
          name: string;
          histogram?: { dataPoints?: DataPoint[] };
          exponentialHistogram?: { dataPoints?: DataPoint[] };
          sum?: { dataPoints?: DataPoint[] };
          gauge?: { dataPoints?: DataPoint[] };
        }>;
      }>;
    }
  >;
};

/** Flattens an OTLP/JSON ExportMetricsServiceRequest into one entry per data point. */
export function decodeMetrics(request: MetricsRequest): ReceivedPoint[] {
  return (request.resourceMetrics ?? []).flatMap((resourceMetrics) => {
    const service = serviceOf(resourceMetrics);
    return (resourceMetrics.scopeMetrics ?? []).flatMap((scope) =>
      (scope.metrics ?? []).flatMap((metric) => {
        const histogram = metric.histogram ?? metric.exponentialHistogram;
        const points = histogram?.dataPoints ?? metric.sum?.dataPoints ?? metric.gauge?.dataPoints ?? [];
        return points.map((point) => ({
          service,
          metric: metric.name,
          attributes: attributesOf(point.attributes),
          value: Number(histogram ? point.count : (point.asInt ?? point.asDouble ?? 0)),
        }));
      }),
    );
  });
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

/** Starts the receiver on a free loopback port. */
export async function startReceiver(options: { discard?: boolean } = {}): Promise<Receiver> {
  const requests: Record<string, number> = {};
  const spans: ReceivedSpan[] = [];
  const points: ReceivedPoint[] = [];
  const receiver = { requests, bytes: 0, spans, points } as Receiver;

  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => {
        const path = request.url ?? '';
        requests[path] = (requests[path] ?? 0) + 1;
        receiver.bytes += body.length;
        const json = String(request.headers['content-type']).includes('json');
        if (!options.discard && json && body.length > 0) {
          const parsed: unknown = JSON.parse(body.toString('utf8'));
          if (path === '/v1/traces') spans.push(...decodeSpans(parsed as TracesRequest));
          if (path === '/v1/metrics') points.push(...decodeMetrics(parsed as MetricsRequest));
        }
        // An empty Export*ServiceResponse: everything accepted.
        response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
        response.end(json ? '{}' : undefined);
      },
      (err: unknown) => {
        response.writeHead(400).end(String(err));
      },
    );
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.waitFor = async (what, check, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = check();
      if (result !== undefined && result !== false) return result as never;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(100);
    }
  };
  receiver.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
