import type { Config } from './config';
import type { LoadCore, Scheduler } from './load-core';

export type ClosedModelSettings = Pick<Config, 'users' | 'spawnRate' | 'thinkTimeMs'>;

/**
 * The closed model: a number of users, started at the spawn rate, each running a task and then thinking. The
 * throughput follows the shop's speed. Lowering the user count lets the users above it leave after their task.
 */
export class ClosedModel implements Scheduler {
  private target: number;
  private spawnRate: number;
  private readonly thinkTimeMs: { readonly min: number; readonly max: number };
  /** Indices of the users whose loop is running. */
  private readonly running = new Set<number>();
  /** No user below this index is idle, so the search for the next one starts here. */
  private firstIdle = 0;
  // Spawning is paced from an epoch: the k-th user after it is due k / spawnRate seconds later. A new user count
  // or rate starts a new epoch.
  private epochMs: number;
  private spawnedSinceEpoch = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly core: LoadCore,
    settings: ClosedModelSettings,
  ) {
    this.target = settings.users;
    this.spawnRate = settings.spawnRate;
    this.thinkTimeMs = settings.thinkTimeMs;
    this.epochMs = core.startMs;
    core.onStop(() => clearTimeout(this.timer));
  }

  start(): void {
    this.spawn();
  }

  active(): number {
    return this.core.active;
  }

  dropped(): number {
    return 0;
  }

  describeLoad(): string {
    return `users ${this.core.active}/${this.target}`;
  }

  setUsers(users: number): void {
    this.target = users;
    this.restartSpawning();
  }

  setSpawnRate(perSecond: number): void {
    this.spawnRate = perSecond;
    this.restartSpawning();
  }

  setTargetRps(): void {}

  private restartSpawning(): void {
    this.epochMs = performance.now();
    this.spawnedSinceEpoch = 0;
    this.spawn();
  }

  private nextIdle(): number {
    while (this.running.has(this.firstIdle)) this.firstIdle++;
    return this.firstIdle;
  }

  private readonly spawn = (): void => {
    clearTimeout(this.timer);
    const core = this.core;
    const canSpawn = () => !core.stopping && !core.limitReached() && this.nextIdle() < this.target;
    const elapsed = performance.now() - this.epochMs;
    while (canSpawn() && this.spawnedSinceEpoch <= (elapsed * this.spawnRate) / 1000) {
      this.spawnedSinceEpoch++;
      core.track(this.userLoop(this.nextIdle()));
    }
    if (canSpawn()) {
      const dueIn = (this.spawnedSinceEpoch * 1000) / this.spawnRate - elapsed;
      this.timer = setTimeout(this.spawn, Math.max(1, dueIn));
    }
  };

  private async userLoop(index: number): Promise<void> {
    const core = this.core;
    const user = core.user(index);
    this.running.add(index);
    core.active++;
    try {
      if (!user.started) await core.journey.start(user);
      const { min, max } = this.thinkTimeMs;
      while (!core.stopping && !core.limitReached() && index < this.target) {
        core.tasksStarted++;
        await core.runTask(user, core.pickTask(user.random));
        const think = min + user.random.next() * (max - min);
        if (core.stopping || core.limitReached()) break;
        // Without think time, still yield to the event loop between tasks, so that a request failing without
        // I/O cannot spin this loop on microtasks alone and starve timers and other users.
        if (think > 0) await core.sleep(think);
        else await new Promise(setImmediate);
      }
    } finally {
      this.running.delete(index);
      this.firstIdle = Math.min(this.firstIdle, index);
      core.active--;
      if (core.active === 0 && core.limitReached()) core.stop('max-tasks', false);
    }
  }
}
