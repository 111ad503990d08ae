// The same eleven services, ports, env var names and images across compose, manifests, chart and images.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { REPO_ROOT } from '../services';
import { last, parseDockerfile } from './dockerfile';
import {
  composeFile,
  containerEnv,
  exists,
  find,
  helmTemplate,
  manifestObjects,
  read,
  SERVICES,
  TELEMETRY_ENV,
} from './support';

const manifests = manifestObjects();
const chart = helmTemplate();
const compose = composeFile().services as Record<
  string,
  { environment?: Record<string, unknown>; mem_limit?: string; image: string }
>;
// Fault injection is off unless asked for; compose always passes FAULTS (empty), the others only when set.
const FAULT_ENV = new Set(['FAULTS', 'FAULTS_FILE']);
const appEnv = (env: Record<string, unknown>) =>
  Object.keys(env)
    .filter((k) => !TELEMETRY_ENV.has(k) && !FAULT_ENV.has(k))
    .sort();

describe('cross-check of the deploy artifacts', () => {
  it('the eleven services appear in the Dockerfiles, docker-bake.hcl, compose, the manifests and the chart', () => {
    const names = SERVICES.map((s) => s.name).sort();
    const deployments = (objects: typeof manifests) =>
      objects
        .filter((o) => o.kind === 'Deployment' && o.metadata.name !== 'redis-cart')
        .map((o) => o.metadata.name)
        .sort();
    assert.deepEqual(deployments(manifests), names);
    assert.deepEqual(deployments(chart), names);
    for (const name of names) assert.ok(compose[name], `compose: ${name}`);
    const bake = read('docker-bake.hcl');
    for (const service of SERVICES) {
      assert.ok(exists(`${service.dir}/Dockerfile`), service.name);
      assert.match(bake, new RegExp(`target "${service.name}"`));
    }
  });

  it('container ports agree: Dockerfile EXPOSE, compose PORT, manifests and chart', () => {
    for (const service of SERVICES.filter((s) => s.port !== undefined)) {
      const dockerfile = parseDockerfile(read(`${service.dir}/Dockerfile`));
      const port = String(service.port);
      assert.equal(last(dockerfile.stages.at(-1)!, 'EXPOSE'), port, `${service.name}: Dockerfile`);
      assert.equal(String(compose[service.name]!.environment!.PORT), port, `${service.name}: compose`);
      for (const [label, objects] of [
        ['manifests', manifests],
        ['chart', chart],
      ] as const) {
        const deployment = find(objects, 'Deployment', service.name)!;
        assert.equal(
          deployment.spec.template.spec.containers[0].ports[0].containerPort,
          service.port,
          `${service.name}: ${label}`,
        );
        assert.equal(containerEnv(deployment).PORT, port, `${service.name}: ${label}`);
      }
    }
  });

  it('env var names agree across compose, manifests and chart (telemetry switches aside)', () => {
    for (const service of SERVICES) {
      const fromManifests = appEnv(containerEnv(find(manifests, 'Deployment', service.name)!));
      assert.deepEqual(
        appEnv(containerEnv(find(chart, 'Deployment', service.name)!)),
        fromManifests,
        `${service.name}: chart`,
      );
      assert.deepEqual(appEnv(compose[service.name]!.environment ?? {}), fromManifests, `${service.name}: compose`);
    }
  });

  it('every service is told the same peers: the *_ADDR values agree up to the Service port mapping', () => {
    const servicePortToContainer: Record<string, string> = {
      'emailservice:5000': 'emailservice:8080',
      'frontend:80': 'frontend:8080',
    };
    for (const service of SERVICES) {
      const k8s = containerEnv(find(manifests, 'Deployment', service.name)!);
      const local = compose[service.name]!.environment ?? {};
      for (const [key, value] of Object.entries(k8s).filter(([k]) => k.endsWith('_ADDR'))) {
        // dns:///<name>-headless:<container port> in Kubernetes is <name>:<container port> in compose,
        // whose DNS lists every replica of a service under its plain name.
        const plain = value.replace(/^dns:\/\/\/([a-z]+)-headless:/, '$1:');
        assert.equal(String(local[key]), servicePortToContainer[plain] ?? plain, `${service.name}: ${key}`);
      }
    }
  });

  it('images agree: <repository>/<service>:<tag> with the same defaults in bake, compose, kustomize and the chart', () => {
    const kustomization = YAML.parse(read('kubernetes-manifests/kustomization.yaml'));
    for (const service of SERVICES) {
      const expected = `boutique/${service.name}:0.1.0`;
      const image = (objects: typeof manifests) =>
        find(objects, 'Deployment', service.name)!.spec.template.spec.containers[0].image as string;
      assert.equal(image(manifests), expected);
      assert.equal(image(chart), expected);
      assert.equal(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Docker/compose/bake interpolation syntax, not JavaScript
        compose[service.name]!.image.replace('${REGISTRY:-boutique}', 'boutique').replace('${TAG:-0.1.0}', '0.1.0'),
        expected,
      );
      assert.ok(
        kustomization.images.some((i: { name: string; newTag: string }) => `${i.name}:${i.newTag}` === expected),
        expected,
      );
    }
    assert.equal(YAML.parse(read('helm-chart/Chart.yaml')).appVersion, '0.1.0');
  });

  it("compose memory limits equal the manifests' memory limits", () => {
    for (const service of SERVICES) {
      const limit: string = find(manifests, 'Deployment', service.name)!.spec.template.spec.containers[0].resources
        .limits.memory;
      assert.equal(compose[service.name]!.mem_limit, limit.replace(/Mi$/, 'm'), service.name);
    }
  });

  it("every Dockerfile's start command points at a file the workspace build produces", () => {
    for (const service of SERVICES) {
      const cmd = JSON.parse(
        last(parseDockerfile(read(`${service.dir}/Dockerfile`)).stages.at(-1)!, 'CMD')!,
      ) as string[];
      const target = cmd.at(-1)!;
      assert.equal(target, `${service.dir}/dist/main.js`);
      // tsc -b emits <rootDir>/<file>.ts to <outDir>/<file>.js: src/main.ts → dist/main.js.
      const tsconfig = read(`${service.dir}/tsconfig.json`);
      assert.match(tsconfig, /"rootDir": "src"/);
      assert.match(tsconfig, /"outDir": "dist"/);
      assert.ok(exists(`${service.dir}/src/main.ts`), `${service.dir}/src/main.ts is missing`);
      // The test entry builds everything (tsc -b) before running the tests, so the output must be there.
      assert.ok(exists(target), `${path.relative(REPO_ROOT, path.join(REPO_ROOT, target))} was not produced by tsc -b`);
    }
  });
});
