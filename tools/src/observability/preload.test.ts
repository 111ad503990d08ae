import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkHealth, hipstershop } from '@boutique/kit';
import { startServiceProcess } from '@boutique/kit/testing';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { freePort } from '../ports';
import { type Receiver, SPAN_KIND, startReceiver } from './receiver';

// Service-level tests of the kit's tracing preload: a kit-built gRPC server (fixture-server.ts) runs
// as its own process with `--require=@boutique/kit/tracing`, as in its container, and exports to a
// receiver of the test's own.

const FIXTURE = path.join(__dirname, 'fixture-server.js');

interface Fixture {
  address: string;
  lines: string[];
  /** SIGTERM, wait for the drain and exit; returns how many @opentelemetry modules the process loaded. */
  stop(): Promise<number>;
}

async function startFixture(env: Record<string, string>): Promise<Fixture> {
  // Only PATH and these variables: no telemetry setting of the test's own environment leaks in.
  const fixture = startServiceProcess(
    FIXTURE,
    { PORT: '0', LOG_LEVEL: 'info', OTEL_SERVICE_NAME: 'fixture', ...env },
    { nodeArgs: [`--require=${require.resolve('@boutique/kit/tracing')}`] },
  );
  const port = await fixture.serving;
  return {
    address: `127.0.0.1:${port}`,
    get lines() {
      return fixture.lines.map((line) => JSON.stringify(line));
    },
    async stop() {
      fixture.child.kill('SIGTERM');
      await fixture.exited;
      const report = fixture.lines.find((line) => 'otelModules' in line);
      assert.ok(report, `no module report in:\n${fixture.lines.map((line) => JSON.stringify(line)).join('\n')}`);
      return report.otelModules as number;
    },
  };
}

type QuoteRequest = { items: Array<{ productId: string; quantity: number }> };

function getQuote(address: string, request: QuoteRequest): Promise<{ code: number }> {
  const client = new hipstershop.ShippingService(address, credentials.createInsecure());
  return new Promise((resolve) => {
    client.GetQuote(request, { deadline: Date.now() + 5_000 }, (err: ServiceError | null) => {
      client.close();
      resolve({ code: err ? err.code : 0 });
    });
  });
}

const ONE_ITEM: QuoteRequest = { items: [{ productId: 'OLJCESPC7Z', quantity: 2 }] };

describe('tracing preload, off', () => {
  it('no tracing variables (a collector address alone is not a switch) → no OpenTelemetry module loaded and nothing sent', async () => {
    const receiver = await startReceiver();
    try {
      const fixture = await startFixture({ COLLECTOR_SERVICE_ADDR: receiver.url.replace('http://', '') });
      assert.equal((await getQuote(fixture.address, ONE_ITEM)).code, 0);
      assert.equal((await getQuote(fixture.address, { items: [] })).code, 3);
      assert.equal(await fixture.stop(), 0);
      assert.deepEqual(receiver.requests, {});
      assert.ok(fixture.lines.some((line) => line.includes('"quoting"') && !line.includes('trace_id')));
    } finally {
      await receiver.close();
    }
  });
});

describe('tracing preload, on (OTLP/HTTP JSON to a receiver)', () => {
  let receiver: Receiver;
  let fixture: Fixture;
  let modules: number;

  before(async () => {
    receiver = await startReceiver();
    fixture = await startFixture({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '300',
    });
    assert.equal(await checkHealth(fixture.address, '', 2_000), 'SERVING');
    assert.equal((await getQuote(fixture.address, ONE_ITEM)).code, 0);
    assert.equal((await getQuote(fixture.address, { items: [] })).code, 3);
    assert.equal(await checkHealth(fixture.address, '', 2_000), 'SERVING');
    await receiver.waitFor(
      'two GetQuote spans',
      () => receiver.spans.filter((s) => s.name.endsWith('GetQuote')).length >= 2,
    );
    // The event-loop delay is sampled every 100 ms and reported from five samples on.
    await receiver.waitFor('an event-loop delay point', () =>
      receiver.points.some((point) => point.metric === 'nodejs.eventloop.delay.p99'),
    );
    modules = await fixture.stop(); // the SDK flushes the rest on the way out
  });
  after(() => receiver.close());

  it('the SDK was loaded', () => {
    assert.ok(modules > 0);
  });

  it('each call → a server span named after the RPC, with rpc.* and the kit attributes, under the service name', () => {
    const [ok, failed] = receiver.spans.filter((span) => span.name.endsWith('GetQuote'));
    assert.ok(ok && failed);
    assert.equal(ok.service, 'fixture');
    assert.equal(ok.kind, SPAN_KIND.server);
    assert.equal(ok.name, 'hipstershop.ShippingService/GetQuote');
    assert.equal(ok.attributes['rpc.system'], 'grpc');
    assert.equal(ok.attributes['rpc.grpc.status_code'], 0);
    assert.equal(ok.attributes['app.items.count'], 1);
    assert.equal(failed.attributes['rpc.grpc.status_code'], 3);
  });

  it('health checks → no span', () => {
    assert.deepEqual(
      receiver.spans.filter((span) => span.name.includes('Health')),
      [],
    );
  });

  it('a log line written inside the call → carries that call’s trace_id and span_id', () => {
    const [span] = receiver.spans.filter((s) => s.name.endsWith('GetQuote'));
    const line = fixture.lines.find((l) => l.includes('"quoting"'));
    assert.ok(span && line);
    const record = JSON.parse(line) as { trace_id?: string; span_id?: string };
    assert.equal(record.trace_id, span.traceId);
    assert.equal(record.span_id, span.spanId);
  });

  it('rpc.server.duration → one sample per call, labelled with the status code', () => {
    const latest = new Map<string, number>();
    for (const point of receiver.points.filter((p) => p.metric === 'rpc.server.duration')) {
      latest.set(`${point.attributes['rpc.method']} ${point.attributes['rpc.grpc.status_code']}`, point.value);
    }
    assert.deepEqual(Object.fromEntries(latest), { 'GetQuote 0': 1, 'GetQuote 3': 1 });
  });

  it('runtime metrics → event-loop delay and heap are exported', () => {
    const names = new Set(receiver.points.map((point) => point.metric));
    assert.ok(names.has('nodejs.eventloop.delay.p99'), [...names].join(', '));
    assert.ok(
      [...names].some((name) => name.startsWith('v8js.memory.heap')),
      [...names].join(', '),
    );
  });
});

describe('tracing preload, sampling', () => {
  it('OTEL_TRACES_SAMPLER=parentbased_traceidratio with ratio 0 → no spans, metrics still exported, logs flagged unsampled', async () => {
    const receiver = await startReceiver();
    try {
      const fixture = await startFixture({
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_METRIC_EXPORT_INTERVAL: '300',
      });
      assert.equal((await getQuote(fixture.address, ONE_ITEM)).code, 0);
      await receiver.waitFor('the call in the metrics', () =>
        receiver.points.some((p) => p.metric === 'rpc.server.duration' && p.attributes['rpc.method'] === 'GetQuote'),
      );
      await fixture.stop();
      assert.deepEqual(receiver.spans, []);
      // Log lines still carry the (unsampled) trace id, flagged as such.
      const line = fixture.lines.find((l) => l.includes('"quoting"'));
      assert.equal((JSON.parse(line ?? '{}') as { trace_flags?: string }).trace_flags, '00', line);
    } finally {
      await receiver.close();
    }
  });
});

describe('tracing preload, METRICS_PORT', () => {
  it('METRICS_PORT alone → a Prometheus /metrics endpoint with the RED histogram; no traces sent', async () => {
    const receiver = await startReceiver();
    const metricsPort = await freePort();
    try {
      const fixture = await startFixture({
        METRICS_PORT: String(metricsPort),
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        COLLECTOR_SERVICE_ADDR: receiver.url.replace('http://', ''),
      });
      assert.equal((await getQuote(fixture.address, ONE_ITEM)).code, 0);
      assert.equal((await getQuote(fixture.address, { items: [] })).code, 3);
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      await fixture.stop();
      const count = (code: number) =>
        text
          .split('\n')
          .find(
            (line) =>
              line.startsWith('rpc_server_duration_count{') &&
              line.includes('rpc_method="GetQuote"') &&
              line.includes(`rpc_grpc_status_code="${code}"`),
          );
      assert.match(count(0) ?? '', / 1$/, text);
      assert.match(count(3) ?? '', / 1$/, text);
      assert.deepEqual(receiver.requests, {});
    } finally {
      await receiver.close();
    }
  });
});
