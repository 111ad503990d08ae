import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom } from './random';
import { Stats } from './stats';

// Below 2,048 µs an HDR histogram with 3 significant digits keeps every microsecond, so percentiles are exact.
const tenToTwoThousandUs = Array.from({ length: 200 }, (_, i) => (i + 1) * 10);

describe('Stats.summary', () => {
  it('200 latencies of 10, 20 … 2,000 µs → p50 1 ms, p95 1.9 ms, p99 1.98 ms, max 2 ms, mean 1.005 ms', () => {
    const stats = new Stats(0);
    const route = stats.route('GET /');
    for (const us of tenToTwoThousandUs) stats.record(route, us, 100);
    const { routes, total } = stats.summary(4);
    const expected = {
      name: 'GET /',
      requests: 200,
      failures: 0,
      rps: 50,
      mean: 1.005,
      bytes: 20_000,
      p50: 1,
      p95: 1.9,
      p99: 1.98,
      max: 2,
    };
    assert.deepEqual(routes, [expected]);
    assert.deepEqual(total, { ...expected, name: 'Aggregated' });
  });

  it('rows are sorted by name, the aggregated row adds their counts and takes percentiles over all samples', () => {
    const stats = new Stats(0);
    const product = stats.route('GET /product/[id]');
    const cart = stats.route('GET /cart');
    for (const us of tenToTwoThousandUs.slice(0, 100)) stats.record(product, us, 1);
    for (const us of tenToTwoThousandUs.slice(100)) stats.record(cart, us, 2, us === 2000 ? 'HTTP 500' : undefined);
    const { routes, total } = stats.summary(2);
    assert.deepEqual(
      routes.map((r) => [r.name, r.requests, r.failures, r.p50, r.max]),
      [
        ['GET /cart', 100, 1, 1.5, 2],
        ['GET /product/[id]', 100, 0, 0.5, 1],
      ],
    );
    assert.deepEqual(
      [total.requests, total.failures, total.bytes, total.rps, total.p50, total.p99],
      [200, 1, 300, 100, 1, 1.98],
    );
  });

  it('a route that was never recorded into has no row; no requests at all → zeros, not NaN', () => {
    const stats = new Stats(0);
    stats.route('GET /');
    assert.deepEqual(stats.summary(0), {
      routes: [],
      total: {
        name: 'Aggregated',
        requests: 0,
        failures: 0,
        rps: 0,
        mean: 0,
        bytes: 0,
        p50: 0,
        p95: 0,
        p99: 0,
        max: 0,
      },
    });
  });

  it('the mean is that of the recorded values, in whole microseconds: 1, 2 and 1,000,000 µs → 333.334 ms', () => {
    const stats = new Stats(0);
    for (const us of [1, 2, 1_000_000]) stats.record(stats.route('GET /'), us, 0);
    assert.equal(stats.summary(1).total.mean, 333.334);
  });

  it('a latency under 1 µs counts as 1 µs (the histogram’s lowest value)', () => {
    const stats = new Stats(0);
    stats.record(stats.route('GET /'), 0.2, 0);
    assert.equal(stats.summary(1).total.max, 0.001);
  });

  it('past 64 distinct routes → new ones share one "(other)" row per method', () => {
    const stats = new Stats(0);
    for (let i = 0; i < 70; i++) stats.record(stats.route(`GET /page-${i}`), 10, 0);
    stats.record(stats.route('POST /late'), 10, 0);
    const { routes } = stats.summary(1);
    assert.equal(routes.length, 66);
    assert.equal(routes.find((r) => r.name === 'GET (other)')?.requests, 6);
    assert.equal(routes.find((r) => r.name === 'POST (other)')?.requests, 1);
    assert.equal(stats.route('GET /page-3').requests, 1, 'routes from before the limit keep their own rows');
  });
});

describe('Stats.failures and taskCounts', () => {
  it('failures are grouped by route and reason, the most frequent first; tasks are counted by name, sorted', () => {
    const stats = new Stats(0);
    const cart = stats.route('GET /cart');
    const home = stats.route('GET /');
    stats.record(cart, 5, 0, 'HTTP 500');
    stats.record(home, 5, 0, 'ECONNRESET: socket hang up');
    stats.record(home, 5, 0, 'ECONNRESET: socket hang up');
    stats.record(home, 5, 0);
    stats.countTask('viewCart');
    stats.countTask('index');
    stats.countTask('viewCart');
    assert.deepEqual(stats.failures(), [
      { route: 'GET /', reason: 'ECONNRESET: socket hang up', count: 2 },
      { route: 'GET /cart', reason: 'HTTP 500', count: 1 },
    ]);
    assert.deepEqual(stats.taskCounts(), { index: 1, viewCart: 2 });
  });
});

describe('Stats.tick and the series', () => {
  it('each tick closes an interval into a point: its rate, failures per second and percentiles', () => {
    const stats = new Stats(1000);
    const route = stats.route('GET /');
    for (const us of tenToTwoThousandUs) stats.record(route, us, 0, us > 1900 ? 'HTTP 503' : undefined);
    stats.tick(2000, 7);
    stats.record(route, 500, 0);
    stats.tick(2500, 6);
    assert.deepEqual(stats.series(), [
      { t: 1, users: 7, rps: 200, failuresPerSecond: 10, p50: 1, p95: 1.9, p99: 1.98, max: 2 },
      { t: 1.5, users: 6, rps: 2, failuresPerSecond: 0, p50: 0.5, p95: 0.5, p99: 0.5, max: 0.5 },
    ]);
  });

  it('a tick at the same instant as the last one adds no point', () => {
    const stats = new Stats(0);
    stats.tick(1000, 1);
    stats.tick(1000, 1);
    assert.equal(stats.series().length, 1);
  });

  it('past 1,800 points, neighbours merge: rates averaged, percentiles the worse of the two', () => {
    const stats = new Stats(0);
    const route = stats.route('GET /');
    for (let second = 1; second <= 1801; second++) {
      stats.record(route, second === 2 ? 1500 : 100, 0);
      if (second === 1) stats.record(route, 100, 0);
      stats.tick(second * 1000, second);
    }
    const series = stats.series();
    assert.equal(series.length, 901);
    assert.deepEqual(series[0], {
      t: 2,
      users: 2,
      rps: 1.5,
      failuresPerSecond: 0,
      p50: 1.5,
      p95: 1.5,
      p99: 1.5,
      max: 1.5,
    });
    assert.deepEqual(series.at(-1), {
      t: 1801,
      users: 1801,
      rps: 1,
      failuresPerSecond: 0,
      p50: 0.1,
      p95: 0.1,
      p99: 0.1,
      max: 0.1,
    });
  });
});

describe('Stats.takeWindow', () => {
  it('returns what the ticks since the previous call gathered, then starts over', () => {
    const stats = new Stats(0);
    const route = stats.route('GET /');
    stats.record(route, 1000, 0, 'HTTP 500');
    stats.tick(1000, 1);
    stats.record(route, 2000, 0);
    stats.tick(2000, 1);
    assert.deepEqual(stats.takeWindow(2000), { requests: 2, failures: 1, rps: 1, p50: 1, p95: 2, p99: 2, max: 2 });
    stats.tick(3000, 1);
    assert.deepEqual(stats.takeWindow(3000), { requests: 0, failures: 0, rps: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});

describe('Stats.drain and Stats.merge (a fleet)', () => {
  it('three workers’ deltas merged → the same rows, failures and tasks as one Stats that recorded every sample', () => {
    const random = createRandom(42);
    const routes = ['GET /', 'GET /cart', 'POST /cart'];
    const workers = [new Stats(0), new Stats(0), new Stats(0)];
    const single = new Stats(0);
    const coordinator = new Stats(0);
    for (let sync = 0; sync < 4; sync++) {
      for (let i = 0; i < 3000; i++) {
        const worker = workers[random.int(0, 2)]!;
        const name = routes[random.int(0, 2)]!;
        // From 1 µs to about 22 s, spread over many orders of magnitude, so bucket boundaries matter.
        const latencyUs = Math.exp(random.next() * 16.9);
        const failure = random.next() < 0.02 ? `HTTP ${random.pick([500, 503])}` : undefined;
        worker.record(worker.route(name), latencyUs, 10, failure);
        single.record(single.route(name), latencyUs, 10, failure);
        if (i % 7 === 0) {
          worker.countTask(name);
          single.countTask(name);
        }
      }
      for (const worker of workers) coordinator.merge(JSON.parse(JSON.stringify(worker.drain())));
    }
    assert.deepEqual(coordinator.summary(10), single.summary(10));
    assert.deepEqual(coordinator.failures(), single.failures());
    assert.deepEqual(coordinator.taskCounts(), single.taskCounts());
    assert.equal(coordinator.summary(10).total.requests, 12_000);
  });

  it('a drain hands over what was recorded once: the next drain is empty', () => {
    const stats = new Stats(0);
    stats.record(stats.route('GET /'), 100, 5, 'HTTP 500');
    stats.countTask('index');
    const first = stats.drain();
    assert.deepEqual(
      first.routes.map(({ histogram: _, ...counts }) => counts),
      [{ name: 'GET /', requests: 1, failures: 1, bytes: 5, sumUs: 100 }],
    );
    assert.deepEqual(first.failures, [{ route: 'GET /', reason: 'HTTP 500', count: 1 }]);
    assert.deepEqual(first.tasks, { index: 1 });
    assert.deepEqual(stats.drain(), { routes: [], failures: [], tasks: {} });
  });

  it('merged deltas feed the coordinator’s series like local requests', () => {
    const worker = new Stats(0);
    worker.record(worker.route('GET /'), 1000, 0);
    worker.record(worker.route('GET /'), 2000, 0, 'HTTP 500');
    const coordinator = new Stats(0);
    coordinator.merge(worker.drain());
    coordinator.tick(1000, 2);
    assert.deepEqual(coordinator.series(), [
      { t: 1, users: 2, rps: 2, failuresPerSecond: 1, p50: 1, p95: 2, p99: 2, max: 2 },
    ]);
  });
});
