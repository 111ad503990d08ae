import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkHealth } from '@boutique/kit';
import { createPki, type Pki } from '@boutique/kit/testing';
import { credentials } from '@grpc/grpc-js';
import { freePort, isPortFree } from './ports';
import { mainScript, REPO_ROOT, RUNTIME_ENV, SERVICES, type ServiceSpec } from './services';
import { CrashBackoff, DEFAULT_RESTART_POLICY, type RestartPolicy } from './supervise';

export interface StackOptions {
  /** Extra environment for every process (e.g. REDIS_ADDR, tracing settings); wins over the launcher's wiring. */
  env?: Record<string, string>;
  /** Start only these services (by name); default: every service that has been built. */
  only?: readonly string[];
  /** 'local' uses the fixed ports of the README table (npm start); 'free' picks free ports (tests, benches). */
  ports?: 'local' | 'free';
  /** Called with every line a process writes (stdout and stderr). */
  onLine?: (service: string, line: string) => void;
  /** How long each service may take to become healthy (default 30 s). */
  readyTimeoutMs?: number;
  /**
   * Mutual TLS between the services: a throwaway CA and one certificate per service are made in a
   * temporary folder (removed by stop()), and each service gets TLS_DIR pointing at its own and its
   * callers from the services' table as ALLOWED_CALLERS.
   */
  mtls?: boolean;
  /**
   * What happens when a service dies once the stack is up: 'restart' starts it again on the same
   * port, after a delay that grows with every crash in a row (default); 'exit' restarts nothing and
   * resolves `unexpectedExit`, for a caller that stops everything (tests of a crash, `--exit-on-crash`).
   */
  onCrash?: 'restart' | 'exit';
  /** Restart delays (default 1 s, doubling per crash in a row, capped at 30 s, reset after 60 s up). */
  restartPolicy?: RestartPolicy;
  /** Told about every crash and restart (in 'restart' mode). */
  onSupervision?: (event: SupervisionEvent) => void;
}

/** A crash or a recovery of one service under supervision. */
export type SupervisionEvent =
  | {
      kind: 'crashed';
      service: string;
      code: number | null;
      signal: NodeJS.Signals | null;
      /** 1 for the first crash after a quiet period. */
      crashesInARow: number;
      restartInMs: number;
    }
  | {
      kind: 'restarted';
      service: string;
      pid: number;
      /** From the crash until the new process answered its health check. */
      downForMs: number;
    }
  | { kind: 'restart-failed'; service: string; reason: string };

export interface ServiceExit {
  service: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Stack {
  /** The frontend's base URL, e.g. http://127.0.0.1:8080 (undefined if the frontend was not started). */
  frontendUrl: string;
  /** host:port of each started service, by name. */
  addrs: Record<string, string>;
  /** The PID of each started service, by name (kept current when a service is restarted). */
  pids: Record<string, number>;
  /** The last lines each service wrote (up to 10,000 each). */
  logs: Record<string, string[]>;
  /** With mtls: the throwaway CA, which can issue more certificates (tests, rotation). */
  pki?: Pki;
  /**
   * Resolves when a service exits before stop() was called and is not restarted: during start-up,
   * or at any time with `onCrash: 'exit'`.
   */
  unexpectedExit: Promise<ServiceExit>;
  /** Stops every process: SIGTERM, then SIGKILL (by PID) for any still running after the grace period. */
  stop(): Promise<void>;
}

const MAX_LOG_LINES = 10_000;
const KIT_TRACING = require.resolve('@boutique/kit/tracing');

function chosenServices(only?: readonly string[]): ServiceSpec[] {
  if (only) {
    const unknown = only.filter((name) => !SERVICES.some((spec) => spec.name === name));
    if (unknown.length > 0) throw new Error(`unknown service(s): ${unknown.join(', ')}`);
  }
  return SERVICES.filter((spec) => (only ? only.includes(spec.name) : existsSync(mainScript(spec))));
}

async function assignPorts(services: ServiceSpec[], mode: 'local' | 'free'): Promise<Map<string, number>> {
  const ports = new Map<string, number>();
  const busy: string[] = [];
  for (const spec of services) {
    if (mode === 'free') {
      ports.set(spec.name, await freePort());
    } else {
      if (!(await isPortFree(spec.localPort))) busy.push(`${spec.localPort} (${spec.name})`);
      ports.set(spec.name, spec.localPort);
    }
  }
  if (busy.length > 0) {
    throw new Error(
      `port(s) already in use: ${busy.join(', ')}. Stop whatever holds them (another npm start?) and retry.`,
    );
  }
  return ports;
}

async function waitHealthy(
  spec: ServiceSpec,
  port: number,
  child: ChildProcess,
  timeoutMs: number,
  pki: Pki | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Under mutual TLS, health is asked as a probe asks: over TLS, with no client certificate.
  const creds = pki ? credentials.createSsl(readFileSync(pki.caFile)) : credentials.createInsecure();
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${spec.name} exited during start-up`);
    try {
      if (spec.health === 'grpc') {
        if ((await checkHealth(`127.0.0.1:${port}`, '', 500, creds)) === 'SERVING') return;
      } else {
        const response = await fetch(`http://127.0.0.1:${port}/_healthz`, { signal: AbortSignal.timeout(500) });
        await response.body?.cancel();
        if (response.ok) return;
      }
    } catch {
      // not up yet
    }
    await sleep(50);
  }
  throw new Error(`${spec.name} did not become healthy within ${timeoutMs} ms`);
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts the shop: every built service as its own OS process (node with the kit's tracing preload,
 * exactly like its container), each on its own loopback port, every *_SERVICE_ADDR wired, and waits
 * until each answers its health check. If anything fails to come up, everything started is stopped.
 * Once up, a service that dies is restarted on its port (see `onCrash`) while the rest keep serving.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const services = chosenServices(options.only);
  for (const spec of services) {
    if (!existsSync(mainScript(spec))) throw new Error(`${spec.name} is not built (run npm run build)`);
  }
  const ports = await assignPorts(services, options.ports ?? 'free');
  const addrs: Record<string, string> = {};
  const wiring: Record<string, string> = {};
  for (const spec of services) {
    addrs[spec.name] = `127.0.0.1:${ports.get(spec.name)}`;
    if (spec.addrVar) wiring[spec.addrVar] = addrs[spec.name]!;
  }
  let pki: Pki | undefined;
  const tlsEnv = new Map<string, Record<string, string>>();
  if (options.mtls) {
    pki = createPki(mkdtempSync(path.join(tmpdir(), 'boutique-mtls-')), { namespace: 'local' });
    for (const spec of services) {
      const env: Record<string, string> = { TLS_DIR: pki.issue(spec.name).dir };
      if (spec.callers) env.ALLOWED_CALLERS = spec.callers.join(',');
      tlsEnv.set(spec.name, env);
    }
  }
  // Services the caller left out still get an address (nothing listens there): dependencies fail
  // fast and visibly instead of the process refusing to start for a missing variable.
  for (const spec of SERVICES) {
    if (spec.addrVar && !wiring[spec.addrVar]) wiring[spec.addrVar] = '127.0.0.1:1';
  }

  const children = new Map<string, ChildProcess>();
  const pids: Record<string, number> = {};
  const logs: Record<string, string[]> = {};
  const restartTimers = new Set<NodeJS.Timeout>();
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const onCrash = options.onCrash ?? 'restart';
  let stopping = false;
  // Crashes while the stack is still coming up fail the start (a service that cannot start is
  // reported, not retried); supervision begins once everything has been healthy once.
  let supervising = false;
  let reportExit: (exit: ServiceExit) => void = () => {};
  const unexpectedExit = new Promise<ServiceExit>((resolve) => {
    reportExit = resolve;
  });

  const launch = (spec: ServiceSpec, backoff: CrashBackoff): ChildProcess => {
    // A restarted process appends to the same log as the one it replaces.
    logs[spec.name] ??= [];
    const lines = logs[spec.name]!;
    const child = spawn(process.execPath, [...spec.nodeFlags, `--require=${KIT_TRACING}`, mainScript(spec)], {
      cwd: path.join(REPO_ROOT, spec.dir),
      env: {
        ...RUNTIME_ENV,
        ...process.env,
        ...wiring,
        PORT: String(ports.get(spec.name)),
        ...tlsEnv.get(spec.name),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: a terminal's Ctrl-C reaches only the launcher, which then stops each
      // service once (a service treats a second signal as "exit now", skipping the drain).
      detached: true,
    });
    children.set(spec.name, child);
    pids[spec.name] = child.pid!;
    backoff.started();
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        if (lines.length > MAX_LOG_LINES) lines.shift();
        options.onLine?.(spec.name, line);
      });
    }
    child.once('exit', (code, signal) => {
      if (stopping) return;
      if (!supervising || onCrash === 'exit') {
        reportExit({ service: spec.name, code, signal });
        return;
      }
      const crashedAt = Date.now();
      const { crashesInARow, delayMs } = backoff.crashed();
      options.onSupervision?.({
        kind: 'crashed',
        service: spec.name,
        code,
        signal,
        crashesInARow,
        restartInMs: delayMs,
      });
      const timer = setTimeout(() => {
        restartTimers.delete(timer);
        if (stopping) return;
        const next = launch(spec, backoff);
        waitHealthy(spec, ports.get(spec.name)!, next, readyTimeoutMs, pki).then(
          () => {
            if (stopping) return;
            options.onSupervision?.({
              kind: 'restarted',
              service: spec.name,
              pid: next.pid!,
              downForMs: Date.now() - crashedAt,
            });
          },
          (err: unknown) => {
            if (stopping) return;
            options.onSupervision?.({ kind: 'restart-failed', service: spec.name, reason: (err as Error).message });
            // A process that never became healthy is killed; its exit schedules the next, longer, wait.
            if (next.exitCode === null && next.signalCode === null) next.kill('SIGKILL');
          },
        );
      }, delayMs);
      restartTimers.add(timer);
    });
    return child;
  };

  const policy = options.restartPolicy ?? DEFAULT_RESTART_POLICY;
  for (const spec of services) launch(spec, new CrashBackoff(policy));

  // If the launcher itself goes away without stop(), take the services with it.
  const killAll = () => {
    for (const child of children.values())
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killAll);

  const stop = async (): Promise<void> => {
    stopping = true;
    for (const timer of restartTimers) clearTimeout(timer);
    restartTimers.clear();
    const running = [...children.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of running) child.kill('SIGTERM');
    const killer = setTimeout(() => {
      for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 6_000);
    await Promise.all(running.map(exited));
    clearTimeout(killer);
    process.removeListener('exit', killAll);
    if (pki) rmSync(pki.dir, { recursive: true, force: true });
  };

  try {
    await Promise.all(
      services.map((spec) => waitHealthy(spec, ports.get(spec.name)!, children.get(spec.name)!, readyTimeoutMs, pki)),
    );
  } catch (err) {
    await stop();
    const tails = services
      .map((spec) => `--- ${spec.name}\n${(logs[spec.name] ?? []).slice(-15).join('\n')}`)
      .join('\n');
    throw new Error(`${(err as Error).message}\n${tails}`, { cause: err });
  }
  supervising = true;

  return {
    frontendUrl: addrs.frontend ? `http://${addrs.frontend}` : '',
    addrs,
    pids,
    logs,
    pki,
    unexpectedExit,
    stop,
  };
}
