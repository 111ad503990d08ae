import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { loadConfig } from './config';
import { DEFAULT_WEIGHTS, REQUESTS_PER_TASK, TASK_NAMES } from './journey';
import type { LiveRun, LiveState } from './live';
import { type RunResult, run, waitForFrontend } from './runner';
import { type FakeShopOptions, startFakeShop } from './testing/fake-shop';

const quiet = { log: () => {} };

/** Runs against a fresh fake shop with the given flags (plus fast defaults) and returns both sides' view. */
async function runAgainstShop(flags: string[], shopOptions: FakeShopOptions = {}) {
  const shop = await startFakeShop(shopOptions);
  try {
    const config = loadConfig(
      ['--url', shop.url, '--think-time', '0', '--wait-for-frontend-retries', '0', '--rate', '10000', ...flags],
      {},
    );
    const startedAt = performance.now();
    const result = await run(config, quiet);
    return { shop, result, startedAt };
  } finally {
    await shop.close();
  }
}

const requestsOf = (result: RunResult, route: string) => result.routes.find((r) => r.name === route)?.requests ?? 0;
const failuresOf = (result: RunResult, route: string) => result.routes.find((r) => r.name === route)?.failures ?? 0;
const clientRoutes = (result: RunResult) => Object.fromEntries(result.routes.map((r) => [r.name, r.requests]));

describe('closed model against a fake shop', () => {
  it('1,900 tasks → the mix passes a chi-square test against the weights, and the shop saw exactly their requests', async () => {
    const { shop, result } = await runAgainstShop(['--users', '8', '--max-tasks', '1900', '--seed', '7']);
    const tasks = result.tasks;
    const n = (name: string) => tasks[name] ?? 0;
    assert.equal(result.stoppedBy, 'max-tasks');
    assert.equal(
      TASK_NAMES.reduce((sum, name) => sum + n(name), 0),
      1900,
    );
    const scheduled = TASK_NAMES.filter((name) => DEFAULT_WEIGHTS[name] > 0);
    const chi = scheduled.reduce((sum, name) => {
      const expected = (1900 * DEFAULT_WEIGHTS[name]) / 19;
      return sum + (n(name) - expected) ** 2 / expected;
    }, 0);
    assert.ok(chi < 20.52, `chi-square ${chi} for ${JSON.stringify(tasks)}`); // 5 d.o.f., p = 0.001
    assert.equal(n('emptyCart') + n('logout'), 0, 'unscheduled tasks never run');

    // Every task's requests, redirects included, as the shop counted them and as the generator recorded them.
    const expected = {
      'GET /': 8 + n('index') + n('setCurrency'),
      'POST /setCurrency': n('setCurrency'),
      'GET /product/[id]': n('browseProduct') + n('addToCart') + n('checkout'),
      'POST /cart': n('addToCart') + n('checkout'),
      'GET /cart': n('viewCart') + n('addToCart') + n('checkout'),
      'POST /cart/checkout': n('checkout'),
    };
    assert.deepEqual(Object.fromEntries(shop.routes), expected);
    assert.deepEqual(clientRoutes(result), expected);
    assert.equal(result.total.failures, 0);
    assert.deepEqual(shop.rejected, [], 'every form passed the shop’s validation');
  });

  it('each user keeps its own cookies: one session per user, carried by every later request', async () => {
    const { shop, result } = await runAgainstShop(['--users', '6', '--max-tasks', '300', '--seed', '1']);
    assert.equal(shop.minted(), 6);
    assert.equal(shop.sessions.size, 6);
    const perSession = [...shop.sessions.values()];
    assert.equal(
      perSession.reduce((a, b) => a + b, 0),
      result.total.requests,
    );
    assert.ok(
      perSession.every((count) => count > 10),
      `requests per session ${perSession}`,
    );
  });

  it('logout → its expired cookies are dropped, so the redirected GET / starts a new session', async () => {
    const only = TASK_NAMES.map((name) => `${name}=${name === 'logout' ? 1 : 0}`).join(',');
    const { shop, result } = await runAgainstShop(['--users', '3', '--max-tasks', '30', '--task-weights', only]);
    assert.deepEqual(result.tasks, { logout: 30 });
    assert.deepEqual(clientRoutes(result), { 'GET /': 33, 'GET /logout': 30 });
    assert.equal(shop.minted(), 3 + 30);
  });

  it('a 500 and a dropped connection → counted as failures by route and reason; users carry on', async () => {
    const { shop, result } = await runAgainstShop(['--users', '4', '--max-tasks', '400', '--seed', '3'], {
      fault: (_method, route) =>
        route === 'GET /cart' ? { status: 500 } : route === 'POST /setCurrency' ? { destroy: true } : undefined,
    });
    const carts = shop.routes.get('GET /cart') ?? 0;
    const currencies = shop.routes.get('POST /setCurrency') ?? 0;
    assert.ok(carts > 0 && currencies > 0);
    assert.equal(failuresOf(result, 'GET /cart'), carts);
    assert.equal(failuresOf(result, 'POST /setCurrency'), currencies);
    assert.equal(result.total.failures, carts + currencies);
    assert.equal(requestsOf(result, 'GET /cart'), carts);
    const reasons = Object.fromEntries(result.failures.map((f) => [`${f.route} ${f.reason.split(':')[0]}`, f.count]));
    assert.deepEqual(reasons, { 'GET /cart HTTP 500': carts, 'POST /setCurrency UND_ERR_SOCKET': currencies });
    // A failed POST /setCurrency has no redirect to follow: the only GET / are the starts and the index tasks.
    assert.equal(shop.routes.get('GET /'), 4 + (result.tasks.index ?? 0));
  });

  it('nothing listening → every request is a connection failure, and the users keep trying until the end', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const config = loadConfig(
      ['--url', `http://127.0.0.1:${port}`, '--users', '2', '--think-time', '0', '--max-tasks', '50'],
      { WAIT_FOR_FRONTEND_RETRIES: '0', RATE: '1000' },
    );
    const result = await run(config, quiet);
    assert.ok(result.total.requests >= 50, `${result.total.requests} requests`);
    assert.equal(result.total.failures, result.total.requests);
    assert.deepEqual(
      result.failures.map((f) => f.reason.split(':')[0]),
      result.failures.map(() => 'ECONNREFUSED'),
    );
  });

  it('the duration ends the run on time, even while every user is thinking', async () => {
    const wall = performance.now();
    const { result } = await runAgainstShop(['--users', '3', '--think-time', '10s', '--duration', '300ms']);
    assert.equal(result.stoppedBy, 'duration');
    assert.ok(result.elapsedS > 0.29 && result.elapsedS < 1, `elapsed ${result.elapsedS}`);
    assert.ok(performance.now() - wall < 2000, 'run() returned without waiting for the thinking users');
    // Each user: the start page, one task, then thinking until the end.
    assert.equal(
      Object.values(result.tasks).reduce((a, b) => a + b, 0),
      3,
    );
    const taskRequests = TASK_NAMES.reduce((sum, name) => sum + (result.tasks[name] ?? 0) * REQUESTS_PER_TASK[name], 0);
    assert.equal(result.total.requests, 3 + taskRequests);
  });

  it('an aborted signal → the run stops at once and reports what it measured', async () => {
    const controller = new AbortController();
    const shop = await startFakeShop();
    try {
      const config = loadConfig(['--url', shop.url, '--users', '4', '--think-time', '0'], {
        WAIT_FOR_FRONTEND_RETRIES: '0',
        RATE: '1000',
      });
      setTimeout(() => controller.abort(), 300);
      const result = await run(config, { log: () => {}, signal: controller.signal });
      assert.equal(result.stoppedBy, 'signal');
      assert.ok(result.elapsedS > 0.25 && result.elapsedS < 1, `elapsed ${result.elapsedS}`);
      assert.ok(result.total.requests > 0);
      assert.equal(result.total.failures, 0, 'requests cut off by the stop are not failures');
    } finally {
      await shop.close();
    }
  });

  it('5 users at 10/s → user i arrives i × 100 ms after the first, never earlier', async () => {
    const { shop, result, startedAt } = await runAgainstShop([
      '--users',
      '5',
      '--rate',
      '10',
      '--think-time',
      '10s',
      '--duration',
      '0.5s',
    ]);
    assert.equal(shop.minted(), 5);
    // User i is due i × 100 ms after spawning starts, which is after the run started: it never arrives
    // earlier than that. Measured from the run's start rather than from the first user, so a first user
    // delayed by a busy machine cannot make the next ones look early (the spawner catches up on late
    // timers). All five arrive well before the 10 s think time ends.
    const sinceStart = shop.mintedAt.map((at) => at - startedAt);
    const offsets = shop.mintedAt.map((at) => at - shop.mintedAt[0]!);
    assert.ok(
      sinceStart.every((since, i) => since >= i * 100) && offsets.every((offset) => offset < 2000),
      `arrivals ${sinceStart.map(Math.round)} ms after the start`,
    );
    assert.deepEqual(
      result.series.map((p) => p.users),
      [5],
    );
  });
});

describe('redirects', () => {
  it('301/302/303 → followed with a GET, the user’s cookies and the new ones; 307 → the same POST again; off-site → not followed', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} cookie=[${req.headers.cookie ?? ''}] body=[${body}]`);
        const { port } = server.address() as AddressInfo;
        if (req.url === '/') return void res.writeHead(200, { 'set-cookie': 'sid=u1' }).end('home');
        if (req.url === '/setCurrency') {
          return void res
            .writeHead(303, { location: `http://127.0.0.1:${port}/landing?from=currency`, 'set-cookie': 'cur=JPY' })
            .end();
        }
        if (req.url === '/cart' && req.method === 'POST') return void res.writeHead(307, { location: '/cart2' }).end();
        if (req.url === '/cart2') return void res.writeHead(302, { location: 'http://elsewhere.invalid/' }).end();
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const weights = TASK_NAMES.map((name) => `${name}=${name === 'setCurrency' ? 1 : 0}`).join(',');
      const config = loadConfig(
        [
          '--url',
          `http://127.0.0.1:${port}`,
          '--users',
          '1',
          '--max-tasks',
          '1',
          '--task-weights',
          weights,
          '--seed',
          '1',
        ],
        { WAIT_FOR_FRONTEND_RETRIES: '0' },
      );
      const result = await run(config, quiet);
      assert.deepEqual(seen.slice(0, 3), [
        'GET / cookie=[] body=[]',
        `POST /setCurrency cookie=[sid=u1] body=[${seen[1]?.match(/body=\[(currency_code=[A-Z]{3})\]/)?.[1]}]`,
        'GET /landing?from=currency cookie=[sid=u1; cur=JPY] body=[]',
      ]);
      assert.match(seen[1]!, /body=\[currency_code=(EUR|USD|JPY|CAD|GBP|TRY)\]/);
      assert.deepEqual(clientRoutes(result), { 'GET /': 1, 'POST /setCurrency': 1, 'GET /landing': 1 });

      seen.length = 0;
      const cartWeights = TASK_NAMES.map((name) => `${name}=${name === 'addToCart' ? 1 : 0}`).join(',');
      const cartConfig = loadConfig(
        ['--url', `http://127.0.0.1:${port}`, '--users', '1', '--max-tasks', '1', '--task-weights', cartWeights],
        { WAIT_FOR_FRONTEND_RETRIES: '0' },
      );
      const cart = await run(cartConfig, quiet);
      const posts = seen.filter((line) => line.startsWith('POST'));
      assert.equal(posts.length, 2, seen.join('\n'));
      assert.equal(posts[1]!.replace('/cart2', '/cart'), posts[0], '307 repeats the method and the body');
      assert.equal(
        seen.some((line) => line.includes('elsewhere')),
        false,
      );
      assert.equal(requestsOf(cart, 'POST /cart2'), 1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('open model', () => {
  it('800 requests over 2 s at 400 req/s → held while the shop takes 100 ms per answer (a closed model of 20 users could not)', async () => {
    const onlyIndex = TASK_NAMES.map((name) => `${name}=${name === 'index' ? 1 : 0}`).join(',');
    const { shop, result } = await runAgainstShop(
      ['--target-rps', '400', '--users', '20', '--duration', '2s', '--task-weights', onlyIndex, '--seed', '11'],
      { fault: () => ({ delayMs: 100 }) },
    );
    // Poisson arrivals: 800 expected, standard deviation sqrt(800) = 28; 3.5 of them is ±100 (12.5%).
    assert.ok(Math.abs(result.total.requests - 800) <= 100, `${result.total.requests} requests`);
    assert.equal(result.total.failures, 0);
    assert.equal(result.dropped, 0);
    // ~40 requests in flight at once, twice what 20 sequential users could keep going.
    assert.ok(shop.maxConcurrent() > 25, `at most ${shop.maxConcurrent()} at once`);
  });

  it('a task runs in a session with nothing in flight while there is one: 300 req/s over 50 sessions, 0 overlaps', async () => {
    // At 300 req/s with 20 ms per answer about six requests are in flight; drawn at random from 50
    // sessions, roughly one task in nine would land in a busy session (two checkouts racing for one cart).
    const { shop, result } = await runAgainstShop(['--target-rps', '300', '--users', '50', '--duration', '2s'], {
      fault: () => ({ delayMs: 20 }),
    });
    assert.ok(result.total.requests > 400, `${result.total.requests} requests`);
    assert.equal(result.total.failures, 0);
    assert.equal(shop.overlapping(), 0);
  });

  it('every session busy → tasks share sessions rather than wait: 20 sessions, 40 in flight', async () => {
    const onlyIndex = TASK_NAMES.map((name) => `${name}=${name === 'index' ? 1 : 0}`).join(',');
    const { shop } = await runAgainstShop(
      ['--target-rps', '400', '--users', '20', '--duration', '1s', '--task-weights', onlyIndex],
      { fault: () => ({ delayMs: 100 }) },
    );
    assert.ok(shop.overlapping() > 0, 'no session had two requests in flight');
  });

  it('more tasks in flight than --max-in-flight → arrivals dropped and counted, never more in flight', async () => {
    const onlyIndex = TASK_NAMES.map((name) => `${name}=${name === 'index' ? 1 : 0}`).join(',');
    const { shop, result } = await runAgainstShop(
      [
        '--target-rps',
        '500',
        '--max-in-flight',
        '5',
        '--users',
        '5',
        '--duration',
        '0.5s',
        '--task-weights',
        onlyIndex,
      ],
      { fault: () => ({ delayMs: 100 }) },
    );
    assert.ok(result.dropped > 100, `${result.dropped} dropped`);
    assert.ok(shop.maxConcurrent() <= 5, `${shop.maxConcurrent()} at once`);
  });

  it('--max-tasks → exactly that many arrivals, then the run ends when the last one finishes', async () => {
    const { result } = await runAgainstShop(['--target-rps', '2000', '--max-tasks', '200', '--seed', '2']);
    assert.equal(result.stoppedBy, 'max-tasks');
    assert.equal(
      Object.values(result.tasks).reduce((a, b) => a + b, 0),
      200,
    );
  });
});

describe('waitForFrontend', () => {
  it('503, 503, then 200 → ready on the third attempt', async () => {
    let calls = 0;
    const server = createServer((_req, res) => void res.writeHead(++calls < 3 ? 503 : 200).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const lines: string[] = [];
      const config = loadConfig(['--host', `127.0.0.1:${port}`, '--wait-for-frontend-interval', '20ms'], {});
      assert.equal(await waitForFrontend(config, { log: (line) => lines.push(line) }), true);
      assert.equal(calls, 3);
      assert.deepEqual(lines, [
        'frontend not ready (attempt 1/12: HTTP 503)',
        'frontend not ready (attempt 2/12: HTTP 503)',
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a redirect is not ready either: GET / must answer 200 itself', async () => {
    const server = createServer((_req, res) => void res.writeHead(302, { location: '/x' }).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const config = loadConfig(
        ['--host', `127.0.0.1:${port}`, '--wait-for-frontend-retries', '2', '--wait-for-frontend-interval', '0'],
        {},
      );
      assert.equal(await waitForFrontend(config, quiet), false);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('steering a run while it goes (the dashboard’s controls)', () => {
  /** Polls the live view until `check` holds (at most 10 s). */
  async function until(live: LiveRun, check: (state: LiveState) => boolean): Promise<LiveState> {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      const state = live.state(-1);
      if (check(state)) return state;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`timed out; last state ${JSON.stringify(live.state(-1).active)}`);
  }

  it('closed model: 4 users → 1 → 3, then stop → the users follow, and the run ends "stopped by dashboard"', async () => {
    const shop = await startFakeShop({ fault: () => ({ delayMs: 2 }) });
    try {
      const config = loadConfig(['--url', shop.url, '--users', '4', '--think-time', '0', '--duration', '20s'], {
        WAIT_FOR_FRONTEND_RETRIES: '0',
        RATE: '1000',
      });
      let live: LiveRun | undefined;
      const running = run(config, { log: () => {}, onLive: (view) => (live = view) });
      assert.ok(live !== undefined, 'the live view is handed over as soon as the run starts');
      await until(live, (s) => s.active === 4);
      live.setUsers(1);
      assert.deepEqual((await until(live, (s) => s.active === 1)).users, 1);
      live.setUsers(3);
      await until(live, (s) => s.active === 3);
      live.stop();
      const result = await running;
      assert.equal(result.stoppedBy, 'dashboard');
      assert.equal(shop.minted(), 4, 'users who left and came back kept their sessions');
    } finally {
      await shop.close();
    }
  });

  it('open model: 20 → 400 req/s → the rate follows within a second', async () => {
    const onlyIndex = TASK_NAMES.map((name) => `${name}=${name === 'index' ? 1 : 0}`).join(',');
    const shop = await startFakeShop();
    try {
      const config = loadConfig(
        ['--url', shop.url, '--target-rps', '20', '--users', '4', '--task-weights', onlyIndex, '--duration', '20s'],
        { WAIT_FOR_FRONTEND_RETRIES: '0' },
      );
      let live: LiveRun | undefined;
      const running = run(config, { log: () => {}, onLive: (view) => (live = view) });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const slow = shop.routes.get('GET /') ?? 0;
      live!.setTargetRps(400);
      assert.equal(live!.state(-1).targetRps, 400);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const fast = (shop.routes.get('GET /') ?? 0) - slow;
      live!.stop();
      await running;
      // Poisson counts: about 20 in the first second, about 400 in the next; a busy machine's timers may lag.
      assert.ok(slow < 60, `${slow} requests in the first second`);
      assert.ok(fast > 100, `${fast} requests in the second after the change`);
    } finally {
      await shop.close();
    }
  });
});
