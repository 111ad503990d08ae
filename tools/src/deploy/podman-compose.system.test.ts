// docker-compose.yml, for real: Debian's docker-compose against Podman's Docker-compatible API brings the
// stack up with the default profile, an order goes through the frontend's published port (loopback
// only) with its cart found in the Redis container, the `load` profile's generator runs 30 s without a
// failure, and `down -v` leaves no container, network or volume of the project behind.
// Podman runs no health checks by itself here (no systemd), so the test runs them every few seconds.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { freePort } from '../ports';
import { REPO_ROOT } from '../services';
import {
  buildImage,
  IMAGE_TAG,
  imageExists,
  imageName,
  isPodmanAvailable,
  podman,
  podmanOk,
  recordFigures,
  uniqueName,
  waitFor,
} from './podman';
import { Shopper } from './shop-client';
import { composeFile, SERVICES } from './support';

const execFileAsync = promisify(execFile);
const project = uniqueName('boutique-compose').replace('-', '');
const socket = `/run/${project}.sock`;
const figures: Record<string, number | string> = { tag: IMAGE_TAG };
let apiService: ChildProcess | undefined;
let frontendUrl = '';
let composeEnv: NodeJS.ProcessEnv = {};
let healthLoop: NodeJS.Timeout | undefined;

/** docker-compose with the project's name, Podman's socket and the test's settings; resolves with its output. */
async function compose(
  args: string[],
  timeoutMs = 10 * 60_000,
): Promise<{ code: number; stdout: string; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync('docker-compose', ['--project-name', project, ...args], {
      cwd: REPO_ROOT,
      env: composeEnv,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, output: stdout + stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
    };
  }
}

/** The project's containers: name → health ("healthy", "starting", "" without a check) and state. */
function projectContainers(): Map<string, { service: string; health: string; state: string }> {
  const out = podmanOk([
    'ps',
    '--all',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--format',
    '{{.Names}}\t{{index .Labels "com.docker.compose.service"}}',
  ]);
  const found = new Map<string, { service: string; health: string; state: string }>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [name, service] = line.split('\t') as [string, string];
    // "running healthy", "exited <no value>", ...
    const [state = '', health = ''] = podman([
      'inspect',
      '--format',
      '{{.State.Status}} {{.State.Health.Status}}',
      name,
    ])
      .stdout.trim()
      .split(' ');
    found.set(name, { service, state, health: health === '<no' ? '' : health });
  }
  return found;
}

/**
 * Runs the health check of each running project container that is not healthy yet, one at a time (a
 * probe is a node process: eleven at once would load the machine they are judging). A container
 * stays healthy once it was, as compose only waits for that first healthy state.
 */
async function runHealthChecks(): Promise<void> {
  const out = podman([
    'ps',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--format',
    '{{.Names}}\t{{.Status}}',
  ]).stdout;
  for (const line of out.split('\n').filter(Boolean)) {
    const [name, state] = line.split('\t') as [string, string];
    if (state.includes('(healthy)')) continue;
    await execFileAsync('podman', ['healthcheck', 'run', name], { timeout: 20_000 }).catch(() => undefined);
  }
}

function startHealthLoop(): void {
  let running = false;
  healthLoop = setInterval(() => {
    if (running) return;
    running = true;
    void runHealthChecks().finally(() => {
      running = false;
    });
  }, 3_000);
}

const describeContainers = () =>
  [...projectContainers()].map(([name, c]) => `${name} (${c.service}): ${c.state} ${c.health}`).join('\n');

describe('docker-compose.yml on Podman', { skip: !isPodmanAvailable() && 'podman is not installed' }, () => {
  before(
    async () => {
      // The images compose runs. npm test runs images.system.test.ts first, which builds every one of
      // them from the current sources; run alone, this test builds only the ones that are missing.
      const started = performance.now();
      for (const service of SERVICES) {
        if (!imageExists(imageName(service.name))) buildImage(`${service.dir}/Dockerfile`, imageName(service.name));
      }
      figures.missingImagesBuiltSeconds = Math.round((performance.now() - started) / 1000);

      fs.rmSync(socket, { force: true });
      apiService = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], { stdio: 'ignore' });
      await waitFor('Podman API socket', () => (fs.existsSync(socket) ? true : undefined), {
        timeoutMs: 30_000,
        intervalMs: 200,
      });
      const port = await freePort();
      frontendUrl = `http://127.0.0.1:${port}`;
      composeEnv = {
        ...process.env,
        DOCKER_HOST: `unix://${socket}`,
        TAG: IMAGE_TAG,
        FRONTEND_PUBLISH: `127.0.0.1:${port}`,
        COMPOSE_INTERACTIVE_NO_CLI: '1',
      };
      startHealthLoop();
    },
    { timeout: 30 * 60_000 },
  );

  after(async () => {
    if (healthLoop) clearInterval(healthLoop);
    // Whatever happened above, nothing of the project may survive the test.
    await compose(['--profile', 'load', 'down', '--volumes', '--remove-orphans', '--timeout', '5']);
    if (apiService?.pid) {
      apiService.kill('SIGTERM');
      await new Promise((resolve) => apiService!.once('exit', resolve));
    }
    fs.rmSync(socket, { force: true });
    recordFigures('compose.json', figures);
  });

  it('the frontend is published on a loopback address only', () => {
    const ports: string[] = composeFile().services.frontend.ports;
    assert.ok(ports.length === 1, 'one published port');
    const published = ports[0]!.replace(
      /\$\{(\w+):-([^}]*)\}/g,
      (_, name: string, fallback: string) => composeEnv[name] ?? fallback,
    );
    assert.match(published, /^127\.0\.0\.1:\d+:8080$/);
  });

  it('up -d with the default profile: Redis and every service healthy', { timeout: 10 * 60_000 }, async () => {
    const started = performance.now();
    const up = await compose(['up', '--detach', '--no-build']);
    assert.equal(up.code, 0, up.output);
    const containers = await waitFor(
      'every container of the default profile to be healthy',
      () => {
        const found = projectContainers();
        const all = [...found.values()];
        return all.length > 0 && all.every((c) => c.state === 'running' && c.health === 'healthy') ? found : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 2_000, describe: describeContainers },
    );
    figures.secondsToHealthy = Math.round((performance.now() - started) / 100) / 10;
    const expected = ['redis-cart', ...SERVICES.filter((s) => s.name !== 'loadgenerator').map((s) => s.name)].sort();
    assert.deepEqual([...containers.values()].map((c) => c.service).sort(), expected);
  });

  it('an order goes through the published port, and the cart it came from was in the Redis container', async () => {
    const shopper = new Shopper(frontendUrl);
    await shopper.fillCart();
    const userId = shopper.sessionId;
    assert.ok(userId, 'the frontend set a session cookie');
    const redis = [...projectContainers()].find(([, c]) => c.service === 'redis-cart')![0];
    const stored = podmanOk(['exec', redis, 'redis-cli', 'HGET', userId, 'data']);
    assert.ok(stored.length > 0, `the cart of ${userId} is stored in Redis`);

    const orderId = await shopper.checkout();
    assert.match(orderId, /^[0-9a-f-]{36}$/);
    const afterOrder = podmanOk(['exec', redis, 'redis-cli', 'HGET', userId, 'data']);
    assert.notEqual(afterOrder, stored, 'the order emptied the stored cart');
  });

  it('the load profile: the load generator runs 30 s against the stack with 0 failures', {
    timeout: 5 * 60_000,
  }, async () => {
    // Detached: Podman's API does not stream a one-off container's output back to docker-compose 1.29.
    const run = await compose([
      '--profile',
      'load',
      'run',
      '--detach',
      '-e',
      'DURATION=30s',
      '-e',
      'MAX_ERROR_RATE=0',
      '-e',
      'THINK_TIME=200ms-1s',
      'loadgenerator',
    ]);
    assert.equal(run.code, 0, run.output);
    // `run --detach` prints the one-off container's name.
    const container = run.stdout.trim().split('\n').at(-1)!.trim();
    const exitCode = (await execFileAsync('podman', ['wait', container], { timeout: 180_000 })).stdout.trim();
    const logs = podman(['logs', container]);
    const output = logs.stdout + logs.stderr;
    podman(['rm', '--force', container]);
    assert.equal(exitCode, '0', output);
    const summary = /([\d,]+) requests in [\d.]+ s .*?, ([\d,]+) failures/.exec(output);
    assert.ok(summary, `a summary line in:\n${output}`);
    const [requests, failures] = [summary[1]!, summary[2]!].map((n) => Number(n.replaceAll(',', '')));
    assert.ok(requests! >= 50, `at least 50 requests: ${summary[0]}`);
    assert.equal(failures, 0, summary[0]);
    figures.loadRequests = requests!;
  });

  it('down -v removes every container, network and volume of the project', async () => {
    const down = await compose(['--profile', 'load', 'down', '--volumes', '--remove-orphans', '--timeout', '5']);
    assert.equal(down.code, 0, down.output);
    assert.equal(projectContainers().size, 0, describeContainers());
    const networks = podmanOk(['network', 'ls', '--format', '{{.Name}}']).split('\n');
    assert.deepEqual(
      networks.filter((n) => n.startsWith(project)),
      [],
    );
    const volumes = podmanOk(['volume', 'ls', '--format', '{{.Name}}']).split('\n');
    assert.deepEqual(
      volumes.filter((v) => v.startsWith(project)),
      [],
    );
  });
});
