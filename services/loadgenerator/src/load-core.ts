import type { Config } from './config';
import { HttpClient } from './http';
import { Journey, TASK_NAMES, type TaskName, VirtualUser } from './journey';
import { createRandom, deriveSeed, type Random, weightedPicker } from './random';
import { Stats } from './stats';

/** Why a run ended. */
export type StopReason = 'duration' | 'max-tasks' | 'signal' | 'dashboard' | 'coordinator' | 'no-workers';

/** What a scheduler (one per load model) tells the core and the progress line. */
export interface Scheduler {
  /** Starts scheduling work; called once. */
  start(): void;
  /** Closed model: users running. Open model: tasks in flight. */
  active(): number;
  /** Open model: arrivals dropped because max-in-flight tasks were already running; 0 in the closed model. */
  dropped(): number;
  /** The load part of the progress line, e.g. "users 5/10". */
  describeLoad(): string;
  /** Changes the number of users (closed model) or of sessions the arrivals are spread over (open model). */
  setUsers(users: number): void;
  /** Changes the users started per second (closed model); ignored by the open model. */
  setSpawnRate(perSecond: number): void;
  /** Changes the target request rate (open model); ignored by the closed model. */
  setTargetRps(rps: number): void;
}

/** The settings a run's core needs; the full Config satisfies it. */
export type CoreSettings = Pick<
  Config,
  'origin' | 'basePath' | 'connections' | 'timeoutMs' | 'weights' | 'seed' | 'maxTasks'
>;

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
 * What both load models share: the statistics, the connection pool, the journey, the users, the task budget
 * and the one way a run stops. A scheduler decides when tasks start; the core runs them and ends the run.
 */
export class LoadCore {
  readonly startMs = performance.now();
  readonly stats = new Stats(this.startMs);
  readonly http: HttpClient;
  readonly journey: Journey;
  readonly pickTask: (random: Random) => TaskName;
  /** Tasks decided so far (started, or dropped by the open model). */
  tasksStarted = 0;
  /** Closed model: users running; open model: tasks in flight. Maintained by the scheduler. */
  active = 0;
  stopping = false;
  stoppedBy: StopReason = 'duration';
  endMs = this.startMs;
  /** `active` at the moment the run stopped, for the last point of the series. */
  activeAtEnd = 0;
  readonly finished: Promise<void>;
  private maxTasks: number | undefined;
  private readonly users: VirtualUser[] = [];
  private readonly sleeper = new Sleeper();
  // Only unsettled work is kept: a long open-model run starts millions of tasks.
  private readonly work = new Set<Promise<void>>();
  private readonly cleanups: (() => void)[] = [];
  private finish!: () => void;

  constructor(private readonly settings: CoreSettings) {
    this.maxTasks = settings.maxTasks;
    this.http = new HttpClient(settings.origin, { connections: settings.connections, timeoutMs: settings.timeoutMs });
    this.journey = new Journey(this.http, this.stats, settings.origin, settings.basePath, () => this.stopping);
    this.pickTask = weightedPicker(TASK_NAMES.map((name) => ({ item: name, weight: settings.weights[name] })));
    this.finished = new Promise<void>((resolve) => {
      this.finish = resolve;
    });
  }

  /** User `index`, created on first use with its own random sequence derived from the run's seed. */
  user(index: number): VirtualUser {
    let user = this.users[index];
    if (user === undefined) {
      user = new VirtualUser(createRandom(deriveSeed(this.settings.seed, index)));
      this.users[index] = user;
    }
    return user;
  }

  /** A random sequence of its own for a scheduler, independent of every user's. */
  schedulerRandom(): Random {
    return createRandom(deriveSeed(this.settings.seed, 0x7fffffff));
  }

  /** Whether the task budget (--max-tasks) is spent. */
  limitReached(): boolean {
    return this.maxTasks !== undefined && this.tasksStarted >= this.maxTasks;
  }

  /** Changes the task budget while running (a fleet moves a lost worker's share to the others). */
  setMaxTasks(maxTasks: number | undefined): void {
    this.maxTasks = maxTasks;
  }

  /**
   * Runs a task decided earlier (counted in tasksStarted then). It is counted by name only now: in the open
   * model a session's first task waits for its start page, and the decided count must not lag the arrivals.
   */
  runTask(user: VirtualUser, task: TaskName): Promise<void> {
    this.stats.countTask(task);
    return this.journey.run(task, user);
  }

  /** Keeps a piece of work, so the end of the run waits for it to settle. */
  track(work: Promise<void>): void {
    this.work.add(work);
    const settled = () => void this.work.delete(work);
    work.then(settled, settled);
  }

  sleep(ms: number): Promise<void> {
    return this.sleeper.sleep(ms);
  }

  /** Registers what to undo when the run stops (a scheduler's timers). */
  onStop(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  /**
   * Ends the run once, for `reason`. A hard stop aborts the requests in flight, so the run ends on time; the
   * journey ignores their errors because `stopping` is already set.
   */
  stop(reason: StopReason, hard: boolean): void {
    if (this.stopping) return;
    this.stopping = true;
    this.stoppedBy = reason;
    this.endMs = performance.now();
    this.activeAtEnd = this.active;
    for (const cleanup of this.cleanups) cleanup();
    this.sleeper.wakeAll();
    if (hard) void this.http.destroy();
    this.finish();
  }

  /** Waits for the stop, then for every task to settle, and closes the connections. */
  async settle(): Promise<void> {
    await this.finished;
    await Promise.allSettled([...this.work]);
    await this.http.destroy();
  }
}
