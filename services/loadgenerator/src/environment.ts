import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Where a run ran, so a comparison can tell whether two reports are comparable. */
export interface RunEnvironment {
  /** GIT_COMMIT, else the checkout's HEAD; null when neither is known (an image without git). */
  readonly gitCommit: string | null;
  /** Cores of the machine that wrote the report (in a fleet each worker's are listed with it). */
  readonly cores: number;
  readonly node: string;
}

function gitHead(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: __dirname,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 2000,
    }).trim();
    return /^[0-9a-f]{40}$/.test(head) ? head : null;
  } catch {
    return null;
  }
}

/** Describes this machine and checkout. */
export function describeEnvironment(env: Readonly<Record<string, string | undefined>>): RunEnvironment {
  const fromEnv = env.GIT_COMMIT?.trim();
  return {
    gitCommit: fromEnv !== undefined && fromEnv !== '' ? fromEnv : gitHead(),
    cores: availableParallelism(),
    node: process.version,
  };
}
