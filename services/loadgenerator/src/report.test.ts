import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './config';
import type { WorkerSummary } from './fleet-protocol';
import { describeRun, formatTable, generatorLoad, lineChart, niceCeil, toHtml, toJson } from './report';
import type { RunResult } from './runner';
import type { RouteSummary } from './stats';
import type { Breach } from './thresholds';

const row = (name: string, requests: number, failures: number, p99: number): RouteSummary => ({
  name,
  requests,
  failures,
  rps: requests / 10,
  mean: p99 / 2,
  bytes: requests * 100,
  p50: p99 / 4,
  p95: p99 / 2,
  p99,
  max: p99 * 2,
});

function sampleResult(overrides: Partial<RunResult> = {}): RunResult {
  return {
    startedAt: '2026-01-02T03:04:05.000Z',
    elapsedS: 10,
    model: 'closed',
    stoppedBy: 'duration',
    routes: [row('GET /', 1200, 0, 4), row('GET /cart', 300, 3, 120)],
    total: row('Aggregated', 1500, 3, 110),
    failures: [{ route: 'GET /cart', reason: 'HTTP 500', count: 3 }],
    series: [
      { t: 5, users: 5, rps: 150, failuresPerSecond: 0.2, p50: 1, p95: 5, p99: 9, max: 20 },
      { t: 10, users: 5, rps: 150, failuresPerSecond: 0.4, p50: 2, p95: 6, p99: 10, max: 30 },
    ],
    tasks: { browseProduct: 900, viewCart: 300 },
    dropped: 0,
    cpuSeconds: 2.5,
    ...overrides,
  };
}

const config = (...flags: string[]) =>
  loadConfig(['--url', 'http://127.0.0.1:8080', '--seed', '7', '--users', '5', ...flags], {});

describe('describeRun', () => {
  it('closed model, open model, and the ways a run ends', () => {
    assert.equal(
      describeRun(config('--think-time', '0', '--duration', '10s')),
      'http://127.0.0.1:8080/ · closed model, 5 users spawned at 1/s, think time 0 · for 10 s · seed 7',
    );
    assert.equal(
      describeRun(config('--think-time', '1s-2s', '--max-tasks', '50')),
      'http://127.0.0.1:8080/ · closed model, 5 users spawned at 1/s, think time 1000-2000 ms · at most 50 tasks · seed 7',
    );
    assert.equal(
      describeRun(config('--target-rps', '300', '--think-time', '2s')),
      'http://127.0.0.1:8080/ · open model, 300 req/s Poisson arrivals over 5 sessions · until stopped · seed 7',
    );
  });
});

describe('formatTable', () => {
  it('aligned rows, the aggregated row, failures by reason, the summary and the generator’s load', () => {
    assert.equal(
      formatTable(sampleResult()),
      [
        'Route       Requests  Failures  Req/s  p50 ms  p95 ms  p99 ms  max ms',
        '---------------------------------------------------------------------',
        'GET /          1,200         0  120.0    1.00    2.00    4.00    8.00',
        'GET /cart        300         3   30.0    30.0    60.0     120     240',
        '---------------------------------------------------------------------',
        'Aggregated     1,500         3  150.0    27.5    55.0     110     220',
        '',
        'Failures:',
        '         3  GET /cart  HTTP 500',
        '',
        '1,500 requests in 10.0 s (150.0 req/s), 3 failures (0.20%), stopped by duration',
        'generator CPU: 25% of one core',
        '',
      ].join('\n'),
    );
  });

  it('dropped arrivals (open model) → their own line', () => {
    assert.match(formatTable(sampleResult({ dropped: 12 })), /\nDropped arrivals \(max in flight reached\): 12\n/);
  });
});

describe('generatorLoad', () => {
  it('below 90% of a core → the figure; at 90% → a warning that the generator may be the bottleneck', () => {
    assert.equal(generatorLoad(sampleResult({ cpuSeconds: 8.9 })), 'generator CPU: 89% of one core');
    assert.equal(
      generatorLoad(sampleResult({ cpuSeconds: 9 })),
      'generator CPU: 90% of one core (near saturation: the generator may be the bottleneck; run more of them)',
    );
  });
});

describe('toJson', () => {
  it('the settings, the figures, the verdict and the series, in this shape', () => {
    const breaches: Breach[] = [{ threshold: 'max-p99-ms', limit: 100, actual: 110, message: 'p99 …' }];
    const result = sampleResult();
    const report = JSON.parse(toJson({ config: config('--think-time', '0', '--max-p99-ms', '100'), result, breaches }));
    assert.deepEqual(report, {
      tool: 'boutique-loadgenerator',
      startedAt: '2026-01-02T03:04:05.000Z',
      elapsedSeconds: 10,
      model: 'closed',
      stoppedBy: 'duration',
      settings: {
        target: 'http://127.0.0.1:8080/',
        users: 5,
        spawnRate: 1,
        thinkTimeMs: { min: 0, max: 0 },
        durationMs: null,
        targetRps: null,
        maxTasks: null,
        weights: {
          index: 1,
          setCurrency: 2,
          browseProduct: 10,
          addToCart: 2,
          viewCart: 3,
          checkout: 1,
          emptyCart: 0,
          logout: 0,
        },
        seed: 7,
      },
      total: result.total,
      routes: result.routes,
      failures: result.failures,
      tasks: result.tasks,
      dropped: 0,
      generator: { cpuSeconds: 2.5, cpuPercentOfOneCore: 25 },
      thresholds: { maxErrorRate: null, maxP99Ms: 100, minRps: null, passed: false, breaches },
      series: result.series,
      environment: null,
      fleet: null,
    });
  });
});

describe('toHtml', () => {
  const page = (breaches: Breach[], ...flags: string[]) =>
    toHtml({ config: config('--think-time', '0', ...flags), result: sampleResult(), breaches });

  it('self-contained: no script, stylesheet link, image, external source or CSS url; three inline SVG charts', () => {
    const html = page([]);
    assert.match(html, /^<!doctype html>/);
    assert.doesNotMatch(html, /<script|<link|<img|src=|url\(|@import|https?:\/\/(?!127\.0\.0\.1:8080)/i);
    assert.equal(html.match(/<svg /g)?.length, 3);
    // Requests/s at t = 5 s and 10 s of 10 s: 150 of an axis up to 200.
    assert.match(html, /<polyline points="574\.0,96\.0 1084\.0,96\.0" fill="none" stroke="#3d5afe"/);
  });

  it('the verdict: no thresholds, all held, or each breach listed', () => {
    assert.match(page([]), /<p class="muted">No thresholds were set\.<\/p>/);
    assert.match(page([], '--min-rps', '1'), /<p class="pass">All thresholds held\.<\/p>/);
    const breach: Breach = { threshold: 'min-rps', limit: 1000, actual: 150, message: 'throughput too low' };
    assert.match(page([breach], '--min-rps', '1000'), /<ul class="fail"><li>throughput too low<\/li><\/ul>/);
  });

  it('route names and reasons are escaped, so a hostile path cannot inject markup', () => {
    const result = sampleResult({
      routes: [row('GET /<script>alert(1)</script>', 1, 1, 1)],
      failures: [{ route: 'GET /"x"', reason: "it's <b>bad</b> & worse", count: 1 }],
    });
    const html = toHtml({ config: config(), result, breaches: [] });
    assert.doesNotMatch(html, /<script>|<b>bad/);
    assert.match(html, /GET \/&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /it&#39;s &lt;b&gt;bad&lt;\/b&gt; &amp; worse/);
  });
});

describe('niceCeil', () => {
  for (const [value, ceil] of [
    [0, 1],
    [-3, 1],
    [0.7, 1],
    [1, 1],
    [1.01, 2],
    [3, 5],
    [7, 10],
    [120, 200],
    [5000, 5000],
  ] as const) {
    it(`${value} → ${ceil}`, () => assert.equal(niceCeil(value), ceil));
  }
});

describe('lineChart', () => {
  it('maps the first point to the left edge and the top of the axis to the top of the plot', () => {
    const svg = lineChart('Rate', 'req/s', [0, 10], [{ name: 'rps', color: '#000', values: [0, 100] }]);
    // The plot spans x 64..1084 and y 40..264; 100 req/s is the axis' top (niceCeil(100) = 100).
    assert.match(svg, /<polyline points="64\.0,264\.0 1084\.0,40\.0" fill="none" stroke="#000"/);
    assert.match(svg, /aria-label="Rate"/);
  });
});

describe('a fleet’s result in the reports', () => {
  const worker = (id: number, status: 'finished' | 'lost', extra: Partial<WorkerSummary> = {}): WorkerSummary => ({
    id,
    hostname: 'node-a',
    pid: 100 + id,
    cores: 2,
    status,
    joinedAtS: 0,
    endedAtS: null,
    reason: null,
    requests: 700,
    failures: 1,
    p50: 1,
    p99: 9.5,
    tasksStarted: 500,
    cpuSeconds: 4,
    histogram: '',
    ...extra,
  });
  const fleetResult = sampleResult({
    fleet: {
      workers: [
        worker(1, 'finished'),
        worker(2, 'lost', { endedAtS: 3.25, reason: 'no sync for 10.0 s', requests: 800, cpuSeconds: 9.5 }),
      ],
      lost: 1,
      coordinatorCpuSeconds: 0.2,
    },
  });

  it('the table lists each worker, and how and when a lost one ended', () => {
    const text = formatTable(fleetResult);
    assert.match(
      text,
      /\nWorkers: 2, 1 lost\n {2}#1 node-a \(pid 101\): 700 requests, 1 failures, p99 9\.50 ms\n {2}#2 node-a \(pid 102\): 800 requests, 1 failures, p99 9\.50 ms · LOST at 3\.3 s: no sync for 10\.0 s\n/,
    );
  });

  it('the generator line gives each worker’s CPU and the coordinator’s, warning at 90% of a core', () => {
    assert.equal(
      generatorLoad(fleetResult),
      "workers' CPU: 40%, 95% of one core each; coordinator 2% (a worker near saturation: add workers)",
    );
  });

  it('the HTML lists the workers, the lost one marked', () => {
    const html = toHtml({ config: config(), result: fleetResult, breaches: [] });
    assert.match(html, /<h2>Workers<\/h2>/);
    assert.match(html, /<span class="fail">lost<\/span>: no sync for 10\.0 s/);
  });
});
