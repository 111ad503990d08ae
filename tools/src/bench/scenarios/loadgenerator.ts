// `npm run bench loadgenerator`: how fast the load generator itself is, and what the shop sustains.
// 1. The generator pinned to one core drives the shopper journey (think time 0) against the trivial fake shop
//    of services/loadgenerator (same routes, 302 for the POSTs, a 2 KiB page) pinned to the other core. The CPU
//    columns say which side was the limit: a generator at ~100% is the generator's own ceiling.
// 2. A fleet of 1, 2 and 4 local workers (--workers N, coordinator and workers on the generator core), then 2
//    over both cores, against the same server: requests per second of the workers' CPU, what that means for a
//    fleet with a core per worker, and the coordinator's CPU per worker per second.
// 3. The dashboard's cost: the open model at a fixed rate, with and without --web and a client polling it once
//    a second as the page does; the difference in generator CPU per request is what the dashboard costs.
// 4. The same journey against the real shop (every service its own process, sharing both cores with the
//    generator) at a few user counts; the best zero-failure rate is the shop's sustained rate on this machine.
// Runs on its own too: `node tools/dist/bench/main.js loadgenerator` (after `npm run build`).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../services';
import type { BenchRow, BenchScenario } from '../types';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const GENERATOR = path.join(REPO_ROOT, 'services/loadgenerator/dist/main.js');
const FAKE_SHOP = path.join(REPO_ROOT, 'services/loadgenerator/dist/testing/fake-shop-main.js');
const GENERATOR_CORE = '0';
const SERVER_CORE = '1';
const TRIVIAL_USERS = [32, 128];
/**
 * Fleets on the generator core alone, then two workers over both cores (the trivial server keeps its own
 * core, so the second worker shares it): a fleet scales with cores when each worker's requests per CPU
 * second stay what one worker alone achieves.
 */
const FLEETS = [
  { workers: 1, cores: GENERATOR_CORE },
  { workers: 2, cores: GENERATOR_CORE },
  { workers: 4, cores: GENERATOR_CORE },
  { workers: 2, cores: `${GENERATOR_CORE},${SERVER_CORE}` },
];
const FLEET_USERS = 64;
const DASHBOARD_RPS = 1500;
const SHOP_USERS = [10, 25, 50];

function pinned(core: string | undefined, args: string[]): [string, string[]] {
  return core !== undefined && availableParallelism() >= 2
    ? ['taskset', ['-c', core, process.execPath, ...args]]
    : [process.execPath, args];
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat; here 0-based after the command name: 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Report {
  elapsedSeconds: number;
  total: { requests: number; failures: number; rps: number; p50: number; p99: number };
  generator: { cpuSeconds: number };
  fleet: { workers: { cpuSeconds: number }[]; coordinatorCpuSeconds: number } | null;
}

/**
 * Runs the generator as its own process and returns its JSON report. `onStderrLine` gets each stderr line, e.g.
 * to find the dashboard's address.
 */
async function generate(
  url: string,
  users: number,
  core: string | undefined,
  dir: string,
  extra: string[] = [],
  onStderrLine: (line: string) => void = () => {},
) {
  const json = path.join(dir, `report-${users}-${Date.now()}.json`);
  const args = [GENERATOR, '--url', url, '--users', String(users), '--rate', '10000', '--think-time', '0'];
  args.push('--duration', `${SECONDS}s`, '--seed', '1', '--json', json, '--progress-interval', '60s');
  args.push('--wait-for-frontend-retries', '10', '--wait-for-frontend-interval', '500ms', ...extra);
  const [command, argv] = pinned(core, args);
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr += `${line}\n`;
    onStderrLine(line);
  });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`loadgenerator exited ${code}: ${stderr}`);
  const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
  return report;
}

/** Polls the dashboard's state once a second, as an open page does, until stopped. */
function pollDashboard(url: string): () => void {
  let since = -1;
  const timer = setInterval(() => {
    fetch(`${url}api/state?since=${since}`)
      .then((res) => res.json() as Promise<{ series: { t: number }[] }>)
      .then((state) => {
        since = state.series.at(-1)?.t ?? since;
      })
      .catch(() => {});
  }, 1000);
  return () => clearInterval(timer);
}

async function fleetRows(url: string, dir: string, log: (message: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let oneWorkerRate: number | undefined;
  for (const { workers, cores } of FLEETS) {
    const report = await generate(url, FLEET_USERS, cores, dir, ['--workers', String(workers)]);
    const fleet = report.fleet!;
    const workerCpu = fleet.workers.reduce((sum, w) => sum + w.cpuSeconds, 0);
    const reqPerCpuS = report.total.requests / workerCpu;
    oneWorkerRate ??= reqPerCpuS;
    const coreCount = cores.split(',').length;
    log(`fleet of ${workers} on core(s) ${cores}: ${Math.round(report.total.rps)} req/s`);
    rows.push({
      name: `fleet of ${workers} worker(s) on ${coreCount === 1 ? '1 core' : `${coreCount} cores`} → trivial server, ${FLEET_USERS} users`,
      rps: Math.round(report.total.rps),
      req_per_cpu_s: Math.round(reqPerCpuS),
      // What this fleet would do with a core per worker, relative to one worker on one core: each worker's
      // rate per CPU second times the cores it could have.
      scaling_with_a_core_each: Number(((workers * reqPerCpuS) / oneWorkerRate).toFixed(2)),
      workers_cpu_pct: Math.round((100 * workerCpu) / report.elapsedSeconds),
      coordinator_cpu_ms_per_worker_s: Number(
        ((1000 * fleet.coordinatorCpuSeconds) / (workers * report.elapsedSeconds)).toFixed(2),
      ),
      requests: report.total.requests,
      failures: report.total.failures,
      p99_ms: report.total.p99,
    });
  }
  return rows;
}

async function dashboardRows(url: string, dir: string, log: (message: string) => void): Promise<BenchRow[]> {
  const open = ['--target-rps', String(DASHBOARD_RPS), '--max-in-flight', '5000'];
  const rows: BenchRow[] = [];
  for (const withDashboard of [false, true]) {
    let stopPolling = () => {};
    const report = await generate(
      url,
      FLEET_USERS,
      GENERATOR_CORE,
      dir,
      withDashboard ? [...open, '--web', '0'] : open,
      (line) => {
        const match = line.match(/^dashboard: (\S+)/);
        if (match !== null) stopPolling = pollDashboard(match[1]!);
      },
    );
    stopPolling();
    const usPerRequest = (1e6 * report.generator.cpuSeconds) / report.total.requests;
    log(
      `open model at ${DASHBOARD_RPS} req/s ${withDashboard ? 'with' : 'without'} the dashboard: ${usPerRequest.toFixed(1)} µs/request`,
    );
    rows.push({
      name: `open model ${DASHBOARD_RPS} req/s, ${withDashboard ? 'dashboard polled every second' : 'no dashboard'}`,
      rps: Math.round(report.total.rps),
      cpu_us_per_request: Number(usPerRequest.toFixed(1)),
      generator_cpu_pct: Math.round((100 * report.generator.cpuSeconds) / report.elapsedSeconds),
      requests: report.total.requests,
      failures: report.total.failures,
    });
  }
  return rows;
}

async function startFakeShop(): Promise<{ url: string; child: ChildProcess }> {
  const [command, argv] = pinned(SERVER_CORE, [FAKE_SHOP]);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { url: line.trim(), child };
}

// req_per_cpu_s is the generator's own figure: requests per second of its CPU time, which holds even when other
// work shares the machine; rps alone also depends on how much CPU the generator and the server were given.
const row = (name: string, report: Report, extra: Record<string, number> = {}): BenchRow => ({
  name,
  rps: Math.round(report.total.rps),
  req_per_cpu_s: Math.round(report.total.requests / report.generator.cpuSeconds),
  generator_cpu_pct: Math.round((100 * report.generator.cpuSeconds) / SECONDS),
  requests: report.total.requests,
  failures: report.total.failures,
  p50_ms: report.total.p50,
  p99_ms: report.total.p99,
  ...extra,
});

export const scenario: BenchScenario = {
  name: 'loadgenerator',
  description: `shopper journey, think time 0, ${SECONDS} s per row: one generator core against a trivial server, a fleet of 1/2/4 workers, the dashboard's cost, then the real shop`,
  needsStack: true,
  async run(ctx) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-loadgen-'));
    const rows: BenchRow[] = [];
    try {
      const shop = await startFakeShop();
      try {
        for (const users of TRIVIAL_USERS) {
          const serverBefore = cpuSeconds(shop.child.pid!);
          const report = await generate(shop.url, users, GENERATOR_CORE, dir);
          const serverPercent = Math.round(((cpuSeconds(shop.child.pid!) - serverBefore) / SECONDS) * 100);
          ctx.log(`trivial server, ${users} users: ${Math.round(report.total.rps)} req/s`);
          rows.push(
            row(`1 generator core → trivial server, ${users} users`, report, { server_cpu_pct: serverPercent }),
          );
        }
        rows.push(...(await fleetRows(shop.url, dir, ctx.log)));
        rows.push(...(await dashboardRows(shop.url, dir, ctx.log)));
      } finally {
        shop.child.kill('SIGTERM');
        await once(shop.child, 'exit');
      }
      if (ctx.stack) {
        for (const users of SHOP_USERS) {
          const report = await generate(ctx.stack.frontendUrl, users, undefined, dir);
          ctx.log(
            `real shop, ${users} users: ${Math.round(report.total.rps)} req/s, ${report.total.failures} failures`,
          );
          rows.push(row(`real shop, ${users} users (unpinned)`, report));
        }
      }
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
