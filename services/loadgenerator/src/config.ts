import { parseArgs } from 'node:util';
import { ConfigError, parseDuration } from '@boutique/kit/config';
import { DEFAULT_WEIGHTS, TASK_NAMES, type TaskName, type TaskWeights } from './journey';

/** Everything one run needs, read once from flags and environment. Flags win over the environment. */
export interface Config {
  /** The frontend's origin, e.g. "http://127.0.0.1:8080". */
  readonly origin: string;
  /** The frontend's route prefix (its BASE_URL), "" when served at the root. */
  readonly basePath: string;
  /** Closed model: concurrent users. Open model: sessions (cookie jars) the arrivals are spread over. */
  readonly users: number;
  /** Users started per second (closed model). */
  readonly spawnRate: number;
  /** Think time between a user's tasks, uniform in [min, max] milliseconds (closed model). */
  readonly thinkTimeMs: { readonly min: number; readonly max: number };
  /** Run length in milliseconds; undefined runs until stopped. */
  readonly durationMs: number | undefined;
  /** Open model: target requests per second, tasks arriving as a Poisson process. */
  readonly targetRps: number | undefined;
  /** Open model: arrivals beyond this many tasks in flight are dropped and counted. */
  readonly maxInFlight: number;
  readonly weights: TaskWeights;
  /** Stop after starting this many tasks (any model); undefined for no limit. */
  readonly maxTasks: number | undefined;
  readonly connections: number;
  readonly timeoutMs: number;
  readonly seed: number;
  readonly progressIntervalMs: number;
  /** How many times to try GET / before starting (0 skips the check), and how long to wait in between. */
  readonly waitForFrontend: { readonly retries: number; readonly intervalMs: number };
  readonly thresholds: Thresholds;
  readonly reportJson: string | undefined;
  readonly reportHtml: string | undefined;
  /** This process's part in a run: alone, coordinating workers, or one of the workers. */
  readonly fleet: FleetSettings;
  /** The live dashboard's port (0: any free one); undefined serves none. */
  readonly webPort: number | undefined;
  /** The address the coordinator and the dashboard listen on. */
  readonly bindAddress: string;
}

export interface FleetSettings {
  readonly role: 'single' | 'coordinator' | 'worker';
  /** Coordinator: the port workers join on (0: any free one). */
  readonly coordinatorPort: number | undefined;
  /** Worker: the coordinator's host:port. */
  readonly coordinatorAddress: string | undefined;
  /** Coordinator: worker processes to start on this machine. */
  readonly localWorkers: number;
  /** Coordinator: workers to wait for before the run starts. */
  readonly minWorkers: number;
  /** Coordinator: a worker that has not synced for this long is lost. */
  readonly workerTimeoutMs: number;
}

export interface Thresholds {
  /** A fraction: 0.01 allows 1% failed requests. */
  readonly maxErrorRate: number | undefined;
  readonly maxP99Ms: number | undefined;
  readonly minRps: number | undefined;
}

/** Each setting: its flag, its environment variable, and what it means (for --help and the README). */
export const SETTINGS = {
  url: { env: 'FRONTEND_URL', help: 'frontend base URL, e.g. http://127.0.0.1:8080 (wins over --host)' },
  host: { env: 'FRONTEND_ADDR', help: 'frontend host:port, as the original takes it (required unless --url)' },
  users: { env: 'USERS', help: 'concurrent users; sessions in the open model (default 10)' },
  rate: { env: 'RATE', help: 'users spawned per second (default 1)' },
  'think-time': { env: 'THINK_TIME', help: 'pause between a user’s tasks: "1s-10s" (default), "500ms-2s", "2s", "0"' },
  duration: { env: 'DURATION', help: 'run length, e.g. "60s", "5m"; empty runs until SIGINT/SIGTERM' },
  'target-rps': {
    env: 'TARGET_RPS',
    help: 'open model: requests/s with Poisson task arrivals (ignores --rate, think time)',
  },
  'max-in-flight': {
    env: 'MAX_IN_FLIGHT',
    help: 'open model: tasks in flight before arrivals are dropped (default 1000)',
  },
  'task-weights': {
    env: 'TASK_WEIGHTS',
    help: 'e.g. "browseProduct=5,checkout=2,logout=1"; unlisted tasks keep their defaults',
  },
  'max-tasks': { env: 'MAX_TASKS', help: 'stop after starting this many tasks' },
  connections: { env: 'CONNECTIONS', help: 'keep-alive connections (default: users up to 512; open model 256)' },
  timeout: { env: 'REQUEST_TIMEOUT', help: 'per-request timeout (default 30s)' },
  seed: { env: 'SEED', help: 'seed for every random choice (default: random)' },
  'progress-interval': { env: 'PROGRESS_INTERVAL', help: 'progress line interval (default 5s)' },
  'wait-for-frontend-retries': {
    env: 'WAIT_FOR_FRONTEND_RETRIES',
    help: 'GET / attempts before starting; 0 skips (default 12)',
  },
  'wait-for-frontend-interval': {
    env: 'WAIT_FOR_FRONTEND_INTERVAL',
    help: 'pause between those attempts (default 10s)',
  },
  'max-error-rate': { env: 'MAX_ERROR_RATE', help: 'threshold: failed/total requests, "0.01" or "1%"' },
  'max-p99-ms': { env: 'MAX_P99_MS', help: 'threshold: aggregated p99 latency in ms' },
  'min-rps': { env: 'MIN_RPS', help: 'threshold: aggregated requests/s' },
  json: { env: 'REPORT_JSON', help: 'write the JSON report to this file' },
  html: { env: 'REPORT_HTML', help: 'write the self-contained HTML report to this file' },
  coordinator: {
    env: 'COORDINATOR_PORT',
    help: 'coordinate a fleet: workers join on this port (default 5557); runs no load itself',
  },
  join: { env: 'COORDINATOR_ADDR', help: 'be a worker of the coordinator at host:port; it sends every setting' },
  workers: { env: 'WORKERS', help: 'start this many worker processes here and coordinate them (default 0)' },
  'min-workers': {
    env: 'MIN_WORKERS',
    help: 'coordinator: workers to wait for before starting (default --workers or 1)',
  },
  'worker-timeout': { env: 'WORKER_TIMEOUT', help: 'coordinator: a worker silent this long is lost (default 10s)' },
  web: { env: 'WEB_PORT', help: 'serve the live dashboard on this port (default 8089)' },
  bind: { env: 'BIND_ADDR', help: 'address the coordinator and dashboard listen on (default 127.0.0.1)' },
} as const;

// Flags whose value may be left out: "--coordinator" alone means the default port.
const DEFAULT_VALUES: Readonly<Record<string, string>> = { '--coordinator': '5557', '--web': '8089' };

/** Inserts the default value after a flag that may stand alone, when it does. */
function withDefaultValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  argv.forEach((arg, i) => {
    out.push(arg);
    const fallback = DEFAULT_VALUES[arg];
    const next = argv[i + 1];
    if (fallback !== undefined && (next === undefined || next.startsWith('-'))) out.push(fallback);
  });
  return out;
}
type SettingName = keyof typeof SETTINGS;

// A bare number is seconds for the run length only, as Locust's --run-time takes it ("DURATION=90"); every other
// duration needs its unit.
const BARE_SECONDS = /^\d+(?:\.\d+)?$/;

/** Parses the run length: a duration such as "60s", "5m" or "1m30s", or a bare number of seconds. */
export function parseRunLength(text: string): number | undefined {
  const value = text.trim();
  return BARE_SECONDS.test(value) ? Number(value) * 1000 : parseDuration(value);
}

/** Parses a think time: "1s-10s", "500ms-2s", a constant "2s", or "0"; undefined if malformed or reversed. */
export function parseThinkTime(text: string): { min: number; max: number } | undefined {
  const [low = '', high, extra] = text.split('-');
  if (extra !== undefined) return undefined;
  const min = parseDuration(low);
  const max = high === undefined ? min : parseDuration(high);
  if (min === undefined || max === undefined || max < min) return undefined;
  return { min, max };
}

/** Applies "name=weight,..." over the defaults; returns the problems instead when there are any. */
export function parseWeights(text: string): TaskWeights | string[] {
  const weights: Record<TaskName, number> = { ...DEFAULT_WEIGHTS };
  const problems: string[] = [];
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const [name = '', value = '', extra] = part.split('=').map((s) => s.trim());
    const weight = Number(value);
    if (!(TASK_NAMES as readonly string[]).includes(name)) {
      problems.push(`unknown task "${name}" (tasks: ${TASK_NAMES.join(', ')})`);
    } else if (extra !== undefined || value === '' || !Number.isFinite(weight) || weight < 0) {
      problems.push(`task weight "${part.trim()}" must be name=<non-negative number>`);
    } else {
      weights[name as TaskName] = weight;
    }
  }
  if (problems.length === 0 && TASK_NAMES.every((name) => weights[name] === 0)) problems.push('every task weight is 0');
  return problems.length > 0 ? problems : Object.freeze(weights);
}

/** The usage text for --help. */
export function usage(): string {
  const lines = Object.entries(SETTINGS).map(
    ([flag, { env, help }]) => `  --${flag.padEnd(28)} ${env.padEnd(27)} ${help}`,
  );
  return [
    'Usage: loadgenerator [--url URL | --host HOST:PORT] [options]',
    '       loadgenerator compare BASE.json NEW.json [options]   (compare --help for its options)',
    '',
    `  ${'flag'.padEnd(30)} ${'environment'.padEnd(27)} meaning`,
    ...lines,
    '  --help                         print this text',
    '',
  ].join('\n');
}

/**
 * Reads the configuration from command-line arguments and the environment (a flag wins over its variable; an
 * empty variable counts as unset). Throws one ConfigError naming every problem; the result is frozen.
 */
export function loadConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Config {
  const options = Object.fromEntries(Object.keys(SETTINGS).map((name) => [name, { type: 'string' as const }]));
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({ args: withDefaultValues(argv), options, strict: true, allowPositionals: false })
      .values as Record<string, string | undefined>;
  } catch (err) {
    throw new ConfigError([(err as Error).message]);
  }
  const problems: string[] = [];
  const raw = (name: SettingName): string | undefined => {
    const value = (values[name] ?? env[SETTINGS[name].env])?.trim();
    return value === '' ? undefined : value;
  };
  const label = (name: SettingName) => `--${name}/${SETTINGS[name].env}`;
  const number = (name: SettingName, check: (n: number) => boolean, expected: string): number | undefined => {
    const text = raw(name);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || !check(n)) {
      problems.push(`${label(name)} must be ${expected}, got "${text}"`);
      return undefined;
    }
    return n;
  };
  const duration = (
    name: SettingName,
    fallback: number | undefined,
    allowZero: boolean,
    parse: (text: string) => number | undefined = parseDuration,
  ): number | undefined => {
    const text = raw(name);
    if (text === undefined) return fallback;
    const ms = parse(text);
    if (ms === undefined || (ms === 0 && !allowZero)) {
      problems.push(`${label(name)} must be a ${allowZero ? '' : 'positive '}duration like "60s", got "${text}"`);
      return fallback;
    }
    return ms;
  };
  const positiveInt = (n: number) => Number.isInteger(n) && n > 0;
  const nonNegative = (n: number) => n >= 0;

  const fleet = fleetSettings(raw, label, number, duration, problems);
  // A worker takes the target and every run setting from its coordinator.
  const { origin, basePath } =
    fleet.role === 'worker' ? { origin: '', basePath: '' } : target(raw('url'), raw('host'), problems);
  const users = number('users', positiveInt, 'a positive integer') ?? 10;
  const spawnRate = number('rate', (n) => n > 0, 'a positive number of users per second') ?? 1;
  const thinkText = raw('think-time') ?? '1s-10s';
  const thinkTimeMs = parseThinkTime(thinkText);
  if (thinkTimeMs === undefined) {
    problems.push(`${label('think-time')} must look like "1s-10s", "500ms-2s", "2s" or "0", got "${thinkText}"`);
  }
  let weights: TaskWeights = DEFAULT_WEIGHTS;
  const weightText = raw('task-weights');
  if (weightText !== undefined) {
    const parsed = parseWeights(weightText);
    if (Array.isArray(parsed)) problems.push(...parsed.map((p) => `${label('task-weights')}: ${p}`));
    else weights = parsed as TaskWeights;
  }
  let maxErrorRate: number | undefined;
  const errorRateText = raw('max-error-rate');
  if (errorRateText !== undefined) {
    const percent = errorRateText.endsWith('%');
    const n = Number(percent ? errorRateText.slice(0, -1) : errorRateText) / (percent ? 100 : 1);
    if (errorRateText === '%' || !Number.isFinite(n) || n < 0 || n > 1) {
      problems.push(
        `${label('max-error-rate')} must be a fraction 0..1 or a percentage like "1%", got "${errorRateText}"`,
      );
    } else {
      maxErrorRate = n;
    }
  }
  const seedValue = number('seed', (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'an integer 0..4294967295');
  const targetRps = number('target-rps', (n) => n > 0, 'a positive number');
  const config: Config = {
    origin,
    basePath,
    users,
    spawnRate,
    thinkTimeMs: thinkTimeMs ?? { min: 1000, max: 10_000 },
    durationMs: duration('duration', undefined, false, parseRunLength),
    targetRps,
    maxInFlight: number('max-in-flight', positiveInt, 'a positive integer') ?? 1000,
    weights,
    maxTasks: number('max-tasks', positiveInt, 'a positive integer'),
    // A closed-model user has at most one request in flight; open-model tasks overlap freely.
    connections:
      number('connections', positiveInt, 'a positive integer') ??
      (targetRps === undefined ? Math.min(users, 512) : 256),
    timeoutMs: duration('timeout', 30_000, false)!,
    seed: seedValue ?? Math.floor(Math.random() * 0x100000000),
    progressIntervalMs: duration('progress-interval', 5_000, false)!,
    waitForFrontend: {
      retries: number('wait-for-frontend-retries', (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0') ?? 12,
      intervalMs: duration('wait-for-frontend-interval', 10_000, true)!,
    },
    thresholds: Object.freeze({
      maxErrorRate,
      maxP99Ms: number('max-p99-ms', nonNegative, 'a number of milliseconds ≥ 0'),
      minRps: number('min-rps', nonNegative, 'a number ≥ 0'),
    }),
    reportJson: raw('json'),
    reportHtml: raw('html'),
    fleet,
    webPort: number('web', isPort, 'a port number 0-65535'),
    bindAddress: raw('bind') ?? '127.0.0.1',
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

const isPort = (n: number) => Number.isInteger(n) && n >= 0 && n <= 65_535;

function fleetSettings(
  raw: (name: SettingName) => string | undefined,
  label: (name: SettingName) => string,
  number: (name: SettingName, check: (n: number) => boolean, expected: string) => number | undefined,
  duration: (name: SettingName, fallback: number | undefined, allowZero: boolean) => number | undefined,
  problems: string[],
): FleetSettings {
  const coordinatorPort = number('coordinator', isPort, 'a port number 0-65535');
  const coordinatorAddress = raw('join');
  const localWorkers = number('workers', (n) => Number.isInteger(n) && n >= 0, 'an integer ≥ 0') ?? 0;
  const coordinating = coordinatorPort !== undefined || localWorkers > 0;
  if (coordinatorAddress !== undefined && coordinating) {
    problems.push(`${label('join')} makes this process a worker; it cannot also coordinate or start workers`);
  }
  if (coordinatorAddress !== undefined && !/^[^\s/:]+:\d{1,5}$|^\[[0-9a-f:]+\]:\d{1,5}$/i.test(coordinatorAddress)) {
    problems.push(`${label('join')} must be host:port, got "${coordinatorAddress}"`);
  }
  return {
    role: coordinatorAddress !== undefined ? 'worker' : coordinating ? 'coordinator' : 'single',
    // Workers started here need a port; any free one will do.
    coordinatorPort: coordinatorPort ?? (localWorkers > 0 ? 0 : undefined),
    coordinatorAddress,
    localWorkers,
    minWorkers:
      number('min-workers', (n) => Number.isInteger(n) && n > 0, 'a positive integer') ?? Math.max(1, localWorkers),
    workerTimeoutMs: duration('worker-timeout', 10_000, false)!,
  };
}

function target(url: string | undefined, host: string | undefined, problems: string[]) {
  let text = url;
  if (text === undefined && host !== undefined) text = `http://${host}`;
  if (text === undefined) {
    problems.push('the frontend is not set: give --url, --host or FRONTEND_ADDR (host:port)');
    return { origin: '', basePath: '' };
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    problems.push(`the frontend address "${text}" is not a valid URL or host:port`);
    return { origin: '', basePath: '' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    problems.push(`the frontend address "${text}" must use http or https`);
  }
  return { origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, '') };
}
