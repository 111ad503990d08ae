import { availableParallelism, hostname } from 'node:os';
import { ClosedModel } from './closed-model';
import {
  type Command,
  JOIN_PATH,
  type JoinResponse,
  type Share,
  SYNC_PATH,
  type SyncRequest,
  type SyncResponse,
  type WorkerSettings,
} from './fleet-protocol';
import { LoadCore, type Scheduler } from './load-core';
import { OpenModel } from './open-model';

export interface WorkerDeps {
  readonly log: (line: string) => void;
  /** Aborting it ends this worker's part (SIGTERM when Kubernetes scales the workers down). */
  readonly signal?: AbortSignal;
  /** How often to try joining before giving up (a coordinator may start after its workers). */
  readonly joinAttempts?: number;
  readonly joinIntervalMs?: number;
}

/** How a worker's part ended, for its exit code. */
export type WorkerOutcome = 'finished' | 'rejected' | 'coordinator-lost';

// A coordinator that has not answered for this many syncs in a row is gone; the worker stops rather than load
// the shop with nobody counting.
const MISSED_SYNCS_LIMIT = 20;

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function post<T>(base: string, path: string, body: unknown, timeoutMs: number): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new HttpStatusError(response.status);
  }
  return (await response.json()) as T;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One worker's load: the core and the scheduler of the model the coordinator runs, sized by its share. */
class WorkerLoad {
  readonly core: LoadCore;
  private readonly scheduler: Scheduler;
  private share: Share;
  // CPU is counted from the start of the load, as a single process counts it, so start-up is not in the figures.
  private readonly cpuAtStart = process.cpuUsage();

  constructor(settings: WorkerSettings, share: Share) {
    this.share = share;
    this.core = new LoadCore({ ...settings, maxTasks: share.maxTasks ?? undefined });
    this.scheduler =
      settings.model === 'closed'
        ? new ClosedModel(this.core, {
            users: share.users,
            spawnRate: share.spawnRate,
            thinkTimeMs: settings.thinkTimeMs,
          })
        : new OpenModel(this.core, {
            users: share.users,
            maxInFlight: settings.maxInFlight,
            weights: settings.weights,
            targetRps: share.targetRps ?? 0,
          });
    this.scheduler.start();
    this.stopIfIdle();
  }

  apply(share: Share): void {
    const before = this.share;
    this.share = share;
    if (share.maxTasks !== before.maxTasks) this.core.setMaxTasks(share.maxTasks ?? undefined);
    if (share.spawnRate !== before.spawnRate) this.scheduler.setSpawnRate(share.spawnRate);
    if (share.users !== before.users) this.scheduler.setUsers(share.users);
    if (share.targetRps !== before.targetRps && share.targetRps !== null) this.scheduler.setTargetRps(share.targetRps);
    this.stopIfIdle();
  }

  report(): Omit<SyncRequest, 'workerId' | 'finished'> {
    const cpu = process.cpuUsage(this.cpuAtStart);
    return {
      delta: this.core.stats.drain(),
      active: this.core.active,
      tasksStarted: this.core.tasksStarted,
      dropped: this.scheduler.dropped(),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      stoppedBy: this.core.stopping ? this.core.stoppedBy : null,
    };
  }

  // A worker whose share of the tasks is already spent, with nothing running, has nothing left to end it.
  private stopIfIdle(): void {
    if (this.core.limitReached() && this.core.active === 0) this.core.stop('max-tasks', false);
  }
}

/**
 * Runs as a worker of the coordinator at `address` (host:port): joins, then syncs every interval, handing over
 * what it measured and applying the command it gets back, until the coordinator stops it or its share of the
 * tasks is done. Resolves how it ended.
 */
export async function runWorker(address: string, deps: WorkerDeps): Promise<WorkerOutcome> {
  const base = `http://${address}`;
  const attempts = deps.joinAttempts ?? 30;
  let joined: JoinResponse | undefined;
  for (let attempt = 1; attempt <= attempts && !deps.signal?.aborted && joined === undefined; attempt++) {
    try {
      joined = await post<JoinResponse>(
        base,
        JOIN_PATH,
        { pid: process.pid, hostname: hostname(), cores: availableParallelism() },
        5000,
      );
    } catch (err) {
      if (err instanceof HttpStatusError) {
        deps.log(`the coordinator at ${address} refused to add this worker (${err.message})`);
        return 'rejected';
      }
      deps.log(`coordinator at ${address} not reachable (attempt ${attempt}/${attempts}: ${(err as Error).message})`);
      if (attempt < attempts) await pause(deps.joinIntervalMs ?? 1000);
    }
  }
  if (joined === undefined) return 'coordinator-lost';
  const { workerId, settings, syncIntervalMs } = joined;
  deps.log(`joined the coordinator at ${address} as worker ${workerId}`);

  let load: WorkerLoad | undefined;
  let wakeOnAbort!: () => void;
  const aborted = new Promise<void>((resolve) => {
    wakeOnAbort = resolve;
  });
  const onAbort = () => {
    load?.core.stop('signal', true);
    wakeOnAbort();
  };
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  if (deps.signal?.aborted) wakeOnAbort();
  let missed = 0;
  try {
    for (;;) {
      const finished = load?.core.stopping === true || (load === undefined && deps.signal?.aborted === true);
      if (load !== undefined && finished) await load.core.settle();
      const request: SyncRequest = {
        workerId,
        finished,
        ...(load?.report() ?? {
          delta: { routes: [], failures: [], tasks: {} },
          active: 0,
          tasksStarted: 0,
          dropped: 0,
          cpuSeconds: 0,
          stoppedBy: deps.signal?.aborted ? 'signal' : null,
        }),
      };
      let command: Command;
      try {
        command = (await post<SyncResponse>(base, SYNC_PATH, request, Math.max(5000, syncIntervalMs * 4))).command;
        missed = 0;
      } catch (err) {
        if (err instanceof HttpStatusError && err.status === 410) {
          deps.log(`the coordinator has written this worker off; stopping`);
          load?.core.stop('coordinator', true);
          await load?.core.settle();
          return 'rejected';
        }
        // The delta of a failed sync is lost with it: the coordinator counts this worker as lost soon anyway.
        if (++missed >= MISSED_SYNCS_LIMIT) {
          deps.log(`the coordinator at ${address} stopped answering (${(err as Error).message}); stopping`);
          load?.core.stop('coordinator', true);
          await load?.core.settle();
          return 'coordinator-lost';
        }
        await pause(syncIntervalMs);
        continue;
      }
      if (finished) return 'finished';
      if (command.state === 'run') {
        if (load === undefined) load = new WorkerLoad(settings, command.share);
        else load.apply(command.share);
      } else if (command.state === 'stop') {
        if (load === undefined) return 'finished';
        load.core.stop('coordinator', true);
        continue; // the next round settles and sends the last delta at once
      }
      // The end of this worker's run (its task share done, or a signal) is reported at once, not a round later.
      await Promise.race([pause(syncIntervalMs), load?.core.finished ?? aborted, aborted]);
    }
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
  }
}
