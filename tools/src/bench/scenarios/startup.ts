import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStack } from '../../stack';
import { rssRows } from '../proc';
import type { BenchRow, BenchScenario } from '../types';

const RUNS = 3;

export const scenario: BenchScenario = {
  name: 'startup',
  description: `time from launch to every service healthy (built code, ${RUNS} runs), then each process's RSS at rest`,
  needsStack: false,
  async run({ log }) {
    const rows: BenchRow[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const started = performance.now();
      const stack = await startStack({ env: { LOG_LEVEL: 'warn' } });
      const ms = performance.now() - started;
      log(`run ${run}: ${Object.keys(stack.pids).length} services healthy in ${ms.toFixed(0)} ms`);
      rows.push({ name: `run ${run}: all healthy`, services: Object.keys(stack.pids).length, ms: Math.round(ms) });
      if (run === RUNS) {
        await sleep(2_000); // let start-up garbage settle before reading memory at rest
        rows.push(...rssRows(stack.pids, 'rss at rest:'));
      }
      await stack.stop();
    }
    return rows;
  },
};
