// `npm run bench placeorder`: PlaceOrder throughput and latency with every process of the shop
// running. Each order is placed on a fresh cart (a new user id: AddItem of one product, then
// PlaceOrder), by CONCURRENCY loops in this process, for SECONDS after a WARM_UP. Currencies and
// products rotate, so conversions, quotes, charges, shipments, cart writes and emails are all real.
// Reports orders/s, PlaceOrder p50/p95/p99, errors, and the CPU each process used in the window.
// Runs on its own too: `node tools/dist/bench/scenarios/placeorder.js` (after `npm run build`).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { type CallOpts, closeAllChannels, createClient, hipstershop, isServiceError, status } from '@boutique/kit';
import type { AddItemRequest } from '@boutique/kit/generated/hipstershop/AddItemRequest';
import type { PlaceOrderRequest } from '@boutique/kit/generated/hipstershop/PlaceOrderRequest';
import type { PlaceOrderResponse__Output } from '@boutique/kit/generated/hipstershop/PlaceOrderResponse';
import { type Stack, startStack } from '../../stack';
import { renderTable } from '../table';
import type { BenchRow, BenchScenario } from '../types';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
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

// Typed by hand: the kit's UnaryClient type currently maps every method to `never`.
interface CartClient {
  AddItem(request: AddItemRequest, options: CallOpts): Promise<unknown>;
}
interface CheckoutClient {
  PlaceOrder(request: PlaceOrderRequest, options: CallOpts): Promise<PlaceOrderResponse__Output>;
}

/** CPU seconds (user + system) a process has used so far, from /proc; NaN when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks, USER_HZ = 100 on Linux
  } catch {
    return Number.NaN;
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

interface Window {
  recording: boolean;
  stopAt: number;
  placeOrderMs: number[];
  addItemMs: number[];
  errors: Map<string, number>;
}

async function worker(id: number, cart: CartClient, checkout: CheckoutClient, window: Window): Promise<void> {
  for (let i = 0; performance.now() < window.stopAt; i++) {
    const userId = `bench-${process.pid}-${id}-${i}`;
    const productId = PRODUCTS[(id + i) % PRODUCTS.length]!;
    const userCurrency = CURRENCIES[(id * 7 + i) % CURRENCIES.length]!;
    const recording = window.recording;
    try {
      const started = performance.now();
      await cart.AddItem({ userId, item: { productId, quantity: 1 } }, CALL);
      const added = performance.now();
      const { order } = await checkout.PlaceOrder(
        { userId, userCurrency, address: ADDRESS, email: 'someone@example.com', creditCard: CARD },
        CALL,
      );
      const placed = performance.now();
      if (!order?.orderId || !order.shippingTrackingId) throw new Error('PlaceOrder answered without ids');
      if (recording && window.recording) {
        window.addItemMs.push(added - started);
        window.placeOrderMs.push(placed - added);
      }
    } catch (err) {
      const key = isServiceError(err) ? `${status[err.code]}: ${err.details}` : String(err);
      window.errors.set(key, (window.errors.get(key) ?? 0) + 1);
    }
  }
}

async function measure(stack: Stack, log: (message: string) => void): Promise<BenchRow[]> {
  const cart = createClient(hipstershop.CartService, stack.addrs.cartservice!) as unknown as CartClient;
  const checkout = createClient(hipstershop.CheckoutService, stack.addrs.checkoutservice!) as unknown as CheckoutClient;
  const window: Window = {
    recording: false,
    stopAt: performance.now() + (WARM_UP_SECONDS + SECONDS) * 1_000,
    placeOrderMs: [],
    addItemMs: [],
    errors: new Map(),
  };
  const workers = Array.from({ length: CONCURRENCY }, (_, id) => worker(id, cart, checkout, window));

  // Recording starts after the warm-up: JIT, connection set-up and the currency list cache settle.
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_SECONDS * 1_000));
  window.errors.clear();
  const pids = { ...stack.pids, 'bench client': process.pid };
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const started = performance.now();
  window.recording = true;
  log(`warm-up done; measuring ${SECONDS} s at concurrency ${CONCURRENCY}`);
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1_000));
  window.recording = false;
  const elapsedS = (performance.now() - started) / 1_000;
  const cpuAfter = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  await Promise.all(workers); // each finishes the order it is on (bounded by the call deadlines)
  closeAllChannels();

  const errors = [...window.errors.values()].reduce((a, b) => a + b, 0);
  for (const [message, count] of window.errors) log(`${count} × ${message}`);
  const orders = Float64Array.from(window.placeOrderMs).sort();
  const adds = Float64Array.from(window.addItemMs).sort();
  const rows: BenchRow[] = [
    {
      name: `PlaceOrder (1 item, fresh cart, c=${CONCURRENCY}, ${SECONDS} s)`,
      orders: orders.length,
      orders_per_s: round1(orders.length / elapsedS),
      p50_ms: round1(percentile(orders, 50)),
      p95_ms: round1(percentile(orders, 95)),
      p99_ms: round1(percentile(orders, 99)),
      max_ms: round1(percentile(orders, 100)),
      errors,
    },
    {
      name: 'AddItem before each order',
      orders: adds.length,
      p50_ms: round1(percentile(adds, 50)),
      p95_ms: round1(percentile(adds, 95)),
      p99_ms: round1(percentile(adds, 99)),
      max_ms: round1(percentile(adds, 100)),
    },
  ];
  for (const name of Object.keys(pids)) {
    rows.push({ name: `cpu: ${name}`, cpu_pct: Math.round(((cpuAfter[name]! - cpuBefore[name]!) / elapsedS) * 100) });
  }
  log(
    `${rows[0]!.orders_per_s} orders/s, p50 ${rows[0]!.p50_ms} ms, p95 ${rows[0]!.p95_ms} ms, ` +
      `p99 ${rows[0]!.p99_ms} ms, ${errors} errors (target ≥ 300 orders/s, p99 < 100 ms, 0 errors)`,
  );
  return rows;
}

export const scenario: BenchScenario = {
  name: 'placeorder',
  description:
    `PlaceOrder with every process running: one item per order on a fresh cart (AddItem, then PlaceOrder), ` +
    `concurrency ${CONCURRENCY}, ${WARM_UP_SECONDS} s warm-up, ${SECONDS} s measured; target ≥ 300 orders/s, p99 < 100 ms`,
  needsStack: true,
  async run({ stack, log }) {
    if (!stack) throw new Error('placeorder needs the running shop');
    return measure(stack, log);
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
