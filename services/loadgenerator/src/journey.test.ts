import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpClient } from './http';
import {
  DEFAULT_WEIGHTS,
  failureReason,
  Journey,
  REQUESTS_PER_TASK,
  requestsPerTask,
  TASK_NAMES,
  type TaskName,
  VirtualUser,
} from './journey';
import { createRandom } from './random';
import { Stats } from './stats';
import { type FakeShop, startFakeShop } from './testing/fake-shop';

describe('Journey against the fake shop', () => {
  let shop: FakeShop;
  let http: HttpClient;
  before(async () => {
    shop = await startFakeShop();
    http = new HttpClient(shop.url, { connections: 2, timeoutMs: 5000 });
  });
  after(async () => {
    await http.destroy();
    await shop.close();
  });

  /** One user's start page and then `task`, as the shop saw them and as the stats recorded them. */
  async function startThen(task: TaskName) {
    shop.routes.clear();
    const stats = new Stats(performance.now());
    const journey = new Journey(http, stats, shop.url, '', () => false);
    const user = new VirtualUser(createRandom(3));
    await journey.start(user);
    await journey.run(task, user);
    const recorded = Object.fromEntries(stats.summary(1).routes.map((r) => [r.name, r.requests]));
    return { seen: Object.fromEntries(shop.routes), recorded, failures: stats.summary(1).total.failures };
  }

  const expectations: Record<TaskName, Record<string, number>> = {
    index: { 'GET /': 2 },
    setCurrency: { 'GET /': 2, 'POST /setCurrency': 1 },
    browseProduct: { 'GET /': 1, 'GET /product/[id]': 1 },
    addToCart: { 'GET /': 1, 'GET /product/[id]': 1, 'POST /cart': 1, 'GET /cart': 1 },
    viewCart: { 'GET /': 1, 'GET /cart': 1 },
    checkout: { 'GET /': 1, 'GET /product/[id]': 1, 'POST /cart': 1, 'GET /cart': 1, 'POST /cart/checkout': 1 },
    emptyCart: { 'GET /': 2, 'POST /cart/empty': 1 },
    logout: { 'GET /': 2, 'GET /logout': 1 },
  };
  for (const task of TASK_NAMES) {
    it(`start, then ${task} → exactly ${JSON.stringify(expectations[task])}, seen alike by shop and stats`, async () => {
      const { seen, recorded, failures } = await startThen(task);
      assert.deepEqual(seen, expectations[task]);
      assert.deepEqual(recorded, expectations[task]);
      assert.equal(failures, 0);
      assert.deepEqual(shop.rejected, []);
      const afterStart = Object.values(seen).reduce((a, b) => a + b, 0) - 1;
      assert.equal(afterStart, REQUESTS_PER_TASK[task], 'REQUESTS_PER_TASK agrees with the shop');
    });
  }

  it('the session cookie from the start page is carried by every later request of that user', async () => {
    shop.sessions.clear();
    const minted = shop.minted();
    const journey = new Journey(http, new Stats(performance.now()), shop.url, '', () => false);
    const user = new VirtualUser(createRandom(8));
    await journey.start(user);
    for (const task of ['browseProduct', 'addToCart', 'viewCart', 'checkout'] as const) await journey.run(task, user);
    assert.equal(shop.minted(), minted + 1);
    assert.deepEqual([...shop.sessions.values()], [1 + 1 + 3 + 1 + 4]);
    assert.equal(user.started, true);
  });

  it('once the run is stopping → a finished answer is not recorded, and a checkout stops after its add-to-cart', async () => {
    shop.routes.clear();
    let stopping = false;
    const stats = new Stats(performance.now());
    const journey = new Journey(http, stats, shop.url, '', () => stopping);
    const user = new VirtualUser(createRandom(2));
    stopping = true;
    await journey.run('checkout', user);
    assert.deepEqual(Object.fromEntries(shop.routes), { 'GET /product/[id]': 1 });
    assert.equal(stats.summary(1).total.requests, 0);
  });
});

describe('requestsPerTask', () => {
  it('the default weights → 28 requests per 19 tasks', () => {
    assert.equal(requestsPerTask(DEFAULT_WEIGHTS), 28 / 19);
  });

  it('only checkout → 4; half index, half logout → 1.5', () => {
    const none = Object.fromEntries(TASK_NAMES.map((name) => [name, 0])) as Record<TaskName, number>;
    assert.equal(requestsPerTask({ ...none, checkout: 1 }), 4);
    assert.equal(requestsPerTask({ ...none, index: 2, logout: 2 }), 1.5);
  });
});

describe('failureReason', () => {
  it('an error with a code → "CODE: message"; without → "Name: message"; anything else → its text; at most 120 characters', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    assert.equal(failureReason(refused), 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9');
    assert.equal(failureReason(new TypeError('bad')), 'TypeError: bad');
    assert.equal(failureReason('gone'), 'gone');
    assert.equal(failureReason(new Error('x'.repeat(300))).length, 120);
  });
});
