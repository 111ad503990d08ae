// kustomize/: the base is kubernetes-manifests/ unchanged; each component, alone and with all the others,
// renders objects a Kubernetes API server accepts, and changes exactly what it says it changes.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  componentNames,
  difference,
  images,
  KUSTOMIZE_DIR,
  kustomizeBuild,
  kustomizeBuildDir,
  objectKey,
} from './kustomize';
import {
  containerEnv,
  find,
  helmTemplate,
  type K8sObject,
  KUBERNETES_VERSION,
  kubernetesValidateFiles,
  manifestObjects,
  read,
} from './support';

const COMPONENTS = componentNames();
/**
 * Every component at once, the tag component before the registry one (kustomize/kustomization.yaml's
 * order), without the load generator's fleet: it reshapes the load generator that without-loadgenerator
 * removes, so the two exclude each other (ALL_WITH_FLEET swaps them).
 */
const ALL = [
  ...COMPONENTS.filter((name) => name !== 'container-images-registry' && name !== 'loadgenerator-fleet'),
  'container-images-registry',
].filter((name) => COMPONENTS.includes(name));
const ALL_WITH_FLEET = ALL.map((name) => (name === 'without-loadgenerator' ? 'loadgenerator-fleet' : name));

const base = kustomizeBuild([]);
const byComponent = new Map(COMPONENTS.map((name) => [name, kustomizeBuild([name])]));
const rendered = (name: string): K8sObject[] => byComponent.get(name)!;

/** The one object of a render with this kind and name (fails the test when it is missing). */
function only(objects: K8sObject[], kind: string, name: string): K8sObject {
  const object = find(objects, kind, name);
  assert.ok(object, `${kind}/${name} is rendered`);
  return object;
}

/** A copy of a Deployment's first container, env left out, for comparing everything else. */
function withoutEnv(deployment: K8sObject): K8sObject {
  const copy = structuredClone(deployment);
  delete copy.spec.template.spec.containers[0].env;
  return copy;
}

/** Asserts a component only adds env vars to the frontend's container, exactly these. */
function assertFrontendEnvAdded(name: string, added: Record<string, string>): void {
  const objects = rendered(name);
  assert.deepEqual(difference(base, objects), { added: [], removed: [], changed: ['Deployment/frontend'] });
  const before = only(base, 'Deployment', 'frontend');
  const after = only(objects, 'Deployment', 'frontend');
  assert.deepEqual(containerEnv(after), { ...containerEnv(before), ...added });
  assert.equal(
    Object.keys(containerEnv(after)).length,
    Object.keys(containerEnv(before)).length + Object.keys(added).length,
  );
}

describe('kustomize/', () => {
  it('offers the components a deployment commonly varies by', () => {
    assert.deepEqual(COMPONENTS, [
      'container-images-registry',
      'container-images-tag',
      'custom-base-url',
      'cymbal-branding',
      'external-redis',
      'loadgenerator-fleet',
      'network-policies',
      'non-public-frontend',
      'single-shared-session',
      'without-loadgenerator',
    ]);
  });

  it('kustomize/kustomization.yaml builds the base alone, and lists every component (commented out) to enable', () => {
    assert.deepEqual(difference(base, kustomizeBuildDir(KUSTOMIZE_DIR)), { added: [], removed: [], changed: [] });
    const text = read('kustomize/kustomization.yaml');
    for (const name of COMPONENTS) assert.match(text, new RegExp(`^#\\s+- components/${name}$`, 'm'), name);
  });

  it('the base renders exactly the objects of kubernetes-manifests/', () => {
    const plain = manifestObjects();
    assert.ok(plain.length >= 33);
    assert.deepEqual(difference(plain, base), { added: [], removed: [], changed: [] });
  });

  it(`every object of the base, of each component alone and of all of them together validates against the Kubernetes ${KUBERNETES_VERSION} schemas`, () => {
    // Each distinct object once, filed under the first render producing it (the tool names that file in
    // its errors): the components repeat most of the base.
    const renders: [string, K8sObject[]][] = [
      ['base', base],
      ...byComponent,
      ['all-components', kustomizeBuild(ALL)],
      ['all-components-with-fleet', kustomizeBuild(ALL_WITH_FLEET)],
    ];
    const seen = new Set<string>();
    const files: Record<string, K8sObject[]> = {};
    for (const [label, objects] of renders) {
      files[label] = objects.filter((object) => {
        const key = JSON.stringify(object);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    assert.equal(files.base!.length, base.length, 'the base is validated in full');
    const result = kubernetesValidateFiles(files);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  it('all components together: each one still has its effect', () => {
    const objects = kustomizeBuild(ALL);
    const frontend = containerEnv(only(objects, 'Deployment', 'frontend'));
    assert.equal(frontend.BASE_URL, '/online-boutique');
    assert.equal(frontend.CYMBAL_BRANDING, 'true');
    assert.equal(frontend.ENABLE_SINGLE_SHARED_SESSION, 'true');
    assert.equal(containerEnv(only(objects, 'Deployment', 'cartservice')).REDIS_ADDR, 'EXTERNAL_REDIS_ADDR');
    for (const gone of ['Deployment/loadgenerator', 'Service/frontend-external', 'Deployment/redis-cart']) {
      assert.ok(!objects.some((o) => objectKey(o) === gone), gone);
    }
    assert.ok(objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'deny-all'));
    for (const image of images(objects))
      assert.match(image, /^CONTAINER_IMAGES_REGISTRY\/[a-z-]+:(CONTAINER_IMAGES_TAG|[0-9.]+(-alpine)?)$/);
    assert.ok(images(objects).includes('CONTAINER_IMAGES_REGISTRY/frontend:CONTAINER_IMAGES_TAG'));
  });

  describe('components', () => {
    it('without-loadgenerator removes the load generator (Deployment and ServiceAccount) and nothing else', () => {
      assert.deepEqual(difference(base, rendered('without-loadgenerator')), {
        added: [],
        removed: ['Deployment/loadgenerator', 'ServiceAccount/loadgenerator'],
        changed: [],
      });
    });

    it('non-public-frontend removes the frontend-external LoadBalancer and keeps the frontend Service', () => {
      assert.deepEqual(difference(base, rendered('non-public-frontend')), {
        added: [],
        removed: ['Service/frontend-external'],
        changed: [],
      });
      assert.equal(only(rendered('non-public-frontend'), 'Service', 'frontend').spec.type, 'ClusterIP');
    });

    it('cymbal-branding sets the frontend CYMBAL_BRANDING=true and changes nothing else', () => {
      assertFrontendEnvAdded('cymbal-branding', { CYMBAL_BRANDING: 'true' });
    });

    it('single-shared-session sets the frontend ENABLE_SINGLE_SHARED_SESSION=true and changes nothing else', () => {
      assertFrontendEnvAdded('single-shared-session', { ENABLE_SINGLE_SHARED_SESSION: 'true' });
    });

    it('custom-base-url serves the frontend under /online-boutique and moves both probes there', () => {
      assertFrontendEnvAdded('custom-base-url', { BASE_URL: '/online-boutique' });
      const before = withoutEnv(only(base, 'Deployment', 'frontend'));
      const after = withoutEnv(only(rendered('custom-base-url'), 'Deployment', 'frontend'));
      const container = after.spec.template.spec.containers[0];
      assert.equal(container.readinessProbe.httpGet.path, '/online-boutique/_healthz');
      assert.equal(container.livenessProbe.httpGet.path, '/online-boutique/_healthz');
      // Everything else about the probes (port, the session cookie header, delays) stays as it was.
      container.readinessProbe.httpGet.path = '/_healthz';
      container.livenessProbe.httpGet.path = '/_healthz';
      assert.deepEqual(after, before);
    });

    it('external-redis points cartservice at the given Redis and removes redis-cart entirely', () => {
      const objects = rendered('external-redis');
      assert.deepEqual(difference(base, objects), {
        added: [],
        removed: ['Deployment/redis-cart', 'Service/redis-cart', 'ServiceAccount/redis-cart'],
        changed: ['Deployment/cartservice'],
      });
      const before = only(base, 'Deployment', 'cartservice');
      const after = only(objects, 'Deployment', 'cartservice');
      assert.deepEqual(containerEnv(after), { ...containerEnv(before), REDIS_ADDR: 'EXTERNAL_REDIS_ADDR' });
      assert.deepEqual(withoutEnv(after), withoutEnv(before));
      assert.doesNotMatch(JSON.stringify(objects), /redis-cart/);
    });

    it('container-images-tag retags the eleven service images only (redis and busybox keep theirs)', () => {
      const objects = rendered('container-images-tag');
      assert.deepEqual(difference(base, objects).added, []);
      assert.deepEqual(difference(base, objects).removed, []);
      const expected = images(base).map((image) => image.replace(/^(boutique\/[a-z]+):.*$/, '$1:CONTAINER_IMAGES_TAG'));
      assert.deepEqual(images(objects), expected.sort());
      assert.equal(images(objects).filter((image) => image.endsWith(':CONTAINER_IMAGES_TAG')).length, 11);
    });

    it('container-images-registry moves every image, redis and busybox included, to the registry and keeps the tags', () => {
      const objects = rendered('container-images-registry');
      const expected = images(base).map((image) => `CONTAINER_IMAGES_REGISTRY/${image.replace(/^boutique\//, '')}`);
      assert.deepEqual(images(objects), expected.sort());
      assert.equal(images(objects).length, 13);
    });

    it('container-images-tag then container-images-registry: every service image is <registry>/<service>:<tag>', () => {
      const objects = kustomizeBuild(['container-images-tag', 'container-images-registry']);
      const services = images(objects).filter((image) => image.endsWith(':CONTAINER_IMAGES_TAG'));
      assert.equal(services.length, 11);
      for (const image of services) assert.match(image, /^CONTAINER_IMAGES_REGISTRY\/[a-z]+:CONTAINER_IMAGES_TAG$/);
    });

    it("loadgenerator-fleet renders the Helm chart's fleet: the coordinator, its Service, two workers", () => {
      const objects = rendered('loadgenerator-fleet');
      assert.deepEqual(difference(base, objects), {
        added: ['Deployment/loadgenerator-worker', 'NetworkPolicy/loadgenerator-fleet', 'Service/loadgenerator'],
        removed: [],
        changed: ['Deployment/loadgenerator'],
      });
      const helm = helmTemplate({ 'loadGenerator.workers': 2 });
      const coordinator = only(objects, 'Deployment', 'loadgenerator');
      assert.deepEqual(containerEnv(coordinator), containerEnv(only(helm, 'Deployment', 'loadgenerator')));
      assert.deepEqual(
        coordinator.spec.template.spec.containers[0].ports,
        only(helm, 'Deployment', 'loadgenerator').spec.template.spec.containers[0].ports,
      );
      const workers = only(objects, 'Deployment', 'loadgenerator-worker');
      const chartWorkers = only(helm, 'Deployment', 'loadgenerator-worker');
      assert.equal(workers.spec.replicas, 2);
      assert.equal(containerEnv(coordinator).MIN_WORKERS, String(workers.spec.replicas));
      assert.deepEqual(workers.spec, chartWorkers.spec);
      const service = only(objects, 'Service', 'loadgenerator');
      assert.deepEqual(service.spec, only(helm, 'Service', 'loadgenerator').spec);
      assert.equal(`${service.metadata.name}:${service.spec.ports[0].port}`, containerEnv(workers).COORDINATOR_ADDR);
    });

    it('loadgenerator-fleet with network-policies: the workers reach the coordinator on its port, as in the chart', () => {
      const objects = kustomizeBuild(['network-policies', 'loadgenerator-fleet']);
      const fleet = only(objects, 'NetworkPolicy', 'loadgenerator-fleet');
      const chart = only(
        helmTemplate({ 'loadGenerator.workers': 2, 'networkPolicies.create': true }),
        'NetworkPolicy',
        'loadgenerator',
      );
      assert.deepEqual(fleet.spec.ingress, chart.spec.ingress);
      assert.deepEqual(fleet.spec.podSelector, chart.spec.podSelector);
    });

    it('network-policies adds deny-all and one policy per pod, the same call graph as the Helm chart allows', () => {
      const objects = rendered('network-policies');
      const diff = difference(base, objects);
      assert.deepEqual(diff.removed, []);
      assert.deepEqual(diff.changed, []);
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
      assert.deepEqual(diff.added, policies.map(objectKey).sort());
      // Every pod of the shop has a policy of its own.
      const apps = base.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
      assert.deepEqual(policies.map((p) => p.metadata.name).sort(), ['deny-all', ...apps].sort());
      const helm = helmTemplate({ 'networkPolicies.create': true }).filter((o) => o.kind === 'NetworkPolicy');
      assert.equal(helm.length, policies.length);
      for (const policy of policies) {
        const chart = only(helm, 'NetworkPolicy', policy.metadata.name);
        assert.deepEqual(policy.spec, chart.spec, policy.metadata.name);
      }
    });

    it('network-policies opens each service only on the port its container listens on', () => {
      const objects = rendered('network-policies');
      for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy' && o.spec.ingress)) {
        const deployment = only(base, 'Deployment', policy.spec.podSelector.matchLabels.app);
        const ports = deployment.spec.template.spec.containers[0].ports.map((p: K8sObject) => p.containerPort);
        for (const rule of policy.spec.ingress) {
          for (const { port } of rule.ports) assert.ok(ports.includes(port), `${policy.metadata.name} port ${port}`);
          for (const from of rule.from ?? []) only(base, 'Deployment', from.podSelector.matchLabels.app);
        }
      }
    });
  });

  it('each component says in a leading comment what it does', () => {
    for (const name of COMPONENTS) {
      const text = read(path.join('kustomize', 'components', name, 'kustomization.yaml'));
      assert.match(text, /^# \S/, name);
      assert.match(text, /^kind: Component$/m, name);
    }
  });
});
