import { Client } from 'undici';
import type { Config } from './config';
import { HttpClient } from './http';
import { Journey, requestsPerTask, TASK_NAMES, type TaskName, VirtualUser } from './journey';
import { createRandom, deriveSeed, exponentialGapMs, weightedPicker } from './random';
import { failurePercent, ms } from './report';
import { type FailureSummary, type RouteSummary, type SeriesPoint, Stats } from './stats';

/** Everything a run measured, for the table, the reports and the thresholds. */
export interface RunResult {
  readonly startedAt: string;
  readonly elapsedS: number;
  readonly model: 'closed' | 'open';
  readonly stoppedBy: 'duration' | 'max-tasks' | 'signal';
  readonly routes: readonly RouteSummary[];
  readonly total: RouteSummary;
  readonly failures: readonly FailureSummary[];
  readonly series: readonly SeriesPoint[];
  /** Tasks started, by name. */
  readonly tasks: Readonly<Record<string, number>>;
  /** Open model: arrivals dropped because max-in-flight tasks were already running. */
  readonly dropped: number;
  /** CPU time this process used during the run (all threads), to tell whether the generator was the limit. */
  readonly cpuSeconds: number;
}

export interface RunDeps {
  /** Receives the progress lines. */
  readonly log: (line: string) => void;
  /** Aborting it stops the run early (SIGINT/SIGTERM); the result covers the time until then. */
  readonly signal?: AbortSignal;
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

/** Abortable sleeps: the end of a run wakes every thinking user at once. */
class Sleeper {
  private readonly pending = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.pending.add(entry);
    });
  }

  wakeAll(): void {
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.pending.clear();
  }
}

/**
 * Runs the load: the closed model (users, each doing a task then thinking) or, with a target rate, the open
 * model (tasks arriving as a Poisson process regardless of how fast the shop answers). Ends at the duration,
 * after max-tasks, or when the signal aborts; requests cut off by the end are not counted.
 */
export async function run(config: Config, deps: RunDeps): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const startMs = performance.now();
  const cpuAtStart = process.cpuUsage();
  const stats = new Stats(startMs);
  const http = new HttpClient(config.origin, { connections: config.connections, timeoutMs: config.timeoutMs });
  let stopping = false;
  let stoppedBy: RunResult['stoppedBy'] = 'duration';
  let endMs = startMs;
  let activeAtEnd = 0;
  const journey = new Journey(http, stats, config.origin, config.basePath, () => stopping);
  const pickTask = weightedPicker(TASK_NAMES.map((name) => ({ item: name, weight: config.weights[name] })));
  const users = Array.from(
    { length: config.users },
    (_, i) => new VirtualUser(createRandom(deriveSeed(config.seed, i))),
  );
  const sleeper = new Sleeper();
  const timers: NodeJS.Timeout[] = [];
  const work: Promise<void>[] = [];
  const open = config.targetRps !== undefined;
  let active = 0; // closed: users running; open: tasks in flight
  let tasksStarted = 0;
  let dropped = 0;
  let arrivalsDone = false; // open: no more arrivals will come (max-tasks reached)
  let spawned = 0;

  let finish!: () => void;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const stop = (reason: RunResult['stoppedBy'], hard: boolean) => {
    if (stopping) return;
    stopping = true;
    stoppedBy = reason;
    endMs = performance.now();
    activeAtEnd = active;
    for (const timer of timers) clearTimeout(timer);
    sleeper.wakeAll();
    // Aborting in-flight requests ends the run on time; stopping() makes the journey ignore their errors.
    if (hard) void http.destroy();
    finish();
  };
  const limitReached = () => config.maxTasks !== undefined && tasksStarted >= config.maxTasks;
  // Counted when the task is decided (tasksStarted), started here: in the open model a session's first task
  // waits for its start page, and the count must not lag behind the arrivals.
  const runTask = (user: VirtualUser, task: TaskName) => {
    stats.countTask(task);
    return journey.run(task, user);
  };

  const userLoop = async (user: VirtualUser) => {
    active++;
    try {
      await journey.start(user);
      const { min, max } = config.thinkTimeMs;
      while (!stopping && !limitReached()) {
        tasksStarted++;
        await runTask(user, pickTask(user.random));
        const think = min + user.random.next() * (max - min);
        if (stopping || limitReached()) break;
        // Without think time, still yield to the event loop between tasks, so that a request failing without
        // I/O cannot spin this loop on microtasks alone and starve timers and other users.
        if (think > 0) await sleeper.sleep(think);
        else await new Promise(setImmediate);
      }
    } finally {
      active--;
      if (active === 0 && (spawned === users.length || limitReached())) stop('max-tasks', false);
    }
  };

  const spawn = () => {
    const elapsed = performance.now() - startMs;
    while (!stopping && spawned < users.length && !limitReached() && spawned <= (elapsed * config.spawnRate) / 1000) {
      work.push(userLoop(users[spawned++]!));
    }
    if (!stopping && spawned < users.length && !limitReached()) {
      timers.push(setTimeout(spawn, Math.max(1, (spawned * 1000) / config.spawnRate - elapsed)));
    }
  };

  const arrivals = createRandom(deriveSeed(config.seed, 0x7fffffff));
  const taskRatePerMs = (config.targetRps ?? 0) / requestsPerTask(config.weights) / 1000;
  let nextArrivalMs = startMs + exponentialGapMs(arrivals, taskRatePerMs);
  const arrive = () => {
    const now = performance.now();
    while (!stopping && nextArrivalMs <= now) {
      if (limitReached()) {
        arrivalsDone = true;
        if (active === 0) stop('max-tasks', false);
        return;
      }
      nextArrivalMs += exponentialGapMs(arrivals, taskRatePerMs);
      tasksStarted++;
      if (active >= config.maxInFlight) {
        dropped++;
        continue;
      }
      const user = users[arrivals.int(0, users.length - 1)]!;
      const task = pickTask(arrivals);
      active++;
      const first = user.started ? Promise.resolve() : journey.start(user);
      work.push(
        first
          .then(() => (stopping ? undefined : runTask(user, task)))
          .finally(() => {
            active--;
            if (active === 0 && arrivalsDone) stop('max-tasks', false);
          }),
      );
    }
    if (!stopping) timers.push(setTimeout(arrive, Math.max(0, nextArrivalMs - performance.now())));
  };

  const tickMs = Math.min(1000, config.progressIntervalMs);
  let lastProgressMs = startMs;
  const ticker = setInterval(() => {
    const now = performance.now();
    stats.tick(now, active);
    if (now - lastProgressMs >= config.progressIntervalMs - tickMs / 2) {
      lastProgressMs = now;
      deps.log(progressLine(stats, now, startMs, active, config, dropped));
    }
  }, tickMs);

  const onAbort = () => stop('signal', true);
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  if (deps.signal?.aborted) stop('signal', true);
  if (config.durationMs !== undefined) timers.push(setTimeout(() => stop('duration', true), config.durationMs));
  if (open) arrive();
  else spawn();

  await finished;
  clearInterval(ticker);
  deps.signal?.removeEventListener('abort', onAbort);
  await Promise.allSettled(work);
  await http.destroy();
  stats.tick(endMs, activeAtEnd);
  const cpu = process.cpuUsage(cpuAtStart);

  const elapsedS = (endMs - startMs) / 1000;
  const { routes, total } = stats.summary(elapsedS);
  return {
    startedAt,
    elapsedS,
    model: open ? 'open' : 'closed',
    stoppedBy,
    routes,
    total,
    failures: stats.failures(),
    series: stats.series(),
    tasks: stats.taskCounts(),
    dropped,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

function progressLine(stats: Stats, now: number, startMs: number, active: number, config: Config, dropped: number) {
  const w = stats.takeWindow(now);
  const elapsed = `${Math.round((now - startMs) / 1000)}s`.padStart(5);
  const load =
    config.targetRps === undefined
      ? `users ${active}/${config.users}`
      : `target ${config.targetRps} req/s, in flight ${active}, dropped ${dropped}`;
  const failRate = failurePercent(w);
  return (
    `[${elapsed}] ${load} | ${w.rps.toFixed(1)} req/s | failures ${w.failures} (${failRate.toFixed(2)}%)` +
    ` | p50 ${ms(w.p50)} ms | p99 ${ms(w.p99)} ms`
  );
}
