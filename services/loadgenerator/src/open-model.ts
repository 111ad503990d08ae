import type { Config } from './config';
import { requestsPerTask } from './journey';
import type { LoadCore, Scheduler } from './load-core';
import { exponentialGapMs, type Random } from './random';

export type OpenModelSettings = Pick<Config, 'users' | 'maxInFlight' | 'weights'> & { readonly targetRps: number };

/**
 * The open model: tasks arrive as a Poisson process at the target request rate (divided by the mean requests
 * per task), each run by one of the sessions (one with nothing in flight while there is one), however fast
 * the shop answers. Arrivals beyond max-in-flight tasks are dropped and counted.
 */
export class OpenModel implements Scheduler {
  private readonly arrivals: Random;
  private readonly requestsPerTask: number;
  private readonly maxInFlight: number;
  private sessions: number;
  private targetRps: number;
  private taskRatePerMs: number;
  private nextArrivalMs: number;
  private droppedCount = 0;
  /** No more arrivals will come: the task budget is spent. */
  private arrivalsDone = false;
  private timer: NodeJS.Timeout | undefined;
  /** Tasks in flight per session index (sessions with none are absent). */
  private readonly busySessions = new Map<number, number>();

  constructor(
    private readonly core: LoadCore,
    settings: OpenModelSettings,
  ) {
    this.arrivals = core.schedulerRandom();
    this.requestsPerTask = requestsPerTask(settings.weights);
    this.maxInFlight = settings.maxInFlight;
    this.sessions = Math.max(1, settings.users);
    this.targetRps = settings.targetRps;
    this.taskRatePerMs = this.taskRateFor(settings.targetRps);
    this.nextArrivalMs = core.startMs + exponentialGapMs(this.arrivals, this.taskRatePerMs);
    core.onStop(() => clearTimeout(this.timer));
  }

  start(): void {
    this.arrive();
  }

  active(): number {
    return this.core.active;
  }

  dropped(): number {
    return this.droppedCount;
  }

  describeLoad(): string {
    return `target ${this.targetRps} req/s, in flight ${this.core.active}, dropped ${this.droppedCount}`;
  }

  setUsers(users: number): void {
    // Arrivals need a session to run in, even when a fleet's split leaves this process no users.
    this.sessions = Math.max(1, users);
  }

  setSpawnRate(): void {}

  setTargetRps(rps: number): void {
    this.targetRps = rps;
    this.taskRatePerMs = this.taskRateFor(rps);
    clearTimeout(this.timer);
    // A Poisson process has no memory: the next arrival at the new rate may be drawn from now.
    this.nextArrivalMs = performance.now() + exponentialGapMs(this.arrivals, this.taskRatePerMs);
    this.arrive();
  }

  private taskRateFor(rps: number): number {
    return rps / this.requestsPerTask / 1000;
  }

  /**
   * The session for the next task: a random one, or the next after it with no task in flight. A shopper
   * does not check out in two tabs at once: two checkouts overlapping in one session race for one cart,
   * and the later one rightly finds it empty. Only when every session is busy do tasks share one.
   */
  private pickSession(): number {
    const drawn = this.arrivals.int(0, this.sessions - 1);
    for (let step = 0; step < this.sessions; step++) {
      const index = (drawn + step) % this.sessions;
      if (!this.busySessions.has(index)) return index;
    }
    return drawn;
  }

  private readonly arrive = (): void => {
    const core = this.core;
    const now = performance.now();
    while (!core.stopping && this.nextArrivalMs <= now) {
      if (core.limitReached()) {
        this.arrivalsDone = true;
        if (core.active === 0) core.stop('max-tasks', false);
        return;
      }
      this.nextArrivalMs += exponentialGapMs(this.arrivals, this.taskRatePerMs);
      core.tasksStarted++;
      if (core.active >= this.maxInFlight) {
        this.droppedCount++;
        continue;
      }
      const session = this.pickSession();
      const user = core.user(session);
      const task = core.pickTask(this.arrivals);
      core.active++;
      this.busySessions.set(session, (this.busySessions.get(session) ?? 0) + 1);
      const first = user.started ? Promise.resolve() : core.journey.start(user);
      core.track(
        first
          .then(() => (core.stopping ? undefined : core.runTask(user, task)))
          .finally(() => {
            core.active--;
            const left = this.busySessions.get(session)! - 1;
            if (left === 0) this.busySessions.delete(session);
            else this.busySessions.set(session, left);
            if (core.active === 0 && this.arrivalsDone) core.stop('max-tasks', false);
          }),
      );
    }
    // A rate of zero (a worker whose share is nothing) draws an infinite gap: then nothing is due.
    if (!core.stopping && Number.isFinite(this.nextArrivalMs)) {
      this.timer = setTimeout(this.arrive, Math.max(0, this.nextArrivalMs - performance.now()));
    }
  };
}
