// `npm run bench frontend`: pages per second the frontend serves for `/` and `/product/<id>` with
// every process of the shop running on this machine. autocannon (in this process) keeps CONNECTIONS
// keep-alive connections busy for SECONDS per page after a WARM_UP, all with one shopper's session
// cookie (one item in the cart, so GetCart returns something). Target (issue 5): ≥ 300 pages/s for
// each page with p99 < 100 ms and no errors, the frontend's RSS under 150 MB. The harness adds every
// process's RSS after the run.
// Runs on its own too: `node tools/dist/bench/scenarios/frontend.js` (after `npm run build`).
import { startStack } from '../../stack';
import { cpuSeconds, rssMb } from '../proc';
import { autocannon, shopperCookie } from '../shop-load';
import { renderTable } from '../table';
import type { BenchRow, BenchScenario } from '../types';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PAGES = [
  { name: 'GET /', path: '/' },
  { name: 'GET /product/:id', path: '/product/OLJCESPC7Z' },
];

export const scenario: BenchScenario = {
  name: 'frontend',
  description: `pages/s for / and /product/:id, ${CONNECTIONS} connections, ${SECONDS} s each (target ≥ 300/s, p99 < 100 ms)`,
  needsStack: true,
  async run(ctx) {
    const stack = ctx.stack;
    if (!stack) throw new Error('the frontend scenario needs the stack');
    const cookie = await shopperCookie(stack.frontendUrl, '6E92ZMYYFZ');
    const frontendPid = stack.pids.frontend!;
    const rows: BenchRow[] = [];
    for (const page of PAGES) {
      const url = `${stack.frontendUrl}${page.path}`;
      ctx.log(`${page.name}: warming up ${WARM_UP_SECONDS} s`);
      await autocannon({ url, connections: CONNECTIONS, duration: WARM_UP_SECONDS, headers: { cookie } });
      ctx.log(`${page.name}: measuring ${SECONDS} s with ${CONNECTIONS} connections`);
      const cpuBefore = cpuSeconds(frontendPid);
      const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } });
      const cpu = (cpuSeconds(frontendPid) - cpuBefore) / SECONDS;
      rows.push({
        name: page.name,
        pages_per_s: Math.round(result.requests.average),
        total: result.requests.total,
        p50_ms: result.latency.p50,
        p90_ms: result.latency.p90,
        p99_ms: result.latency.p99,
        max_ms: result.latency.max,
        errors: result.errors + result.timeouts,
        non_2xx: result.non2xx,
        frontend_cpu_cores: Math.round(cpu * 100) / 100,
        frontend_rss_mb: rssMb(frontendPid),
      });
    }
    return rows;
  },
};

if (require.main === module) {
  (async () => {
    const stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
    try {
      const rows = await scenario.run({ stack, log: (message) => process.stdout.write(`${message}\n`) });
      process.stdout.write(`\n${renderTable(rows)}\n`);
    } finally {
      await stack.stop();
    }
  })().catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
