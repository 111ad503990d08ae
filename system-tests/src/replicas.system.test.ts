// Three real shipping-service replicas on 127.0.0.2-4 behind one ipv4: target, the rest of the shop
// as real processes: the frontend's /cart page (one GetQuote each) spreads over the replicas, a
// replica killed with SIGKILL under load costs no page, a restarted one gets traffic again, and the
// shop answers again within 2 s of a backend returning after an outage.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CookieJar } from '@boutique/frontend/test-support/cookie-jar';
import { checkHealth } from '@boutique/kit';
import { type ServiceProcess, startServiceProcess } from '@boutique/kit/testing';
import { freePort } from '@boutique/tools/ports';
import { mainScript, SERVICES } from '@boutique/tools/services';
import { type Stack, startStack } from '@boutique/tools/stack';
import { PRODUCT } from './fixtures/catalog';

const HOSTS = ['127.0.0.2', '127.0.0.3', '127.0.0.4'] as const;
const SHIPPING = SERVICES.find((spec) => spec.name === 'shippingservice')!;
const KIT_TRACING = require.resolve('@boutique/kit/tracing');

interface Replica {
  port: number;
  metricsPort: number;
  process?: ServiceProcess;
}

describe('three shipping replicas behind the frontend (real processes)', () => {
  const replicas = new Map<string, Replica>();
  let stack: Stack;
  const jar = new CookieJar();

  async function startReplica(host: string): Promise<void> {
    const replica = replicas.get(host)!;
    // PORT binds every interface (as in a container); the caller reaches each replica on its own loopback address.
    replica.process = startServiceProcess(
      mainScript(SHIPPING),
      { PORT: String(replica.port), METRICS_PORT: String(replica.metricsPort), LOG_LEVEL: 'warn' },
      { nodeArgs: [`--require=${KIT_TRACING}`] },
    );
    await untilServing(replica.port);
  }

  async function untilServing(port: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        if ((await checkHealth(`127.0.0.1:${port}`, '', 500)) === 'SERVING') return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      await sleep(20);
    }
  }

  /** GetQuote calls a replica has answered (any status), from its Prometheus endpoint. */
  async function quotesAnswered(host: string): Promise<number> {
    const response = await fetch(`http://127.0.0.1:${replicas.get(host)!.metricsPort}/metrics`);
    const text = await response.text();
    let total = 0;
    for (const [, count] of text.matchAll(/^rpc_server_duration_count\{[^}]*rpc_method="GetQuote"[^}]*\} (\d+)$/gm)) {
      total += Number(count);
    }
    return total;
  }
  const answered = async () =>
    Object.fromEntries(await Promise.all(HOSTS.map(async (h) => [h, await quotesAnswered(h)])));

  /** Loads /cart `count` times, `concurrency` at a time; the statuses of the pages that were not 200. */
  async function loadCart(count: number, concurrency = 4): Promise<number[]> {
    const failed: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          next += 1;
          const response = await jar.fetch(`${stack.frontendUrl}/cart`);
          const html = await response.text();
          if (response.status !== 200 || !html.includes('$8.99')) failed.push(response.status);
        }
      }),
    );
    return failed;
  }

  before(async () => {
    for (const host of HOSTS) replicas.set(host, { port: await freePort(), metricsPort: await freePort() });
    await Promise.all(HOSTS.map(startReplica));
    const target = `ipv4:${HOSTS.map((host) => `${host}:${replicas.get(host)!.port}`).join(',')}`;
    stack = await startStack({
      only: SERVICES.map((spec) => spec.name).filter((name) => name !== 'shippingservice'),
      env: { SHIPPING_SERVICE_ADDR: target, LOG_LEVEL: 'warn' },
    });
    const added = await jar.post(`${stack.frontendUrl}/cart`, { product_id: PRODUCT.mug, quantity: '1' });
    assert.equal(added.status, 302);
  });
  after(async () => {
    await stack?.stop();
    for (const replica of replicas.values()) replica.process?.kill();
  });

  it('pages spread their shipping quotes over the three replicas within 20 % of even', async () => {
    // Connections come up one by one; round_robin uses those that are ready.
    const deadline = Date.now() + 10_000;
    while (Object.values(await answered()).some((n) => n === 0) && Date.now() < deadline) await loadCart(6);
    const before = await answered();
    assert.deepEqual(await loadCart(300), []);
    const after = await answered();
    const shares = HOSTS.map((host) => after[host]! - before[host]!);
    const total = shares.reduce((sum, n) => sum + n, 0);
    assert.ok(total >= 300, `${total} quotes for 300 pages`);
    for (const share of shares) assert.ok(Math.abs(share - total / 3) <= total / 15, `shares ${shares.join(', ')}`);
  });

  it('kill -9 of one replica under steady load: 0 failed pages', async () => {
    const load = loadCart(600);
    await sleep(300);
    replicas.get(HOSTS[1])!.process!.child.kill('SIGKILL');
    assert.deepEqual(await load, []);
  });

  it('the killed replica, restarted, answers quotes again within 5 s', async () => {
    await startReplica(HOSTS[1]);
    const started = Date.now();
    let seenAfterMs: number | undefined;
    while (seenAfterMs === undefined && Date.now() - started < 5_000) {
      assert.deepEqual(await loadCart(6), []);
      if ((await quotesAnswered(HOSTS[1])) > 0) seenAfterMs = Date.now() - started;
    }
    assert.ok(seenAfterMs !== undefined, 'the restarted replica answered no quote within 5 s');
  });

  it('every replica down for 6 s, one back: /cart answers 200 again within 2 s of it serving', async () => {
    for (const host of HOSTS) replicas.get(host)!.process!.child.kill('SIGKILL');
    const downUntil = Date.now() + 6_000;
    let refused = 0;
    while (Date.now() < downUntil) {
      const response = await jar.fetch(`${stack.frontendUrl}/cart`);
      await response.body?.cancel();
      if (response.status === 503) refused += 1;
      await sleep(100);
    }
    assert.ok(refused > 0, 'the cart page needs a shipping quote');

    await startReplica(HOSTS[0]);
    const back = Date.now();
    let recoveredAfterMs: number | undefined;
    while (recoveredAfterMs === undefined && Date.now() - back < 5_000) {
      if ((await loadCart(1, 1)).length === 0) recoveredAfterMs = Date.now() - back;
      else await sleep(20);
    }
    assert.ok(
      recoveredAfterMs !== undefined && recoveredAfterMs <= 2_000,
      `the cart page recovered ${recoveredAfterMs ?? 'not'} ms after the replica served`,
    );
  });
});
