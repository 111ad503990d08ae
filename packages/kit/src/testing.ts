// Test support for every service: its built entry point run as a real process, the way the launcher
// and its container run it, with its JSON log lines collected and awaitable. Not used at run time.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One JSON log line of a service (non-JSON output is kept as `{ message: line }`). */
export interface LogLine {
  severity?: string;
  message?: string;
  port?: number;
  [field: string]: unknown;
}

export interface ServiceProcess {
  child: ChildProcess;
  /** Every line the process has logged so far. */
  lines: LogLine[];
  /** The port from its "serving" line; rejects if it exits before serving. */
  serving: Promise<number>;
  /** Its exit code and signal. */
  exited: Promise<[code: number | null, signal: NodeJS.Signals | null]>;
  /** The first line (already logged or still to come) that matches; rejects after `timeoutMs`. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Kills it (SIGKILL) if it is still running: for `after` hooks and `finally` blocks. */
  kill(): void;
}

function parse(line: string): LogLine {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as LogLine) : { message: line };
  } catch {
    return { message: line };
  }
}

/**
 * Starts `node [nodeArgs] <mainScript>` with only PATH and the given variables in its environment (so
 * nothing from the test's own environment configures it), e.g. `nodeArgs: ['--require=…/tracing']`.
 */
export function startServiceProcess(
  mainScript: string,
  env: Record<string, string> = {},
  { nodeArgs = [] }: { nodeArgs?: readonly string[] } = {},
): ServiceProcess {
  const child = spawn(process.execPath, [...nodeArgs, mainScript], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (text) => {
      const line = parse(text);
      lines.push(line);
      for (const waiter of waiters) if (waiter.match(line)) waiter.resolve(line);
    });
  }
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (code, signal) => resolve([code, signal])),
  );

  const waitFor = (match: (line: LogLine) => boolean, timeoutMs = 15_000): Promise<LogLine> => {
    const seen = lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (line: LogLine) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(line);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(
            `no matching log line within ${timeoutMs} ms; got:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`,
          ),
        );
      }, timeoutMs);
      timer.unref(); // a test that already has its answer must not wait for this
      waiters.add(waiter);
    });
  };

  const serving = Promise.race([
    waitFor((line) => line.message === 'serving').then((line) => Number(line.port)),
    exited.then(([code]) => Promise.reject(new Error(`exited with ${code} before serving`))),
  ]);
  serving.catch(() => {});

  return {
    child,
    lines,
    serving,
    exited,
    waitFor,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export { createPki, type IssuedCertificate, type IssueOptions, type Pki } from './grpc/pki';
