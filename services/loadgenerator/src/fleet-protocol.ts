import type { Config } from './config';
import type { WorkerStatus } from './live';
import type { StopReason } from './load-core';
import type { StatsDelta } from './stats';

// The fleet protocol: JSON over plain HTTP, always started by the worker, so a worker needs no open port and
// a coordinator behind a Kubernetes Service is enough.
//   POST /fleet/join  JoinRequest → JoinResponse   (409 once the run is over)
//   POST /fleet/sync  SyncRequest → SyncResponse   (410 for a worker the coordinator has written off)
// A worker syncs every SYNC_INTERVAL_MS: it hands over what it measured since the last sync and gets its
// command back. Silence for --worker-timeout marks it lost.

export const SYNC_INTERVAL_MS = 500;
export const JOIN_PATH = '/fleet/join';
export const SYNC_PATH = '/fleet/sync';

/** The run settings every worker shares, sent once when it joins. */
export type WorkerSettings = Pick<
  Config,
  'origin' | 'basePath' | 'thinkTimeMs' | 'weights' | 'timeoutMs' | 'connections' | 'maxInFlight'
> & {
  readonly model: 'closed' | 'open';
  /** This worker's own seed, derived from the run's, so no two workers replay the same users. */
  readonly seed: number;
};

export interface JoinRequest {
  readonly pid: number;
  readonly hostname: string;
  readonly cores: number;
}

export interface JoinResponse {
  readonly workerId: number;
  readonly settings: WorkerSettings;
  readonly syncIntervalMs: number;
}

/** One worker's part of the fleet's load. */
export interface Share {
  readonly users: number;
  readonly spawnRate: number;
  /** Open model only. */
  readonly targetRps: number | null;
  /** The most tasks this worker may have started in all, counting those it already has; null for no limit. */
  readonly maxTasks: number | null;
}

export interface Command {
  readonly state: 'wait' | 'run' | 'stop';
  readonly share: Share;
}

export interface SyncRequest {
  readonly workerId: number;
  readonly delta: StatsDelta;
  /** Closed model: users running; open model: tasks in flight. */
  readonly active: number;
  readonly tasksStarted: number;
  readonly dropped: number;
  /** CPU time the worker process has used since its load started. */
  readonly cpuSeconds: number;
  /** The worker's run is over and this is its last sync. */
  readonly finished: boolean;
  readonly stoppedBy: StopReason | null;
}

export interface SyncResponse {
  readonly command: Command;
}

/** What the fleet as a whole is asked to do. */
export interface FleetLoad {
  readonly users: number;
  readonly spawnRate: number;
  readonly targetRps: number | null;
  readonly maxTasks: number | null;
}

/** The k-th of n near-equal integer parts of total: the first (total mod n) parts get one more. */
export function integerPart(total: number, k: number, n: number): number {
  return Math.floor(total / n) + (k < total % n ? 1 : 0);
}

/**
 * Splits the fleet's load over the live workers, given the tasks each has started so far and the tasks started
 * by workers no longer live. Users are split as evenly as integers allow, each worker spawns its users in the
 * time one process would (the spawn rate follows the users), the target rate is split evenly, and the tasks
 * still left under max-tasks are split on top of what each worker has already started.
 */
export function splitLoad(load: FleetLoad, tasksStarted: readonly number[], startedByOthers: number): Share[] {
  const n = tasksStarted.length;
  const remaining =
    load.maxTasks === null
      ? null
      : Math.max(0, load.maxTasks - startedByOthers - tasksStarted.reduce((a, b) => a + b, 0));
  return tasksStarted.map((started, k) => {
    const users = integerPart(load.users, k, n);
    return {
      users,
      spawnRate: load.users > 0 ? (load.spawnRate * users) / load.users : load.spawnRate / n,
      targetRps: load.targetRps === null ? null : load.targetRps / n,
      maxTasks: remaining === null ? null : started + integerPart(remaining, k, n),
    };
  });
}

/** One worker in the report. */
export interface WorkerSummary {
  readonly id: number;
  readonly hostname: string;
  readonly pid: number;
  readonly cores: number;
  readonly status: WorkerStatus;
  /** Seconds since the run started (0 for a worker that was there at the start). */
  readonly joinedAtS: number;
  /** When it finished, left or was lost; null if it ran to the end of the run. */
  readonly endedAtS: number | null;
  /** Why it ended early, when it did. */
  readonly reason: string | null;
  readonly requests: number;
  readonly failures: number;
  readonly p50: number;
  readonly p99: number;
  readonly tasksStarted: number;
  readonly cpuSeconds: number;
  /** Every latency it measured (HDR, compressed base64), so the merged figures can be checked from the report. */
  readonly histogram: string;
}

/** What a coordinated run adds to its result: who did the work, and what the coordinator itself cost. */
export interface FleetSummary {
  readonly workers: readonly WorkerSummary[];
  /** Workers that went silent or died mid-run; their figures up to their last sync are in the totals. */
  readonly lost: number;
  readonly coordinatorCpuSeconds: number;
}
