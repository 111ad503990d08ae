import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '@boutique/kit/config';
import { type Config, loadConfig, usage } from './config';
import { describeRun, formatTable, toHtml, toJson } from './report';
import { run, waitForFrontend } from './runner';
import { anyThresholdSet, checkThresholds } from './thresholds';

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, thresholds: 1, usage: 2, frontendDown: 3, reportFailed: 4 } as const;

export interface Io {
  /** The table and the verdict. */
  readonly out: (text: string) => void;
  /** Progress lines and problems. */
  readonly err: (text: string) => void;
}

/** The whole command: configure, wait for the frontend, run, print, write reports, judge. Returns the exit code. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
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
  log(`loadgenerator → ${describeRun(config)}`);
  if (!(await waitForFrontend(config, { log, ...(signal && { signal }) }))) {
    log(
      `the frontend did not answer GET ${config.basePath}/ with 200 after ${config.waitForFrontend.retries} attempt(s); giving up`,
    );
    return EXIT.frontendDown;
  }
  const result = await run(config, { log, ...(signal && { signal }) });
  io.out(formatTable(result));
  const breaches = checkThresholds(config.thresholds, result.total);

  let code: number = EXIT.ok;
  const reports: [string | undefined, () => string][] = [
    [config.reportJson, () => toJson({ config, result, breaches })],
    [config.reportHtml, () => toHtml({ config, result, breaches })],
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
  if (breaches.length > 0) return EXIT.thresholds;
  if (anyThresholdSet(config.thresholds)) io.out('All thresholds held.\n');
  return code;
}
