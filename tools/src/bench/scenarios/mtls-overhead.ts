// `npm run bench mtls`: what mutual TLS between the services costs. Two shops run at once, one
// plaintext (the original's wire) and one with `mtls: true` (as `npm start -- --mtls`), each driven at
// the same fixed rate (BENCH_MTLS_RATE pages/s, below saturation) through home, product and cart pages
// with one shopper session, for SECONDS after a WARM_UP. Both see the same machine at the same moment,
// so CPU per page compares fairly on a shared host. Then the cost of a new connection: a fresh channel
// and one GetProduct to each shop's catalog, HANDSHAKES times, timing the call and the CPU both ends spent.
// Runs on its own too: `node tools/dist/bench/scenarios/mtls-overhead.js` (after `npm run build`).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hipstershop } from '@boutique/kit';
import { type ChannelCredentials, credentials } from '@grpc/grpc-js';
import { type Stack, startStack } from '../../stack';
import { cpuSeconds } from '../proc';
import { type AutocannonResult, autocannon, shopperCookie } from '../shop-load';
import { renderTable } from '../table';
import type { BenchRow, BenchScenario } from '../types';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARM_UP_SECONDS = Number(process.env.BENCH_WARM_UP_SECONDS ?? 3);
const RATE = Number(process.env.BENCH_MTLS_RATE ?? 100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const HANDSHAKES = Number(process.env.BENCH_HANDSHAKES ?? 200);
const PAGES = ['/', '/product/OLJCESPC7Z', '/cart', '/product/66VCHSJNUP'];

type Mode = 'plaintext' | 'mtls';

const cpuOf = (stack: Stack) => Object.entries(stack.pids).map(([name, pid]) => [name, cpuSeconds(pid)] as const);

/** Fixed-rate page load on both shops at once; CPU per page and latency for each. */
async function pages(shops: Array<[Mode, Stack]>, log: (message: string) => void): Promise<BenchRow[]> {
  const cookies = await Promise.all(shops.map(([, stack]) => shopperCookie(stack.frontendUrl, 'OLJCESPC7Z')));
  const load = (seconds: number) =>
    Promise.all(
      shops.map(([, stack], i) =>
        autocannon({
          url: stack.frontendUrl,
          connections: CONNECTIONS,
          duration: seconds,
          overallRate: RATE,
          headers: { cookie: cookies[i]! },
          requests: PAGES.map((page) => ({ method: 'GET', path: page })),
        }),
      ),
    );
  await load(WARM_UP_SECONDS);
  const before = shops.map(([, stack]) => cpuOf(stack));
  const results: AutocannonResult[] = await load(SECONDS);
  const rows = shops.map(([mode, stack], i): BenchRow => {
    const used = before[i]!.map(([name, seconds]) => [name, cpuSeconds(stack.pids[name]!) - seconds] as const);
    const total = results[i]!.requests.total;
    const perPage = (seconds: number) => Math.round((seconds / total) * 1_000_000) / 1000;
    const frontend = used.find(([name]) => name === 'frontend')?.[1] ?? 0;
    const all = used.reduce((sum, [, seconds]) => sum + seconds, 0);
    return {
      name: `${mode}, ${RATE} pages/s`,
      'req/s': Math.round(results[i]!.requests.average * 10) / 10,
      'p50 ms': results[i]!.latency.p50,
      'p99 ms': results[i]!.latency.p99,
      'frontend CPU ms/page': perPage(frontend),
      'backends CPU ms/page': perPage(all - frontend),
      'shop CPU ms/page': perPage(all),
      failures: results[i]!.non2xx + results[i]!.errors + results[i]!.timeouts,
    };
  });
  const growth = (column: string) => Math.round((Number(rows[1]![column]) / Number(rows[0]![column]) - 1) * 1000) / 10;
  log(
    `mTLS vs plaintext: shop CPU per page +${growth('shop CPU ms/page')} %, p99 ${rows[0]!['p99 ms']} → ${rows[1]!['p99 ms']} ms`,
  );
  rows.push({
    name: 'mtls vs plaintext, growth %',
    'frontend CPU ms/page': growth('frontend CPU ms/page'),
    'backends CPU ms/page': growth('backends CPU ms/page'),
    'shop CPU ms/page': growth('shop CPU ms/page'),
  });
  return rows;
}

/** HANDSHAKES new connections to the catalog, one call each: wall time and CPU on both ends per connection. */
async function handshakes(mode: Mode, stack: Stack): Promise<BenchRow> {
  const address = stack.addrs.productcatalogservice!;
  let creds: ChannelCredentials = credentials.createInsecure();
  if (mode === 'mtls') {
    const cert = stack.pki!.issue('frontend', { dir: path.join(stack.pki!.dir, 'bench-frontend') });
    creds = credentials.createSsl(readFileSync(cert.caFile), readFileSync(cert.keyFile), readFileSync(cert.certFile));
  }
  const serverPid = stack.pids.productcatalogservice!;
  const times: number[] = [];
  const serverBefore = cpuSeconds(serverPid);
  const clientBefore = process.cpuUsage();
  for (let i = 0; i < HANDSHAKES; i++) {
    const client = new hipstershop.ProductCatalogService(address, creds);
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) =>
      client.getProduct({ id: 'OLJCESPC7Z' }, { deadline: Date.now() + 5_000 }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    client.close();
  }
  const client = process.cpuUsage(clientBefore);
  const server = cpuSeconds(serverPid) - serverBefore;
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    name: `${mode}: new connection + first call`,
    'p50 ms': round(times[Math.floor(times.length / 2)]!),
    'p99 ms': round(times[Math.floor(times.length * 0.99)]!),
    'client CPU ms/conn': round((client.user + client.system) / 1000 / HANDSHAKES),
    'server CPU ms/conn': round((server * 1000) / HANDSHAKES),
  };
}

export const scenario: BenchScenario = {
  name: 'mtls-overhead',
  description: `mutual TLS vs plaintext: two shops at once at ${RATE} pages/s each for ${SECONDS} s (after ${WARM_UP_SECONDS} s), pages ${PAGES.join(' ')}; then ${HANDSHAKES} new connections to each catalog`,
  // Starts its own two shops: the harness's single stack is plaintext.
  needsStack: false,
  async run({ log }) {
    const shops: Array<[Mode, Stack]> = [];
    try {
      shops.push(['plaintext', await startStack({ env: { LOG_LEVEL: 'warn' } })]);
      shops.push(['mtls', await startStack({ env: { LOG_LEVEL: 'warn' }, mtls: true })]);
      const rows = await pages(shops, log);
      for (const [mode, stack] of shops) rows.push(await handshakes(mode, stack));
      return rows;
    } finally {
      for (const [, stack] of shops) await stack.stop();
    }
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
