// `npm run bench cold-start`: is a shop that says "ready" really ready? The load generator's open model
// (300 requests/s, 50 sessions, 10 s) starts the moment startStack() resolves (what `npm start` prints
// as ready), then the same run again once the shop is warm. Ready means ready when the cold run's p50
// and p99 stay within 1.5 × the warm run's. The first second of each run is shown apart: in the warm
// run the shop is warm, so what the first second adds there is the load generator's own start.
// A run's p99 rests on its 30 worst requests, and a shared machine's speed drifts from one minute to
// the next, so the pair is repeated on a fresh shop each time (BENCH_PAIRS, default 3) and the ratios'
// median is the figure. A third run per shop, after the warm one and BENCH_IDLE_SECONDS (10) of
// quiet, is the control for the machine itself: the shop is warm, only the host has idled, so what it
// adds over the warm run is the host waking up (CPU scheduling, frequency), not the shop.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../../services';
import { startStack } from '../../stack';
import type { BenchRow, BenchScenario } from '../types';

const GENERATOR = path.join(REPO_ROOT, 'services/loadgenerator/dist/main.js');
const TARGET_RPS = Number(process.env.BENCH_TARGET_RPS ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);

interface Point {
  t: number;
  rps: number;
  p50: number;
  p99: number;
}
interface Report {
  total: { requests: number; failures: number; rps: number; p50: number; p99: number };
  series: Point[];
}

async function openModelRun(url: string, dir: string, label: string): Promise<Report> {
  const json = path.join(dir, `${label}.json`);
  const args = [GENERATOR, '--url', url, '--target-rps', String(TARGET_RPS), '--users', '50'];
  args.push('--duration', `${SECONDS}s`, '--seed', '1', '--json', json, '--progress-interval', '60s');
  args.push('--wait-for-frontend-retries', '0');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'exit');
  if (code !== 0 && code !== 1) throw new Error(`loadgenerator exited ${code}: ${stderr}`);
  return JSON.parse(readFileSync(json, 'utf8')) as Report;
}

function rows(label: string, report: Report): BenchRow[] {
  const first = report.series[0];
  const rest = report.series.slice(1);
  return [
    {
      name: `${label}: whole run`,
      rps: Math.round(report.total.rps),
      requests: report.total.requests,
      failures: report.total.failures,
      p50_ms: report.total.p50,
      p99_ms: report.total.p99,
    },
    {
      name: `${label}: first second`,
      rps: Math.round(first?.rps ?? 0),
      requests: '',
      failures: '',
      p50_ms: first?.p50 ?? 0,
      p99_ms: first?.p99 ?? 0,
    },
    {
      name: `${label}: later seconds (median of each)`,
      rps: Math.round(median(rest.map((p) => p.rps))),
      requests: '',
      failures: '',
      p50_ms: median(rest.map((p) => p.p50)),
      p99_ms: median(rest.map((p) => p.p99)),
    },
  ];
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((100 * a) / b) / 100 : 0);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const figureRow = (name: string, p50: number | string, p99: number | string): BenchRow => ({
  name,
  rps: '',
  requests: '',
  failures: '',
  p50_ms: p50,
  p99_ms: p99,
});

export const scenario: BenchScenario = {
  name: 'cold-start',
  description: `open model (${TARGET_RPS} req/s, 50 sessions, ${SECONDS} s) the moment the shop reports ready, then again warm and after ${IDLE_SECONDS} s idle; ${PAIRS} fresh shops`,
  needsStack: false,
  async run({ log }) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-cold-start-'));
    const result: BenchRow[] = [];
    const ratios: Array<{ p50: number; p99: number }> = [];
    const idleRatios: Array<{ p50: number; p99: number }> = [];
    const readyMs: number[] = [];
    try {
      for (let pair = 1; pair <= PAIRS; pair++) {
        const started = performance.now();
        const stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
        readyMs.push(performance.now() - started);
        try {
          log(`shop ${pair}/${PAIRS} ready in ${readyMs.at(-1)!.toFixed(0)} ms; cold run starts now`);
          const cold = await openModelRun(stack.frontendUrl, dir, `cold-${pair}`);
          const warm = await openModelRun(stack.frontendUrl, dir, `warm-${pair}`);
          await sleep(IDLE_SECONDS * 1000);
          const idle = await openModelRun(stack.frontendUrl, dir, `idle-${pair}`);
          const over = (run: Report) => ({
            p50: ratio(run.total.p50, warm.total.p50),
            p99: ratio(run.total.p99, warm.total.p99),
          });
          log(
            `p50/p99 ms: cold ${cold.total.p50}/${cold.total.p99}, warm ${warm.total.p50}/${warm.total.p99}, after idle ${idle.total.p50}/${idle.total.p99}`,
          );
          const coldRatio = over(cold);
          const idleRatio = over(idle);
          ratios.push(coldRatio);
          idleRatios.push(idleRatio);
          result.push(...rows(`cold ${pair}`, cold), ...rows(`warm ${pair}`, warm));
          result.push(...rows(`warm after idle ${pair}`, idle));
          result.push(figureRow(`cold / warm, shop ${pair}`, coldRatio.p50, coldRatio.p99));
          result.push(figureRow(`warm after idle / warm, shop ${pair}`, idleRatio.p50, idleRatio.p99));
        } finally {
          await stack.stop();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return [
      figureRow('start: launch to ready (median)', '', Math.round(median(readyMs))),
      ...result,
      figureRow(
        `cold / warm, median of ${PAIRS} (target ≤ 1.5)`,
        median(ratios.map((r) => r.p50)),
        median(ratios.map((r) => r.p99)),
      ),
      figureRow(
        `warm after ${IDLE_SECONDS} s idle / warm, median (the host alone)`,
        median(idleRatios.map((r) => r.p50)),
        median(idleRatios.map((r) => r.p99)),
      ),
    ];
  },
};
