import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../config';
import { serviceNameFromScript, telemetryConfig } from './tracing-config';

const MAIN = '/srv/services/cartservice/dist/main.js';

describe('telemetryConfig', () => {
  it('nothing set → off (the preload loads nothing)', () => {
    assert.equal(telemetryConfig({}, MAIN), undefined);
  });

  it('ENABLE_TRACING=0 or anything but 1/true → off', () => {
    for (const value of ['0', 'false', 'yes', ''])
      assert.equal(telemetryConfig({ ENABLE_TRACING: value }, MAIN), undefined);
  });

  it('ENABLE_TRACING=1 + COLLECTOR_SERVICE_ADDR → traces and metrics over OTLP/gRPC to the collector', () => {
    assert.deepEqual(telemetryConfig({ ENABLE_TRACING: '1', COLLECTOR_SERVICE_ADDR: 'otel-collector:4317' }, MAIN), {
      serviceName: 'cartservice',
      traces: true,
      metrics: true,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4317',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_LOGS_EXPORTER: 'none',
      },
    });
  });

  it('ENABLE_TRACING=true alone → OTLP/gRPC to localhost:4317, as the original Python services default', () => {
    const config = telemetryConfig({ ENABLE_TRACING: 'true' }, MAIN);
    assert.equal(config?.env.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://localhost:4317');
    assert.equal(config?.env.OTEL_EXPORTER_OTLP_PROTOCOL, 'grpc');
  });

  it('an OTLP endpoint → on, and the standard variables are left to the SDK', () => {
    const config = telemetryConfig(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      MAIN,
    );
    assert.deepEqual(config?.env, { OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'none' });
    assert.equal(config?.traces, true);
  });

  it('a traces-only OTLP endpoint → on', () => {
    assert.equal(
      telemetryConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' }, MAIN)?.traces,
      true,
    );
  });

  it('explicit OTEL_* variables win over derived ones', () => {
    const config = telemetryConfig(
      {
        ENABLE_TRACING: '1',
        COLLECTOR_SERVICE_ADDR: 'collector:4317',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_METRICS_EXPORTER: 'console',
        OTEL_LOGS_EXPORTER: 'otlp',
      },
      MAIN,
    );
    assert.deepEqual(config?.env, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317' });
  });

  it('METRICS_PORT alone → metrics on a Prometheus endpoint, traces off', () => {
    assert.deepEqual(telemetryConfig({ METRICS_PORT: '9464' }, MAIN), {
      serviceName: 'cartservice',
      traces: false,
      metrics: true,
      env: {
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_EXPORTER_PROMETHEUS_PORT: '9464',
        OTEL_LOGS_EXPORTER: 'none',
      },
    });
  });

  it('tracing and METRICS_PORT → metrics both over OTLP and on the Prometheus endpoint', () => {
    const config = telemetryConfig({ ENABLE_TRACING: '1', METRICS_PORT: '9464' }, MAIN);
    assert.equal(config?.env.OTEL_METRICS_EXPORTER, 'otlp,prometheus');
  });

  it('OTEL_METRICS_EXPORTER=none → traces only', () => {
    const config = telemetryConfig({ ENABLE_TRACING: '1', OTEL_METRICS_EXPORTER: 'none' }, MAIN);
    assert.equal(config?.traces, true);
    assert.equal(config?.metrics, false);
  });

  it('OTEL_TRACES_EXPORTER=none and no METRICS_PORT → off', () => {
    assert.equal(
      telemetryConfig({ ENABLE_TRACING: '1', OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' }, MAIN),
      undefined,
    );
  });

  it('a malformed METRICS_PORT → ConfigError naming it', () => {
    assert.throws(
      () => telemetryConfig({ METRICS_PORT: 'nine' }, MAIN),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /METRICS_PORT/);
        return true;
      },
    );
  });

  it('OTEL_SERVICE_NAME wins over the name taken from the script path', () => {
    assert.equal(telemetryConfig({ ENABLE_TRACING: '1', OTEL_SERVICE_NAME: 'cart' }, MAIN)?.serviceName, 'cart');
  });
});

describe('serviceNameFromScript', () => {
  it('a service entry point → its folder name', () => {
    assert.equal(serviceNameFromScript('/srv/services/cartservice/dist/main.js'), 'cartservice');
    assert.equal(serviceNameFromScript('/srv/frontend/dist/main.js'), 'frontend');
  });

  it('a script outside any dist folder → unknown_service', () => {
    assert.equal(serviceNameFromScript('/tmp/script.js'), 'unknown_service');
  });
});
