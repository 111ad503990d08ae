import type { RouteSummary, SeriesPoint } from './stats';

/** Where a run is: waiting for the frontend or for workers, running, stopping (collecting the last figures), or over. */
export type Phase = 'waiting' | 'running' | 'stopping' | 'finished';

export type WorkerStatus = 'waiting' | 'running' | 'finished' | 'left' | 'lost';

/** One worker as the dashboard shows it. */
export interface WorkerView {
  readonly id: number;
  readonly status: WorkerStatus;
  readonly hostname: string;
  readonly pid: number;
  readonly users: number;
  readonly active: number;
  readonly requests: number;
  readonly failures: number;
}

/** A run's figures while it goes, for the dashboard. */
export interface LiveState {
  readonly phase: Phase;
  readonly model: 'closed' | 'open';
  readonly elapsedS: number;
  /** The users asked for (closed model) or the sessions (open model), and how many are active (tasks in flight). */
  readonly users: number;
  readonly active: number;
  readonly targetRps: number | null;
  /** null when this process runs the load itself. */
  readonly workers: readonly WorkerView[] | null;
  readonly total: RouteSummary | null;
  readonly routes: readonly RouteSummary[];
  /** The series points after the `since` the caller gave, so a poller only fetches what is new. */
  readonly series: readonly SeriesPoint[];
  readonly stoppedBy: string | null;
}

/** What the dashboard can read from and do to a run in progress. */
export interface LiveRun {
  state(sinceS: number): LiveState;
  stop(): void;
  setUsers(users: number): void;
  /** Open model only; ignored by the closed model. */
  setTargetRps(rps: number): void;
}
