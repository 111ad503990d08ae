// `npm run bench [filter...]`: runs the benchmark scenarios (tools/dist/bench/scenarios/*.js) whose
// names contain a filter (all when none), prints a table per scenario and writes bench-results/*.json.
// Benchmarks measure; they never pass or fail.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../services';
import { startStack } from '../stack';
import { rssRows } from './proc';
import { renderTable } from './table';
import type { BenchRow, BenchScenario } from './types';

function loadScenarios(): BenchScenario[] {
  const dir = path.join(__dirname, 'scenarios');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.js') && !file.endsWith('.test.js'))
    .map((file) => (require(path.join(dir, file)) as { scenario?: BenchScenario }).scenario)
    .filter((scenario): scenario is BenchScenario => scenario !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const all = loadScenarios();
  if (process.argv.includes('--list')) {
    for (const scenario of all) process.stdout.write(`${scenario.name.padEnd(20)} ${scenario.description}\n`);
    return;
  }
  const chosen = all.filter(
    (scenario) => filters.length === 0 || filters.some((filter) => scenario.name.includes(filter)),
  );
  if (chosen.length === 0) throw new Error(`no scenario matches ${filters.join(', ')} (see npm run bench -- --list)`);

  const results: Record<string, BenchRow[]> = {};
  for (const scenario of chosen) {
    const log = (message: string) => process.stdout.write(`[${scenario.name}] ${message}\n`);
    log(scenario.description);
    // A fresh shop per scenario, so one scenario's state and heap never colour the next one's figures.
    const stack = scenario.needsStack ? await startStack({ env: { LOG_LEVEL: 'warn' } }) : undefined;
    try {
      const rows = await scenario.run({ stack, log });
      if (stack) rows.push(...rssRows(stack.pids, 'rss after load:'));
      results[scenario.name] = rows;
      process.stdout.write(`\n${scenario.name}\n${renderTable(rows)}\n\n`);
    } finally {
      await stack?.stop();
    }
  }

  const outDir = path.join(REPO_ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ node: process.version, cpus: os.availableParallelism(), results }, null, 2)}\n`,
  );
  process.stdout.write(`results written to ${path.relative(process.cwd(), file)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
