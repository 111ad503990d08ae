// `npm run bench telemetry`: the shop's HTTP throughput at the same load with telemetry off and
// on, side by side. "On" is everything the preload offers, sampling every trace: spans from every
// process, RED, runtime and business metrics, all exported over OTLP/HTTP (protobuf, the SDK's
// default) to a local receiver that counts and discards, at the SDK's default intervals (spans in
// batches every 5 s or 512 spans, metrics every 60 s). Load: autocannon with CONNECTIONS
// connections sharing one shopper session (one item in its cart), cycling home, a product page
// and the cart page, for SECONDS after a WARM_UP that is not counted. Each mode gets a fresh shop.
// Target (issue 8): throughput drops by at most 25 %.
// Runs on its own too: `node tools/dist/bench/scenarios/telemetry-overhead.js` (after `npm run build`).

import { startReceiver } from '../../observability/receiver';
import { startStack } from '../../stack';
import { cpuSeconds } from '../proc';
import { autocannon, shopperCookie } from '../shop-load';
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

async function measure(mode: 'off' | 'on', log: (message: string) => void): Promise<BenchRow> {
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
  const stack = await startStack({ env: { LOG_LEVEL: 'warn', ...telemetry } });
  try {
    const cookie = await shopperCookie(stack.frontendUrl, 'OLJCESPC7Z');
    const load = (duration: number) =>
      autocannon({
        url: stack.frontendUrl,
        connections: CONNECTIONS,
        duration,
        headers: { cookie },
        requests: PAGES.map((path) => ({ method: 'GET', path })),
      });
    await load(WARM_UP_SECONDS);
    const cpuBefore = Object.entries(stack.pids).map(([name, pid]) => [name, pid, cpuSeconds(pid)] as const);
    const result = await load(SECONDS);
    const used = cpuBefore.map(([name, pid, before]) => [name, cpuSeconds(pid) - before] as const);
    const shopCpu = used.reduce((sum, [, seconds]) => sum + seconds, 0);
    log(
      `telemetry ${mode}: CPU per process: ${used.map(([name, s]) => `${name} ${Math.round((s / SECONDS) * 100)}%`).join(', ')}`,
    );
    const failures = result.non2xx + result.errors + result.timeouts;
    log(
      `telemetry ${mode}: ${result.requests.average.toFixed(1)} req/s, p99 ${result.latency.p99} ms, ${failures} failures`,
    );
    const exported = Object.values(receiver.requests).reduce((sum, n) => sum + n, 0);
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
      'OTLP KiB': Math.round(receiver.bytes / 1024),
    };
  } finally {
    await stack.stop();
    await receiver.close();
  }
}

export const scenario: BenchScenario = {
  name: 'telemetry-overhead',
  description: `shop throughput with telemetry off vs on (all sampled, OTLP to a discarding receiver): ${CONNECTIONS} connections, ${SECONDS} s per mode after ${WARM_UP_SECONDS} s warm-up, pages ${PAGES.join(' ')}`,
  // Starts its own shop per mode: the harness's single stack has telemetry off.
  needsStack: false,
  async run({ log }) {
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
