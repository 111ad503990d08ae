// `npm run bench placeorder`: PlaceOrder throughput and latency with every process of the shop
// running. Each order is placed on a fresh cart (a new user id: AddItem of one product, then
// PlaceOrder). Currencies and products rotate, so conversions, quotes, charges, shipments, cart
// writes and emails are all real. Two runs, each WARM_UP then SECONDS measured:
//   - closed loop: CONCURRENCY loops place orders back to back (the most the shop sustains);
//   - open loop: orders start at a fixed RATE (the target), in-flight capped at MAX_IN_FLIGHT; each
//     latency counts from the order's scheduled start, so falling behind shows (no coordinated omission).
// Reported per run: orders/s, PlaceOrder p50/p95/p99, errors, and the CPU the shop's processes and
// this client spent per order (robust to other load on the machine, unlike throughput), with the
// load average. Runs on its own too: `node tools/dist/bench/scenarios/placeorder.js` (after a build).
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type CallOpts,
  closeAllChannels,
  createClient,
  hipstershop,
  isServiceError,
  status,
  type UnaryClient,
} from '@boutique/kit';
import { type Stack, startStack } from '../../stack';
import { cpuSeconds } from '../proc';
import { renderTable } from '../table';
import type { BenchRow, BenchScenario } from '../types';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RATE = Number(process.env.BENCH_RATE ?? 300);
const MAX_IN_FLIGHT = 256;
const CALL: CallOpts = { deadlineMs: 5_000 };

const PRODUCTS = [
  'OLJCESPC7Z',
  '66VCHSJNUP',
  '1YMWWN1N4O',
  'L9ECAV7KIM',
  '2ZYFJ3GM2N',
  '0PUK6V6EV0',
  'LS4PSXUNUM',
  '9SIQT8TOJO',
  '6E92ZMYYFZ',
];
const CURRENCIES = ['USD', 'EUR', 'JPY', 'GBP', 'CAD', 'TRY'];
const ADDRESS = {
  streetAddress: '1600 Amphitheatre Parkway',
  city: 'Mountain View',
  state: 'CA',
  country: 'United States',
  zipCode: 94043,
};
const CARD = {
  creditCardNumber: '4432-8015-6152-0454',
  creditCardCvv: 672,
  creditCardExpirationYear: new Date().getFullYear() + 2,
  creditCardExpirationMonth: 1,
};

type CartClient = UnaryClient<typeof hipstershop.CartService.service>;
type CheckoutClient = UnaryClient<typeof hipstershop.CheckoutService.service>;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

/** What one run records while `recording` is on. */
class Recorder {
  recording = false;
  placeOrderMs: number[] = [];
  cycleMs: number[] = [];
  errors = new Map<string, number>();
  #n = 0;

  constructor(
    private readonly cart: CartClient,
    private readonly checkout: CheckoutClient,
  ) {}

  /** Places one order on a fresh cart; `scheduledAt` is when it should have started (open loop). */
  async order(scheduledAt = performance.now()): Promise<void> {
    const n = this.#n++;
    const userId = `bench-${process.pid}-${n}`;
    const recording = this.recording;
    try {
      await this.cart.AddItem({ userId, item: { productId: PRODUCTS[n % PRODUCTS.length]!, quantity: 1 } }, CALL);
      const added = performance.now();
      const { order } = await this.checkout.PlaceOrder(
        {
          userId,
          userCurrency: CURRENCIES[n % CURRENCIES.length]!,
          address: ADDRESS,
          email: 'someone@example.com',
          creditCard: CARD,
        },
        CALL,
      );
      const placed = performance.now();
      if (!order?.orderId || !order.shippingTrackingId) throw new Error('PlaceOrder answered without ids');
      if (recording && this.recording) {
        this.placeOrderMs.push(placed - added);
        this.cycleMs.push(placed - scheduledAt);
      }
    } catch (err) {
      if (!recording) return; // warm-up errors are reported by the measured run if they persist
      const key = isServiceError(err) ? `${status[err.code]}: ${err.details}` : String(err);
      this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    }
  }
}

/** Drives orders back to back from `concurrency` loops until `stopAt`. */
async function closedLoop(recorder: Recorder, concurrency: number, stopAt: number): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < stopAt) await recorder.order();
    }),
  );
}

/** Starts orders at `rate` per second until `stopAt`, at most MAX_IN_FLIGHT at once. */
async function openLoop(recorder: Recorder, rate: number, stopAt: number): Promise<void> {
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  let launched = 0;
  while (performance.now() < stopAt) {
    const due = Math.floor(((performance.now() - start) / 1_000) * rate);
    while (launched < due && inFlight.size < MAX_IN_FLIGHT) {
      const order = recorder.order(start + (launched * 1_000) / rate);
      inFlight.add(order);
      void order.finally(() => inFlight.delete(order));
      launched++;
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
}

async function run(
  stack: Stack,
  name: string,
  drive: (recorder: Recorder, stopAt: number) => Promise<void>,
  log: (message: string) => void,
): Promise<BenchRow[]> {
  const recorder = new Recorder(
    createClient(hipstershop.CartService, stack.addrs.cartservice!),
    createClient(hipstershop.CheckoutService, stack.addrs.checkoutservice!),
  );
  const driving = drive(recorder, performance.now() + (WARM_UP_SECONDS + SECONDS) * 1_000);
  // Recording starts after the warm-up: JIT, connections and the currency list cache settle.
  await sleep(WARM_UP_SECONDS * 1_000);
  const pids: Record<string, number> = { ...stack.pids, 'bench client': process.pid };
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([service, pid]) => [service, cpuSeconds(pid)]));
  const started = performance.now();
  recorder.recording = true;
  await sleep(SECONDS * 1_000);
  recorder.recording = false;
  const elapsedS = (performance.now() - started) / 1_000;
  const cpuAfter = Object.fromEntries(Object.entries(pids).map(([service, pid]) => [service, cpuSeconds(pid)]));
  const load = loadavg()[0]!;
  await driving; // every order in flight finishes (bounded by the call deadlines)

  const errors = [...recorder.errors.values()].reduce((a, b) => a + b, 0);
  for (const [message, count] of recorder.errors) log(`${name}: ${count} × ${message}`);
  const orders = Float64Array.from(recorder.placeOrderMs).sort();
  const cycles = Float64Array.from(recorder.cycleMs).sort();
  const cpuMs = (service: string) => ((cpuAfter[service]! - cpuBefore[service]!) * 1_000) / orders.length;
  const shopCpuMs = Object.keys(stack.pids).reduce((sum, service) => sum + cpuMs(service), 0);
  const row: BenchRow = {
    name,
    orders: orders.length,
    orders_per_s: round1(orders.length / elapsedS),
    p50_ms: round1(percentile(orders, 50)),
    p95_ms: round1(percentile(orders, 95)),
    p99_ms: round1(percentile(orders, 99)),
    max_ms: round1(percentile(orders, 100)),
    cycle_p99_ms: round1(percentile(cycles, 99)),
    errors,
    shop_cpu_ms_per_order: round2(shopCpuMs),
    client_cpu_ms_per_order: round2(cpuMs('bench client')),
    load_avg: round1(load),
  };
  log(
    `${name}: ${row.orders_per_s} orders/s, p50 ${row.p50_ms} ms, p95 ${row.p95_ms} ms, p99 ${row.p99_ms} ms, ` +
      `${errors} errors; shop CPU ${row.shop_cpu_ms_per_order} ms/order; load average ${row.load_avg}`,
  );
  const perService: BenchRow[] = Object.keys(stack.pids)
    .map((service) => ({ name: `  cpu ms/order: ${service}`, cpu_ms_per_order: round2(cpuMs(service)) }))
    .filter((entry) => entry.cpu_ms_per_order >= 0.01);
  return [row, ...perService];
}

export const scenario: BenchScenario = {
  name: 'placeorder',
  description:
    `PlaceOrder with every process running, one item per order on a fresh cart (AddItem, then PlaceOrder); ` +
    `closed loop c=${CONCURRENCY}, then open loop at ${RATE}/s; ${WARM_UP_SECONDS} s warm-up + ${SECONDS} s each; ` +
    `target ≥ 300 orders/s, p99 < 100 ms, 0 errors`,
  needsStack: true,
  async run({ stack, log }) {
    if (!stack) throw new Error('placeorder needs the running shop');
    try {
      return [
        ...(await run(
          stack,
          `closed loop, c=${CONCURRENCY}`,
          (recorder, stopAt) => closedLoop(recorder, CONCURRENCY, stopAt),
          log,
        )),
        ...(await run(stack, `open loop, ${RATE}/s`, (recorder, stopAt) => openLoop(recorder, RATE, stopAt), log)),
      ];
    } finally {
      closeAllChannels();
    }
  },
};

if (require.main === module) {
  const log = (message: string) => process.stdout.write(`[placeorder] ${message}\n`);
  startStack({ env: { LOG_LEVEL: 'warn' } })
    .then(async (stack) => {
      try {
        const rows = await scenario.run({ stack, log });
        process.stdout.write(`\n${renderTable(rows)}\n`);
      } finally {
        await stack.stop();
      }
    })
    .catch((err: unknown) => {
      process.stderr.write(`placeorder bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
