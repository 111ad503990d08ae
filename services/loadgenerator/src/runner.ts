import { Client } from 'undici';
import { ClosedModel } from './closed-model';
import type { Config } from './config';
import type { FleetSummary } from './fleet-protocol';
import { failurePercent, ms } from './format';
import type { LiveRun } from './live';
import { LoadCore, type Scheduler, type StopReason } from './load-core';
import { OpenModel } from './open-model';
import type { FailureSummary, RouteSummary, SeriesPoint, Stats } from './stats';

/** Everything a run measured, for the table, the reports and the thresholds. */
export interface RunResult {
  readonly startedAt: string;
  readonly elapsedS: number;
  readonly model: 'closed' | 'open';
  readonly stoppedBy: StopReason;
  readonly routes: readonly RouteSummary[];
  readonly total: RouteSummary;
  readonly failures: readonly FailureSummary[];
  readonly series: readonly SeriesPoint[];
  /** Tasks started, by name. */
  readonly tasks: Readonly<Record<string, number>>;
  /** Open model: arrivals dropped because max-in-flight tasks were already running. */
  readonly dropped: number;
  /** CPU time the generator used during the run (all threads; in a fleet, all workers'), to tell whether it was the limit. */
  readonly cpuSeconds: number;
  /** A coordinated run: its workers and what the coordinator cost. */
  readonly fleet?: FleetSummary;
}

export interface RunDeps {
  /** Receives the progress lines. */
  readonly log: (line: string) => void;
  /** Aborting it stops the run early (SIGINT/SIGTERM); the result covers the time until then. */
  readonly signal?: AbortSignal;
  /** Receives the run once it has started, for the dashboard. */
  readonly onLive?: (live: LiveRun) => void;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits until the frontend answers GET / with 200, as the original's init container does: up to `retries`
 * attempts, `intervalMs` apart. Resolves false when every attempt failed (or the signal aborted).
 */
export async function waitForFrontend(config: Config, deps: RunDeps): Promise<boolean> {
  const { retries, intervalMs } = config.waitForFrontend;
  if (retries === 0) return true;
  const client = new Client(config.origin, { headersTimeout: config.timeoutMs, bodyTimeout: config.timeoutMs });
  try {
    for (let attempt = 1; attempt <= retries && !deps.signal?.aborted; attempt++) {
      let outcome: string;
      try {
        const response = await client.request({ method: 'GET', path: `${config.basePath}/` });
        await response.body.dump();
        if (response.statusCode === 200) return true;
        outcome = `HTTP ${response.statusCode}`;
      } catch (err) {
        outcome = (err as { code?: string }).code ?? (err as Error).message;
      }
      deps.log(`frontend not ready (attempt ${attempt}/${retries}: ${outcome})`);
      if (attempt < retries) await pause(intervalMs, deps.signal);
    }
    return false;
  } finally {
    await client.destroy();
  }
}

/** The scheduler of the configured model: open with a target rate, closed otherwise. */
function schedulerFor(core: LoadCore, config: Config): Scheduler {
  return config.targetRps === undefined
    ? new ClosedModel(core, config)
    : new OpenModel(core, { ...config, targetRps: config.targetRps });
}

/**
 * Runs the load: the closed model (users, each doing a task then thinking) or, with a target rate, the open
 * model (tasks arriving as a Poisson process regardless of how fast the shop answers). Ends at the duration,
 * after max-tasks, or when the signal aborts; requests cut off by the end are not counted.
 */
export async function run(config: Config, deps: RunDeps): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const cpuAtStart = process.cpuUsage();
  const core = new LoadCore(config);
  const scheduler = schedulerFor(core, config);
  const { stats, startMs } = core;

  const tickMs = Math.min(1000, config.progressIntervalMs);
  let lastProgressMs = startMs;
  const ticker = setInterval(() => {
    const now = performance.now();
    stats.tick(now, core.active);
    if (now - lastProgressMs >= config.progressIntervalMs - tickMs / 2) {
      lastProgressMs = now;
      deps.log(progressLine(stats, now, startMs, scheduler.describeLoad()));
    }
  }, tickMs);

  const onAbort = () => core.stop('signal', true);
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  if (deps.signal?.aborted) core.stop('signal', true);
  if (config.durationMs !== undefined && !core.stopping) {
    const timer = setTimeout(() => core.stop('duration', true), config.durationMs);
    core.onStop(() => clearTimeout(timer));
  }
  scheduler.start();
  deps.onLive?.(liveView(core, scheduler, config));

  await core.finished;
  clearInterval(ticker);
  deps.signal?.removeEventListener('abort', onAbort);
  await core.settle();
  stats.tick(core.endMs, core.activeAtEnd);
  const cpu = process.cpuUsage(cpuAtStart);

  const elapsedS = (core.endMs - startMs) / 1000;
  const { routes, total } = stats.summary(elapsedS);
  return {
    startedAt,
    elapsedS,
    model: config.targetRps === undefined ? 'closed' : 'open',
    stoppedBy: core.stoppedBy,
    routes,
    total,
    failures: stats.failures(),
    series: stats.series(),
    tasks: stats.taskCounts(),
    dropped: scheduler.dropped(),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/** The run as the dashboard sees and steers it. */
function liveView(core: LoadCore, scheduler: Scheduler, config: Config): LiveRun {
  let users = config.users;
  let targetRps = config.targetRps ?? null;
  return {
    state(sinceS) {
      const running = !core.stopping;
      const elapsedS = ((running ? performance.now() : core.endMs) - core.startMs) / 1000;
      const { routes, total } = core.stats.summary(elapsedS);
      return {
        phase: running ? 'running' : 'stopping',
        model: targetRps === null ? 'closed' : 'open',
        elapsedS,
        users,
        active: core.active,
        targetRps,
        workers: null,
        total,
        routes,
        series: core.stats.series().filter((point) => point.t > sinceS),
        stoppedBy: running ? null : core.stoppedBy,
      };
    },
    stop: () => core.stop('dashboard', true),
    setUsers(count) {
      users = count;
      scheduler.setUsers(count);
    },
    setTargetRps(rps) {
      if (targetRps === null) return;
      targetRps = rps;
      scheduler.setTargetRps(rps);
    },
  };
}

/** The progress line: the interval's rate, failures and latency, after what the scheduler says of its load. */
function progressLine(stats: Stats, now: number, startMs: number, load: string): string {
  const w = stats.takeWindow(now);
  const elapsed = `${Math.round((now - startMs) / 1000)}s`.padStart(5);
  const failRate = failurePercent(w);
  return (
    `[${elapsed}] ${load} | ${w.rps.toFixed(1)} req/s | failures ${w.failures} (${failRate.toFixed(2)}%)` +
    ` | p50 ${ms(w.p50)} ms | p99 ${ms(w.p99)} ms`
  );
}
