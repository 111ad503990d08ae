// kubernetes-manifests/: schema-valid against a current Kubernetes, and the conventions of the original.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import {
  find,
  GRPC_SERVICES,
  type K8sObject,
  KUBERNETES_VERSION,
  kubernetesValidate,
  kubernetesValidateFiles,
  manifestFiles,
  manifestObjects,
  quantity,
  read,
  SERVICES,
  SERVING,
} from './support';

const objects = manifestObjects();
const deployments = objects.filter((o) => o.kind === 'Deployment');

/** The original's requests → limits (docs/compatibility.md, Deployment): ours may be tighter, never looser. */
const ORIGINAL_LIMITS: Record<string, { cpu: string; memory: string }> = {
  frontend: { cpu: '200m', memory: '128Mi' },
  checkoutservice: { cpu: '200m', memory: '128Mi' },
  currencyservice: { cpu: '200m', memory: '128Mi' },
  emailservice: { cpu: '200m', memory: '128Mi' },
  paymentservice: { cpu: '200m', memory: '128Mi' },
  productcatalogservice: { cpu: '200m', memory: '128Mi' },
  shippingservice: { cpu: '200m', memory: '128Mi' },
  cartservice: { cpu: '300m', memory: '128Mi' },
  adservice: { cpu: '300m', memory: '300Mi' },
  recommendationservice: { cpu: '200m', memory: '450Mi' },
  loadgenerator: { cpu: '500m', memory: '512Mi' },
  'redis-cart': { cpu: '125m', memory: '256Mi' },
};

/** The kit's drain budget (packages/kit/src/grpc/server.ts default graceMs), read from its source. */
function kitGraceMs(): number {
  const match = /graceMs = ([0-9_]+)/.exec(read('packages/kit/src/grpc/server.ts'));
  assert.ok(match, 'the kit declares a default graceMs');
  return Number(match[1]!.replaceAll('_', ''));
}

/** Asserts the security settings of the original on one pod spec (pod and every container). */
function assertHardened(name: string, pod: K8sObject): void {
  assert.deepEqual(pod.securityContext, { fsGroup: 1000, runAsGroup: 1000, runAsNonRoot: true, runAsUser: 1000 }, name);
  for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
    assert.deepEqual(
      container.securityContext,
      {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        privileged: false,
        readOnlyRootFilesystem: true,
      },
      `${name}/${container.name}`,
    );
  }
}

describe('kubernetes-manifests', () => {
  it(`every object validates against the Kubernetes ${KUBERNETES_VERSION} JSON schemas (kubernetes-validate --strict)`, () => {
    assert.ok(objects.length >= 33);
    const result = kubernetesValidate(objects);
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('the schema validation fails on a misspelt field (so a pass above means something), naming its file', () => {
    const broken = structuredClone(find(objects, 'Deployment', 'cartservice')!);
    broken.spec.template.spec.containers[0].readinesProbe = broken.spec.template.spec.containers[0].readinessProbe;
    const result = kubernetesValidate([broken]);
    assert.notEqual(result.status, 0);
    assert.match(result.stdout + result.stderr, /readinesProbe/);
    // Several files in one run (as helm.test.ts validates its renders): the error names the failing one.
    const several = kubernetesValidateFiles({ plain: objects, 'a toggle=x': [broken] });
    assert.notEqual(several.status, 0);
    assert.match(several.stdout + several.stderr, /a-toggle=x\.yaml .*readinesProbe/);
    assert.doesNotMatch(several.stdout + several.stderr, /plain\.yaml/);
  });

  it('each service has a Deployment, Service and ServiceAccount named after it, labelled app=<name>, container "server"', () => {
    for (const service of SERVICES) {
      const deployment = find(objects, 'Deployment', service.name);
      assert.ok(deployment, `${service.name}: Deployment`);
      assert.ok(find(objects, 'ServiceAccount', service.name), `${service.name}: ServiceAccount`);
      assert.deepEqual(deployment.metadata.labels, { app: service.name });
      assert.deepEqual(deployment.spec.selector.matchLabels, { app: service.name });
      assert.equal(deployment.spec.template.metadata.labels.app, service.name);
      assert.equal(deployment.spec.template.spec.serviceAccountName, service.name);
      const container = deployment.spec.template.spec.containers[0];
      // The original names the load generator's container "main", every other "server".
      assert.equal(container.name, service.name === 'loadgenerator' ? 'main' : 'server');
      if (service.port === undefined) {
        assert.equal(find(objects, 'Service', service.name), undefined, 'the load generator has no Service');
        continue;
      }
      const svc = find(objects, 'Service', service.name);
      assert.ok(svc, `${service.name}: Service`);
      assert.deepEqual(svc.spec.selector, { app: service.name });
      assert.deepEqual(svc.spec.ports, [
        {
          name: service.name === 'frontend' ? 'http' : 'grpc',
          port: service.servicePort ?? service.port,
          targetPort: service.port,
        },
      ]);
      assert.equal(container.ports[0].containerPort, service.port);
      assert.equal(container.env.find((e: K8sObject) => e.name === 'PORT')?.value, String(service.port));
    }
  });

  it('every Deployment runs as uid/gid 1000, non-root, read-only root filesystem, no capabilities, no escalation', () => {
    assert.equal(deployments.length, 12);
    for (const deployment of deployments) assertHardened(deployment.metadata.name, deployment.spec.template.spec);
  });

  it('gRPC services use native gRPC readiness and liveness probes on their port; the frontend probes /_healthz', () => {
    for (const service of GRPC_SERVICES) {
      const container = find(objects, 'Deployment', service.name)!.spec.template.spec.containers[0];
      assert.deepEqual(container.readinessProbe.grpc, { port: service.port }, service.name);
      assert.deepEqual(container.livenessProbe.grpc, { port: service.port }, service.name);
    }
    const frontend = find(objects, 'Deployment', 'frontend')!.spec.template.spec.containers[0];
    for (const probe of [frontend.readinessProbe, frontend.livenessProbe]) {
      assert.equal(probe.httpGet.path, '/_healthz');
      assert.equal(probe.httpGet.port, 8080);
      assert.match(probe.httpGet.httpHeaders[0].value, /^shop_session-id=x-(readiness|liveness)-probe$/);
    }
  });

  it("requests and limits are set on every container and no looser than the original's", () => {
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      const original = ORIGINAL_LIMITS[name];
      assert.ok(original, `${name}: known to the original`);
      const { requests, limits } = deployment.spec.template.spec.containers[0].resources;
      for (const key of ['cpu', 'memory'] as const) {
        assert.ok(quantity(requests[key]) <= quantity(limits[key]), `${name}: ${key} request ≤ limit`);
        assert.ok(
          quantity(limits[key]) <= quantity(original[key]),
          `${name}: ${key} limit ${limits[key]} > ${original[key]}`,
        );
      }
    }
  });

  it("the grace period outlasts the kit's drain, so SIGTERM ends in a clean shutdown", () => {
    const graceMs = kitGraceMs();
    for (const service of SERVICES) {
      const seconds = find(objects, 'Deployment', service.name)!.spec.template.spec.terminationGracePeriodSeconds;
      assert.ok(seconds * 1000 > graceMs, `${service.name}: ${seconds}s vs a ${graceMs}ms drain`);
    }
  });

  it('redis-cart is a Deployment and Service on 6379 (port tcp-redis) with an append-only file in /data', () => {
    const redis = find(objects, 'Deployment', 'redis-cart')!;
    const container = redis.spec.template.spec.containers[0];
    assert.deepEqual(container.args.slice(0, 2), ['--appendonly', 'yes']);
    assert.deepEqual(container.volumeMounts, [{ name: 'redis-data', mountPath: '/data' }]);
    assert.deepEqual(find(objects, 'Service', 'redis-cart')!.spec.ports, [
      { name: 'tcp-redis', port: 6379, targetPort: 6379 },
    ]);
    const cart = find(objects, 'Deployment', 'cartservice')!.spec.template.spec.containers[0];
    assert.ok(cart.env.some((e: K8sObject) => e.name === 'REDIS_ADDR' && e.value === 'redis-cart:6379'));
  });

  it('frontend-external is a LoadBalancer on port 80 to the frontend', () => {
    const external = find(objects, 'Service', 'frontend-external')!;
    assert.equal(external.spec.type, 'LoadBalancer');
    assert.deepEqual(external.spec.selector, { app: 'frontend' });
    assert.equal(external.spec.ports[0].port, 80);
    assert.equal(external.spec.ports[0].targetPort, 8080);
  });

  it('the load generator waits in an init container for the frontend to answer 200 (12 tries, 10 s apart)', () => {
    const pod = find(objects, 'Deployment', 'loadgenerator')!.spec.template.spec;
    const init = pod.initContainers[0];
    const script = init.command.at(-1) as string;
    assert.match(script, /seq 1 12/);
    assert.match(script, /sleep 10/);
    assert.match(script, /HTTP\/1\.1 200/);
    assert.deepEqual(init.env, [{ name: 'FRONTEND_ADDR', value: 'frontend:80' }]);
    assert.equal(pod.containers[0].env.find((e: K8sObject) => e.name === 'FRONTEND_ADDR').value, 'frontend:80');
  });

  it('every *_ADDR env var names a Service and a port it serves', () => {
    for (const deployment of deployments) {
      for (const container of [
        ...(deployment.spec.template.spec.initContainers ?? []),
        ...deployment.spec.template.spec.containers,
      ]) {
        for (const env of container.env ?? []) {
          if (!env.name.endsWith('_ADDR')) continue;
          const [host, port] = String(env.value).split(':');
          const svc = find(objects, 'Service', host!);
          assert.ok(svc, `${deployment.metadata.name}: ${env.name}=${env.value} (no Service ${host})`);
          assert.ok(
            svc.spec.ports.some((p: K8sObject) => String(p.port) === port),
            `${env.name}=${env.value}`,
          );
        }
      }
    }
  });

  it('kustomization.yaml lists every manifest and has an images entry for each of the eleven images', () => {
    const kustomization = YAML.parse(read('kubernetes-manifests/kustomization.yaml'));
    assert.deepEqual([...kustomization.resources].sort(), manifestFiles());
    const images = new Map<string, string>(kustomization.images.map((i: K8sObject) => [i.name, i.newTag]));
    for (const service of SERVICES) assert.equal(images.get(`boutique/${service.name}`), '0.1.0', service.name);
    for (const deployment of deployments.filter((d) => d.metadata.name !== 'redis-cart')) {
      const image: string = deployment.spec.template.spec.containers[0].image;
      assert.ok(images.has(image.split(':')[0]!), `${image} has no images entry`);
    }
  });

  it('the serving services are exactly the Services of the manifests (plus redis-cart and frontend-external)', () => {
    const names = objects
      .filter((o) => o.kind === 'Service')
      .map((o) => o.metadata.name)
      .sort();
    assert.deepEqual(names, [...SERVING.map((s) => s.name), 'frontend-external', 'redis-cart'].sort());
  });
});
