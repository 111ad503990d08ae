import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '@boutique/kit/config';
import { compareCommand } from './compare';
import { type Config, loadConfig, usage } from './config';
import { coordinate } from './coordinator';
import { startDashboard } from './dashboard';
import { describeEnvironment, type RunEnvironment } from './environment';
import type { LiveRun } from './live';
import { describeRun, formatTable, toHtml, toJson } from './report';
import { type RunResult, run, waitForFrontend } from './runner';
import { anyThresholdSet, checkThresholds } from './thresholds';
import { runWorker } from './worker';

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  thresholds: 1,
  usage: 2,
  frontendDown: 3,
  reportFailed: 4,
  /** A worker was lost mid-run (the figures cover what was measured), or too few workers ever joined. */
  workerLost: 5,
  /** A worker lost its coordinator, or was turned away by it. */
  coordinatorLost: 6,
} as const;

export interface Io {
  /** The table and the verdict. */
  readonly out: (text: string) => void;
  /** Progress lines and problems. */
  readonly err: (text: string) => void;
}

/**
 * The whole command: configure, then (alone or as a coordinator) wait for the frontend, run, print, write reports
 * and judge, or (as a worker) run the share the coordinator gives. Returns the exit code.
 */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  const command = subcommandAt(argv);
  if (command >= 0) return compareCommand(argv.slice(command + 1), io);
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(usage());
    return EXIT.ok;
  }
  let config: Config;
  try {
    config = loadConfig(argv, env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.err(`${err.message}\n(see --help)\n`);
    return EXIT.usage;
  }
  const log = (line: string) => io.err(`${line}\n`);
  const deps = { log, ...(signal && { signal }) };
  if (config.fleet.role === 'worker') {
    const outcome = await runWorker(config.fleet.coordinatorAddress!, deps);
    return outcome === 'finished' ? EXIT.ok : EXIT.coordinatorLost;
  }
  log(`loadgenerator → ${describeRun(config)}`);
  const dashboard = config.webPort === undefined ? undefined : await startDashboard(config.webPort, config.bindAddress);
  if (dashboard !== undefined) log(`dashboard: ${dashboard.url}`);
  try {
    if (!(await waitForFrontend(config, deps))) {
      log(
        `the frontend did not answer GET ${config.basePath}/ with 200 after ${config.waitForFrontend.retries} attempt(s); giving up`,
      );
      return EXIT.frontendDown;
    }
    const onLive = (live: LiveRun) => dashboard?.attach(live);
    const result =
      config.fleet.role === 'coordinator'
        ? await coordinate(config, { ...deps, onLive })
        : await run(config, { ...deps, onLive });
    return await conclude(config, result, describeEnvironment(env), io);
  } finally {
    await dashboard?.close();
  }
}

/**
 * Where the `compare` subcommand stands in argv, or -1. It may follow run flags (each with its value), which it
 * then ignores: that is how `npm run load -- compare a.json b.json` works although the script passes fixed flags.
 */
export function subcommandAt(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === 'compare') return i;
    if (!arg.startsWith('--')) return -1;
    const next = argv[i + 1];
    // --coordinator and --web may stand alone; their value, when given, is a port number.
    const optionalValue = arg === '--coordinator' || arg === '--web';
    const takesNext =
      !arg.includes('=') && next !== undefined && !next.startsWith('-') && (!optionalValue || /^\d+$/.test(next));
    if (takesNext) i++;
  }
  return -1;
}

/** Prints the table, writes the reports and judges the run; returns the exit code. */
async function conclude(config: Config, result: RunResult, environment: RunEnvironment, io: Io): Promise<number> {
  const log = (line: string) => io.err(`${line}\n`);
  io.out(formatTable(result));
  const breaches = checkThresholds(config.thresholds, result.total);
  let code: number = EXIT.ok;
  const reports: [string | undefined, () => string][] = [
    [config.reportJson, () => toJson({ config, result, breaches, environment })],
    [config.reportHtml, () => toHtml({ config, result, breaches, environment })],
  ];
  for (const [path, render] of reports) {
    if (path === undefined) continue;
    try {
      // A fresh clone has no bench-results/ yet; the report's folder is part of what was asked for.
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, render());
      log(`report written: ${path}`);
    } catch (err) {
      log(`could not write ${path}: ${(err as Error).message}`);
      code = EXIT.reportFailed;
    }
  }
  for (const breach of breaches) io.out(`THRESHOLD BROKEN: ${breach.message}\n`);
  const lost = result.fleet?.lost ?? 0;
  if (lost > 0)
    io.out(
      `WORKERS LOST: ${lost} of ${result.fleet!.workers.length}; the figures cover what they measured until then\n`,
    );
  if (result.stoppedBy === 'no-workers') io.out('NO WORKERS: the fleet had no worker left to run the load\n');
  if (breaches.length > 0) return EXIT.thresholds;
  if (lost > 0 || result.stoppedBy === 'no-workers') return EXIT.workerLost;
  if (anyThresholdSet(config.thresholds)) io.out('All thresholds held.\n');
  return code;
}
