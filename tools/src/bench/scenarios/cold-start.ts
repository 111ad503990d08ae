// `npm run bench cold-start`: is a shop that says "ready" really ready? The load generator's open model
// (300 requests/s, 50 sessions, 10 s) starts the moment startStack() resolves (what `npm start` prints
// as ready), then the same run again once the shop is warm. Ready means ready when the cold run's p50
// and p99 stay within 1.5 × the warm run's. The first second of each run is shown apart: in the warm
// run the shop is warm, so what the first second adds there is the load generator's own start.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../../services';
import { startStack } from '../../stack';
import type { BenchRow, BenchScenario } from '../types';

const GENERATOR = path.join(REPO_ROOT, 'services/loadgenerator/dist/main.js');
const TARGET_RPS = Number(process.env.BENCH_TARGET_RPS ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

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
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
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

export const scenario: BenchScenario = {
  name: 'cold-start',
  description: `open model (${TARGET_RPS} req/s, 50 sessions, ${SECONDS} s) the moment the shop reports ready, then again warm`,
  needsStack: false,
  async run({ log }) {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-cold-start-'));
    const started = performance.now();
    const stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
    const readyMs = performance.now() - started;
    try {
      log(`ready in ${readyMs.toFixed(0)} ms; cold run starts now`);
      const cold = await openModelRun(stack.frontendUrl, dir, 'cold');
      log(`cold: p50 ${cold.total.p50} ms, p99 ${cold.total.p99} ms; warm run next`);
      const warm = await openModelRun(stack.frontendUrl, dir, 'warm');
      log(`warm: p50 ${warm.total.p50} ms, p99 ${warm.total.p99} ms`);
      const ratio = (a: number, b: number) => (b > 0 ? Math.round((100 * a) / b) / 100 : 0);
      return [
        {
          name: 'start: launch to ready',
          rps: '',
          requests: '',
          failures: '',
          p50_ms: '',
          p99_ms: Math.round(readyMs),
        },
        ...rows('cold', cold),
        ...rows('warm', warm),
        {
          name: 'cold / warm (target ≤ 1.5)',
          rps: '',
          requests: '',
          failures: '',
          p50_ms: ratio(cold.total.p50, warm.total.p50),
          p99_ms: ratio(cold.total.p99, warm.total.p99),
        },
      ];
    } finally {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
