import type { Config } from './config';
import type { RunEnvironment } from './environment';
import type { FleetSummary } from './fleet-protocol';
import { count, failurePercent, ms, rate } from './format';
import type { RunResult } from './runner';
import type { RouteSummary, SeriesPoint } from './stats';
import { anyThresholdSet, type Breach } from './thresholds';

/** What the reports are made from. */
export interface ReportInput {
  readonly config: Config;
  readonly result: RunResult;
  readonly breaches: readonly Breach[];
  /** Where it ran; absent, the report says nothing of it. */
  readonly environment?: RunEnvironment;
}

/** The generator's CPU time as a percentage of one core over the run; 0 when no time elapsed. */
export const cpuPercent = (result: RunResult) =>
  result.elapsedS > 0 ? (100 * result.cpuSeconds) / result.elapsedS : 0;

/** One line describing what was run, printed before the start and shown in the reports. */
export function describeRun(config: Config): string {
  const think = config.thinkTimeMs;
  const thinkText =
    think.max === 0 ? '0' : think.min === think.max ? `${think.min} ms` : `${think.min}-${think.max} ms`;
  const model =
    config.targetRps === undefined
      ? `closed model, ${config.users} users spawned at ${config.spawnRate}/s, think time ${thinkText}`
      : `open model, ${config.targetRps} req/s Poisson arrivals over ${config.users} sessions`;
  const until = [
    config.durationMs === undefined ? undefined : `for ${config.durationMs / 1000} s`,
    config.maxTasks === undefined ? undefined : `at most ${config.maxTasks} tasks`,
  ].filter((part) => part !== undefined);
  return `${config.origin}${config.basePath}/ · ${model} · ${until.length > 0 ? until.join(', ') : 'until stopped'} · seed ${config.seed}`;
}

/** The final table: one row per route and the aggregated row, aligned for a terminal. */
export function formatTable(result: RunResult): string {
  const header = ['Route', 'Requests', 'Failures', 'Req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const cells = (row: RouteSummary) => [
    row.name,
    count(row.requests),
    count(row.failures),
    rate(row.rps),
    ms(row.p50),
    ms(row.p95),
    ms(row.p99),
    ms(row.max),
  ];
  const body = result.routes.map(cells);
  const total = cells(result.total);
  const widths = header.map((h, i) => Math.max(h.length, ...[...body, total].map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  const out = [line(header), rule, ...body.map(line), rule, line(total)];
  if (result.failures.length > 0) {
    out.push('', 'Failures:');
    for (const f of result.failures) out.push(`  ${count(f.count).padStart(8)}  ${f.route}  ${f.reason}`);
  }
  if (result.dropped > 0) out.push('', `Dropped arrivals (max in flight reached): ${count(result.dropped)}`);
  if (result.fleet !== undefined) out.push('', ...workerLines(result));
  const failRate = failurePercent(result.total);
  out.push(
    '',
    `${count(result.total.requests)} requests in ${result.elapsedS.toFixed(1)} s (${rate(result.total.rps)} req/s), ` +
      `${count(result.total.failures)} failures (${failRate.toFixed(2)}%), stopped by ${result.stoppedBy}`,
    generatorLoad(result),
  );
  return `${out.join('\n')}\n`;
}

/** One line per worker of a fleet: what it measured, and how and when it ended if it did early. */
export function workerLines(result: RunResult): string[] {
  const fleet = result.fleet;
  if (fleet === undefined) return [];
  const lost = fleet.lost > 0 ? `, ${fleet.lost} lost` : '';
  return [
    `Workers: ${fleet.workers.length}${lost}`,
    ...fleet.workers.map((w) => {
      const ended =
        w.status === 'finished' ? '' : ` · ${w.status.toUpperCase()} at ${(w.endedAtS ?? 0).toFixed(1)} s: ${w.reason}`;
      const joined = w.joinedAtS > 0 ? ` · joined at ${w.joinedAtS.toFixed(1)} s` : '';
      return (
        `  #${w.id} ${w.hostname} (pid ${w.pid}): ${count(w.requests)} requests, ${count(w.failures)} failures, ` +
        `p99 ${ms(w.p99)} ms${joined}${ended}`
      );
    }),
  ];
}

/** How busy the generator itself was, with a warning when it may have been the bottleneck. */
export function generatorLoad(result: RunResult): string {
  if (result.fleet !== undefined) return fleetLoad(result, result.fleet);
  const percent = cpuPercent(result);
  const line = `generator CPU: ${percent.toFixed(0)}% of one core`;
  // Node runs the journey on one thread: near a full core, the figures measure the generator, not the shop.
  return percent >= 90 ? `${line} (near saturation: the generator may be the bottleneck; run more of them)` : line;
}

function fleetLoad(result: RunResult, fleet: FleetSummary): string {
  const percentOf = (seconds: number) => (result.elapsedS > 0 ? (100 * seconds) / result.elapsedS : 0);
  const each = fleet.workers.map((w) => percentOf(w.cpuSeconds));
  const line =
    `workers' CPU: ${each.map((p) => `${p.toFixed(0)}%`).join(', ')} of one core each; ` +
    `coordinator ${percentOf(fleet.coordinatorCpuSeconds).toFixed(0)}%`;
  return Math.max(0, ...each) >= 90 ? `${line} (a worker near saturation: add workers)` : line;
}

/** The JSON report: settings, per-route rows, failures, task counts, the time series and the threshold verdict. */
export function toJson(input: ReportInput): string {
  const { config, result, breaches, environment } = input;
  return `${JSON.stringify(
    {
      tool: 'boutique-loadgenerator',
      startedAt: result.startedAt,
      elapsedSeconds: result.elapsedS,
      model: result.model,
      stoppedBy: result.stoppedBy,
      settings: {
        target: `${config.origin}${config.basePath}/`,
        users: config.users,
        spawnRate: config.spawnRate,
        thinkTimeMs: config.thinkTimeMs,
        durationMs: config.durationMs ?? null,
        targetRps: config.targetRps ?? null,
        maxTasks: config.maxTasks ?? null,
        weights: config.weights,
        seed: config.seed,
      },
      total: result.total,
      routes: result.routes,
      failures: result.failures,
      tasks: result.tasks,
      dropped: result.dropped,
      generator: { cpuSeconds: result.cpuSeconds, cpuPercentOfOneCore: cpuPercent(result) },
      thresholds: {
        maxErrorRate: config.thresholds.maxErrorRate ?? null,
        maxP99Ms: config.thresholds.maxP99Ms ?? null,
        minRps: config.thresholds.minRps ?? null,
        passed: breaches.length === 0,
        breaches,
      },
      series: result.series,
      environment: environment ?? null,
      fleet: result.fleet ?? null,
    },
    null,
    2,
  )}\n`;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

interface Line {
  readonly name: string;
  readonly color: string;
  readonly values: readonly number[];
}

/** An inline SVG line chart over the series' time axis; no script, no external resource. */
export function lineChart(title: string, unit: string, xs: readonly number[], lines: readonly Line[]): string {
  const width = 1100;
  const height = 300;
  const left = 64;
  const right = 16;
  const top = 40;
  const bottom = 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const xMax = Math.max(1, ...xs);
  const yMax = niceCeil(Math.max(0, ...lines.flatMap((l) => l.values)));
  const x = (t: number) => left + (t / xMax) * plotW;
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const parts: string[] = [
    `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}">`,
    `<text x="${left}" y="20" class="title">${escapeHtml(title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`,
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${Number(v.toPrecision(3))}</text>`,
    );
  }
  const xStep = niceCeil(xMax / 8);
  for (let t = 0; t <= xMax + 1e-9; t += xStep) {
    parts.push(
      `<text x="${x(t)}" y="${height - bottom + 18}" text-anchor="middle">${Number(t.toPrecision(4))}s</text>`,
    );
  }
  parts.push(`<text x="${left - 6}" y="${top - 8}" text-anchor="end" class="unit">${escapeHtml(unit)}</text>`);
  let legendX = left + 260;
  for (const line of lines) {
    const points = line.values.map((v, i) => `${x(xs[i]!).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline points="${points}" fill="none" stroke="${line.color}" stroke-width="2"/>`,
      `<rect x="${legendX}" y="11" width="14" height="4" fill="${line.color}"/>`,
      `<text x="${legendX + 20}" y="18">${escapeHtml(line.name)}</text>`,
    );
    legendX += 40 + line.name.length * 8;
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function workersTable(result: RunResult): string {
  const fleet = result.fleet;
  if (fleet === undefined) return '';
  const rows = fleet.workers
    .map((w) => {
      const status = w.status === 'lost' ? `<span class="fail">lost</span>` : escapeHtml(w.status);
      const cells = [count(w.requests), count(w.failures), ms(w.p50), ms(w.p99), w.cpuSeconds.toFixed(1)];
      return (
        `<tr><td class="name">#${w.id} ${escapeHtml(w.hostname)} (pid ${w.pid})</td><td class="name">${status}` +
        `${w.reason === null ? '' : `: ${escapeHtml(w.reason)}`}</td>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`
      );
    })
    .join('');
  return `<h2>Workers</h2>
<table><tr><th class="name">Worker</th><th class="name">Status</th><th>Requests</th><th>Failures</th><th>p50 ms</th><th>p99 ms</th><th>CPU s</th></tr>${rows}</table>`;
}

/** The self-contained HTML report: summary, thresholds, charts over time, per-route and failure tables. */
export function toHtml(input: ReportInput): string {
  const { config, result, breaches } = input;
  const s: readonly SeriesPoint[] = result.series;
  const xs = s.map((p) => p.t);
  const t = result.total;
  const failRate = failurePercent(t);
  const row = (r: RouteSummary, tag = 'td') =>
    `<tr><${tag} class="name">${escapeHtml(r.name)}</${tag}>${[
      count(r.requests),
      count(r.failures),
      rate(r.rps),
      ms(r.p50),
      ms(r.p95),
      ms(r.p99),
      ms(r.max),
    ]
      .map((c) => `<${tag}>${c}</${tag}>`)
      .join('')}</tr>`;
  const verdict = !anyThresholdSet(config.thresholds)
    ? '<p class="muted">No thresholds were set.</p>'
    : breaches.length === 0
      ? '<p class="pass">All thresholds held.</p>'
      : `<ul class="fail">${breaches.map((b) => `<li>${escapeHtml(b.message)}</li>`).join('')}</ul>`;
  const failures =
    result.failures.length === 0
      ? '<p class="muted">No failures.</p>'
      : `<table><tr><th class="name">Route</th><th class="name">Reason</th><th>Count</th></tr>${result.failures
          .map(
            (f) =>
              `<tr><td class="name">${escapeHtml(f.route)}</td><td class="name">${escapeHtml(f.reason)}</td><td>${count(f.count)}</td></tr>`,
          )
          .join('')}</table>`;
  const tasks = Object.entries(result.tasks)
    .map(([name, n]) => `<tr><td class="name">${escapeHtml(name)}</td><td>${count(n)}</td></tr>`)
    .join('');
  const card = (label: string, value: string) =>
    `<div class="card"><div class="label">${label}</div><div class="value">${value}</div></div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Load test report · ${escapeHtml(result.startedAt)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1140px; color: #1d1d2c; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.muted { color: #6b6b80; } .pass { color: #0a7d32; font-weight: 600; } .fail { color: #b3261e; font-weight: 600; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 16px; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 10px 14px; min-width: 140px; }
.card .label { color: #6b6b80; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 22px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid #eee; text-align: right; }
th.name, td.name { text-align: left; } tr.total th { border-top: 2px solid #999; }
svg { background: #fafafc; border: 1px solid #eee; border-radius: 8px; margin: 8px 0; }
svg text { font: 12px system-ui, sans-serif; fill: #55556a; } svg .title { font-size: 14px; font-weight: 600; fill: #1d1d2c; }
svg .grid { stroke: #e4e4ec; }
</style>
</head>
<body>
<h1>Online Boutique load test</h1>
<div class="muted">${escapeHtml(describeRun(config))}</div>
<div class="muted">Started ${escapeHtml(result.startedAt)} · ran ${result.elapsedS.toFixed(1)} s · stopped by ${result.stoppedBy} · ${escapeHtml(generatorLoad(result))}</div>
<div class="cards">
${card('Requests', count(t.requests))}
${card('Failures', `${count(t.failures)} (${failRate.toFixed(2)}%)`)}
${card('Req/s', rate(t.rps))}
${card('p50', `${ms(t.p50)} ms`)}
${card('p99', `${ms(t.p99)} ms`)}
${card('Max', `${ms(t.max)} ms`)}
</div>
<h2>Thresholds</h2>
${verdict}
<h2>Over time</h2>
${lineChart('Throughput', 'req/s', xs, [
  { name: 'requests/s', color: '#3d5afe', values: s.map((p) => p.rps) },
  { name: 'failures/s', color: '#d32f2f', values: s.map((p) => p.failuresPerSecond) },
])}
${lineChart('Latency percentiles', 'ms', xs, [
  { name: 'p50', color: '#2e7d32', values: s.map((p) => p.p50) },
  { name: 'p95', color: '#f9a825', values: s.map((p) => p.p95) },
  { name: 'p99', color: '#c62828', values: s.map((p) => p.p99) },
])}
${lineChart(result.model === 'open' ? 'Tasks in flight' : 'Users', result.model === 'open' ? 'tasks' : 'users', xs, [
  { name: result.model === 'open' ? 'in flight' : 'users', color: '#6a1b9a', values: s.map((p) => p.users) },
])}
<h2>Per route</h2>
<table>
<tr><th class="name">Route</th><th>Requests</th><th>Failures</th><th>Req/s</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>Max ms</th></tr>
${result.routes.map((r) => row(r)).join('\n')}
${row(t, 'th').replace('<tr>', '<tr class="total">')}
</table>
<h2>Failures</h2>
${failures}
${workersTable(result)}
<h2>Tasks started</h2>
<table><tr><th class="name">Task</th><th>Count</th></tr>${tasks}</table>
${result.dropped > 0 ? `<p class="fail">${count(result.dropped)} arrivals were dropped because ${config.maxInFlight} tasks were already in flight.</p>` : ''}
</body>
</html>
`;
}
