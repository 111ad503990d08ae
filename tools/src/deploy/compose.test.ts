// docker-compose.yml: accepted by docker-compose, agreeing with the services table, and runnable on
// both Docker and Podman.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { IMAGES, isServer, SERVICES as LAUNCHED, REPO_ROOT } from '../services';
import { copies, parseDockerfile } from './dockerfile';
import { composeFile, exists, GRPC_SERVICES, type K8sObject, read, run, SERVICES } from './support';
import { readWorkspaces } from './workspaces';

const compose = composeFile();
const services: Record<string, K8sObject> = compose.services;
/** A compose value as docker-compose reads it with none of its variables set: ${NAME:-default} → default. */
const withDefaults = (value: string) => value.replace(/\$\{\w+:-([^}]*)\}/g, '$1');
const config = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run('docker-compose', ['-f', 'docker-compose.yml', ...args, 'config'], { env: { ...process.env, ...env } });

describe('docker-compose.yml', () => {
  it('docker-compose config accepts the file, alone and with the load and observability profiles', () => {
    for (const profiles of [[], ['--profile', 'load'], ['--profile', 'load', '--profile', 'observability']]) {
      const result = config(profiles);
      assert.equal(result.status, 0, `${profiles.join(' ')}: ${result.stderr}`);
    }
  });

  it('the default profile runs the ten serving services and Redis; load and observability are opt-in', () => {
    const byProfile = (profile?: string) =>
      Object.keys(services)
        .filter((name) => (services[name]!.profiles?.[0] as string | undefined) === profile)
        .sort();
    assert.deepEqual(byProfile(undefined), [...GRPC_SERVICES.map((s) => s.name), 'frontend', 'redis-cart'].sort());
    assert.deepEqual(byProfile('load'), ['loadgenerator']);
    assert.deepEqual(byProfile('observability'), ['jaeger', 'otel-collector', 'prometheus']);
  });

  it('only the frontend publishes a port (8080); observability UIs bind to loopback only', () => {
    for (const [name, service] of Object.entries(services)) {
      const ports: string[] = service.ports ?? [];
      if (name === 'frontend') {
        // Port 8080 on the host unless FRONTEND_PUBLISH says where (e.g. 127.0.0.1:8080 for loopback only).
        // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation syntax, not JavaScript
        assert.deepEqual(ports, ['${FRONTEND_PUBLISH:-8080}:8080']);
        assert.deepEqual(ports.map(withDefaults), ['8080:8080']);
      } else if (service.profiles?.[0] === 'observability')
        for (const p of ports) assert.match(p, /^127\.0\.0\.1:/, name);
      else assert.deepEqual(ports, [], name);
    }
  });

  it('every service has a memory limit, a read-only root filesystem and no capabilities', () => {
    for (const [name, service] of Object.entries(services)) {
      assert.match(String(service.mem_limit), /^[0-9]+m$/, name);
      assert.equal(service.read_only, true, name);
      assert.deepEqual(service.cap_drop, ['ALL'], name);
    }
    for (const service of SERVICES) assert.equal(services[service.name]!.user, '1000:1000', service.name);
  });

  it("gRPC services are health-checked with the kit's gRPC probe, the frontend with its own /_healthz probe", () => {
    for (const service of GRPC_SERVICES) {
      assert.deepEqual(
        services[service.name]!.healthcheck.test,
        ['CMD', '/nodejs/bin/node', 'packages/kit/dist/health-probe.js'],
        service.name,
      );
    }
    for (const spec of LAUNCHED) {
      const probe = spec.health === 'grpc' ? 'packages/kit/dist/health-probe.js' : `${spec.dir}/dist/health-probe.js`;
      assert.deepEqual(services[spec.name]!.healthcheck.test, ['CMD', '/nodejs/bin/node', probe], spec.name);
    }
    // The frontend's probe asks 127.0.0.1:$PORT for /_healthz (frontend/src/health-probe.test.ts), and $PORT is 8080.
    assert.equal(services.frontend!.environment.PORT, '8080');
    assert.deepEqual(services['redis-cart']!.healthcheck.test, ['CMD', 'redis-cli', 'ping']);
  });

  it('no health check argument contains whitespace (Podman 4.3 splits such arguments, and the check never passes)', () => {
    let checked = 0;
    for (const [name, service] of Object.entries(services)) {
      const test: unknown = service.healthcheck?.test;
      if (test === undefined) continue;
      assert.ok(Array.isArray(test), `${name}: the exec form (a list), never one shell string`);
      assert.notEqual(test[0], 'CMD-SHELL', `${name}: no shell (distroless images have none)`);
      for (const arg of test as string[]) assert.doesNotMatch(arg, /\s/, `${name}: ${JSON.stringify(arg)}`);
      checked++;
    }
    assert.equal(checked, LAUNCHED.length + 1, 'the ten servers and Redis have a health check');
  });

  it('every health check script is in its image: under a dist/ its Dockerfile copies, compiled from a source file', () => {
    const graph = readWorkspaces(REPO_ROOT);
    for (const spec of LAUNCHED) {
      const script = (services[spec.name]!.healthcheck.test as string[])[2]!;
      const dockerfile = parseDockerfile(read(`${spec.dir}/Dockerfile`));
      const dests = copies(dockerfile.stages.at(-1)!).map((c) => c.dest);
      const dist = dests.find((d) => d.endsWith('/dist/') && script.startsWith(d));
      assert.ok(dist, `${spec.name}: ${script} is not in a dist/ the image copies`);
      const workspace = graph.workspaces.get(dist.slice(0, -'/dist/'.length));
      assert.ok(workspace, `${spec.name}: ${dist} is not a workspace's output`);
      const source = `${workspace.dir}/src/${script.slice(dist.length).replace(/\.js$/, '.ts')}`;
      assert.ok(exists(source), `${spec.name}: ${source} is missing`);
    }
  });

  it('start order is gated on health: each service waits for the services it calls to be healthy', () => {
    for (const [name, service] of Object.entries(services)) {
      const addrs = Object.entries(service.environment ?? {}).filter(
        ([k]) => k.endsWith('_ADDR') && k !== 'COLLECTOR_SERVICE_ADDR',
      );
      for (const [key, value] of addrs) {
        const host = String(value).split(':')[0]!;
        assert.equal(service.depends_on?.[host]?.condition, 'service_healthy', `${name}: ${key} → ${host}`);
      }
    }
  });

  it('every *_ADDR points at a compose service and the port it listens on', () => {
    const listens = (name: string) =>
      name === 'redis-cart' ? '6379' : name === 'otel-collector' ? '4317' : String(services[name]?.environment?.PORT);
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!key.endsWith('_ADDR')) continue;
        const [host, port] = String(value).split(':');
        assert.ok(services[host!], `${name}: ${key}=${value}`);
        assert.equal(port, listens(host!), `${name}: ${key}=${value}`);
      }
    }
  });

  it('Redis keeps an append-only file on a named volume, so carts survive restarts', () => {
    const redis = services['redis-cart']!;
    assert.deepEqual(redis.command.slice(0, 3), ['redis-server', '--appendonly', 'yes']);
    assert.deepEqual(redis.volumes, ['redis-data:/data']);
    assert.ok('redis-data' in compose.volumes);
  });

  it('tracing is switched on through env: off by default, ENABLE_TRACING=1 sends every service to the collector', () => {
    const rendered = (env: NodeJS.ProcessEnv) => {
      const result = config(['--profile', 'observability'], env);
      assert.equal(result.status, 0, result.stderr);
      return YAML.parse(result.stdout).services as Record<string, K8sObject>;
    };
    const off = rendered({ ENABLE_TRACING: '' });
    const on = rendered({ ENABLE_TRACING: '1' });
    for (const service of SERVICES.filter((s) => s.name !== 'loadgenerator')) {
      assert.equal(String(off[service.name]!.environment.ENABLE_TRACING), '0', service.name);
      assert.equal(String(on[service.name]!.environment.ENABLE_TRACING), '1', service.name);
      assert.equal(on[service.name]!.environment.COLLECTOR_SERVICE_ADDR, 'otel-collector:4317');
      assert.equal(on[service.name]!.environment.OTEL_SERVICE_NAME, service.name);
    }
    assert.equal(on['otel-collector']!.environment.JAEGER_OTLP_ENDPOINT, 'jaeger:4317');
  });

  it("fault injection is off by default; <SERVICE>_FAULTS sets one backend's FAULTS", () => {
    const rendered = (env: NodeJS.ProcessEnv) => {
      const result = config([], env);
      assert.equal(result.status, 0, result.stderr);
      return YAML.parse(result.stdout).services as Record<string, K8sObject>;
    };
    const rule = 'hipstershop.CurrencyService/Convert=UNAVAILABLE@0.3';
    const off = rendered({ CURRENCYSERVICE_FAULTS: '' });
    const on = rendered({ CURRENCYSERVICE_FAULTS: rule });
    for (const service of GRPC_SERVICES) {
      assert.equal(off[service.name]!.environment.FAULTS ?? '', '', service.name);
      assert.equal(on[service.name]!.environment.FAULTS ?? '', service.name === 'currencyservice' ? rule : '');
    }
  });

  it("the collector runs the Helm chart's configuration file (one file for both)", () => {
    const config = 'helm-chart/files/otel-collector.yaml';
    assert.deepEqual(services['otel-collector']!.volumes, [`./${config}:/etc/otelcol/config.yaml:ro`]);
    assert.ok(exists(config), config);
  });

  it('the services that build an image are the images of the services table, each on its container port', () => {
    const built = Object.keys(services).filter((name) => services[name]!.build !== undefined);
    assert.deepEqual(built.sort(), IMAGES.map((image) => image.name).sort());
    for (const image of IMAGES) {
      const environment = services[image.name]!.environment ?? {};
      if (isServer(image)) assert.equal(environment.PORT, String(image.containerPort), image.name);
      else assert.equal(environment.PORT, undefined, image.name);
    }
  });

  it('each image service is built from the repository root with its own Dockerfile and tagged like docker-bake.hcl', () => {
    for (const service of SERVICES) {
      const s = services[service.name]!;
      assert.deepEqual(s.build, { context: '.', dockerfile: `${service.dir}/Dockerfile` });
      assert.equal(s.image, `\${REGISTRY:-boutique}/${service.name}:\${TAG:-0.1.0}`);
    }
  });
});
