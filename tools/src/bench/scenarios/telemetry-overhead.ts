// `npm run bench telemetry`: the shop's HTTP throughput at the same load with telemetry off and
// on, side by side. "On" is everything the preload offers, sampling every trace: spans from every
// process, RED, runtime and business metrics, all exported over OTLP/HTTP (protobuf, the SDK's
// default) to a local receiver that counts and discards, at the SDK's default intervals (spans in
// batches every 5 s or 512 spans, metrics every 60 s). Load: autocannon with CONNECTIONS
// connections sharing one shopper session (one item in its cart), cycling home, a product page
// and the cart page, for SECONDS after a WARM_UP that is not counted. Each mode gets a fresh shop.
// Target (issue 8): throughput drops by at most 25 %.
// BENCH_PAIRED=1 runs both shops at once at a fixed rate and compares CPU per request instead (see
// measurePaired). Runs on its own too: `node tools/dist/bench/scenarios/telemetry-overhead.js` (after `npm run build`).

import { type Receiver, startReceiver } from '../../observability/receiver';
import { type Stack, startStack } from '../../stack';
import { cpuSeconds } from '../proc';
import { type AutocannonResult, autocannon, shopperCookie } from '../shop-load';
import { renderTable } from '../table';
import type { BenchRow, BenchScenario } from '../types';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const PAGES = ['/', '/product/OLJCESPC7Z', '/cart', '/product/66VCHSJNUP'];
// Extra variables for the "on" shop, as JSON (e.g. '{"OTEL_EXPORTER_OTLP_PROTOCOL":"grpc"}'), to compare setups.
const EXTRA_ENV = JSON.parse(process.env.BENCH_TELEMETRY_ENV ?? '{}') as Record<string, string>;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const MODES = (process.env.BENCH_MODES ?? 'off,on').split(',') as Array<'off' | 'on'>;
// BENCH_PAIRED=1: instead of alternating saturated rounds, both shops at once at this fixed rate.
const PAIRED = process.env.BENCH_PAIRED === '1';
const PAIRED_RATE = Number(process.env.BENCH_PAIRED_RATE ?? 200);

interface Shop {
  stack: Stack;
  receiver: Receiver;
  load(seconds: number, overallRate?: number): Promise<AutocannonResult>;
  stop(): Promise<void>;
}

/** A fresh shop with telemetry off or on (exporting to its own discarding receiver), with a shopper session. */
async function startShop(mode: 'off' | 'on'): Promise<Shop> {
  const receiver = await startReceiver({ discard: true });
  const telemetry: Record<string, string> =
    mode === 'on'
      ? {
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
          OTEL_TRACES_SAMPLER: 'always_on',
          ...EXTRA_ENV,
        }
      : {};
  let stack: Stack;
  try {
    stack = await startStack({ env: { LOG_LEVEL: 'warn', ...telemetry } });
  } catch (err) {
    await receiver.close();
    throw err;
  }
  const stop = async () => {
    await stack.stop();
    await receiver.close();
  };
  try {
    const cookie = await shopperCookie(stack.frontendUrl, 'OLJCESPC7Z');
    const load = (duration: number, overallRate?: number) =>
      autocannon({
        url: stack.frontendUrl,
        connections: CONNECTIONS,
        duration,
        ...(overallRate === undefined ? {} : { overallRate }),
        headers: { cookie },
        requests: PAGES.map((path) => ({ method: 'GET', path })),
      });
    return { stack, receiver, load, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** CPU seconds each of the shop's processes has used so far. */
const cpuByProcess = (stack: Stack) =>
  Object.entries(stack.pids).map(([name, pid]) => [name, cpuSeconds(pid)] as const);

/** CPU seconds each process used since `before`. */
const cpuSince = (stack: Stack, before: ReadonlyArray<readonly [string, number]>) =>
  before.map(([name, seconds]) => [name, cpuSeconds(stack.pids[name]!) - seconds] as const);

const failuresOf = (result: AutocannonResult) => result.non2xx + result.errors + result.timeouts;

async function measure(mode: 'off' | 'on', log: (message: string) => void): Promise<BenchRow> {
  const shop = await startShop(mode);
  try {
    await shop.load(WARM_UP_SECONDS);
    const before = cpuByProcess(shop.stack);
    const result = await shop.load(SECONDS);
    const used = cpuSince(shop.stack, before);
    const shopCpu = used.reduce((sum, [, seconds]) => sum + seconds, 0);
    log(
      `telemetry ${mode}: CPU per process: ${used.map(([name, s]) => `${name} ${Math.round((s / SECONDS) * 100)}%`).join(', ')}`,
    );
    const failures = failuresOf(result);
    log(
      `telemetry ${mode}: ${result.requests.average.toFixed(1)} req/s, p99 ${result.latency.p99} ms, ${failures} failures`,
    );
    const exported = Object.values(shop.receiver.requests).reduce((sum, n) => sum + n, 0);
    return {
      name: `telemetry ${mode}`,
      'req/s': Math.round(result.requests.average * 10) / 10,
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      // CPU the shop's processes spent per request: robust to other load on the machine, unlike req/s.
      'shop CPU ms/req': Math.round((shopCpu / result.requests.total) * 1000 * 100) / 100,
      requests: result.requests.total,
      failures,
      'OTLP exports': exported,
      'OTLP KiB': Math.round(shop.receiver.bytes / 1024),
    };
  } finally {
    await shop.stop();
  }
}

/**
 * Both shops at once, each at PAIRED_RATE pages/s (below saturation), comparing the CPU each spends
 * per page. Both see the same machine at the same moment, so this moves far less between runs than
 * alternating saturated rounds: the tool for telling whether a change made telemetry cheaper. It
 * measures cost, not the throughput the target is about.
 */
async function measurePaired(log: (message: string) => void): Promise<BenchRow[]> {
  const shops: Array<[mode: 'off' | 'on', shop: Shop]> = [];
  try {
    for (const mode of ['off', 'on'] as const) shops.push([mode, await startShop(mode)]);
    await Promise.all(shops.map(([, shop]) => shop.load(WARM_UP_SECONDS, PAIRED_RATE)));
    const before = shops.map(([, shop]) => cpuByProcess(shop.stack));
    const results = await Promise.all(shops.map(([, shop]) => shop.load(SECONDS, PAIRED_RATE)));
    const rows = shops.map(([mode, shop], i): BenchRow => {
      const used = cpuSince(shop.stack, before[i]!);
      const pages = results[i]!.requests.total;
      const perPage = (seconds: number) => Math.round((seconds / pages) * 1000 * 1000) / 1000;
      const frontend = used.find(([name]) => name === 'frontend')?.[1] ?? 0;
      const all = used.reduce((sum, [, seconds]) => sum + seconds, 0);
      return {
        name: `telemetry ${mode}, paired at ${PAIRED_RATE} req/s`,
        'req/s': Math.round(results[i]!.requests.average * 10) / 10,
        'frontend CPU ms/req': perPage(frontend),
        'backends CPU ms/req': perPage(all - frontend),
        'shop CPU ms/req': perPage(all),
        failures: failuresOf(results[i]!),
      };
    });
    const growth = (column: string) =>
      Math.round((Number(rows[1]![column]) / Number(rows[0]![column]) - 1) * 1000) / 10;
    log(
      `paired: CPU per request with telemetry on: shop +${growth('shop CPU ms/req')} %, frontend +${growth('frontend CPU ms/req')} %, backends +${growth('backends CPU ms/req')} %`,
    );
    rows.push({
      name: 'on vs off, growth %',
      'frontend CPU ms/req': growth('frontend CPU ms/req'),
      'backends CPU ms/req': growth('backends CPU ms/req'),
      'shop CPU ms/req': growth('shop CPU ms/req'),
    });
    return rows;
  } finally {
    for (const [, shop] of shops) await shop.stop();
  }
}

export const scenario: BenchScenario = {
  name: 'telemetry-overhead',
  description: `shop throughput with telemetry off vs on (all sampled, OTLP to a discarding receiver): ${CONNECTIONS} connections, ${SECONDS} s per mode after ${WARM_UP_SECONDS} s warm-up, pages ${PAGES.join(' ')}`,
  // Starts its own shop per mode: the harness's single stack has telemetry off.
  needsStack: false,
  async run({ log }) {
    if (PAIRED) return measurePaired(log);
    if (MODES.length === 1) return [await measure(MODES[0]!, log)];
    // Alternating rounds (off, on, off, on, ...), so drifting background load hits both modes alike.
    const rows: BenchRow[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of ['off', 'on'] as const)
        rows.push({ ...(await measure(mode, log)), name: `telemetry ${mode}, round ${round}` });
    }
    const mean = (mode: string, column: string) => {
      const values = rows.filter((row) => row.name.startsWith(`telemetry ${mode},`)).map((row) => Number(row[column]));
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    };
    const drop = (1 - mean('on', 'req/s') / mean('off', 'req/s')) * 100;
    const cpuGrowth = (mean('on', 'shop CPU ms/req') / mean('off', 'shop CPU ms/req') - 1) * 100;
    log(
      `throughput drop with telemetry on: ${drop.toFixed(1)} % (target ≤ 25 %); shop CPU per request +${cpuGrowth.toFixed(1)} %`,
    );
    rows.push({
      name: 'telemetry on vs off (means)',
      'req/s drop %': Math.round(drop * 10) / 10,
      'CPU/req growth %': Math.round(cpuGrowth * 10) / 10,
      'target drop %': 25,
    });
    return rows;
  },
};

if (require.main === module) {
  scenario
    .run({ log: (message) => process.stdout.write(`${message}\n`) })
    .then((rows) => process.stdout.write(`${renderTable(rows)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    });
}
