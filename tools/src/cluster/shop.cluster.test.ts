// The shop on a real single-node Kubernetes built on this machine (npm run test:cluster; not part of
// npm test: a cold run builds Kubernetes from source first). helm-chart/ with its defaults, then
// kubernetes-manifests/ with kubectl apply: every pod Ready, an order through the frontend Service, the
// load generator without failures; for the chart also a rolling upgrade under load, each backend's pod
// deleted and the shop recovering, and an uninstall that leaves nothing.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { componentNames, kustomizeBuild } from '../deploy/kustomize';
import { buildImage, IMAGE_TAG, imageExists, imageName, recordFigures } from '../deploy/podman';
import { placeOrder, Shopper } from '../deploy/shop-client';
import { helmTemplate, type K8sObject, manifestObjects, SERVICES } from '../deploy/support';
import { REPO_ROOT } from '../services';
import { ensureBinaries, missingBinaries } from './binaries';
import { down, kubectl, kubectlOk, status, tagImage, up } from './node';
import { runOk, sleep, until } from './sh';
import { frontendUrl, helm, installChart, namespaceLeftovers, shopImages, waitForShop } from './shop';

const figures: Record<string, unknown> = { tag: IMAGE_TAG };
const BACKENDS = SERVICES.filter((s) => s.port !== undefined && s.name !== 'frontend').map((s) => s.name);
const ROLLOUT_TAG = `${IMAGE_TAG}-rollout`;

/** Chart values that add or change objects, one render each and all at once (an external Redis apart). */
const CHART_TOGGLES: Record<string, Record<string, string | boolean>> = {
  'networkPolicies.create': { 'networkPolicies.create': true },
  'sidecars.create': { 'sidecars.create': true },
  'authorizationPolicies.create': { 'authorizationPolicies.create': true },
  'opentelemetryCollector.create': { 'opentelemetryCollector.create': true },
  'seccompProfile.enable': { 'seccompProfile.enable': true },
  'securityContext.enable=false': { 'securityContext.enable': false },
  'serviceAccounts.create=false': { 'serviceAccounts.create': false },
  'frontend.externalService=false': { 'frontend.externalService': false },
  'frontend.virtualService.create': { 'frontend.virtualService.create': true },
  'loadGenerator.checkFrontendInitContainer=false': { 'loadGenerator.checkFrontendInitContainer': false },
  'Redis persistence': { 'cartDatabase.inClusterRedis.persistence.enabled': true },
  'external Redis': {
    'cartDatabase.inClusterRedis.create': false,
    'cartDatabase.connectionString': 'redis.example:6380',
  },
};
/** The Istio release whose CRDs (from the istio.io/api Go module) the Istio objects are checked against. */
const ISTIO_API_VERSION = 'v1.28.0';

/** Installs Istio's CRDs from the istio.io/api module, fetched through the Go module proxy. */
function installIstioCrds(): void {
  const info = JSON.parse(
    runOk('go', ['mod', 'download', '-json', `istio.io/api@${ISTIO_API_VERSION}`], { timeoutMs: 300_000 }),
  );
  const crds = path.join(info.Dir as string, 'kubernetes', 'customresourcedefinitions.gen.yaml');
  kubectlOk(['apply', '--server-side', '--force-conflicts', '-f', crds], { timeoutMs: 120_000 });
  kubectlOk(['wait', '--for=condition=Established', 'crd', '--all', '--timeout=60s']);
}

/** Server-side apply, dry run, strict field validation: what a real apiserver says about these objects. */
function serverSideDryRun(namespace: string, objects: readonly K8sObject[]): { status: number | null; output: string } {
  const input = objects.map((o) => JSON.stringify(o)).join('\n');
  const result = kubectl(
    [
      'apply',
      '--namespace',
      namespace,
      '--server-side',
      '--dry-run=server',
      '--validate=strict',
      '--field-manager=boutique-check',
      '-f',
      '-',
    ],
    { input, timeoutMs: 120_000 },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

interface LoadResult {
  requests: number;
  failures: string[];
}

/**
 * Shoppers browsing and filling carts through the frontend Service until `stop` resolves (bounded in
 * time and count whatever happens), counting every request that fails.
 */
async function loadUntil(
  url: string,
  stop: Promise<unknown>,
  limits = { users: 4, maxMs: 6 * 60_000, maxRequests: 50_000 },
): Promise<LoadResult> {
  const result: LoadResult = { requests: 0, failures: [] };
  let stopped = false;
  void stop.finally(() => {
    stopped = true;
  });
  const deadline = Date.now() + limits.maxMs;
  const done = () => stopped || Date.now() > deadline || result.requests >= limits.maxRequests;
  const step = async (what: string, request: () => Promise<Response>, expected: number) => {
    result.requests++;
    try {
      const response = await request();
      await response.arrayBuffer();
      if (response.status !== expected) result.failures.push(`${what}: ${response.status}`);
    } catch (err) {
      result.failures.push(
        `${what}: ${err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : err}`,
      );
    }
  };
  const user = async () => {
    while (!done()) {
      const shopper = new Shopper(url, 10_000);
      await step('GET /', () => shopper.get('/'), 200);
      await step('GET /product', () => shopper.get('/product/OLJCESPC7Z'), 200);
      await step('POST /cart', () => shopper.post('/cart', { product_id: '66VCHSJNUP', quantity: '1' }), 302);
      await step('GET /cart', () => shopper.get('/cart'), 200);
      await sleep(100);
    }
  };
  await Promise.all(Array.from({ length: limits.users }, user));
  return result;
}

/**
 * The load generator's progress lines so far: requests per second and failures of each interval, and
 * for a fleet's coordinator how many workers were live.
 */
function loadGeneratorProgress(namespace: string): { rps: number; failures: number; workers?: number }[] {
  const logs = kubectl(['logs', '--namespace', namespace, 'deployment/loadgenerator', '--container', 'main']).stdout;
  return [...logs.matchAll(/(?:workers (\d+) \|.*)?\| ([\d.]+) req\/s \| failures (\d+) /g)].map((m) => ({
    ...(m[1] === undefined ? {} : { workers: Number(m[1]) }),
    rps: Number(m[2]),
    failures: Number(m[3]),
  }));
}

/**
 * The load generator's next 30 s (six progress intervals with traffic) have no failure. Earlier lines
 * are left out: the generator starts once the frontend answers, possibly before every backend is Ready.
 */
async function assertLoadGeneratorClean(namespace: string, label = namespace): Promise<void> {
  const before = loadGeneratorProgress(namespace).length;
  const progress = await until(
    'six more progress lines with traffic from the load generator',
    5 * 60_000,
    () => {
      const lines = loadGeneratorProgress(namespace)
        .slice(before)
        .filter((line) => line.rps > 0);
      return lines.length >= 6 ? lines : undefined;
    },
    5_000,
  );
  figures[`loadGenerator ${label}`] = {
    intervals: progress.length,
    workers: [...new Set(progress.map((line) => line.workers ?? 1))],
    meanRps: Math.round((10 * progress.reduce((sum, line) => sum + line.rps, 0)) / progress.length) / 10,
    failures: progress.reduce((sum, line) => sum + line.failures, 0),
  };
  assert.deepEqual(
    progress.filter((line) => line.failures > 0),
    [],
    'no interval had a failure',
  );
}

async function assertEverythingRemoved(namespace: string): Promise<void> {
  await until(
    `${namespace} to be empty`,
    120_000,
    () => (namespaceLeftovers(namespace).length === 0 ? true : undefined),
    2_000,
  ).catch(() => {
    assert.deepEqual(namespaceLeftovers(namespace), [], `left in ${namespace}`);
  });
  kubectlOk(['delete', 'namespace', namespace, '--wait=true', '--timeout=120s']);
}

describe('the shop on a real single-node Kubernetes', { skip: process.getuid?.() !== 0 && 'needs root' }, () => {
  before(
    async () => {
      const cold = missingBinaries().length > 0;
      let started = performance.now();
      ensureBinaries();
      figures.binariesSeconds = { cold, seconds: Math.round((performance.now() - started) / 1000) };
      started = performance.now();
      // npm test's image test builds them from the current sources; here only missing ones are built.
      for (const service of SERVICES) {
        if (!imageExists(imageName(service.name))) buildImage(`${service.dir}/Dockerfile`, imageName(service.name));
      }
      figures.imagesSeconds = Math.round((performance.now() - started) / 1000);
      figures.clusterUpSeconds = Math.round(await up({ images: shopImages(IMAGE_TAG) }));
      // A second tag for every image, for the rolling upgrade; the manifests' tag for kubectl apply.
      for (const service of SERVICES) {
        tagImage(imageName(service.name), imageName(service.name, ROLLOUT_TAG));
        tagImage(imageName(service.name), imageName(service.name, '0.1.0'));
      }
    },
    { timeout: 60 * 60_000 },
  );

  after(async () => {
    await down();
    const left = status();
    recordFigures('cluster.json', figures);
    assert.deepEqual(left.leftovers, [], 'down removes the bridge, the KUBE-* chains, the mounts and the state folder');
    assert.ok(
      Object.values(left.daemons).every((pid) => pid === null),
      'no cluster process runs',
    );
  });

  describe('every object the chart, kubernetes-manifests/ and kustomize/ render, on a real kube-apiserver', () => {
    it('is accepted by server-side apply with strict field validation (Istio CRDs installed)', () => {
      installIstioCrds();
      kubectlOk(['create', 'namespace', 'shop']);
      const renders: Record<string, K8sObject[]> = {
        'chart defaults': helmTemplate(),
        'chart with every toggle': helmTemplate(
          Object.assign(
            {},
            ...Object.entries(CHART_TOGGLES)
              .filter(([label]) => label !== 'external Redis')
              .map(([, sets]) => sets),
          ),
        ),
        'kubernetes-manifests': manifestObjects(),
        'kustomize with every component': kustomizeBuild(componentNames()),
      };
      for (const [label, sets] of Object.entries(CHART_TOGGLES)) renders[`chart ${label}`] = helmTemplate(sets);
      for (const name of componentNames()) renders[`kustomize ${name}`] = kustomizeBuild([name]);
      const rejected: string[] = [];
      for (const [label, objects] of Object.entries(renders)) {
        const result = serverSideDryRun('shop', objects);
        if (result.status !== 0) rejected.push(`${label}: ${result.output}`);
      }
      figures.serverSideValidatedRenders = Object.keys(renders).length;
      assert.deepEqual(rejected, []);
      kubectlOk(['delete', 'namespace', 'shop', '--wait=true']);
    });

    it('rejects a misspelt field (so acceptance above means something)', () => {
      kubectlOk(['create', 'namespace', 'shop-typo']);
      const deployment = structuredClone(helmTemplate().find((o) => o.kind === 'Deployment')!);
      deployment.metadata.namespace = 'shop-typo';
      deployment.spec.template.spec.containers[0].readinesProbe = {};
      const result = serverSideDryRun('shop-typo', [deployment]);
      assert.notEqual(result.status, 0);
      assert.match(result.output, /readinesProbe/);
      kubectlOk(['delete', 'namespace', 'shop-typo', '--wait=true']);
    });
  });

  describe('helm-chart/ with its defaults', () => {
    const namespace = 'shop-helm';

    it('helm install: every pod of the release Ready', async () => {
      const started = performance.now();
      installChart('boutique', namespace, IMAGE_TAG);
      const seconds = await waitForShop(namespace);
      figures.helmInstallToReadySeconds = Math.round((performance.now() - started) / 1000);
      assert.ok(seconds >= 0);
      const pods = kubectlOk([
        'get',
        'pods',
        '--namespace',
        namespace,
        '-o',
        'jsonpath={.items[*].metadata.labels.app}',
      ]).split(' ');
      assert.deepEqual([...new Set(pods)].sort(), [...SERVICES.map((s) => s.name), 'redis-cart'].sort());
    });

    it('an order goes through the frontend Service', async () => {
      assert.match(await placeOrder(frontendUrl(namespace)), /^[0-9a-f-]{36}$/);
    });

    it('the load generator Deployment runs with 0 failures', async () => {
      await assertLoadGeneratorClean(namespace);
    });

    it('helm upgrade to another image tag rolls every Deployment, and no request fails under load', async () => {
      const url = frontendUrl(namespace);
      let finish!: () => void;
      const rolledOut = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const load = loadUntil(url, rolledOut);
      await sleep(3_000);
      installChart('boutique', namespace, ROLLOUT_TAG, {}, 'upgrade');
      try {
        await waitForShop(namespace);
        await sleep(5_000);
      } finally {
        finish();
      }
      const result = await load;
      figures.upgradeUnderLoad = {
        requests: result.requests,
        failed: result.failures.length,
        failures: result.failures.slice(0, 20),
      };
      const images = kubectlOk([
        'get',
        'deployments',
        '--namespace',
        namespace,
        '-o',
        'jsonpath={.items[*].spec.template.spec.containers[*].image}',
      ]).split(' ');
      for (const service of SERVICES)
        assert.ok(images.includes(imageName(service.name, ROLLOUT_TAG)), `${service.name} rolled to ${ROLLOUT_TAG}`);
      assert.ok(result.requests > 100, `load ran (${result.requests} requests)`);
      assert.deepEqual(result.failures, [], `${result.failures.length} of ${result.requests} requests failed`);
    });

    it('deleting the pod of each backend: the shop recovers and takes orders again', async () => {
      const url = frontendUrl(namespace);
      const recovery: Record<string, number> = {};
      for (const backend of [...BACKENDS, 'redis-cart']) {
        const started = performance.now();
        kubectlOk(['delete', 'pod', '--namespace', namespace, '--selector', `app=${backend}`, '--wait=false']);
        await waitForShop(namespace, 3 * 60_000);
        await until(
          `an order after ${backend}'s pod was replaced`,
          60_000,
          () => placeOrder(url).catch(() => undefined),
          2_000,
        );
        recovery[backend] = Math.round((performance.now() - started) / 1000);
      }
      figures.recoverySeconds = recovery;
    });

    it('helm uninstall leaves nothing in the namespace', async () => {
      helm(['uninstall', 'boutique', '--namespace', namespace, '--wait']);
      await assertEverythingRemoved(namespace);
    });
  });

  describe('kubernetes-manifests/ with kubectl apply', () => {
    const namespace = 'shop-manifests';
    const manifests = path.join(REPO_ROOT, 'kubernetes-manifests');

    it('kubectl apply -k: every pod Ready', async () => {
      kubectlOk(['create', 'namespace', namespace]);
      const started = performance.now();
      kubectlOk(['apply', '--namespace', namespace, '-k', manifests]);
      await waitForShop(namespace);
      figures.manifestsApplyToReadySeconds = Math.round((performance.now() - started) / 1000);
    });

    it('an order goes through the frontend Service', async () => {
      assert.match(await placeOrder(frontendUrl(namespace)), /^[0-9a-f-]{36}$/);
    });

    it('the load generator Deployment runs with 0 failures', async () => {
      await assertLoadGeneratorClean(namespace);
    });

    it('the load generator as a fleet (kustomize loadgenerator-fleet): two workers drive the shop with 0 failures', async () => {
      const fleet = kustomizeBuild(['loadgenerator-fleet']);
      const added = fleet.filter(
        (o) =>
          ['loadgenerator-worker', 'loadgenerator-fleet'].includes(o.metadata.name) ||
          (o.kind === 'Service' && o.metadata.name === 'loadgenerator'),
      );
      assert.equal(added.length, 3);
      const changed = [...added, fleet.find((o) => o.kind === 'Deployment' && o.metadata.name === 'loadgenerator')!];
      // One 2-core node already holds the shop's requests (about 1.9 CPUs): the fleet's pods ask for a
      // little CPU each here, or they would not fit beside it.
      for (const deployment of changed.filter((o) => o.kind === 'Deployment'))
        deployment.spec.template.spec.containers[0].resources.requests.cpu = '20m';
      kubectlOk(['apply', '--namespace', namespace, '-f', '-'], {
        input: changed.map((o) => JSON.stringify(o)).join('\n'),
      });
      try {
        for (const deployment of ['loadgenerator', 'loadgenerator-worker'])
          kubectlOk(['rollout', 'status', '--namespace', namespace, `deployment/${deployment}`, '--timeout=300s'], {
            timeoutMs: 320_000,
          });
        await assertLoadGeneratorClean(namespace, `${namespace} fleet`);
        const workers = loadGeneratorProgress(namespace).at(-1)?.workers;
        assert.equal(workers, 2, 'the coordinator reports two live workers');
      } finally {
        for (const object of added)
          kubectl(['delete', '--namespace', namespace, `${object.kind}/${object.metadata.name}`, '--wait=true']);
      }
    });

    it('kubectl delete -k leaves nothing in the namespace', async () => {
      kubectlOk(['delete', '--namespace', namespace, '-k', manifests, '--wait=true'], { timeoutMs: 180_000 });
      await assertEverythingRemoved(namespace);
    });
  });
});
