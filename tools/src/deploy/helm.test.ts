// helm-chart/: lint, render every toggle, validate every rendered object, and check the values schema.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { REPO_ROOT } from '../services';
import { renderNotes } from './helm-render';
import {
  containerEnv,
  find,
  GRPC_SERVICES,
  helmBinary,
  helmTemplate,
  isIstio,
  type K8sObject,
  kubernetesValidateFiles,
  manifestObjects,
  run,
  SERVING,
} from './support';

/** Every toggle on its own (the original chart's keys plus ours), and all of them together. */
const TOGGLES: Record<string, Record<string, string | boolean | number>> = {
  'networkPolicies.create': { 'networkPolicies.create': true },
  'sidecars.create': { 'sidecars.create': true },
  'authorizationPolicies.create': { 'authorizationPolicies.create': true },
  'opentelemetryCollector.create': { 'opentelemetryCollector.create': true },
  'tracing to an external collector': { 'tracing.enabled': true, 'tracing.collectorAddr': 'otel.example:4317' },
  'seccompProfile.enable': { 'seccompProfile.enable': true },
  'securityContext.enable=false': { 'securityContext.enable': false },
  'serviceAccounts.create=false': { 'serviceAccounts.create': false },
  'serviceAccounts.annotations': {
    'serviceAccounts.annotations.team': 'shop',
    'serviceAccounts.annotationsOnlyForCartservice': true,
  },
  'frontend.externalService=false': { 'frontend.externalService': false },
  'frontend.virtualService.create': { 'frontend.virtualService.create': true },
  'frontend branding and message': {
    'frontend.cymbalBranding': true,
    'frontend.singleSharedSession': true,
    'frontend.message': 'hello',
  },
  'loadGenerator.create=false': { 'loadGenerator.create': false },
  'loadGenerator.checkFrontendInitContainer=false': { 'loadGenerator.checkFrontendInitContainer': false },
  'loadGenerator.workers (a coordinator and a fleet of workers)': { 'loadGenerator.workers': 3 },
  'productCatalogService.extraLatency': { 'productCatalogService.extraLatency': '200ms' },
  'external Redis': {
    'cartDatabase.inClusterRedis.create': false,
    'cartDatabase.connectionString': 'redis.example:6380',
  },
  'Redis persistence': {
    'cartDatabase.inClusterRedis.persistence.enabled': true,
    'cartDatabase.inClusterRedis.persistence.storageClass': 'standard',
  },
  'Redis from the private repository': { 'cartDatabase.inClusterRedis.publicRepository': false },
  'images.repository and tag': { 'images.repository': 'ghcr.io/you/boutique', 'images.tag': '1.2.3' },
  'cartDatabase.type=spanner': {
    'cartDatabase.type': 'spanner',
    'cartDatabase.connectionString': 'projects/p/instances/i/databases/d',
    'cartDatabase.inClusterRedis.create': false,
  },
  'opentelemetryCollector.projectId': {
    'opentelemetryCollector.create': true,
    'opentelemetryCollector.projectId': 'shop-1',
  },
  "the original's Google Cloud and assistant keys (accepted, ignored)": {
    'googleCloudOperations.tracing': true,
    'googleCloudOperations.profiler': true,
    'googleCloudOperations.metrics': true,
    'shoppingAssistantService.create': true,
    nativeGrpcHealthCheck: true,
  },
};
const ALL_TOGGLES = Object.assign(
  {},
  ...Object.values(TOGGLES).filter((t) => !('cartDatabase.inClusterRedis.create' in t)),
);

/** Every render the tests validate, by label: the defaults, each toggle on its own, and all of them together. */
const RENDERS: Record<string, Record<string, string | boolean | number>> = {
  defaults: {},
  ...TOGGLES,
  'all toggles': ALL_TOGGLES,
};

/** Checks Istio objects by shape (their CRDs are not in the Kubernetes schemas). */
function checkIstio(objects: K8sObject[], label: string): void {
  for (const istio of objects.filter(isIstio)) {
    assert.match(istio.apiVersion, /^(networking|security)\.istio\.io\/v1$/, label);
    assert.ok(['Sidecar', 'AuthorizationPolicy', 'VirtualService'].includes(istio.kind), `${label}: ${istio.kind}`);
    assert.match(istio.metadata.name, /^[a-z0-9-]+$/);
    assert.equal(istio.metadata.namespace, 'shop');
    assert.equal(typeof istio.spec, 'object');
  }
}

/**
 * The non-Istio objects of every render, each distinct object once, filed under the first render
 * (in RENDERS order) that produces it; the rest of the renders only repeat objects already filed.
 */
function distinctCoreObjects(): Record<string, K8sObject[]> {
  const seen = new Set<string>();
  const files: Record<string, K8sObject[]> = {};
  for (const [label, sets] of Object.entries(RENDERS)) {
    files[label] = helmTemplate(sets).filter((o) => {
      if (isIstio(o)) return false;
      const key = JSON.stringify(o);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  return files;
}

/** helm template expecting a schema failure; returns helm's message. */
function rejected(sets: Record<string, string | number | boolean>): string {
  let message = '';
  assert.throws(() => {
    try {
      helmTemplate(sets);
    } catch (err) {
      message = String(err);
      throw err;
    }
  }, /values don't meet the specifications of the schema/);
  return message;
}

const defaults = helmTemplate();

describe('helm chart', () => {
  it('helm lint --strict passes', () => {
    const result = run(helmBinary(), ['lint', '--strict', path.join(REPO_ROOT, 'helm-chart')]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it('with default values it renders exactly the objects of kubernetes-manifests/', () => {
    const strip = (o: K8sObject) => {
      const copy = structuredClone(o);
      delete copy.metadata.namespace;
      return copy;
    };
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
    const rendered = new Map(defaults.map((o) => [key(o), strip(o)]));
    const plain = manifestObjects();
    assert.deepEqual([...rendered.keys()].sort(), plain.map(key).sort());
    for (const object of plain) assert.deepEqual(rendered.get(key(object)), object, key(object));
  });

  it('every object of every render (defaults, each toggle, all together) validates against the Kubernetes schemas', () => {
    // One kubernetes-validate run over a file per render holding the objects no earlier render produced;
    // the tool names the file (the render's label) in each error.
    const files = distinctCoreObjects();
    assert.ok(files.defaults!.length >= 33, 'the default render is validated in full');
    const result = kubernetesValidateFiles(files);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  for (const [name, sets] of Object.entries(TOGGLES)) {
    it(`renders with ${name}; Istio objects have the expected shape`, () => checkIstio(helmTemplate(sets), name));
  }

  it('renders with every toggle on at once; Istio objects have the expected shape', () => {
    const objects = helmTemplate(ALL_TOGGLES);
    checkIstio(objects, 'all toggles');
    for (const kind of [
      'NetworkPolicy',
      'Sidecar',
      'AuthorizationPolicy',
      'VirtualService',
      'PersistentVolumeClaim',
      'ConfigMap',
    ]) {
      assert.ok(
        objects.some((o) => o.kind === kind),
        kind,
      );
    }
  });

  it('the values schema rejects a misspelt key', () => {
    assert.match(rejected({ 'frontend.platfrom': 'aws' }), /platfrom/);
    assert.match(rejected({ 'loadGenrator.users': 5 }), /loadGenrator/);
  });

  it('the values schema rejects mistyped and out-of-range values', () => {
    assert.match(rejected({ 'loadGenerator.users': 'ten' }), /users/);
    assert.match(rejected({ 'frontend.platform': 'mainframe' }), /platform/);
    assert.match(rejected({ 'cartDatabase.connectionString': 'redis://x' }), /connectionString/);
    assert.match(rejected({ 'adService.resources.limits.memory': 'lots' }), /memory/);
    // spanner is the original's other cart database, accepted since the chart takes the original's values.
    assert.match(rejected({ 'cartDatabase.type': 'memcached' }), /type/);
  });

  it("NetworkPolicies allow ingress only from each service's callers (the original's caller → callee table)", () => {
    const callers: Record<string, string[]> = {
      adservice: ['frontend'],
      cartservice: ['checkoutservice', 'frontend'],
      checkoutservice: ['frontend'],
      currencyservice: ['checkoutservice', 'frontend'],
      emailservice: ['checkoutservice'],
      paymentservice: ['checkoutservice'],
      productcatalogservice: ['checkoutservice', 'frontend', 'recommendationservice'],
      recommendationservice: ['frontend'],
      shippingservice: ['checkoutservice', 'frontend'],
      'redis-cart': ['cartservice'],
    };
    const policies = helmTemplate({ 'networkPolicies.create': true }).filter((o) => o.kind === 'NetworkPolicy');
    assert.deepEqual(find(policies, 'NetworkPolicy', 'deny-all')!.spec.podSelector, {});
    for (const [callee, expected] of Object.entries(callers)) {
      const policy = find(policies, 'NetworkPolicy', callee)!;
      const rule = policy.spec.ingress[0];
      assert.deepEqual(rule.from.map((f: K8sObject) => f.podSelector.matchLabels.app).sort(), expected, callee);
      const port = callee === 'redis-cart' ? 6379 : GRPC_SERVICES.find((s) => s.name === callee)!.port;
      assert.deepEqual(rule.ports, [{ port, protocol: 'TCP' }], callee);
    }
    assert.equal(find(policies, 'NetworkPolicy', 'loadgenerator')!.spec.ingress, undefined);
    assert.equal(
      find(policies, 'NetworkPolicy', 'frontend')!.spec.ingress[0].from,
      undefined,
      'open with externalService',
    );
    const closed = helmTemplate({ 'networkPolicies.create': true, 'frontend.externalService': false });
    const from = find(closed, 'NetworkPolicy', 'frontend')!.spec.ingress[0].from;
    assert.equal(from[0].podSelector.matchLabels.app, 'loadgenerator');
  });

  it('loadGenerator.workers → the loadgenerator Deployment coordinates that many workers through its Service', () => {
    const fleet = helmTemplate({ 'loadGenerator.workers': 3, 'networkPolicies.create': true });
    const coordinator = find(fleet, 'Deployment', 'loadgenerator')!;
    const env = containerEnv(coordinator);
    assert.equal(env.FRONTEND_ADDR, 'frontend:80');
    assert.equal(env.USERS, '10', "USERS stays the whole fleet's");
    assert.equal(env.MIN_WORKERS, '3');
    assert.equal(env.COORDINATOR_PORT, '5557');
    const service = find(fleet, 'Service', 'loadgenerator')!;
    assert.deepEqual(service.spec.selector, { app: 'loadgenerator' });
    assert.equal(service.spec.ports[0].port, 5557);
    const workers = find(fleet, 'Deployment', 'loadgenerator-worker')!;
    assert.equal(workers.spec.replicas, 3);
    assert.equal(containerEnv(workers).COORDINATOR_ADDR, 'loadgenerator:5557');
    // With network policies on, the workers reach the coordinator; the frontend takes them as well when closed.
    const coordinatorPolicy = find(fleet, 'NetworkPolicy', 'loadgenerator')!;
    assert.deepEqual(coordinatorPolicy.spec.ingress, [
      {
        from: [{ podSelector: { matchLabels: { app: 'loadgenerator-worker' } } }],
        ports: [{ port: 5557, protocol: 'TCP' }],
      },
    ]);
    const closed = helmTemplate({
      'loadGenerator.workers': 3,
      'networkPolicies.create': true,
      'frontend.externalService': false,
    });
    const from = find(closed, 'NetworkPolicy', 'frontend')!.spec.ingress[0].from;
    assert.deepEqual(
      from
        .filter((f: K8sObject) => f.podSelector && !f.namespaceSelector)
        .map((f: K8sObject) => f.podSelector.matchLabels.app),
      ['loadgenerator', 'loadgenerator-worker'],
    );
    // Without workers the chart renders the single load generator of the original, and no Service for it.
    assert.equal(find(defaults, 'Deployment', 'loadgenerator-worker'), undefined);
    assert.equal(find(defaults, 'Service', 'loadgenerator'), undefined);
  });

  it("AuthorizationPolicies allow each service's callers by service account, POST to its methods only", () => {
    const policies = helmTemplate({ 'authorizationPolicies.create': true });
    const payment = find(policies, 'AuthorizationPolicy', 'paymentservice')!.spec.rules[0];
    assert.deepEqual(payment.from[0].source.principals, ['cluster.local/ns/shop/sa/checkoutservice']);
    assert.deepEqual(payment.to[0].operation, {
      methods: ['POST'],
      paths: ['/hipstershop.PaymentService/Charge'],
      ports: ['50051'],
    });
    assert.deepEqual(find(policies, 'AuthorizationPolicy', 'deny-all')!.spec, {});
  });

  it('opentelemetryCollector.create deploys a generic OTLP collector with Jaeger and Prometheus and turns tracing on', () => {
    const objects = helmTemplate({ 'opentelemetryCollector.create': true });
    for (const name of ['opentelemetrycollector', 'jaeger', 'prometheus'])
      assert.ok(find(objects, 'Deployment', name), name);
    const config = YAML.parse(find(objects, 'ConfigMap', 'opentelemetrycollector')!.data['config.yaml']);
    assert.deepEqual(
      Object.keys(config.exporters).sort(),
      ['otlp_grpc/jaeger', 'prometheus'],
      'no cloud vendor exporter',
    );
    assert.equal(
      containerEnv(find(objects, 'Deployment', 'opentelemetrycollector')!).JAEGER_OTLP_ENDPOINT,
      'jaeger:4317',
    );
    const scrape = find(objects, 'ConfigMap', 'prometheus')!.data['prometheus.yml'];
    assert.match(scrape, /opentelemetrycollector:8889/);
    for (const service of SERVING) {
      const env = containerEnv(find(objects, 'Deployment', service.name)!);
      assert.equal(env.ENABLE_TRACING, '1', service.name);
      assert.equal(env.COLLECTOR_SERVICE_ADDR, 'opentelemetrycollector:4317', service.name);
      assert.equal(env.OTEL_SERVICE_NAME, service.name);
    }
    for (const service of SERVING) {
      assert.equal(
        containerEnv(find(defaults, 'Deployment', service.name)!).ENABLE_TRACING,
        undefined,
        'off by default',
      );
    }
  });

  it('load generator users, rate and think time come from values', () => {
    const objects = helmTemplate({
      'loadGenerator.users': 25,
      'loadGenerator.rate': 5,
      'loadGenerator.thinkTime': '0',
    });
    const env = containerEnv(find(objects, 'Deployment', 'loadgenerator')!);
    assert.deepEqual([env.USERS, env.RATE, env.THINK_TIME, env.FRONTEND_ADDR], ['25', '5', '0', 'frontend:80']);
  });

  it('an external Redis: no in-cluster Redis, and the cart points at the given address', () => {
    const objects = helmTemplate(TOGGLES['external Redis']!);
    assert.equal(objects.filter((o) => o.metadata.name === 'redis-cart').length, 0);
    assert.equal(containerEnv(find(objects, 'Deployment', 'cartservice')!).REDIS_ADDR, 'redis.example:6380');
  });

  it('Redis persistence puts /data on a PersistentVolumeClaim and recreates the pod on updates', () => {
    const objects = helmTemplate({ 'cartDatabase.inClusterRedis.persistence.enabled': true });
    const claim = find(objects, 'PersistentVolumeClaim', 'redis-cart-data')!;
    assert.equal(claim.spec.resources.requests.storage, '1Gi');
    const redis = find(objects, 'Deployment', 'redis-cart')!;
    assert.equal(redis.spec.strategy.type, 'Recreate');
    assert.deepEqual(redis.spec.template.spec.volumes[0].persistentVolumeClaim, { claimName: 'redis-cart-data' });
  });

  it('frontend settings reach its env; renaming a service rewires its callers', () => {
    const objects = helmTemplate({
      ...TOGGLES['frontend branding and message']!,
      'frontend.platform': 'aws',
      'cartService.name': 'carts',
    });
    const env = containerEnv(find(objects, 'Deployment', 'frontend')!);
    assert.deepEqual(
      [
        env.CYMBAL_BRANDING,
        env.ENABLE_SINGLE_SHARED_SESSION,
        env.FRONTEND_MESSAGE,
        env.ENV_PLATFORM,
        env.CART_SERVICE_ADDR,
      ],
      ['true', 'true', 'hello', 'aws', 'carts:7070'],
    );
    assert.equal(containerEnv(find(objects, 'Deployment', 'checkoutservice')!).CART_SERVICE_ADDR, 'carts:7070');
    assert.ok(find(objects, 'Service', 'carts'));
  });

  it('NOTES.txt tells how to reach the shop', () => {
    const plain = renderNotes();
    assert.match(plain, /get service frontend-external/);
    assert.match(plain, /port-forward service\/frontend 8080:80/);
    const observed = renderNotes({ sets: { 'opentelemetryCollector.create': true } });
    assert.match(observed, /port-forward service\/jaeger 16686/);
  });
});
