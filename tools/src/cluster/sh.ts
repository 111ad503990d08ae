// Running commands and long-lived processes for the local cluster. Every process it starts is recorded
// by PID under PID_DIR and stopped by that PID (after checking it is still the same program).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LOG_DIR, PID_DIR } from './layout';

export const log = (message: string): void => {
  process.stderr.write(`cluster: ${message}\n`);
};

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never throws for a non-zero exit. */
export function run(
  command: string,
  args: readonly string[],
  options: { input?: string | Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Result {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    input: options.input,
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 256 * 1024 * 1024,
    env: options.env ?? process.env,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a command and returns its trimmed stdout; throws with its stderr when it fails. */
export function runOk(
  command: string,
  args: readonly string[],
  options: { input?: string | Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): string {
  const result = run(command, args, options);
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`);
  return result.stdout.trim();
}

/** Runs a shell pipeline (for `podman save | ctr import`, where streaming matters); throws when it fails. */
export function pipeline(script: string, timeoutMs = 20 * 60_000): void {
  const result = spawnSync('bash', ['-o', 'pipefail', '-c', script], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${script} failed (${result.status}): ${result.stderr}`);
}

const pidFile = (name: string) => path.join(PID_DIR, `${name}.pid`);

/** Starts a long-lived process detached from this one, its output in LOG_DIR/<name>.log, its PID recorded. */
export function startDaemon(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): number {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  fs.mkdirSync(PID_DIR, { recursive: true });
  const out = fs.openSync(path.join(LOG_DIR, `${name}.log`), 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  fs.closeSync(out);
  if (!child.pid) throw new Error(`${name} did not start`);
  fs.writeFileSync(pidFile(name), `${child.pid}\n${command}\n`);
  child.unref();
  return child.pid;
}

/** The PID of a recorded daemon when it still runs the program it was started as, else undefined. */
export function daemonPid(name: string): number | undefined {
  let recorded: string;
  try {
    recorded = fs.readFileSync(pidFile(name), 'utf8');
  } catch {
    return undefined;
  }
  const [pidText, command] = recorded.split('\n');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  try {
    // A recycled PID runs another program: never signal that one.
    const exe = fs.readlinkSync(`/proc/${pid}/exe`);
    const state = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    if (state === 'Z') return undefined;
    return exe === fs.realpathSync(command!) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Stops a recorded daemon by its PID: SIGTERM, then SIGKILL after the grace period; forgets it. */
export async function stopDaemon(name: string, graceMs = 10_000): Promise<void> {
  const pid = daemonPid(name);
  if (pid !== undefined) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (daemonPid(name) !== undefined && Date.now() < deadline) await sleep(200);
    if (daemonPid(name) !== undefined) {
      process.kill(pid, 'SIGKILL');
      while (daemonPid(name) !== undefined) await sleep(100);
    }
  }
  fs.rmSync(pidFile(name), { force: true });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns something other than undefined; throws naming `what` when time runs out. */
export async function until<T>(
  what: string,
  timeoutMs: number,
  check: () => T | undefined | Promise<T | undefined>,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** The last lines of a daemon's log, for error messages. */
export function logTail(name: string, lines = 30): string {
  try {
    return fs
      .readFileSync(path.join(LOG_DIR, `${name}.log`), 'utf8')
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no log)';
  }
}
