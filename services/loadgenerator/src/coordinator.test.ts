import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT, main } from './cli';
import type { WorkerSummary } from './fleet-protocol';
import type { LiveState } from './live';
import { decodeHistogram, emptyHistogram, percentiles } from './stats';
import { startFakeShop } from './testing/fake-shop';
import { runWorker } from './worker';

const MAIN = join(__dirname, 'main.js');

/** Runs the command in-process and exposes what it prints while it runs. */
function startMain(argv: string[]) {
  let out = '';
  let err = '';
  const done = main(
    argv,
    {},
    {
      out: (text) => {
        out += text;
      },
      err: (text) => {
        err += text;
      },
    },
  ).then((code) => ({ code, out, err }));
  /** Resolves the first match of `pattern` in what the command wrote to stderr. */
  const stderrMatch = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (;;) {
      const match = err.match(pattern);
      if (match !== null) return match;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { done, stderrMatch, stderr: () => err };
}

/** Starts a worker process that joins `address`; stopped by the test by its pid if still running. */
function startWorker(address: string): ChildProcess {
  return spawn(process.execPath, [MAIN, '--join', address], { stdio: ['ignore', 'ignore', 'ignore'] });
}

async function stateOf(dashboard: string): Promise<LiveState> {
  return (await fetch(`${dashboard}api/state`)).json() as Promise<LiveState>;
}

/** Polls the dashboard until `check` holds for the state (at most 30 s: worker processes start slowly on a busy machine). */
async function waitForState(dashboard: string, check: (state: LiveState) => boolean): Promise<LiveState> {
  let state: LiveState | undefined;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    state = await stateOf(dashboard);
    if (check(state)) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the fleet never reached the expected state; last: ${JSON.stringify(state?.workers)}`);
}

/** Ends the run from the dashboard, once the test has seen what it waited for. */
async function stopRun(dashboard: string): Promise<void> {
  const response = await fetch(`${dashboard}api/stop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(response.status, 202);
}

/** Decodes every worker's histogram from the report and merges them, as one histogram of all samples. */
function allSamples(workers: readonly WorkerSummary[]) {
  const all = emptyHistogram();
  for (const worker of workers) all.add(decodeHistogram(worker.histogram));
  return all;
}

describe('a coordinated fleet against the fake shop', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgen-fleet-'));
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('--workers 2 and --max-tasks 600 → merged counts are the sum of the workers’ and what the shop saw; merged percentiles are those of one histogram of all samples', async () => {
    const shop = await startFakeShop();
    try {
      const json = join(dir, 'two.json');
      const { done } = startMain([
        ...['--url', shop.url, '--workers', '2', '--users', '6', '--rate', '1000', '--think-time', '0'],
        ...['--max-tasks', '600', '--seed', '5', '--wait-for-frontend-retries', '0', '--json', json],
      ]);
      const { code, out, err } = await done;
      assert.equal(code, EXIT.ok, err);
      const report = JSON.parse(await readFile(json, 'utf8'));
      const workers: WorkerSummary[] = report.fleet.workers;
      assert.equal(report.stoppedBy, 'max-tasks');
      assert.equal(workers.length, 2);
      assert.deepEqual(
        workers.map((w) => w.status),
        ['finished', 'finished'],
      );
      assert.equal(
        Object.values(report.tasks as Record<string, number>).reduce((a, b) => a + b, 0),
        600,
        'exactly the tasks asked for, over both workers',
      );
      assert.equal(
        workers.reduce((sum, w) => sum + w.tasksStarted, 0),
        600,
      );
      assert.ok(workers.every((w) => w.requests > 0));
      assert.equal(
        report.total.requests,
        workers.reduce((sum, w) => sum + w.requests, 0),
      );
      assert.deepEqual(
        Object.fromEntries(report.routes.map((r: { name: string; requests: number }) => [r.name, r.requests])),
        Object.fromEntries(shop.routes),
        'every request the shop answered, route by route',
      );
      const { p50, p95, p99, max } = percentiles(allSamples(workers));
      assert.deepEqual(
        { p50: report.total.p50, p95: report.total.p95, p99: report.total.p99, max: report.total.max },
        { p50, p95, p99, max },
      );
      assert.match(out, /^Workers: 2$/m);
      assert.match(err, /coordinator listening on 127\.0\.0\.1:\d+; waiting for 2 worker\(s\)/);
    } finally {
      await shop.close();
    }
  });

  it('three workers joining a --coordinator → one run; counts add up per route and in total', async () => {
    const shop = await startFakeShop();
    try {
      const json = join(dir, 'three.json');
      const { done, stderrMatch } = startMain([
        ...['--url', shop.url, '--coordinator', '0', '--min-workers', '3', '--users', '9', '--rate', '1000'],
        ...['--think-time', '0', '--duration', '2s', '--seed', '6', '--wait-for-frontend-retries', '0', '--json', json],
      ]);
      const [, address] = await stderrMatch(/coordinator listening on (\S+);/);
      for (let i = 0; i < 3; i++) children.push(startWorker(address!));
      const { code, err } = await done;
      assert.equal(code, EXIT.ok, err);
      const report = JSON.parse(await readFile(json, 'utf8'));
      const workers: WorkerSummary[] = report.fleet.workers;
      assert.equal(workers.length, 3);
      assert.equal(report.fleet.lost, 0);
      assert.equal(report.stoppedBy, 'duration');
      assert.ok(report.elapsedSeconds >= 1.95 && report.elapsedSeconds < 3, `${report.elapsedSeconds} s`);
      assert.equal(
        report.total.requests,
        workers.reduce((sum, w) => sum + w.requests, 0),
      );
      assert.equal(
        report.total.failures,
        workers.reduce((sum, w) => sum + w.failures, 0),
      );
      assert.equal(
        report.total.requests,
        report.routes.reduce((sum: number, r: { requests: number }) => sum + r.requests, 0),
      );
      assert.equal(percentiles(allSamples(workers)).p99, report.total.p99);
      assert.ok(workers.every((w) => w.requests > 0 && w.status === 'finished'));
      // The users are split, not repeated: one session per user of the fleet's 9.
      assert.equal(shop.minted(), 9);
    } finally {
      await shop.close();
    }
  });

  it('a worker killed mid-run → reported lost, its users move to the two others, the run goes on and exits 5', async () => {
    const shop = await startFakeShop();
    try {
      const json = join(dir, 'lost.json');
      const { done, stderrMatch } = startMain([
        // A worker timeout long enough that a starved but living worker on a busy machine is not taken for lost.
        ...['--url', shop.url, '--coordinator', '0', '--web', '0', '--min-workers', '3', '--worker-timeout', '3s'],
        ...['--users', '7', '--rate', '1000', '--think-time', '0', '--duration', '60s', '--seed', '7'],
        ...['--wait-for-frontend-retries', '0', '--json', json],
      ]);
      const [, dashboard] = await stderrMatch(/dashboard: (\S+)/);
      const [, address] = await stderrMatch(/coordinator listening on (\S+);/);
      const workers = [startWorker(address!), startWorker(address!), startWorker(address!)];
      children.push(...workers);
      const running = await waitForState(dashboard!, (s) => s.phase === 'running' && (s.total?.requests ?? 0) > 0);
      assert.deepEqual(running.workers?.map((w) => w.users).sort(), [2, 2, 3]);

      const victim = workers[1]!;
      victim.kill('SIGKILL');
      await once(victim, 'exit');
      const afterLoss = await waitForState(dashboard!, (s) => s.workers?.some((w) => w.status === 'lost') === true);
      const remaining = afterLoss.workers!.filter((w) => w.status === 'running');
      assert.equal(remaining.length, 2);
      assert.equal(
        remaining.reduce((sum, w) => sum + w.users, 0),
        7,
        'the lost worker’s users are not silently dropped',
      );
      // The two that remain carry on with the whole load.
      const before = afterLoss.total!.requests;
      await waitForState(dashboard!, (s) => s.total!.requests > before && s.active === 7);
      await stopRun(dashboard!);

      const { code, out, err } = await done;
      assert.equal(code, EXIT.workerLost, err);
      assert.match(out, /^WORKERS LOST: 1 of 3; the figures cover what they measured until then$/m);
      assert.match(
        err,
        new RegExp(
          `WORKER LOST: worker \\d+ \\(.*, pid ${victim.pid}\\): no sync for 3\\.\\d s; its share moves to the 2 remaining`,
        ),
      );
      const report = JSON.parse(await readFile(json, 'utf8'));
      assert.equal(report.stoppedBy, 'dashboard');
      assert.equal(report.fleet.lost, 1);
      const lost = report.fleet.workers.find((w: WorkerSummary) => w.status === 'lost');
      assert.equal(lost.pid, victim.pid);
      assert.match(lost.reason, /^no sync for /);
      assert.ok(lost.endedAtS > 0 && lost.endedAtS < report.elapsedSeconds);
      assert.equal(
        report.total.requests,
        report.fleet.workers.reduce((sum: number, w: WorkerSummary) => sum + w.requests, 0),
        'the lost worker’s requests up to its last sync are in the totals',
      );
    } finally {
      await shop.close();
    }
  });

  it('a worker joining late → gets its share of the users and runs until the fleet stops', async () => {
    const shop = await startFakeShop();
    try {
      const json = join(dir, 'late.json');
      const { done, stderrMatch } = startMain([
        ...['--url', shop.url, '--coordinator', '0', '--web', '0', '--min-workers', '1', '--users', '10'],
        ...['--rate', '1000', '--think-time', '0', '--duration', '60s', '--wait-for-frontend-retries', '0'],
        ...['--json', json],
      ]);
      const [, dashboard] = await stderrMatch(/dashboard: (\S+)/);
      const [, address] = await stderrMatch(/coordinator listening on (\S+);/);
      children.push(startWorker(address!));
      const alone = await waitForState(dashboard!, (s) => s.phase === 'running' && s.active === 10);
      assert.deepEqual(
        alone.workers?.map((w) => w.users),
        [10],
      );
      children.push(startWorker(address!));
      const shared = await waitForState(dashboard!, (s) => s.workers?.length === 2 && s.workers[1]!.active === 5);
      assert.deepEqual(
        shared.workers?.map((w) => [w.status, w.users]),
        [
          ['running', 5],
          ['running', 5],
        ],
      );
      await stopRun(dashboard!);
      const { code, err } = await done;
      assert.equal(code, EXIT.ok, err);
      assert.match(err, /worker 2 joined late .*; 2 workers share the load/);
      const report = JSON.parse(await readFile(json, 'utf8'));
      const [first, late] = report.fleet.workers as WorkerSummary[];
      assert.equal(first!.joinedAtS, 0);
      assert.ok(late!.joinedAtS > 0.2, `joined at ${late!.joinedAtS} s`);
      assert.ok(late!.requests > 0);
      assert.equal(late!.status, 'finished');
    } finally {
      await shop.close();
    }
  });

  it('a worker with no coordinator to join → gives up after its attempts: "coordinator-lost"', async () => {
    const lines: string[] = [];
    const outcome = await runWorker('127.0.0.1:1', {
      log: (line) => lines.push(line),
      joinAttempts: 2,
      joinIntervalMs: 10,
    });
    assert.equal(outcome, 'coordinator-lost');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /^coordinator at 127\.0\.0\.1:1 not reachable \(attempt 2\/2: /);
  });
});
