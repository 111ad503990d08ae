import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT, main, subcommandAt } from './cli';
import { COMPARE_EXIT, change, compareReports, isRegression, parseFraction, type ReportFile } from './compare';
import { loadConfig } from './config';
import { toJson } from './report';
import type { RunResult } from './runner';
import type { RouteSummary } from './stats';

const row = (name: string, requests: number, p99: number, failures = 0): RouteSummary => ({
  name,
  requests,
  failures,
  rps: requests / 10,
  mean: p99 / 2,
  bytes: 0,
  p50: p99 / 4,
  p95: p99 / 2,
  p99,
  max: p99 * 2,
});

/** A JSON report as the command writes it, with `scale` applied to every p99 and `users` users. */
function report(options: { p99Scale?: number; users?: number; failures?: number; routes?: RouteSummary[] } = {}) {
  const scale = options.p99Scale ?? 1;
  const routes = (options.routes ?? [row('GET /', 1000, 40, options.failures), row('GET /cart', 500, 80)]).map((r) => ({
    ...r,
    p99: r.p99 * scale,
  }));
  const total = row(
    'Aggregated',
    routes.reduce((s, r) => s + r.requests, 0),
    60 * scale,
    routes.reduce((s, r) => s + r.failures, 0),
  );
  const result: RunResult = {
    startedAt: '2026-01-01T00:00:00.000Z',
    elapsedS: 10,
    model: 'closed',
    stoppedBy: 'duration',
    routes,
    total,
    failures: [],
    series: [],
    tasks: {},
    dropped: 0,
    cpuSeconds: 1,
  };
  const config = loadConfig(['--host', 'f:80', '--users', String(options.users ?? 10), '--seed', '1'], {});
  return JSON.parse(
    toJson({ config, result, breaches: [], environment: { gitCommit: 'a'.repeat(40), cores: 2, node: 'v24.21.0' } }),
  ) as ReportFile;
}

const LIMITS = { maxP99Regression: 0.1, minRequests: 100 };

describe('compareReports', () => {
  it('identical reports → every row ok, no differences, no regression', () => {
    const comparison = compareReports(report(), report(), LIMITS);
    assert.deepEqual(
      [...comparison.rows, comparison.total].map((r) => [r.name, r.verdict]),
      [
        ['GET /', 'ok'],
        ['GET /cart', 'ok'],
        ['Aggregated', 'ok'],
      ],
    );
    assert.deepEqual(comparison.differences, []);
    assert.equal(isRegression(comparison), false);
  });

  it('every p99 20% higher with --max-p99-regression 10% → a regression on each row, saying by how much', () => {
    const comparison = compareReports(report(), report({ p99Scale: 1.2 }), LIMITS);
    assert.equal(isRegression(comparison), true);
    assert.deepEqual(comparison.total.crossed, ['p99 +20.0% (60.0 → 72.0 ms) exceeds +10.0%']);
    assert.deepEqual(
      comparison.rows.map((r) => r.verdict),
      ['REGRESSION', 'REGRESSION'],
    );
  });

  it('p99 exactly 10% higher → within a 10% limit', () => {
    assert.equal(isRegression(compareReports(report(), report({ p99Scale: 1.1 }), LIMITS)), false);
  });

  it('the error rate up by 1 point against --max-error-rate-increase 0.5% → a regression', () => {
    const comparison = compareReports(report(), report({ failures: 15 }), {
      maxErrorRateIncrease: 0.005,
      minRequests: 0,
    });
    assert.deepEqual(comparison.total.crossed, ['error rate +1.00 pt exceeds +0.50 pt']);
  });

  it('a row with too few requests, or on one side only → shown, not judged', () => {
    const base = report({ routes: [row('GET /', 1000, 40), row('GET /rare', 5, 10)] });
    const next = report({ routes: [row('GET /', 1000, 40), row('GET /rare', 5, 100), row('GET /new', 500, 1)] });
    const comparison = compareReports(base, next, LIMITS);
    assert.deepEqual(
      comparison.rows.map((r) => [r.name, r.verdict]),
      [
        ['GET /', 'ok'],
        ['GET /new', 'not judged'],
        ['GET /rare', 'not judged'],
      ],
    );
  });

  it('different users → not comparable, named; a different commit → only a note', () => {
    const next = { ...report({ users: 20 }), environment: { gitCommit: 'b'.repeat(40), cores: 2, node: 'v24.21.0' } };
    const comparison = compareReports(report(), next, LIMITS);
    assert.deepEqual(comparison.differences, ['users: 10 vs 20']);
    assert.deepEqual(comparison.notes, [`commit: "${'a'.repeat(40)}" vs "${'b'.repeat(40)}"`]);
  });
});

describe('change and parseFraction', () => {
  it('change: 50 → 60 is +0.2, 0 → 0 is 0, 0 → 1 is +∞', () => {
    assert.equal(change(50, 60), 0.2);
    assert.equal(change(0, 0), 0);
    assert.equal(change(0, 1), Number.POSITIVE_INFINITY);
  });

  it('parseFraction: "10%" and "0.1" → 0.1; "", "%", "-1%", "x" → undefined', () => {
    assert.equal(parseFraction('10%'), 0.1);
    assert.equal(parseFraction('0.1'), 0.1);
    for (const bad of ['', '%', '-1%', 'x']) assert.equal(parseFraction(bad), undefined, bad);
  });
});

describe('subcommandAt', () => {
  it('"compare" first, after flags with values (the npm script), or nowhere', () => {
    assert.equal(subcommandAt(['compare', 'a', 'b']), 0);
    assert.equal(subcommandAt(['--url', 'http://x', '--json', 'r.json', 'compare', 'a', 'b']), 4);
    assert.equal(subcommandAt(['--coordinator', '--web', 'compare', 'a']), 2);
    assert.equal(subcommandAt(['--users', 'compare']), -1, 'a flag’s value is not a subcommand');
    assert.equal(subcommandAt(['--url', 'http://x']), -1);
  });
});

describe('loadgenerator compare', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgen-compare-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function files(base: ReportFile, next: ReportFile) {
    const a = join(dir, `base-${Math.random()}.json`);
    const b = join(dir, `new-${Math.random()}.json`);
    await writeFile(a, JSON.stringify(base));
    await writeFile(b, JSON.stringify(next));
    return [a, b] as const;
  }

  async function cli(argv: string[]) {
    let out = '';
    let err = '';
    const code = await main(
      argv,
      {},
      {
        out: (t) => {
          out += t;
        },
        err: (t) => {
          err += t;
        },
      },
    );
    return { code, out, err };
  }

  it('identical reports → the table, "no regression", exit 0', async () => {
    const [a, b] = await files(report(), report());
    const { code, out } = await cli(['compare', a, b, '--max-p99-regression', '10%']);
    assert.equal(code, COMPARE_EXIT.ok);
    assert.match(out, /^Route +Requests +Req\/s +Errors +p50 ms +p95 ms +p99 ms +Verdict$/m);
    assert.match(out, /^Aggregated +1,500→1,500 +150\.0→150\.0 \+0\.0% .* ok$/m);
    assert.match(out, /Verdict: no regression beyond the limits given\n$/);
  });

  it('a synthetic 20% p99 regression with --max-p99-regression 10% → exit 1, after the npm script’s fixed run flags too', async () => {
    const [a, b] = await files(report(), report({ p99Scale: 1.2 }));
    const html = join(dir, 'diff', 'compare.html');
    const fixedFlags = ['--url', 'http://127.0.0.1:8080', '--users', '20', '--json', 'bench-results/load-report.json'];
    const { code, out, err } = await cli([
      ...fixedFlags,
      'compare',
      a,
      b,
      '--max-p99-regression',
      '10%',
      '--html',
      html,
    ]);
    assert.equal(code, COMPARE_EXIT.regression, err);
    assert.match(out, /^REGRESSION Aggregated: p99 \+20\.0% \(60\.0 → 72\.0 ms\) exceeds \+10\.0%$/m);
    assert.match(out, /Verdict: REGRESSION\n$/);
    const page = await readFile(html, 'utf8');
    assert.match(page, /^<!doctype html>/);
    assert.match(page, /<tr class="regression"><td class="name">Aggregated<\/td>/);
    assert.doesNotMatch(page, /<script|<link|src=|url\(/i);
  });

  it('runs made with different users → exit 3 naming the difference; --allow-different compares anyway', async () => {
    const [a, b] = await files(report(), report({ users: 20 }));
    const refused = await cli(['compare', a, b]);
    assert.equal(refused.code, COMPARE_EXIT.notComparable);
    assert.match(refused.out, /^NOT COMPARABLE: users: 10 vs 20$/m);
    assert.equal((await cli(['compare', a, b, '--allow-different'])).code, COMPARE_EXIT.ok);
  });

  it('one report, a missing file, or a bad limit → exit 2 saying why', async () => {
    const [a] = await files(report(), report());
    assert.equal((await cli(['compare', a])).code, EXIT.usage);
    const missing = await cli(['compare', a, join(dir, 'nope.json')]);
    assert.equal(missing.code, COMPARE_EXIT.usage);
    assert.match(missing.err, /cannot compare: ENOENT/);
    const bad = await cli(['compare', a, a, '--max-p99-regression', 'lots']);
    assert.match(bad.err, /--max-p99-regression must be a percentage like "10%"/);
  });
});
