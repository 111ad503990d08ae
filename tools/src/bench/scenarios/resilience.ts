// `npm run bench resilience`: what balancing, retries and breakers cost, and how fast the shop
// recovers from a backend restart. The shipping service runs outside the launcher (so it can be
// killed and restarted on its port); everything else is a fresh shop from `startStack`.
//
// Cost: the shop's CPU per page at a fixed PAIRED_RATE (below saturation, so both runs do the same
// work) and its saturated throughput, with autocannon cycling home, a product page and the cart page
// on one shopper session. With BENCH_BASE_ROOT=<another checkout, built> the same is measured for
// that tree's shop at the same time (paired: both shops see the same machine at the same moment), so
// the two are compared directly; each shop runs its own tree's code.
// Recovery: with a shopper loading /cart (which needs a shipping quote) every 50 ms, the shipping
// service is killed with SIGKILL, stays down DOWN_SECONDS, and is started again: how long after it
// answers its health check the cart page answers 200 again, and how many of the other pages (home,
// product, which do not need it) failed meanwhile.
// Faults: the shipping service restarted with BENCH_FAULT_RATE (0.3) of its quotes failing
// UNAVAILABLE (FAULTS), and the cart page loaded at PAIRED_RATE: how many pages failed.
// Runs on its own too: `node tools/dist/bench/scenarios/resilience.js` (after `npm run build`).

import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkHealth } from '@boutique/kit';
import { freePort } from '../../ports';
import { REPO_ROOT, RUNTIME_ENV, SERVICES } from '../../services';
import type { Stack, StackOptions } from '../../stack';
import { cpuSeconds } from '../proc';
import { type AutocannonResult, autocannon, shopperCookie } from '../shop-load';
import { renderTable } from '../table';
import type { BenchRow, BenchScenario } from '../types';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PAIRED_RATE = Number(process.env.BENCH_PAIRED_RATE ?? 150);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const DOWN_SECONDS = Number(process.env.BENCH_DOWN_SECONDS ?? 6);
const FAULT_RATE = Number(process.env.BENCH_FAULT_RATE ?? 0.3);
const BASE_ROOT = process.env.BENCH_BASE_ROOT;
const PAGES = ['/', '/product/OLJCESPC7Z', '/cart', '/product/66VCHSJNUP'];
const SHIPPING = SERVICES.find((spec) => spec.name === 'shippingservice')!;

type StartStack = (options: StackOptions) => Promise<Stack>;

interface Shop {
  label: string;
  stack: Stack;
  /** PIDs of every process of this shop, the shipping service included. */
  pids(): number[];
  load(seconds: number, overallRate?: number): Promise<AutocannonResult>;
  killShipping(): void;
  startShipping(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

/** A shop built from the tree at `root`: its own launcher, its own services, shipping outside the launcher. */
async function startShop(label: string, root: string): Promise<Shop> {
  const { startStack } = require(path.join(root, 'tools/dist/stack.js')) as { startStack: StartStack };
  const port = await freePort();
  const script = path.join(root, SHIPPING.dir, 'dist/main.js');
  let shipping: ReturnType<typeof spawn> | undefined;
  const startShipping = async (env: Record<string, string> = {}) => {
    shipping = spawn(
      process.execPath,
      [...SHIPPING.nodeFlags, `--require=${require.resolve('@boutique/kit/tracing', { paths: [root] })}`, script],
      {
        env: { ...RUNTIME_ENV, PATH: process.env.PATH, PORT: String(port), LOG_LEVEL: 'warn', ...env },
        stdio: 'ignore',
      },
    );
    const deadline = Date.now() + 15_000;
    for (;;) {
      if ((await checkHealth(`127.0.0.1:${port}`, '', 500).catch(() => '')) === 'SERVING') return;
      if (Date.now() > deadline) throw new Error(`${label}: shipping did not serve within 15 s`);
      await sleep(10);
    }
  };
  const killShipping = () => {
    if (shipping?.exitCode === null && shipping.signalCode === null) shipping.kill('SIGKILL');
  };
  await startShipping();
  let stack: Stack;
  try {
    stack = await startStack({
      only: SERVICES.map((spec) => spec.name).filter((name) => name !== SHIPPING.name),
      env: { LOG_LEVEL: 'warn', SHIPPING_SERVICE_ADDR: `127.0.0.1:${port}` },
    });
  } catch (err) {
    killShipping();
    throw err;
  }
  // A process that dies makes its CPU figures NaN; say which one and why.
  void stack.unexpectedExit.then(({ service, code, signal }) =>
    process.stderr.write(
      `[resilience] ${label}: ${service} exited (${code ?? signal}):\n${(stack.logs[service] ?? []).slice(-5).join('\n')}\n`,
    ),
  );
  const cookie = await shopperCookie(stack.frontendUrl, 'OLJCESPC7Z');
  return {
    label,
    stack,
    pids: () => [...Object.values(stack.pids), ...(shipping?.pid ? [shipping.pid] : [])],
    load: (duration, overallRate) =>
      autocannon({
        url: stack.frontendUrl,
        connections: CONNECTIONS,
        duration,
        ...(overallRate === undefined ? {} : { overallRate }),
        headers: { cookie },
        requests: PAGES.map((page) => ({ method: 'GET', path: page })),
      }),
    killShipping,
    startShipping,
    stop: async () => {
      await stack.stop();
      killShipping();
    },
  };
}

const failuresOf = (result: AutocannonResult) => result.non2xx + result.errors + result.timeouts;
const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Every shop at PAIRED_RATE pages/s at once: CPU ms per page each. */
async function pairedCost(shops: Shop[]): Promise<BenchRow[]> {
  await Promise.all(shops.map((shop) => shop.load(WARM_UP_SECONDS, PAIRED_RATE)));
  const before = shops.map((shop) => cpuOf(shop.pids()));
  const results = await Promise.all(shops.map((shop) => shop.load(SECONDS, PAIRED_RATE)));
  return shops.map((shop, i) => ({
    name: `${shop.label}: ${PAIRED_RATE} pages/s${shops.length > 1 ? ', paired' : ''}`,
    'pages/s': round(results[i]!.requests.average, 1),
    'p50 ms': results[i]!.latency.p50,
    'p99 ms': results[i]!.latency.p99,
    'shop CPU ms/page': round(((cpuOf(shop.pids()) - before[i]!) / results[i]!.requests.total) * 1000, 3),
    failures: failuresOf(results[i]!),
  }));
}

/** One shop saturated on its own. */
async function saturated(shop: Shop, round_: number): Promise<BenchRow> {
  await shop.load(WARM_UP_SECONDS);
  const before = cpuOf(shop.pids());
  const result = await shop.load(SECONDS);
  return {
    name: `${shop.label}: saturated, round ${round_}`,
    'pages/s': round(result.requests.average, 1),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'shop CPU ms/page': round(((cpuOf(shop.pids()) - before) / result.requests.total) * 1000, 3),
    failures: failuresOf(result),
  };
}

/** Kills the shipping service, restarts it after DOWN_SECONDS, and times the cart page's recovery. */
async function recovery(shop: Shop, cookie: string): Promise<BenchRow> {
  const url = shop.stack.frontendUrl;
  const get = async (page: string) => {
    const response = await fetch(`${url}${page}`, { headers: { cookie } }).catch(() => undefined);
    await response?.body?.cancel();
    return response?.status ?? 0;
  };
  let otherPagesFailed = 0;
  let otherPages = 0;
  let stopOthers = false;
  // Pages that do not need the shipping service, loaded throughout the outage.
  const others = (async () => {
    while (!stopOthers) {
      for (const page of ['/', '/product/OLJCESPC7Z']) {
        otherPages += 1;
        if ((await get(page)) !== 200) otherPagesFailed += 1;
      }
      await sleep(50);
    }
  })();
  shop.killShipping();
  const downUntil = Date.now() + DOWN_SECONDS * 1_000;
  while (Date.now() < downUntil) {
    await get('/cart');
    await sleep(50);
  }
  await shop.startShipping();
  const back = Date.now();
  let recoveredMs = Number.NaN;
  while (Date.now() - back < 60_000) {
    if ((await get('/cart')) === 200) {
      recoveredMs = Date.now() - back;
      break;
    }
    await sleep(50);
  }
  stopOthers = true;
  await others;
  return {
    name: `${shop.label}: shipping killed, back after ${DOWN_SECONDS} s`,
    '/cart 200 again after ms': recoveredMs,
    'other pages': otherPages,
    'other pages failed': otherPagesFailed,
  };
}

/**
 * The shipping service restarted with FAULT_RATE of its GetQuote calls failing UNAVAILABLE (injected),
 * then the cart page loaded at PAIRED_RATE: how many pages failed. A quote gets up to twelve
 * attempts, so about FAULT_RATE^12 of the pages may fail (5e-7 at 0.3): expect none.
 */
async function underFaults(shop: Shop, cookie: string): Promise<BenchRow> {
  shop.killShipping();
  await shop.startShipping({ FAULTS: `hipstershop.ShippingService/GetQuote=UNAVAILABLE@${FAULT_RATE}` });
  // The frontend reconnects within a second of the restart (the recovery row measures that), and the
  // failures while it was away spent the retry budget, which successes earn back within a few dozen
  // calls. This row is about the steady state under faults: it starts once the cart page answers
  // again, after a warm-up that is not counted.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${shop.stack.frontendUrl}/cart`, { headers: { cookie } });
    await response.body?.cancel();
    if (response.status === 200) break;
    await sleep(50);
  }
  const cartLoad = (duration: number) =>
    autocannon({
      url: shop.stack.frontendUrl,
      connections: CONNECTIONS,
      duration,
      overallRate: PAIRED_RATE,
      headers: { cookie },
      requests: [{ method: 'GET', path: '/cart' }],
    });
  try {
    await cartLoad(WARM_UP_SECONDS);
    const result = await cartLoad(SECONDS);
    return {
      name: `${shop.label}: /cart with ${FAULT_RATE * 100} % of quotes failing`,
      'pages/s': round(result.requests.average, 1),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      failures: failuresOf(result),
      pages: result.requests.total,
    };
  } finally {
    shop.killShipping();
    await shop.startShipping();
  }
}

export const scenario: BenchScenario = {
  name: 'resilience',
  description: `CPU per page at ${PAIRED_RATE} pages/s and saturated throughput (${CONNECTIONS} connections, ${SECONDS} s after ${WARM_UP_SECONDS} s warm-up, pages ${PAGES.join(' ')})${BASE_ROOT ? `, this tree vs ${BASE_ROOT}` : ''}; then the cart page's recovery after the shipping service is killed and restarted`,
  needsStack: false,
  async run({ log }) {
    const roots: Array<[string, string]> = [
      ['this tree', REPO_ROOT],
      ...(BASE_ROOT ? [['base', BASE_ROOT] as [string, string]] : []),
    ];
    const rows: BenchRow[] = [];
    const shops: Shop[] = [];
    try {
      for (const [label, root] of roots) shops.push(await startShop(label, root));
      log('paired CPU per page');
      rows.push(...(await pairedCost(shops)));
      // Alternating saturated rounds, so drifting background load hits every tree alike.
      for (let r = 1; r <= ROUNDS; r++) {
        for (const shop of shops) {
          log(`saturated round ${r}: ${shop.label}`);
          rows.push(await saturated(shop, r));
        }
      }
      // The base tree may not know FAULTS: only this tree's shop is measured under faults. Before the
      // outage below: an outage spends the retry budget, which successes then earn back.
      log(`faults: ${FAULT_RATE * 100} % of quotes failing`);
      rows.push(await underFaults(shops[0]!, await shopperCookie(shops[0]!.stack.frontendUrl, 'OLJCESPC7Z')));
      for (const shop of shops) {
        log(`recovery: ${shop.label}`);
        rows.push(await recovery(shop, await shopperCookie(shop.stack.frontendUrl, 'OLJCESPC7Z')));
      }
    } finally {
      for (const shop of shops) await shop.stop();
    }
    if (shops.length === 2) {
      const value = (label: string, column: string, kind: string) => {
        const values = rows
          .filter((row) => row.name.startsWith(`${label}: ${kind}`) && column in row)
          .map((row) => Number(row[column]));
        return values.reduce((sum, v) => sum + v, 0) / values.length;
      };
      const growth = (column: string, kind: string) =>
        round((value('this tree', column, kind) / value('base', column, kind) - 1) * 100, 1);
      const cpu = growth('shop CPU ms/page', `${PAIRED_RATE} pages/s`);
      log(`CPU per page vs base: ${cpu > 0 ? '+' : ''}${cpu} % (target ≤ 3 %)`);
      rows.push({
        name: 'this tree vs base, %',
        'paired CPU/page': cpu,
        'saturated pages/s': growth('pages/s', 'saturated'),
        'saturated CPU/page': growth('shop CPU ms/page', 'saturated'),
      });
    }
    return rows;
  },
};

if (require.main === module) {
  scenario
    .run({ log: (message) => process.stdout.write(`[resilience] ${message}\n`) })
    .then((rows) => process.stdout.write(`${renderTable(rows)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
}
