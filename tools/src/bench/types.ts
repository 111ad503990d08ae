import type { Stack } from '../stack';

/** One row of a benchmark's results: a name plus its measured figures. */
export type BenchRow = { name: string } & Record<string, string | number>;

export interface BenchContext {
  /** The running shop (free ports, warn-level logs), when the scenario asked for it. */
  stack?: Stack;
  log(message: string): void;
}

/** A benchmark scenario, discovered by `npm run bench` from tools/dist/bench/scenarios/*.js. */
export interface BenchScenario {
  name: string;
  description: string;
  /** Whether the harness should start the whole shop for it. */
  needsStack: boolean;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
