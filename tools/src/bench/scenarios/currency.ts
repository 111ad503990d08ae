// `npm run bench currency`: Convert on the real currencyservice against a no-op grpc-js server that
// answers the same method with a fixed Money (the ceiling of any grpc-js service here). Each server
// runs pinned to one core; h2load, a C client that speaks gRPC framing, drives it from the other core
// at concurrency 64. A grpc-js client would saturate before the server does. h2load counts HTTP
// statuses only, and a gRPC error is still HTTP 200, so a raw HTTP/2 probe sends the very same
// request body before and after each run and checks grpc-status 0 and the decoded answer.
// Runs on its own too: `node tools/dist/bench/scenarios/currency.js` (after `npm run build`).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { hipstershop } from '@boutique/kit';
import { freePort } from '../../ports';
import { GRPC_NODE_FLAGS, REPO_ROOT, RUNTIME_ENV } from '../../services';
import { NOOP_ANSWER } from '../noop-currency-server';
import { cpuSeconds, rssMb } from '../proc';
import { renderTable } from '../table';
import type { BenchRow, BenchScenario } from '../types';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// Node flags for both servers alike: by default the ones npm start and the images run every gRPC service with.
const NODE_FLAGS = process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [...GRPC_NODE_FLAGS];
const WARM_UP_REQUESTS = 20_000;
// Concurrency 64: 4 connections × 16 concurrent streams each.
const CONNECTIONS = 4;
const STREAMS = 16;
const LOAD_CORE = '0';
const SERVER_CORE = '1';

const CONVERT_PATH = '/hipstershop.CurrencyService/Convert';
const convertMethod = hipstershop.CurrencyService.service.Convert;
// USD 19.99 → EUR: the first reference vector; the real service answers EUR 17.682441398 exactly.
const REQUEST = { from: { currencyCode: 'USD', units: '19', nanos: 990_000_000 }, toCode: 'EUR' };
const CURRENCY_ANSWER = { currencyCode: 'EUR', units: '17', nanos: 682_441_398 };

interface Target {
  name: string;
  args: string[];
  expected: unknown;
}

const TARGETS: Target[] = [
  { name: 'no-op grpc-js server', args: [path.join(__dirname, '../noop-currency-server.js')], expected: NOOP_ANSWER },
  {
    name: 'currencyservice',
    args: [
      `--require=${require.resolve('@boutique/kit/tracing')}`,
      path.join(REPO_ROOT, 'services/currencyservice/dist/main.js'),
    ],
    expected: CURRENCY_ANSWER,
  },
];

/** A gRPC length-prefixed message: flag 0 (uncompressed), 4-byte big-endian length, the protobuf bytes. */
function grpcFrame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/**
 * Sends one Convert with exactly the body h2load sends, over raw HTTP/2, and returns the grpc-status
 * and the decoded answer: proof that the load is real calls answered with real results.
 */
async function probe(port: number, body: Buffer): Promise<{ grpcStatus: string; answer?: unknown; message?: string }> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on('error', () => {}); // reported through the stream below
  try {
    const stream = session.request({
      ':method': 'POST',
      ':path': CONVERT_PATH,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    let headers: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on('response', (received) => {
      headers = received;
    });
    stream.on('trailers', (received) => {
      trailers = received;
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.setTimeout(5_000, () => stream.close(http2.constants.NGHTTP2_CANCEL));
    stream.end(body);
    await once(stream, 'close');
    // A trailers-only error response carries grpc-status in its headers.
    const grpcStatus = String(trailers['grpc-status'] ?? headers['grpc-status'] ?? 'none');
    const data = Buffer.concat(chunks);
    const answer = data.length >= 5 ? convertMethod.responseDeserialize(data.subarray(5)) : undefined;
    return { grpcStatus, answer, message: String(trailers['grpc-message'] ?? headers['grpc-message'] ?? '') };
  } finally {
    session.close();
  }
}

async function verify(target: Target, port: number, body: Buffer, when: string): Promise<void> {
  const result = await probe(port, body);
  if (result.grpcStatus !== '0' || !isDeepStrictEqual(result.answer, target.expected)) {
    throw new Error(
      `${target.name} ${when}: grpc-status ${result.grpcStatus} "${result.message}", answer ${JSON.stringify(result.answer)}`,
    );
  }
}

function pinned(core: string, command: string, args: string[]): [string, string[]] {
  return availableParallelism() >= 2 ? ['taskset', ['-c', core, command, ...args]] : [command, args];
}

async function startServer(target: Target, body: Buffer): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const [command, args] = pinned(SERVER_CORE, process.execPath, [...NODE_FLAGS, ...target.args]);
  const child = spawn(command, args, {
    env: { ...RUNTIME_ENV, ...process.env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${target.name} exited with status ${child.exitCode}`);
    try {
      await verify(target, port, body, 'before the run');
      return { child, port };
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw err;
      }
      await sleep(100);
    }
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 6_000);
  await exited;
  clearTimeout(killer);
}

interface LoadResult {
  /** Server CPU time (user + system) per request: unlike QPS, barely moved by other work on the machine. */
  cpuUsPerRequest: number;
  qps: number;
  done: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Runs h2load: `bound` is ['-n', count] or ['-D', seconds]; with a log file, one line per request. */
async function h2load(port: number, bodyFile: string, bound: string[], logFile?: string): Promise<string> {
  const h2loadArgs = [
    ...['-c', String(CONNECTIONS), '-m', String(STREAMS), '-t', '1', ...bound],
    ...['-d', bodyFile, '-H', 'content-type: application/grpc', '-H', 'te: trailers'],
    ...(logFile ? ['--log-file', logFile] : []),
    `http://127.0.0.1:${port}${CONVERT_PATH}`,
  ];
  const [command, args] = pinned(LOAD_CORE, 'h2load', h2loadArgs);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), (SECONDS + 60) * 1_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(killer);
  if (code !== 0) throw new Error(`h2load failed (status ${code}):\n${output}`);
  return output;
}

/** Warms the server up, then loads it for SECONDS and reads h2load's summary and per-request log. */
async function load(port: number, pid: number, bodyFile: string, logFile: string): Promise<LoadResult> {
  // Warm-up: let the JIT and the heap settle before anything is measured.
  await h2load(port, bodyFile, ['-n', String(WARM_UP_REQUESTS)]);
  const cpuBefore = cpuSeconds(pid);
  const output = await h2load(port, bodyFile, ['-D', String(SECONDS)], logFile);
  const cpu = cpuSeconds(pid) - cpuBefore;
  const qps = /finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(output);
  const requests = /requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(
    output,
  );
  const statuses = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(output);
  if (!qps || !requests || !statuses) throw new Error(`unexpected h2load output:\n${output}`);

  // --log-file: one line per request: start time (µs), HTTP status, time to response end (µs).
  const latencies = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => Number(line.split('\t')[2]) / 1_000)
    .sort((a, b) => a - b);
  return {
    cpuUsPerRequest: (cpu * 1e6) / Number(requests[1]),
    qps: Number(qps[1]),
    done: Number(requests[1]),
    failed: Number(requests[3]) + Number(requests[4]) + Number(statuses[3]) + Number(statuses[4]),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

async function measure(target: Target, round: number, body: Buffer, dir: string): Promise<BenchRow> {
  const { child, port } = await startServer(target, body);
  try {
    const bodyFile = path.join(dir, 'convert-request.bin');
    const result = await load(
      port,
      child.pid!,
      bodyFile,
      path.join(dir, `h2load-${round}-${target.name.replace(/\W+/g, '-')}.log`),
    );
    await verify(target, port, body, 'after the run');
    return {
      name: `round ${round}: ${target.name}`,
      qps: Math.round(result.qps),
      requests: result.done,
      failed: result.failed,
      p50_ms: result.p50Ms,
      p99_ms: result.p99Ms,
      cpu_us_per_req: result.cpuUsPerRequest,
      rss_mb: rssMb(child.pid!),
      peak_rss_mb: peakRssMb(child.pid!),
    };
  } finally {
    await stopServer(child);
  }
}

/** Peak resident memory of a process in MB (VmHWM), or NaN when it is gone. */
function peakRssMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export const scenario: BenchScenario = {
  name: 'currency',
  description:
    `currencyservice Convert vs a no-op grpc-js server: h2load -c ${CONNECTIONS} -m ${STREAMS} (concurrency ` +
    `${CONNECTIONS * STREAMS}) on core ${LOAD_CORE}, server on core ${SERVER_CORE}, ${SECONDS} s × ${ROUNDS} rounds` +
    (NODE_FLAGS.length > 0 ? `, node ${NODE_FLAGS.join(' ')}` : ''),
  needsStack: false,
  async run({ log }) {
    if (spawnSync('h2load', ['--version']).status !== 0) {
      throw new Error('h2load is missing: run tools/provision-bench.sh as root, or apt-get install nghttp2-client');
    }
    if (availableParallelism() < 2) log('only one CPU: servers and load share it, figures are not comparable');
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-currency-'));
    try {
      const body = grpcFrame(convertMethod.requestSerialize(REQUEST));
      writeFileSync(path.join(dir, 'convert-request.bin'), body);
      const rows: BenchRow[] = [];
      const qps: Record<string, number[]> = Object.fromEntries(TARGETS.map((target) => [target.name, []]));
      const cpu: Record<string, number[]> = Object.fromEntries(TARGETS.map((target) => [target.name, []]));
      for (let round = 1; round <= ROUNDS; round++) {
        // Alternate which server goes first, so a drift in the machine's load favours neither.
        for (const target of round % 2 === 1 ? TARGETS : [...TARGETS].reverse()) {
          const load1 = loadavg()[0]!.toFixed(1);
          const row = await measure(target, round, body, dir);
          // Other work on the machine skews both servers: say how busy it was.
          row.load_avg = Number(load1);
          log(
            `${row.name}: ${row.qps} req/s, p50 ${row.p50_ms} ms, p99 ${row.p99_ms} ms, ` +
              `${(row.cpu_us_per_req as number).toFixed(1)} µs cpu/req, rss ${row.rss_mb} MB`,
          );
          if (row.failed !== 0) log(`${row.name}: ${row.failed} requests failed`);
          qps[target.name]!.push(row.qps as number);
          cpu[target.name]!.push(row.cpu_us_per_req as number);
          rows.push(row);
        }
      }
      const median = (values: number[]) => {
        const sorted = [...values].sort((a, b) => a - b);
        const middle = Math.floor(sorted.length / 2);
        return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
      };
      const noop = median(qps[TARGETS[0]!.name]!);
      const currency = median(qps[TARGETS[1]!.name]!);
      const noopCpu = median(cpu[TARGETS[0]!.name]!);
      const currencyCpu = median(cpu[TARGETS[1]!.name]!);
      const pct = (ratio: number) => Math.round(ratio * 1000) / 10;
      rows.push({ name: 'median: no-op', qps: Math.round(noop), cpu_us_per_req: noopCpu });
      rows.push({ name: 'median: currencyservice', qps: Math.round(currency), cpu_us_per_req: currencyCpu });
      rows.push({ name: 'currencyservice / no-op, by qps (target ≥ 90 %)', ratio_pct: pct(currency / noop) });
      // The same ratio from CPU cost per request: what QPS would show on an otherwise idle core.
      rows.push({ name: 'currencyservice / no-op, by cpu per request', ratio_pct: pct(noopCpu / currencyCpu) });
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

if (require.main === module) {
  scenario
    .run({ log: (message) => process.stdout.write(`[currency] ${message}\n`) })
    .then((rows) => process.stdout.write(`\n${renderTable(rows)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`currency bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
}
