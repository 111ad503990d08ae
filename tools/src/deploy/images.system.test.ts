// The eleven images, for real: built with Podman from the project's own Dockerfiles (the shared build
// stages come from cache after the first), each run the way the manifests run it (read-only root,
// uid 1000, no capabilities) until its health check answers, and each service image under 200 MB.
// Needs Podman and the base-image stand-ins (tools/provision.d/podman.sh, podman-base-images.sh).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  baseImages,
  buildAll,
  IMAGE_TAG,
  imageBytes,
  imageExists,
  imageName,
  isPodmanAvailable,
  MAX_IMAGE_BYTES,
  podman,
  podmanOk,
  publishedAddress,
  recordFigures,
  removeAll,
  uniqueName,
  waitFor,
} from './podman';
import { composeFile, read, SERVICES } from './support';

type Service = (typeof SERVICES)[number];

const network = uniqueName('boutique-images');
const containers: string[] = [];
const figures: Record<string, { buildSeconds: number; bytes: number; healthySeconds?: number }> = {};
const BUILD_TIMEOUT_MS = 20 * 60_000;
/** One build per image, started by the before hook, two at a time after the first; each test awaits its own. */
let builds = new Map<string, Promise<number>>();

/** The service's environment in docker-compose.yml, each ${VAR:-default} taken at its default. */
function composeEnv(service: string): Record<string, string> {
  const env: Record<string, string | number> = composeFile().services[service]?.environment ?? {};
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, String(value).replace(/\$\{\w+:-([^}]*)\}/g, '$1')]),
  );
}

/** Starts a container of the test's on its network, hardened as in the manifests. */
function runHardened(
  name: string,
  image: string,
  options: { env?: Record<string, string>; publish?: number; alias?: string; args?: string[] } = {},
): string {
  const container = uniqueName(name);
  containers.push(container);
  const args = [
    'run',
    '--detach',
    '--name',
    container,
    '--network',
    network,
    '--read-only',
    '--user',
    '1000:1000',
    '--cap-drop',
    'ALL',
  ];
  args.push('--security-opt', 'no-new-privileges', '--memory', '256m');
  if (options.alias) args.push('--network-alias', options.alias);
  if (options.publish) args.push('--publish', `127.0.0.1::${options.publish}`);
  for (const [key, value] of Object.entries(options.env ?? {})) args.push('--env', `${key}=${value}`);
  podmanOk([...args, image, ...(options.args ?? [])]);
  return container;
}

const logsOf = (container: string) => {
  const result = podman(['logs', '--tail', '40', container]);
  return `${container} logs:\n${result.stdout}${result.stderr}`;
};

async function untilGrpcServing(container: string): Promise<void> {
  await waitFor(
    `${container} to answer grpc.health.v1/Check with SERVING`,
    () => {
      const probe = podman(['exec', container, '/nodejs/bin/node', 'packages/kit/dist/health-probe.js']);
      return probe.status === 0 && probe.stdout.trim() === 'SERVING' ? true : undefined;
    },
    { timeoutMs: 60_000, describe: () => logsOf(container) },
  );
}

async function untilHttpHealthy(container: string, port: number): Promise<void> {
  const address = publishedAddress(container, port);
  await waitFor(
    `${container} to answer GET /_healthz with 200 ok`,
    async () => {
      const response = await fetch(`http://${address}/_healthz`).catch(() => undefined);
      return response?.status === 200 && (await response.text()) === 'ok' ? true : undefined;
    },
    { timeoutMs: 60_000, describe: () => logsOf(container) },
  );
}

describe('container images (Podman)', { skip: !isPodmanAvailable() && 'podman is not installed' }, () => {
  before(() => {
    builds = buildAll(
      SERVICES.map((service) => ({ dockerfile: `${service.dir}/Dockerfile`, tag: imageName(service.name) })),
    );
    podmanOk(['network', 'create', network]);
    // cartservice keeps its carts in Redis: a stand-in of the compose file's Redis on the test's network.
    const redisImage = composeFile().services['redis-cart'].image as string;
    assert.ok(imageExists(redisImage), `${redisImage} is in Podman's store (tools/provision.d/podman-base-images.sh)`);
    runHardened('redis-cart', redisImage, { alias: 'redis-cart', args: ['--save', '', '--appendonly', 'no'] });
  });

  after(() => {
    const left = removeAll({ containers, networks: [network] });
    assert.deepEqual(left, [], 'everything the test created is removed');
    recordFigures('images.json', { tag: IMAGE_TAG, images: figures });
  });

  it('every Dockerfile builds FROM base images that are in the local store (no registry needed)', () => {
    for (const service of SERVICES) {
      const bases = baseImages(read(`${service.dir}/Dockerfile`));
      assert.ok(bases.length > 0, service.name);
      for (const base of bases) assert.ok(imageExists(base), `${service.name}: ${base} is in Podman's store`);
    }
  });

  for (const service of inDependencyOrder(SERVICES)) {
    it(`${service.name}: builds, is ${service.port ? 'under 200 MB' : 'sized'}, and runs read-only as uid 1000 without capabilities until healthy`, {
      timeout: BUILD_TIMEOUT_MS,
    }, async (t) => {
      const image = imageName(service.name);
      const buildSeconds = await builds.get(image)!;
      const bytes = imageBytes(image);
      figures[service.name] = { buildSeconds: Math.round(buildSeconds), bytes };
      t.diagnostic(`${image}: ${(bytes / 1e6).toFixed(1)} MB, built in ${buildSeconds.toFixed(0)} s`);
      if (service.port) assert.ok(bytes <= MAX_IMAGE_BYTES, `${image} is ${(bytes / 1e6).toFixed(1)} MB, over 200 MB`);

      const started = performance.now();
      await runAndCheck(service, image);
      figures[service.name]!.healthySeconds = Math.round((performance.now() - started) / 100) / 10;
    });
  }
});

/**
 * The services with what each depends on in docker-compose.yml first: a service that reports SERVING
 * only once its dependencies answer (checkout, the frontend) then finds them already running on the
 * test's network, under their names.
 */
function inDependencyOrder(services: readonly Service[]): Service[] {
  const composeServices = composeFile().services;
  const depth = (name: string, seen: string[] = []): number => {
    const dependsOn = Object.keys(composeServices[name]?.depends_on ?? {}).filter((d) => !seen.includes(d));
    return dependsOn.length === 0 ? 0 : 1 + Math.max(...dependsOn.map((d) => depth(d, [...seen, name])));
  };
  return [...services].sort((a, b) => depth(a.name) - depth(b.name) || a.name.localeCompare(b.name));
}

async function runAndCheck(service: Service, image: string): Promise<void> {
  if (!service.port) {
    // The load generator is a client: it must start and describe itself without a shop to call. Its
    // image's command (node is the entrypoint) runs with --help after it.
    const command: string[] = JSON.parse(podmanOk(['image', 'inspect', '--format', '{{json .Config.Cmd}}', image]));
    const result = podman([
      'run',
      '--rm',
      '--network',
      network,
      '--read-only',
      '--user',
      '1000:1000',
      '--cap-drop',
      'ALL',
      image,
      ...command,
      '--help',
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout + result.stderr, /--users/);
    return;
  }
  const container = runHardened(service.name, image, {
    env: composeEnv(service.name),
    alias: service.name,
    publish: service.name === 'frontend' ? service.port : undefined,
  });
  if (service.name === 'frontend') await untilHttpHealthy(container, service.port);
  else await untilGrpcServing(container);
  const inspect = JSON.parse(podmanOk(['inspect', container]))[0];
  assert.equal(inspect.HostConfig.ReadonlyRootfs, true);
  assert.equal(inspect.Config.User, '1000:1000');
  assert.equal(inspect.State.Running, true);
}
