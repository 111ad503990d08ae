// Restarting crashed processes the way Kubernetes restarts crashed containers: at once the first
// time, then after a delay that doubles with every crash in a row, up to a cap; a process that has
// stayed up for a while starts again from the shortest delay.

/** How a crashed process is restarted. */
export interface RestartPolicy {
  /** Delay before the first restart after a quiet period (Kubernetes: 10 s; locally 1 s is plenty). */
  readonly initialDelayMs: number;
  /** The delay doubles per crash in a row up to this cap (Kubernetes: 5 min). */
  readonly maxDelayMs: number;
  /** A process that stays up this long after a restart has recovered: the next crash starts at initialDelayMs again. */
  readonly resetAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = Object.freeze({
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  resetAfterMs: 60_000,
});

/** The delay before restart number `crashesInARow` (1 for the first crash): 1 s, 2 s, 4 s, ... capped. */
export function restartDelayMs(crashesInARow: number, policy: RestartPolicy = DEFAULT_RESTART_POLICY): number {
  const doublings = Math.max(0, crashesInARow - 1);
  // 2 ** 31 would overflow nothing, but a cap reached long before keeps the arithmetic obvious.
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(doublings, 30));
}

/**
 * Counts one process's crashes in a row: each crash lengthens the next delay, unless the process had
 * been up for `resetAfterMs`, which makes the crash the first of a new series.
 */
export class CrashBackoff {
  readonly #policy: RestartPolicy;
  readonly #now: () => number;
  #crashesInARow = 0;
  #startedAt: number;

  constructor(policy: RestartPolicy = DEFAULT_RESTART_POLICY, now: () => number = Date.now) {
    this.#policy = policy;
    this.#now = now;
    this.#startedAt = now();
  }

  /** Records that the process (re)started now. */
  started(): void {
    this.#startedAt = this.#now();
  }

  /** Records a crash; returns how many in a row (1 after a quiet period) and the delay before restarting. */
  crashed(): { crashesInARow: number; delayMs: number } {
    const upFor = this.#now() - this.#startedAt;
    this.#crashesInARow = upFor >= this.#policy.resetAfterMs ? 1 : this.#crashesInARow + 1;
    return { crashesInARow: this.#crashesInARow, delayMs: restartDelayMs(this.#crashesInARow, this.#policy) };
  }
}
