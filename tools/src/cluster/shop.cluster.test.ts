// The shop on a real single-node Kubernetes built on this machine (npm run test:cluster; not part of
// npm test: a cold run builds Kubernetes from source first). helm-chart/ with its defaults, then
// kubernetes-manifests/ with kubectl apply: every pod Ready, an order through the frontend Service, the
// load generator without failures; for the chart also a rolling upgrade under load, each backend's pod
// deleted and the shop recovering, and an uninstall that leaves nothing.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildImage, IMAGE_TAG, imageName, recordFigures } from '../deploy/podman';
import { placeOrder, Shopper } from '../deploy/shop-client';
import { SERVICES } from '../deploy/support';
import { REPO_ROOT } from '../services';
import { ensureBinaries, missingBinaries } from './binaries';
import { down, kubectl, kubectlOk, status, tagImage, up } from './node';
import { sleep, until } from './sh';
import { frontendUrl, helm, installChart, namespaceLeftovers, shopImages, waitForShop } from './shop';

const figures: Record<string, unknown> = { tag: IMAGE_TAG };
const BACKENDS = SERVICES.filter((s) => s.port !== undefined && s.name !== 'frontend').map((s) => s.name);
const ROLLOUT_TAG = `${IMAGE_TAG}-rollout`;

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

/** The load generator's progress lines so far: requests per second and failures of each interval. */
function loadGeneratorProgress(namespace: string): { rps: number; failures: number }[] {
  const logs = kubectl(['logs', '--namespace', namespace, 'deployment/loadgenerator', '--container', 'main']).stdout;
  return [...logs.matchAll(/\| ([\d.]+) req\/s \| failures (\d+) /g)].map((m) => ({
    rps: Number(m[1]),
    failures: Number(m[2]),
  }));
}

async function assertLoadGeneratorClean(namespace: string): Promise<void> {
  // Six intervals of 5 s with traffic: about 30 s of the generator's own shoppers.
  const progress = await until(
    'six progress lines with traffic from the load generator',
    5 * 60_000,
    () => {
      const lines = loadGeneratorProgress(namespace).filter((line) => line.rps > 0);
      return lines.length >= 6 ? lines : undefined;
    },
    5_000,
  );
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
  before(async () => {
    const cold = missingBinaries().length > 0;
    let started = performance.now();
    ensureBinaries();
    figures.binariesSeconds = { cold, seconds: Math.round((performance.now() - started) / 1000) };
    started = performance.now();
    for (const service of SERVICES) buildImage(`${service.dir}/Dockerfile`, imageName(service.name));
    figures.imagesSeconds = Math.round((performance.now() - started) / 1000);
    figures.clusterUpSeconds = Math.round(await up({ images: shopImages(IMAGE_TAG) }));
    // A second tag for every image, for the rolling upgrade; the manifests' tag for kubectl apply.
    for (const service of SERVICES) {
      tagImage(imageName(service.name), imageName(service.name, ROLLOUT_TAG));
      tagImage(imageName(service.name), imageName(service.name, '0.1.0'));
    }
  });

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

    it('kubectl delete -k leaves nothing in the namespace', async () => {
      kubectlOk(['delete', '--namespace', namespace, '-k', manifests, '--wait=true'], { timeoutMs: 180_000 });
      await assertEverythingRemoved(namespace);
    });
  });
});
