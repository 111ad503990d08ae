import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '@boutique/kit/config';
import { loadConfig, parseRunLength, parseThinkTime, parseWeights, SETTINGS, usage } from './config';
import { DEFAULT_WEIGHTS } from './journey';

describe('parseRunLength', () => {
  for (const [text, ms] of [
    ['60s', 60_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['2', 2000],
    ['0', 0],
  ] as const) {
    it(`"${text}" → ${ms} ms`, () => assert.equal(parseRunLength(text), ms));
  }
  for (const text of ['', 'abc', '10x', '-5s', 's', '1 m']) {
    it(`"${text}" → undefined`, () => assert.equal(parseRunLength(text), undefined));
  }
});

describe('parseThinkTime', () => {
  it('"1s-10s" → 1000..10000; "500ms-2s" → 500..2000; "2s" → 2000..2000; "0" → 0..0', () => {
    assert.deepEqual(parseThinkTime('1s-10s'), { min: 1000, max: 10_000 });
    assert.deepEqual(parseThinkTime('500ms-2s'), { min: 500, max: 2000 });
    assert.deepEqual(parseThinkTime('2s'), { min: 2000, max: 2000 });
    assert.deepEqual(parseThinkTime('0'), { min: 0, max: 0 });
  });

  it('a reversed range or garbage → undefined', () => {
    assert.equal(parseThinkTime('10s-1s'), undefined);
    assert.equal(parseThinkTime('1s-2s-3s'), undefined);
    assert.equal(parseThinkTime('soon'), undefined);
  });
});

describe('parseWeights', () => {
  it('listed tasks override the defaults; the others keep theirs', () => {
    assert.deepEqual(parseWeights('checkout=5, logout=1'), { ...DEFAULT_WEIGHTS, checkout: 5, logout: 1 });
  });

  it('unknown tasks and bad numbers → every problem listed', () => {
    assert.deepEqual(parseWeights('shop=1,checkout=-1,index=x'), [
      'unknown task "shop" (tasks: index, setCurrency, browseProduct, addToCart, viewCart, checkout, emptyCart, logout)',
      'task weight "checkout=-1" must be name=<non-negative number>',
      'task weight "index=x" must be name=<non-negative number>',
    ]);
  });

  it('all weights zero → a problem', () => {
    const zero = 'index=0,setCurrency=0,browseProduct=0,addToCart=0,viewCart=0,checkout=0';
    assert.deepEqual(parseWeights(zero), ['every task weight is 0']);
  });
});

describe('loadConfig', () => {
  it('FRONTEND_ADDR alone → the original’s defaults: 10 users, 1/s, think 1-10 s, until stopped, 12 retries 10 s apart', () => {
    const config = loadConfig([], { FRONTEND_ADDR: 'frontend:80', SEED: '5' });
    assert.deepEqual(config, {
      origin: 'http://frontend',
      basePath: '',
      users: 10,
      spawnRate: 1,
      thinkTimeMs: { min: 1000, max: 10_000 },
      durationMs: undefined,
      targetRps: undefined,
      maxInFlight: 1000,
      weights: DEFAULT_WEIGHTS,
      maxTasks: undefined,
      connections: 10,
      timeoutMs: 30_000,
      seed: 5,
      progressIntervalMs: 5000,
      waitForFrontend: { retries: 12, intervalMs: 10_000 },
      thresholds: { maxErrorRate: undefined, maxP99Ms: undefined, minRps: undefined },
      reportJson: undefined,
      reportHtml: undefined,
      fleet: {
        role: 'single',
        coordinatorPort: undefined,
        coordinatorAddress: undefined,
        localWorkers: 0,
        minWorkers: 1,
        workerTimeoutMs: 10_000,
      },
      webPort: undefined,
      bindAddress: '127.0.0.1',
    });
    assert.ok(Object.isFrozen(config));
  });

  it('every environment variable is read', () => {
    const config = loadConfig([], {
      FRONTEND_ADDR: '127.0.0.1:8080',
      USERS: '50',
      RATE: '5',
      THINK_TIME: '500ms-2s',
      DURATION: '2m',
      TARGET_RPS: '200',
      MAX_IN_FLIGHT: '99',
      TASK_WEIGHTS: 'logout=1',
      MAX_TASKS: '1000',
      CONNECTIONS: '7',
      REQUEST_TIMEOUT: '5s',
      SEED: '9',
      PROGRESS_INTERVAL: '2s',
      WAIT_FOR_FRONTEND_RETRIES: '3',
      WAIT_FOR_FRONTEND_INTERVAL: '50ms',
      MAX_ERROR_RATE: '1%',
      MAX_P99_MS: '500',
      MIN_RPS: '10',
      REPORT_JSON: 'out.json',
      REPORT_HTML: 'out.html',
      COORDINATOR_PORT: '6000',
      WORKERS: '2',
      MIN_WORKERS: '3',
      WORKER_TIMEOUT: '4s',
      WEB_PORT: '9000',
      BIND_ADDR: '0.0.0.0',
    });
    assert.deepEqual(config, {
      origin: 'http://127.0.0.1:8080',
      basePath: '',
      users: 50,
      spawnRate: 5,
      thinkTimeMs: { min: 500, max: 2000 },
      durationMs: 120_000,
      targetRps: 200,
      maxInFlight: 99,
      weights: { ...DEFAULT_WEIGHTS, logout: 1 },
      maxTasks: 1000,
      connections: 7,
      timeoutMs: 5000,
      seed: 9,
      progressIntervalMs: 2000,
      waitForFrontend: { retries: 3, intervalMs: 50 },
      thresholds: { maxErrorRate: 0.01, maxP99Ms: 500, minRps: 10 },
      reportJson: 'out.json',
      reportHtml: 'out.html',
      fleet: {
        role: 'coordinator',
        coordinatorPort: 6000,
        coordinatorAddress: undefined,
        localWorkers: 2,
        minWorkers: 3,
        workerTimeoutMs: 4000,
      },
      webPort: 9000,
      bindAddress: '0.0.0.0',
    });
  });

  it('a flag wins over its variable; --url keeps the base path', () => {
    const config = loadConfig(
      ['--url', 'http://127.0.0.1:9/online-boutique/', '--users', '3', '--think-time', '0', '--max-error-rate', '0'],
      { FRONTEND_ADDR: 'frontend:80', USERS: '50', THINK_TIME: '1s-2s' },
    );
    assert.equal(config.origin, 'http://127.0.0.1:9');
    assert.equal(config.basePath, '/online-boutique');
    assert.equal(config.users, 3);
    assert.deepEqual(config.thinkTimeMs, { min: 0, max: 0 });
    assert.equal(config.thresholds.maxErrorRate, 0);
  });

  it('a bare number is seconds for DURATION only; every other duration needs its unit', () => {
    assert.equal(loadConfig([], { FRONTEND_ADDR: 'f:80', DURATION: '90' }).durationMs, 90_000);
    assert.throws(
      () => loadConfig([], { FRONTEND_ADDR: 'f:80', REQUEST_TIMEOUT: '5', THINK_TIME: '2' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.length === 2 &&
        err.problems.some((p) => p.startsWith('--think-time/THINK_TIME must look like')) &&
        err.problems.some((p) => p.startsWith('--timeout/REQUEST_TIMEOUT must be a positive duration')),
    );
  });

  it('--coordinator and --web alone → the default ports 5557 and 8089; with a value → that port', () => {
    const alone = loadConfig(['--host', 'f:80', '--coordinator', '--web'], {});
    assert.equal(alone.fleet.role, 'coordinator');
    assert.equal(alone.fleet.coordinatorPort, 5557);
    assert.equal(alone.webPort, 8089);
    const followed = loadConfig(['--host', 'f:80', '--coordinator', '--users', '4', '--web', '0'], {});
    assert.deepEqual([followed.fleet.coordinatorPort, followed.users, followed.webPort], [5557, 4, 0]);
    assert.equal(loadConfig(['--host', 'f:80', '--coordinator=6000'], {}).fleet.coordinatorPort, 6000);
  });

  it('--workers 3 alone → a coordinator on any free port that waits for its 3 workers', () => {
    const { fleet } = loadConfig(['--host', 'f:80', '--workers', '3'], {});
    assert.deepEqual(fleet, {
      role: 'coordinator',
      coordinatorPort: 0,
      coordinatorAddress: undefined,
      localWorkers: 3,
      minWorkers: 3,
      workerTimeoutMs: 10_000,
    });
  });

  it('--join → a worker, which needs no frontend address of its own', () => {
    const config = loadConfig(['--join', 'loadgenerator:5557'], {});
    assert.equal(config.fleet.role, 'worker');
    assert.equal(config.fleet.coordinatorAddress, 'loadgenerator:5557');
    assert.equal(loadConfig([], { COORDINATOR_ADDR: '[::1]:5557' }).fleet.role, 'worker');
  });

  it('--join with --workers, a malformed address, or a port out of range → every problem named', () => {
    assert.throws(
      () => loadConfig(['--join', 'http://x', '--workers', '2', '--web', '70000'], {}),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.length === 3 &&
        err.problems[0] ===
          '--join/COORDINATOR_ADDR makes this process a worker; it cannot also coordinate or start workers' &&
        err.problems[1] === '--join/COORDINATOR_ADDR must be host:port, got "http://x"' &&
        err.problems[2] === '--web/WEB_PORT must be a port number 0-65535, got "70000"',
    );
  });

  it('an empty variable counts as unset (a Helm value left blank)', () => {
    const config = loadConfig([], { FRONTEND_ADDR: 'f:80', DURATION: '', USERS: ' ' });
    assert.equal(config.durationMs, undefined);
    assert.equal(config.users, 10);
  });

  it('the open model defaults to 256 connections', () => {
    assert.equal(loadConfig(['--host', 'f:80', '--target-rps', '100'], {}).connections, 256);
  });

  it('several problems → one ConfigError naming each of them', () => {
    assert.throws(
      () =>
        loadConfig(['--users', '0', '--think-time', 'later', '--duration', '0'], { MAX_ERROR_RATE: '2', RATE: 'x' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(err.problems, [
          'the frontend is not set: give --url, --host or FRONTEND_ADDR (host:port)',
          '--users/USERS must be a positive integer, got "0"',
          '--rate/RATE must be a positive number of users per second, got "x"',
          '--think-time/THINK_TIME must look like "1s-10s", "500ms-2s", "2s" or "0", got "later"',
          '--max-error-rate/MAX_ERROR_RATE must be a fraction 0..1 or a percentage like "1%", got "2"',
          '--duration/DURATION must be a positive duration like "60s", got "0"',
        ]);
        return true;
      },
    );
  });

  it('an unknown flag → a ConfigError', () => {
    assert.throws(() => loadConfig(['--user', '3'], { FRONTEND_ADDR: 'f:80' }), ConfigError);
  });

  it('usage lists every flag with its variable', () => {
    const text = usage();
    for (const [flag, { env }] of Object.entries(SETTINGS)) assert.match(text, new RegExp(`--${flag} +${env} `));
  });
});

describe('the configuration module', () => {
  it('loads the kit’s config without grpc-js, OpenTelemetry or pino in the process', () => {
    const cli = join(__dirname, 'cli.js');
    const script = `require(${JSON.stringify(cli)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
    const loaded: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    assert.ok(
      loaded.some((file) => file.endsWith('/packages/kit/dist/config.js')),
      'the kit’s config module is the one in use',
    );
    assert.deepEqual(
      loaded.filter((file) => /node_modules\/(@grpc|@opentelemetry|pino)\//.test(file)),
      [],
    );
  });
});
