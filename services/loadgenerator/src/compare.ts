import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { count, ms, rate } from './format';
import type { RouteSummary } from './stats';

/** The parts of a JSON report (see report.ts) a comparison reads; older reports may lack the last two. */
export interface ReportFile {
  readonly tool: string;
  readonly startedAt: string;
  readonly elapsedSeconds: number;
  readonly model: string;
  readonly settings: Record<string, unknown>;
  readonly total: RouteSummary;
  readonly routes: readonly RouteSummary[];
  readonly environment?: { gitCommit: string | null; cores: number; node: string } | null;
  readonly fleet?: { workers: readonly unknown[] } | null;
}

/** Limits from the command line: growth as a fraction (0.1 = +10 %), error rate in fraction points. */
export interface CompareLimits {
  readonly maxP50Regression?: number;
  readonly maxP95Regression?: number;
  readonly maxP99Regression?: number;
  readonly maxRpsDrop?: number;
  readonly maxErrorRateIncrease?: number;
  /** Rows with fewer requests on either side are shown but not judged: their percentiles are noise. */
  readonly minRequests: number;
}

export type Verdict = 'ok' | 'REGRESSION' | 'not judged';

export interface RowComparison {
  readonly name: string;
  readonly base: RouteSummary | undefined;
  readonly next: RouteSummary | undefined;
  readonly verdict: Verdict;
  /** Each limit the row crossed, as a sentence. */
  readonly crossed: readonly string[];
}

export interface Comparison {
  readonly rows: readonly RowComparison[];
  readonly total: RowComparison;
  /** What differs in how the two runs were made, so their figures do not measure the same thing. */
  readonly differences: readonly string[];
  /** What differs but does not stop a comparison (the commit is usually the point of comparing). */
  readonly notes: readonly string[];
}

/** The relative change from a to b (0.2 = +20 %); 0 when both are 0, Infinity from 0 to more. */
export function change(a: number, b: number): number {
  if (a === b) return 0;
  return a === 0 ? Number.POSITIVE_INFINITY : (b - a) / a;
}

const errorRate = (row: RouteSummary) => (row.requests === 0 ? 0 : row.failures / row.requests);
const signedPercent = (fraction: number) =>
  Number.isFinite(fraction) ? `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)}%` : '+∞';
const points = (fraction: number) => `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(2)} pt`;

function judge(name: string, base: RouteSummary | undefined, next: RouteSummary | undefined, limits: CompareLimits) {
  if (base === undefined || next === undefined)
    return { name, base, next, verdict: 'not judged' as const, crossed: [] };
  if (base.requests < limits.minRequests || next.requests < limits.minRequests) {
    return { name, base, next, verdict: 'not judged' as const, crossed: [] };
  }
  const crossed: string[] = [];
  const latency = [
    ['p50', limits.maxP50Regression],
    ['p95', limits.maxP95Regression],
    ['p99', limits.maxP99Regression],
  ] as const;
  for (const [key, limit] of latency) {
    const grew = change(base[key], next[key]);
    if (limit !== undefined && grew > limit) {
      crossed.push(
        `${key} ${signedPercent(grew)} (${ms(base[key])} → ${ms(next[key])} ms) exceeds +${(limit * 100).toFixed(1)}%`,
      );
    }
  }
  const rpsChange = change(base.rps, next.rps);
  if (limits.maxRpsDrop !== undefined && -rpsChange > limits.maxRpsDrop) {
    crossed.push(
      `req/s ${signedPercent(rpsChange)} (${rate(base.rps)} → ${rate(next.rps)}) drops more than ${(limits.maxRpsDrop * 100).toFixed(1)}%`,
    );
  }
  const errorChange = errorRate(next) - errorRate(base);
  if (limits.maxErrorRateIncrease !== undefined && errorChange > limits.maxErrorRateIncrease) {
    crossed.push(`error rate ${points(errorChange)} exceeds +${(limits.maxErrorRateIncrease * 100).toFixed(2)} pt`);
  }
  return { name, base, next, verdict: crossed.length > 0 ? ('REGRESSION' as const) : ('ok' as const), crossed };
}

const SETTINGS_THAT_MATTER = [
  'target',
  'users',
  'spawnRate',
  'thinkTimeMs',
  'targetRps',
  'durationMs',
  'maxTasks',
  'weights',
];

/** What differs in how the runs were made: model, settings, workers, cores. The seed and versions are notes. */
function differencesBetween(base: ReportFile, next: ReportFile) {
  const differences: string[] = [];
  const notes: string[] = [];
  const show = (value: unknown) => (value === undefined ? 'unknown' : JSON.stringify(value));
  const differ = (label: string, a: unknown, b: unknown, into: string[]) => {
    if (show(a) !== show(b)) into.push(`${label}: ${show(a)} vs ${show(b)}`);
  };
  differ('model', base.model, next.model, differences);
  for (const key of SETTINGS_THAT_MATTER) differ(key, base.settings[key], next.settings[key], differences);
  differ('workers', base.fleet?.workers.length ?? 0, next.fleet?.workers.length ?? 0, differences);
  differ('cores', base.environment?.cores, next.environment?.cores, differences);
  differ('seed', base.settings.seed, next.settings.seed, notes);
  differ('node', base.environment?.node, next.environment?.node, notes);
  differ('commit', base.environment?.gitCommit, next.environment?.gitCommit, notes);
  return { differences, notes };
}

/** Compares two JSON reports route by route and in total, against the limits. */
export function compareReports(base: ReportFile, next: ReportFile, limits: CompareLimits): Comparison {
  const baseRoutes = new Map(base.routes.map((r) => [r.name, r]));
  const nextRoutes = new Map(next.routes.map((r) => [r.name, r]));
  const names = [...new Set([...baseRoutes.keys(), ...nextRoutes.keys()])].sort();
  return {
    rows: names.map((name) => judge(name, baseRoutes.get(name), nextRoutes.get(name), limits)),
    total: judge('Aggregated', base.total, next.total, limits),
    ...differencesBetween(base, next),
  };
}

/** Whether any row, or the total, crossed a limit. */
export const isRegression = (comparison: Comparison): boolean =>
  comparison.total.verdict === 'REGRESSION' || comparison.rows.some((row) => row.verdict === 'REGRESSION');

function cells(row: RowComparison): string[] {
  const { base, next } = row;
  if (base === undefined || next === undefined) {
    return [row.name, base === undefined ? 'only in new' : 'only in base', '', '', '', '', '', row.verdict];
  }
  const pair = (key: 'p50' | 'p95' | 'p99') =>
    `${ms(base[key])}→${ms(next[key])} ${signedPercent(change(base[key], next[key]))}`;
  return [
    row.name,
    `${count(base.requests)}→${count(next.requests)}`,
    `${rate(base.rps)}→${rate(next.rps)} ${signedPercent(change(base.rps, next.rps))}`,
    `${(errorRate(base) * 100).toFixed(2)}%→${(errorRate(next) * 100).toFixed(2)}%`,
    pair('p50'),
    pair('p95'),
    pair('p99'),
    row.verdict,
  ];
}

/** The comparison as aligned text: a row per route and the total, then what crossed a limit, then the verdict. */
export function formatComparison(comparison: Comparison): string {
  const header = ['Route', 'Requests', 'Req/s', 'Errors', 'p50 ms', 'p95 ms', 'p99 ms', 'Verdict'];
  const body = [...comparison.rows, comparison.total].map(cells);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  const out = [line(header), rule, ...body.slice(0, -1).map(line), rule, line(body.at(-1)!)];
  for (const row of [...comparison.rows, comparison.total]) {
    for (const crossed of row.crossed) out.push(`REGRESSION ${row.name}: ${crossed}`);
  }
  for (const difference of comparison.differences) out.push(`NOT COMPARABLE: ${difference}`);
  for (const note of comparison.notes) out.push(`note: ${note}`);
  out.push(isRegression(comparison) ? 'Verdict: REGRESSION' : 'Verdict: no regression beyond the limits given');
  return `${out.join('\n')}\n`;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The comparison as one self-contained HTML page (inline CSS, no script). */
export function comparisonHtml(comparison: Comparison, basePath: string, nextPath: string): string {
  const rows = [...comparison.rows, comparison.total]
    .map((row) => {
      const tds = cells(row).map((text, i) => `<td${i === 0 ? ' class="name"' : ''}>${escapeHtml(text)}</td>`);
      const cls =
        row.verdict === 'REGRESSION' ? ' class="regression"' : row === comparison.total ? ' class="total"' : '';
      return `<tr${cls}>${tds.join('')}</tr>`;
    })
    .join('\n');
  const list = (items: readonly string[], cls: string) =>
    items.length === 0 ? '' : `<ul class="${cls}">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  const crossed = [...comparison.rows, comparison.total].flatMap((row) => row.crossed.map((c) => `${row.name}: ${c}`));
  const verdict = isRegression(comparison)
    ? '<p class="fail">Regression beyond the limits given.</p>'
    : '<p class="pass">No regression beyond the limits given.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Load test comparison</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1200px; color: #1d1d2c; padding: 0 16px; }
h1 { font-size: 22px; } .muted { color: #5b5b70; } .pass { color: #0a7d32; font-weight: 600; } .fail { color: #b3261e; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; margin-top: 12px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th.name, td.name { text-align: left; } tr.regression td { background: #fdecea; } tr.total td { font-weight: 600; border-top: 2px solid #999; }
ul.differences { color: #8a5300; }
</style>
</head>
<body>
<h1>Load test comparison</h1>
<p class="muted">base ${escapeHtml(basePath)} → new ${escapeHtml(nextPath)}</p>
${verdict}
${list(crossed, 'fail')}
${comparison.differences.length > 0 ? '<h2>Not comparable</h2>' : ''}${list(comparison.differences, 'differences')}
${list(comparison.notes, 'muted')}
<table>
<tr><th class="name">Route</th><th>Requests</th><th>Req/s</th><th>Errors</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>Verdict</th></tr>
${rows}
</table>
</body>
</html>
`;
}

/** Exit codes of `compare`. */
export const COMPARE_EXIT = { ok: 0, regression: 1, usage: 2, notComparable: 3 } as const;

/** A fraction from "10%" or "0.1"; undefined when malformed or negative. */
export function parseFraction(text: string): number | undefined {
  const percent = text.endsWith('%');
  const value = Number(percent ? text.slice(0, -1) : text);
  if (text === '' || text === '%' || !Number.isFinite(value) || value < 0) return undefined;
  return percent ? value / 100 : value;
}

const COMPARE_USAGE = `Usage: loadgenerator compare BASE.json NEW.json [options]

  --max-p50-regression X       fail when p50 grows by more than X ("10%" or "0.1")
  --max-p95-regression X       the same for p95
  --max-p99-regression X       the same for p99
  --max-rps-drop X             fail when req/s drops by more than X
  --max-error-rate-increase X  fail when the error rate grows by more than X percentage points ("0.5%")
  --min-requests N             judge only rows with at least N requests on both sides (default 100)
  --allow-different            compare runs made differently (model, users, weights, workers, cores...)
  --html FILE                  write the comparison as a self-contained HTML page

Exit codes: 0 no regression, 1 a limit crossed, 2 bad usage or unreadable reports, 3 runs not comparable.
`;

async function readReport(path: string): Promise<ReportFile> {
  const report = JSON.parse(await readFile(path, 'utf8')) as ReportFile;
  if (report.tool !== 'boutique-loadgenerator' || !Array.isArray(report.routes) || report.total === undefined) {
    throw new Error(`${path} is not a loadgenerator JSON report`);
  }
  return report;
}

/** `compare BASE NEW [options]`: prints the comparison, writes the HTML, returns the exit code. */
export async function compareCommand(
  argv: readonly string[],
  io: { out: (text: string) => void; err: (text: string) => void },
): Promise<number> {
  const fractionFlags = [
    'max-p50-regression',
    'max-p95-regression',
    'max-p99-regression',
    'max-rps-drop',
    'max-error-rate-increase',
  ];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        ...Object.fromEntries(fractionFlags.map((name) => [name, { type: 'string' as const }])),
        'min-requests': { type: 'string' },
        html: { type: 'string' },
        'allow-different': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${COMPARE_USAGE}`);
    return COMPARE_EXIT.usage;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help === true) {
    io.out(COMPARE_USAGE);
    return COMPARE_EXIT.ok;
  }
  const problems: string[] = [];
  if (parsed.positionals.length !== 2)
    problems.push(`give two reports, base and new (got ${parsed.positionals.length})`);
  const fraction = (name: string) => {
    const text = values[name];
    if (typeof text !== 'string') return undefined;
    const value = parseFraction(text);
    if (value === undefined) problems.push(`--${name} must be a percentage like "10%" or a fraction, got "${text}"`);
    return value;
  };
  const minText = values['min-requests'];
  const minRequests = typeof minText === 'string' ? Number(minText) : 100;
  if (!Number.isInteger(minRequests) || minRequests < 0)
    problems.push(`--min-requests must be an integer ≥ 0, got "${minText}"`);
  const limits: CompareLimits = {
    maxP50Regression: fraction('max-p50-regression'),
    maxP95Regression: fraction('max-p95-regression'),
    maxP99Regression: fraction('max-p99-regression'),
    maxRpsDrop: fraction('max-rps-drop'),
    maxErrorRateIncrease: fraction('max-error-rate-increase'),
    minRequests,
  };
  if (problems.length > 0) {
    io.err(`${problems.map((p) => `  - ${p}`).join('\n')}\n${COMPARE_USAGE}`);
    return COMPARE_EXIT.usage;
  }
  const [basePath, nextPath] = parsed.positionals as [string, string];
  let base: ReportFile;
  let next: ReportFile;
  try {
    [base, next] = await Promise.all([readReport(basePath), readReport(nextPath)]);
  } catch (err) {
    io.err(`cannot compare: ${(err as Error).message}\n`);
    return COMPARE_EXIT.usage;
  }
  const comparison = compareReports(base, next, limits);
  io.out(formatComparison(comparison));
  const html = values.html;
  if (typeof html === 'string') {
    await mkdir(dirname(html), { recursive: true });
    await writeFile(html, comparisonHtml(comparison, basePath, nextPath));
    io.err(`comparison written: ${html}\n`);
  }
  if (comparison.differences.length > 0 && values['allow-different'] !== true) {
    io.err('the runs were made differently (NOT COMPARABLE above); --allow-different compares them anyway\n');
    return COMPARE_EXIT.notComparable;
  }
  return isRegression(comparison) ? COMPARE_EXIT.regression : COMPARE_EXIT.ok;
}
