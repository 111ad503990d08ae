// helm-chart/ as a drop-in for the original Online Boutique chart: the original's values files render,
// pass the schema and validate; with defaults the objects, selectors and Service ports are the original's,
// so `helm upgrade` from a release of the original cannot hit an immutable field.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { CHART, FIXTURES, type RenderOptions, render, renderNotes, tryRender } from './helm-render';
import { containerEnv, find, isIstio, type K8sObject, kubernetesValidateFiles } from './support';

interface OriginalRender {
  objects: { kind: string; name: string }[];
  deploymentSelectors: Record<string, unknown>;
  services: Record<string, { type: string; selector: Record<string, string>; ports: K8sObject[] }>;
}

const ORIGINAL: OriginalRender = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'original-render.json'), 'utf8'));
const ORIGINAL_VALUES = 'original-values.yaml';
/** The non-default combinations the original chart's own CI renders, each layered on its defaults. */
const ORIGINAL_CI = fs
  .readdirSync(path.join(FIXTURES, 'original-ci'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const PEM = YAML.parse(fs.readFileSync(path.join(FIXTURES, 'original-ci/memorystore-tls.yaml'), 'utf8')).cartDatabase
  .externalRedisTlsOrigination.certificate as string;

/** Every key path of a values tree, leaves only ("a.b.c"); maps that are empty count as leaves. */
function keyPaths(values: K8sObject, prefix = ''): string[] {
  return Object.entries(values).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0
      ? keyPaths(value, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function get(values: K8sObject, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node as K8sObject | undefined)?.[key], values);
}

/** The objects that matter to an upgrade, in the fixture's shape, with the API server's port defaults. */
function upgradeView(objects: K8sObject[]): OriginalRender {
  const key = (o: { kind: string; name: string }) => `${o.kind}/${o.name}`;
  const services = objects.filter((o) => o.kind === 'Service');
  return {
    objects: objects
      .map((o) => ({ kind: o.kind as string, name: o.metadata.name as string }))
      .sort((a, b) => key(a).localeCompare(key(b))),
    deploymentSelectors: Object.fromEntries(
      objects.filter((o) => o.kind === 'Deployment').map((d) => [d.metadata.name, d.spec.selector]),
    ),
    services: Object.fromEntries(
      services.map((s) => [
        s.metadata.name,
        {
          type: s.spec.type ?? 'ClusterIP',
          selector: s.spec.selector,
          ports: s.spec.ports.map((p: K8sObject) => ({
            name: p.name,
            port: p.port,
            targetPort: p.targetPort ?? p.port,
            protocol: p.protocol ?? 'TCP',
          })),
        },
      ]),
    ),
  };
}

/** Our headless Services (one per backend, beside the original's Services), which the original has not. */
const isHeadless = (o: K8sObject) => o.kind === 'Service' && String(o.metadata.name).endsWith('-headless');

/** The render without our headless Services: what must equal the original's. */
function originalPart(objects: K8sObject[]): K8sObject[] {
  return objects.filter((o) => !isHeadless(o));
}

/** Each headless Service selects exactly the pods of the Service of the same name without "-headless". */
function checkHeadless(objects: K8sObject[]): void {
  const headless = objects.filter(isHeadless);
  assert.equal(headless.length, 9, 'one per gRPC backend');
  for (const service of headless) {
    const original = find(objects, 'Service', String(service.metadata.name).replace(/-headless$/, ''))!;
    assert.ok(original, service.metadata.name);
    assert.equal(service.spec.clusterIP, 'None');
    assert.deepEqual(service.spec.selector, original.spec.selector);
  }
}

function sortedFixture(): OriginalRender {
  const key = (o: { kind: string; name: string }) => `${o.kind}/${o.name}`;
  return { ...ORIGINAL, objects: [...ORIGINAL.objects].sort((a, b) => key(a).localeCompare(key(b))) };
}

/** Istio objects are checked by shape (their CRDs are not in the Kubernetes schemas). */
function checkIstioShape(objects: K8sObject[], label: string): void {
  for (const istio of objects.filter(isIstio)) {
    assert.match(istio.apiVersion, /^(networking|security)\.istio\.io\/v1$/, label);
    assert.ok(
      ['Sidecar', 'AuthorizationPolicy', 'VirtualService', 'ServiceEntry'].includes(istio.kind),
      `${label}: ${istio.kind}`,
    );
    assert.equal(istio.metadata.namespace, 'shop', label);
    assert.equal(typeof istio.spec, 'object', label);
  }
}

function schemaError(result: { status: number | null; stderr: string }): string {
  assert.notEqual(result.status, 0, 'the render must fail');
  assert.match(result.stderr, /values don't meet the specifications of the schema/);
  return result.stderr;
}

const TLS_VALUES = {
  cartDatabase: {
    connectionString: 'redis.example.internal:6380',
    inClusterRedis: { create: false },
    externalRedisTlsOrigination: { enable: true, name: 'cart-redis-ca', certificate: PEM },
  },
};

describe("helm chart with the original chart's values", () => {
  it("every key of the original's values has a default in ours, so the schema knows it", () => {
    const ours = YAML.parse(fs.readFileSync(path.join(CHART, 'values.yaml'), 'utf8'));
    const original = YAML.parse(fs.readFileSync(path.join(FIXTURES, ORIGINAL_VALUES), 'utf8'));
    const missing = keyPaths(original).filter((key) => get(ours, key) === undefined);
    assert.deepEqual(missing, []);
    assert.equal(get(ours, 'nativeGrpcHealthCheck'), false, "set by the original chart's CI, not in its values");
  });

  it("the original's default values render, pass the schema, and every object validates", () => {
    const objects = render({ files: [ORIGINAL_VALUES] });
    assert.equal(originalPart(objects).length, 36);
    checkHeadless(objects);
    assert.equal(objects.filter(isIstio).length, 0);
    const result = kubernetesValidateFiles({ 'original-values': objects });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  it("every combination the original's CI renders renders here too, and every object validates", () => {
    const files: Record<string, K8sObject[]> = {};
    for (const overlay of ORIGINAL_CI) {
      const objects = render({ files: [ORIGINAL_VALUES, `original-ci/${overlay}`] });
      checkIstioShape(objects, overlay);
      files[overlay] = objects.filter((o) => !isIstio(o));
    }
    assert.deepEqual(Object.keys(files), [
      'asm.yaml',
      'memorystore-tls.yaml',
      'native-grpc-health-check.yaml',
      'spanner.yaml',
    ]);
    const result = kubernetesValidateFiles(files);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  it('ASM: NetworkPolicies, Sidecars, AuthorizationPolicies and the VirtualService, no LoadBalancer', () => {
    const objects = render({ files: [ORIGINAL_VALUES, 'original-ci/asm.yaml'] });
    for (const kind of ['NetworkPolicy', 'Sidecar', 'AuthorizationPolicy'])
      assert.ok(find(objects, kind, 'cartservice'), kind);
    assert.deepEqual(find(objects, 'VirtualService', 'frontend')!.spec.gateways, ['asm-ingress/asm-ingressgateway']);
    assert.equal(find(objects, 'Service', 'frontend-external'), undefined);
  });

  it('spanner: no Redis anywhere, the cart keeps carts in memory, Workload Identity on its account only', () => {
    const objects = render({ files: [ORIGINAL_VALUES, 'original-ci/spanner.yaml'] });
    assert.deepEqual(
      objects.filter((o) => o.metadata.name === 'redis-cart'),
      [],
    );
    const env = containerEnv(find(objects, 'Deployment', 'cartservice')!);
    assert.deepEqual(Object.keys(env), ['PORT', 'SHUTDOWN_DELAY'], 'no REDIS_ADDR: the in-memory store');
    const annotated = objects.filter((o) => o.kind === 'ServiceAccount' && o.metadata.annotations);
    assert.deepEqual(
      annotated.map((o) => [o.metadata.name, o.metadata.annotations]),
      [['cartservice', { 'iam.gke.io/gcp-service-account': 'spanner-db-user@my-project.iam.gserviceaccount.com' }]],
    );
  });

  it('memorystore with TLS origination: the cart speaks TLS to the endpoint, trusting only the CA it mounts', () => {
    const objects = render({ files: [ORIGINAL_VALUES, 'original-ci/memorystore-tls.yaml'] });
    const secret = find(objects, 'Secret', 'exernal-redis-tls-origination')!;
    assert.equal(Buffer.from(secret.data['exernal-redis-tls-origination.pem'], 'base64').toString(), PEM);
    const cart = find(objects, 'Deployment', 'cartservice')!;
    assert.deepEqual(containerEnv(cart), {
      PORT: '7070',
      SHUTDOWN_DELAY: '10s',
      REDIS_ADDR: '10.0.0.3:6378,ssl=true',
      REDIS_CA_FILE: '/etc/certs/exernal-redis-tls-origination.pem',
    });
    assert.equal(objects.filter(isIstio).length, 0, 'no mesh objects unless the Istio toggles are on');
  });
});

describe('helm chart defaults against what the original renders', () => {
  for (const [label, options] of [
    ['our defaults', {}],
    ["the original's values file", { files: [ORIGINAL_VALUES] }],
  ] as const) {
    it(`with ${label}: the same (kind, name) set, Deployment selectors, and Service types, selectors and ports`, () => {
      // Plus our headless Services, new objects that an upgrade creates beside the original's.
      const objects = render(options);
      checkHeadless(objects);
      const view = upgradeView(originalPart(objects));
      const expected = sortedFixture();
      assert.equal(expected.objects.length, 36);
      assert.deepEqual(view.objects, expected.objects);
      assert.deepEqual(view.deploymentSelectors, expected.deploymentSelectors);
      assert.deepEqual(view.services, expected.services);
    });
  }

  it('the comparison notices a changed selector or port (so a pass above means something)', () => {
    const objects = originalPart(structuredClone(render()) as K8sObject[]);
    find(objects, 'Deployment', 'cartservice')!.spec.selector.matchLabels.tier = 'cart';
    find(objects, 'Service', 'emailservice')!.spec.ports[0].port = 8080;
    const view = upgradeView(objects);
    assert.notDeepEqual(view.deploymentSelectors, ORIGINAL.deploymentSelectors);
    assert.notDeepEqual(view.services, ORIGINAL.services);
  });
});

describe('values schema, with the original keys in it', () => {
  const refused: [string, RenderOptions, RegExp][] = [
    ['a misspelt top-level key', { sets: { 'shoppingAssistantServise.create': true } }, /shoppingAssistantServise/],
    [
      'a misspelt key inside cartDatabase',
      { sets: { 'cartDatabase.externalRedisTlsOriginaton.enable': true } },
      /externalRedisTlsOriginaton/,
    ],
    [
      'a misspelt key inside externalRedisTlsOrigination',
      { sets: { 'cartDatabase.externalRedisTlsOrigination.enabled': true } },
      /enabled/,
    ],
    ['a misspelt key inside googleCloudOperations', { sets: { 'googleCloudOperations.trace': true } }, /trace/],
    ['a key that is in neither chart', { sets: { 'redis.create': false } }, /redis/],
    ['a mistyped original key', { sets: { nativeGrpcHealthCheck: 'yes' } }, /nativeGrpcHealthCheck/],
    [
      'TLS origination whose certificate is not a PEM',
      {
        sets: {
          'cartDatabase.externalRedisTlsOrigination.enable': true,
          'cartDatabase.externalRedisTlsOrigination.certificate': 'abc',
        },
      },
      /certificate/,
    ],
    [
      'a Spanner connection string while the type is redis',
      { sets: { 'cartDatabase.connectionString': 'projects/p/instances/i/databases/d' } },
      /connectionString/,
    ],
    [
      'an endpoint port out of range',
      { sets: { 'cartDatabase.externalRedisTlsOrigination.endpointPort': 70000 } },
      /endpointPort/,
    ],
  ];
  for (const [what, options, names] of refused) {
    it(`${what} → refused, naming it`, () => assert.match(schemaError(tryRender(options)), names));
  }
});

describe('cartDatabase.externalRedisTlsOrigination', () => {
  it('mounts the CA Secret read-only, points REDIS_CA_FILE at it, and rolls the cart when the CA changes', () => {
    const objects = render({ values: TLS_VALUES });
    const cart = find(objects, 'Deployment', 'cartservice')!;
    const pod = cart.spec.template.spec;
    assert.deepEqual(pod.volumes, [{ name: 'redis-ca', secret: { secretName: 'cart-redis-ca' } }]);
    assert.deepEqual(pod.containers[0].volumeMounts, [{ name: 'redis-ca', mountPath: '/etc/certs', readOnly: true }]);
    assert.deepEqual(containerEnv(cart), {
      PORT: '7070',
      SHUTDOWN_DELAY: '10s',
      REDIS_ADDR: 'redis.example.internal:6380,ssl=true',
      REDIS_CA_FILE: '/etc/certs/cart-redis-ca.pem',
    });
    assert.deepEqual(Object.keys(find(objects, 'Secret', 'cart-redis-ca')!.data), ['cart-redis-ca.pem']);
    const checksum = cart.spec.template.metadata.annotations['checksum/redis-ca'];
    assert.match(checksum, /^[0-9a-f]{64}$/);
    const rotated = structuredClone(TLS_VALUES);
    rotated.cartDatabase.externalRedisTlsOrigination.certificate = PEM.replace('\n-----END', 'AA\n-----END');
    const after = find(render({ values: rotated }), 'Deployment', 'cartservice')!;
    assert.notEqual(after.spec.template.metadata.annotations['checksum/redis-ca'], checksum);
    const validation = kubernetesValidateFiles({ tls: objects });
    assert.equal(validation.status, 0, `${validation.stdout}${validation.stderr}`);
  });

  it('off (the default): the cart has no volume and no annotation, and no Secret is rendered', () => {
    const objects = render();
    const cart = find(objects, 'Deployment', 'cartservice')!;
    assert.equal(cart.spec.template.spec.volumes, undefined);
    assert.equal(cart.spec.template.metadata.annotations, undefined);
    assert.equal(objects.filter((o) => o.kind === 'Secret').length, 0);
  });

  it('with sidecars.create: a ServiceEntry for the endpoint (IP: STATIC, name: DNS) that the cart Sidecar lists', () => {
    const byIp = render({
      files: [ORIGINAL_VALUES, 'original-ci/memorystore-tls.yaml'],
      sets: { 'sidecars.create': true },
    });
    assert.deepEqual(find(byIp, 'ServiceEntry', 'exernal-redis-tls-origination')!.spec, {
      exportTo: ['.'],
      hosts: ['exernal-redis-tls-origination.shop'],
      location: 'MESH_EXTERNAL',
      ports: [{ number: 6378, name: 'tls-redis', protocol: 'TLS' }],
      addresses: ['10.0.0.3/32'],
      endpoints: [{ address: '10.0.0.3' }],
      resolution: 'STATIC',
    });
    assert.ok(
      find(byIp, 'Sidecar', 'cartservice')!.spec.egress[0].hosts.includes('./exernal-redis-tls-origination.shop'),
    );
    assert.equal(find(byIp, 'DestinationRule', 'exernal-redis-tls-origination'), undefined, 'the cart originates TLS');

    const byName = render({ values: TLS_VALUES, sets: { 'sidecars.create': true } });
    assert.deepEqual(find(byName, 'ServiceEntry', 'cart-redis-ca')!.spec, {
      exportTo: ['.'],
      hosts: ['redis.example.internal'],
      location: 'MESH_EXTERNAL',
      ports: [{ number: 6380, name: 'tls-redis', protocol: 'TLS' }],
      resolution: 'DNS',
    });
    assert.ok(find(byName, 'Sidecar', 'cartservice')!.spec.egress[0].hosts.includes('./redis.example.internal'));
    checkIstioShape(byName, 'TLS with sidecars');
  });
});

describe('opentelemetryCollector.projectId', () => {
  const collectorConfig = (objects: K8sObject[]) =>
    YAML.parse(find(objects, 'ConfigMap', 'opentelemetrycollector')!.data['config.yaml']);

  it('a project id tags every span and metric with gcp.project_id, before batching', () => {
    const config = collectorConfig(
      render({ sets: { 'opentelemetryCollector.create': true, 'opentelemetryCollector.projectId': 'my-shop-42' } }),
    );
    assert.deepEqual(config.processors['resource/gcp-project'], {
      attributes: [{ key: 'gcp.project_id', value: 'my-shop-42', action: 'upsert' }],
    });
    for (const [name, pipeline] of Object.entries<K8sObject>(config.service.pipelines))
      assert.deepEqual(pipeline.processors, ['memory_limiter', 'resource/gcp-project', 'batch'], name);
  });

  it('the placeholder "PROJECT_ID" leaves the collector configuration as the file has it', () => {
    const file = YAML.parse(fs.readFileSync(path.join(CHART, 'files/otel-collector.yaml'), 'utf8'));
    const config = collectorConfig(
      render({ files: [ORIGINAL_VALUES], sets: { 'opentelemetryCollector.create': true } }),
    );
    assert.deepEqual(config, file);
  });
});

describe("NOTES.txt and the original's keys that have no effect here", () => {
  const HEADING = 'Settings of the original Online Boutique chart that have no effect here:';

  it("says nothing about them with the original's defaults", () => {
    assert.ok(!renderNotes({ files: [ORIGINAL_VALUES] }).includes(HEADING));
    assert.ok(!renderNotes().includes(HEADING));
  });

  it('names each one the user turned on, and what to use instead', () => {
    const notes = renderNotes({
      files: [ORIGINAL_VALUES, 'original-ci/spanner.yaml'],
      sets: {
        'googleCloudOperations.tracing': true,
        'googleCloudOperations.metrics': true,
        'shoppingAssistantService.create': true,
        'opentelemetryCollector.projectId': 'my-shop-42',
      },
    });
    const listed = notes
      .slice(notes.indexOf(HEADING))
      .split('\n')
      .slice(1)
      .filter((line) => line.startsWith('  - '));
    assert.deepEqual(
      listed.map((line) => line.replace(/^ {2}- ([^:]+):.*$/, '$1')),
      [
        'googleCloudOperations.metrics=true',
        'googleCloudOperations.tracing=true',
        'shoppingAssistantService',
        'cartDatabase.type=spanner',
        'opentelemetryCollector.projectId',
      ],
    );
    assert.match(notes, /use tracing\.enabled or opentelemetryCollector\.create/);
    assert.match(notes, /keeps carts in its own memory/);
  });
});
