import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type * as hdr from 'hdr-histogram-js';
import type { Config } from './config';
import {
  type Command,
  type FleetLoad,
  type FleetSummary,
  JOIN_PATH,
  type JoinRequest,
  type JoinResponse,
  type Share,
  SYNC_INTERVAL_MS,
  SYNC_PATH,
  type SyncRequest,
  splitLoad,
  type WorkerSettings,
} from './fleet-protocol';
import { failurePercent, ms } from './format';
import type { LiveRun, LiveState, Phase, WorkerStatus } from './live';
import type { StopReason } from './load-core';
import { deriveSeed } from './random';
import type { RunResult } from './runner';
import { emptyHistogram, encodeHistogram, percentiles, Stats } from './stats';

export interface CoordinatorDeps {
  readonly log: (line: string) => void;
  /** Aborting it ends the run (SIGINT/SIGTERM); the result covers what the workers reported until then. */
  readonly signal?: AbortSignal;
  /** Receives the running coordinator, for the dashboard. */
  readonly onLive?: (live: LiveRun) => void;
}

interface Worker {
  readonly id: number;
  readonly pid: number;
  readonly hostname: string;
  readonly cores: number;
  readonly joinedMs: number;
  status: WorkerStatus;
  endedMs: number | undefined;
  reason: string | undefined;
  lastSeenMs: number;
  share: Share;
  active: number;
  tasksStarted: number;
  dropped: number;
  cpuSeconds: number;
  requests: number;
  failures: number;
  readonly histogram: hdr.Histogram;
}

const NO_SHARE: Share = { users: 0, spawnRate: 0, targetRps: null, maxTasks: null };
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const isLive = (worker: Worker) => worker.status === 'waiting' || worker.status === 'running';

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/**
 * The coordinator of a fleet: workers join it over HTTP, it splits the load between them (again whenever one
 * joins, leaves or is lost), starts and stops them together, merges their histograms and counters exactly, and
 * ends with one result, as one process would have measured it.
 */
class Coordinator implements LiveRun {
  phase: Phase = 'waiting';
  readonly workers = new Map<number, Worker>();
  private readonly load: { users: number; spawnRate: number; targetRps: number | null; maxTasks: number | null };
  private readonly workerSettings: Omit<WorkerSettings, 'seed'>;
  private nextId = 1;
  private stats: Stats | undefined;
  startMs = 0;
  endMs = 0;
  private activeAtEnd = 0;
  stoppedBy: StopReason = 'duration';
  // The coordinator's own CPU over the run (not its start-up), to tell what coordinating costs per worker.
  private cpuAtStart = process.cpuUsage();
  private cpuSeconds = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  // The series ends where the run ends: the last figures arrive after it and belong to its last point.
  private ticker: NodeJS.Timeout | undefined;
  private readonly started: Promise<boolean>;
  private settleStart!: (started: boolean) => void;
  readonly finished: Promise<void>;
  private settleFinished!: () => void;
  /** Local worker processes that have not exited yet. */
  pendingLocal = 0;

  constructor(
    private readonly config: Config,
    private readonly log: (line: string) => void,
  ) {
    this.load = {
      users: config.users,
      spawnRate: config.spawnRate,
      targetRps: config.targetRps ?? null,
      maxTasks: config.maxTasks ?? null,
    };
    this.workerSettings = {
      model: config.targetRps === undefined ? 'closed' : 'open',
      origin: config.origin,
      basePath: config.basePath,
      thinkTimeMs: config.thinkTimeMs,
      weights: config.weights,
      timeoutMs: config.timeoutMs,
      connections: config.connections,
      maxInFlight: config.maxInFlight,
    };
    this.started = new Promise((resolve) => {
      this.settleStart = resolve;
    });
    this.finished = new Promise((resolve) => {
      this.settleFinished = resolve;
    });
  }

  /** Resolves true once enough workers joined and the run started, false if it never will. */
  whenStarted(): Promise<boolean> {
    return this.started;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST' || (req.url !== JOIN_PATH && req.url !== SYNC_PATH)) {
      return void sendJson(res, 404, { error: 'not found' });
    }
    const badRequest = () => sendJson(res, 400, { error: 'the body must be the JSON the protocol describes' });
    readJson(req).then((body) => {
      try {
        if (req.url === JOIN_PATH) this.join(body as JoinRequest, res);
        else this.sync(body as SyncRequest, res);
      } catch {
        if (!res.headersSent) badRequest();
      }
    }, badRequest);
  }

  private join(request: JoinRequest, res: ServerResponse): void {
    if (this.phase === 'stopping' || this.phase === 'finished') {
      return void sendJson(res, 409, { error: 'the run is over' });
    }
    const now = performance.now();
    const worker: Worker = {
      id: this.nextId++,
      pid: Number(request.pid) || 0,
      hostname: String(request.hostname ?? ''),
      cores: Number(request.cores) || 1,
      joinedMs: now,
      status: this.phase === 'running' ? 'running' : 'waiting',
      endedMs: undefined,
      reason: undefined,
      lastSeenMs: now,
      share: NO_SHARE,
      active: 0,
      tasksStarted: 0,
      dropped: 0,
      cpuSeconds: 0,
      requests: 0,
      failures: 0,
      histogram: emptyHistogram(),
    };
    this.workers.set(worker.id, worker);
    const live = this.live().length;
    const response: JoinResponse = {
      workerId: worker.id,
      settings: { ...this.workerSettings, seed: deriveSeed(this.config.seed, 0x40000000 + worker.id) },
      syncIntervalMs: SYNC_INTERVAL_MS,
    };
    sendJson(res, 200, response);
    if (this.phase === 'running') {
      this.log(
        `worker ${worker.id} joined late (${worker.hostname}, pid ${worker.pid}); ${live} workers share the load`,
      );
      this.rebalance();
    } else {
      this.log(
        `worker ${worker.id} joined (${worker.hostname}, pid ${worker.pid}); ${live}/${this.config.fleet.minWorkers}`,
      );
      if (live >= this.config.fleet.minWorkers) this.start();
    }
  }

  private sync(request: SyncRequest, res: ServerResponse): void {
    const worker = this.workers.get(Number(request.workerId));
    if (worker === undefined || worker.status === 'lost') return void sendJson(res, 410, { error: 'unknown worker' });
    worker.lastSeenMs = performance.now();
    if (this.stats !== undefined && this.phase !== 'finished') {
      this.stats.merge(request.delta, worker.histogram);
      for (const route of request.delta.routes) {
        worker.requests += route.requests;
        worker.failures += route.failures;
      }
    }
    worker.active = request.active;
    worker.tasksStarted = request.tasksStarted;
    worker.dropped = request.dropped;
    worker.cpuSeconds = request.cpuSeconds;
    if (request.finished && isLive(worker)) this.workerEnded(worker, request.stoppedBy);
    sendJson(res, 200, { command: this.commandFor(worker) });
  }

  private commandFor(worker: Worker): Command {
    if (this.phase === 'waiting') return { state: 'wait', share: NO_SHARE };
    if (this.phase === 'running' && isLive(worker)) return { state: 'run', share: worker.share };
    return { state: 'stop', share: NO_SHARE };
  }

  private workerEnded(worker: Worker, stoppedBy: StopReason | null): void {
    worker.endedMs = performance.now();
    // A worker that stops by its own signal while the fleet runs was taken away (scaled down): its share moves.
    const left = this.phase !== 'stopping' && stoppedBy === 'signal';
    worker.status = left ? 'left' : 'finished';
    if (left) {
      worker.reason = 'stopped by a signal';
      this.log(`worker ${worker.id} left (stopped by a signal); ${this.live().length} workers share the load`);
      this.rebalance();
    }
    this.checkCompletion();
  }

  /** Marks a worker lost: silent too long, or its process exited before finishing. Its share moves to the others. */
  lose(worker: Worker, reason: string): void {
    if (!isLive(worker)) return;
    worker.status = 'lost';
    worker.endedMs = performance.now();
    worker.reason = reason;
    const live = this.live().length;
    this.log(
      `WORKER LOST: worker ${worker.id} (${worker.hostname}, pid ${worker.pid}): ${reason}; ` +
        (this.phase === 'running' ? `its share moves to the ${live} remaining` : `${live} remaining`),
    );
    if (this.phase === 'running') this.rebalance();
    else if (this.phase === 'waiting') this.checkCanStart();
    this.checkCompletion();
  }

  /** A local worker process exited. */
  localExited(pid: number, code: number | null, signal: NodeJS.Signals | null): void {
    this.pendingLocal--;
    const worker = [...this.workers.values()].find((w) => w.pid === pid && w.hostname === hostname());
    const how = signal !== null ? `killed by ${signal}` : `exited with code ${code}`;
    if (worker !== undefined) this.lose(worker, `its process ${how}`);
    else if (this.phase === 'waiting') {
      this.log(`a worker process (pid ${pid}) ${how} before joining`);
      this.checkCanStart();
    }
  }

  // A coordinator of local workers only gives up waiting when none of them is left to join; one that waits
  // for remote workers waits until stopped.
  private checkCanStart(): void {
    const { localWorkers, minWorkers } = this.config.fleet;
    if (this.phase !== 'waiting' || localWorkers === 0 || this.pendingLocal > 0) return;
    if (this.live().length >= minWorkers) return;
    this.log(`not enough workers to start: ${this.live().length} of ${minWorkers}`);
    this.end('no-workers');
  }

  private live(): Worker[] {
    return [...this.workers.values()].filter(isLive);
  }

  private start(): void {
    this.phase = 'running';
    this.startMs = performance.now();
    this.cpuAtStart = process.cpuUsage();
    this.stats = new Stats(this.startMs);
    for (const worker of this.live()) worker.status = 'running';
    this.rebalance();
    const { config } = this;
    if (config.durationMs !== undefined) this.later(() => this.end('duration'), config.durationMs);
    const tickMs = Math.min(1000, config.progressIntervalMs);
    let lastProgressMs = this.startMs;
    this.ticker = setInterval(() => {
      const now = performance.now();
      this.stats?.tick(now, this.activeNow());
      if (now - lastProgressMs >= config.progressIntervalMs - tickMs / 2) {
        lastProgressMs = now;
        this.log(this.progressLine(now));
      }
    }, tickMs);
    this.timers.push(this.ticker);
    this.log(`the run starts with ${this.live().length} worker(s)`);
    this.settleStart(true);
  }

  /** Watches for silent workers from the first join to the end. */
  watchLiveness(): void {
    const timeoutMs = this.config.fleet.workerTimeoutMs;
    this.repeat(
      () => {
        const now = performance.now();
        for (const worker of this.live()) {
          if (now - worker.lastSeenMs > timeoutMs) {
            this.lose(worker, `no sync for ${((now - worker.lastSeenMs) / 1000).toFixed(1)} s`);
          }
        }
      },
      Math.max(50, Math.min(500, timeoutMs / 4)),
    );
  }

  private rebalance(): void {
    const live = this.live();
    const others = [...this.workers.values()].filter((w) => !isLive(w)).reduce((sum, w) => sum + w.tasksStarted, 0);
    const fleetLoad: FleetLoad = this.load;
    const shares = splitLoad(
      fleetLoad,
      live.map((w) => w.tasksStarted),
      others,
    );
    live.forEach((worker, k) => {
      worker.share = shares[k]!;
    });
    if (live.length === 0 && this.phase === 'running') this.end('no-workers');
  }

  private checkCompletion(): void {
    if (this.live().length > 0) return;
    // While the fleet runs, a worker only finishes when its share of the tasks is done.
    const allFinished = [...this.workers.values()].every((w) => w.status === 'finished');
    if (this.phase === 'running') this.end(allFinished ? 'max-tasks' : 'no-workers');
    if (this.phase === 'stopping') this.complete();
  }

  /** Ends the run: every worker is told to stop, and the run completes once each has sent its last figures. */
  end(reason: StopReason): void {
    if (this.phase === 'waiting') {
      this.stoppedBy = reason;
      this.phase = 'finished';
      this.settleStart(false);
      this.settleFinished();
      return;
    }
    if (this.phase !== 'running') return;
    this.phase = 'stopping';
    this.stoppedBy = reason;
    this.endMs = performance.now();
    this.activeAtEnd = this.activeNow();
    clearInterval(this.ticker);
    this.log(`stopping the run (${reason}); waiting for the workers' last figures`);
    this.checkCompletion();
  }

  private complete(): void {
    if (this.phase === 'finished') return;
    this.phase = 'finished';
    for (const timer of this.timers) clearTimeout(timer);
    this.stats?.tick(this.endMs, this.activeAtEnd);
    const cpu = process.cpuUsage(this.cpuAtStart);
    this.cpuSeconds = (cpu.user + cpu.system) / 1e6;
    this.settleFinished();
  }

  private later(fn: () => void, ms: number): void {
    this.timers.push(setTimeout(fn, ms));
  }

  private repeat(fn: () => void, ms: number): void {
    this.timers.push(setInterval(fn, ms));
  }

  private activeNow(): number {
    return this.live().reduce((sum, w) => sum + w.active, 0);
  }

  private describeLoad(): string {
    const workers = `workers ${this.live().length}`;
    const active = this.activeNow();
    if (this.load.targetRps === null) return `${workers} | users ${active}/${this.load.users}`;
    const dropped = [...this.workers.values()].reduce((sum, w) => sum + w.dropped, 0);
    return `${workers} | target ${this.load.targetRps} req/s, in flight ${active}, dropped ${dropped}`;
  }

  private progressLine(now: number): string {
    const w = this.stats!.takeWindow(now);
    const elapsed = `${Math.round((now - this.startMs) / 1000)}s`.padStart(5);
    return (
      `[${elapsed}] ${this.describeLoad()} | ${w.rps.toFixed(1)} req/s | failures ${w.failures} ` +
      `(${failurePercent(w).toFixed(2)}%) | p50 ${ms(w.p50)} ms | p99 ${ms(w.p99)} ms`
    );
  }

  // The dashboard's view and controls.
  state(sinceS: number): LiveState {
    const elapsedS =
      this.phase === 'waiting'
        ? 0
        : ((this.phase === 'running' ? performance.now() : this.endMs) - this.startMs) / 1000;
    const summary = this.stats?.summary(elapsedS);
    return {
      phase: this.phase,
      model: this.workerSettings.model,
      elapsedS,
      users: this.load.users,
      active: this.activeNow(),
      targetRps: this.load.targetRps,
      workers: [...this.workers.values()].map((w) => ({
        id: w.id,
        status: w.status,
        hostname: w.hostname,
        pid: w.pid,
        users: w.share.users,
        active: w.active,
        requests: w.requests,
        failures: w.failures,
      })),
      total: summary?.total ?? null,
      routes: summary?.routes ?? [],
      series: (this.stats?.series() ?? []).filter((point) => point.t > sinceS),
      stoppedBy: this.phase === 'finished' || this.phase === 'stopping' ? this.stoppedBy : null,
    };
  }

  setUsers(users: number): void {
    this.load.users = users;
    this.log(`the fleet's users set to ${users}`);
    if (this.phase === 'running') this.rebalance();
  }

  setTargetRps(rps: number): void {
    if (this.load.targetRps === null) return;
    this.load.targetRps = rps;
    this.log(`the fleet's target rate set to ${rps} req/s`);
    if (this.phase === 'running') this.rebalance();
  }

  stop(): void {
    this.end('dashboard');
  }

  /** The run's result, as one process would report it, plus the fleet. */
  result(startedAt: string): RunResult {
    const stats = this.stats ?? new Stats(0);
    const elapsedS = this.stats === undefined ? 0 : (this.endMs - this.startMs) / 1000;
    const { routes, total } = stats.summary(elapsedS);
    const workers = [...this.workers.values()];
    const sinceStart = (at: number | undefined) => (at === undefined ? null : Math.max(0, (at - this.startMs) / 1000));
    const fleet: FleetSummary = {
      workers: workers.map((w) => {
        const { p50, p99 } = percentiles(w.histogram);
        return {
          id: w.id,
          hostname: w.hostname,
          pid: w.pid,
          cores: w.cores,
          status: w.status,
          joinedAtS: sinceStart(w.joinedMs) ?? 0,
          endedAtS: w.status === 'finished' ? null : sinceStart(w.endedMs),
          reason: w.reason ?? null,
          requests: w.requests,
          failures: w.failures,
          p50,
          p99,
          tasksStarted: w.tasksStarted,
          cpuSeconds: w.cpuSeconds,
          histogram: encodeHistogram(w.histogram),
        };
      }),
      lost: workers.filter((w) => w.status === 'lost').length,
      coordinatorCpuSeconds: this.cpuSeconds,
    };
    return {
      startedAt,
      elapsedS,
      model: this.workerSettings.model,
      stoppedBy: this.stoppedBy,
      routes,
      total,
      failures: stats.failures(),
      series: stats.series(),
      tasks: stats.taskCounts(),
      dropped: workers.reduce((sum, w) => sum + w.dropped, 0),
      cpuSeconds: workers.reduce((sum, w) => sum + w.cpuSeconds, 0),
      fleet,
    };
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }
}

/** Starts `count` worker processes of this program on this machine, joining `address`. */
function startLocalWorkers(count: number, address: string, coordinator: Coordinator, log: (line: string) => void) {
  const env = { ...process.env };
  // The workers must not read the coordinator's own role from the environment.
  for (const name of ['COORDINATOR_PORT', 'WORKERS', 'MIN_WORKERS', 'WEB_PORT', 'REPORT_JSON', 'REPORT_HTML']) {
    delete env[name];
  }
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, [join(__dirname, 'main.js'), '--join', address], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    coordinator.pendingLocal++;
    let buffered = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line !== '') log(`  worker pid ${child.pid}: ${line}`);
    });
    child.on('exit', (code, signal) => coordinator.localExited(child.pid ?? -1, code, signal));
    children.push(child);
  }
  return children;
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/** Stops a local worker that has not exited on its own, by its pid. */
function exited(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Coordinates a run over workers: listens for them, starts the local ones (--workers), waits for the minimum,
 * runs, and returns one result with the fleet's merged figures. A lost worker is logged and listed in the result.
 */
export async function coordinate(config: Config, deps: CoordinatorDeps): Promise<RunResult> {
  const startedAt = new Date().toISOString();
  const coordinator = new Coordinator(config, deps.log);
  const server = createServer((req, res) => coordinator.handle(req, res));
  server.keepAliveTimeout = 30_000;
  const { address, port } = await listen(server, config.fleet.coordinatorPort ?? 0, config.bindAddress);
  const shown = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  deps.log(`coordinator listening on ${shown}; waiting for ${config.fleet.minWorkers} worker(s)`);
  deps.onLive?.(coordinator);
  const onAbort = () => coordinator.end('signal');
  deps.signal?.addEventListener('abort', onAbort, { once: true });
  if (deps.signal?.aborted) coordinator.end('signal');
  coordinator.watchLiveness();
  const local = startLocalWorkers(config.fleet.localWorkers, shown, coordinator, deps.log);
  try {
    if (await coordinator.whenStarted()) await coordinator.finished;
    return coordinator.result(startedAt);
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
    coordinator.close();
    // The local workers exit after their last sync; the server answers until they have.
    await Promise.all(local.map((child) => exited(child, 5000)));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
