import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT, main } from './cli';
import { type FakeShop, type FakeShopOptions, startFakeShop } from './testing/fake-shop';

/** Runs the command in-process and captures what it prints. */
async function cli(argv: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await main(argv, env, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
  });
  return { code, out, err };
}

async function withShop<T>(options: FakeShopOptions, fn: (shop: FakeShop) => Promise<T>): Promise<T> {
  const shop = await startFakeShop(options);
  try {
    return await fn(shop);
  } finally {
    await shop.close();
  }
}

const FAST = ['--users', '4', '--rate', '1000', '--think-time', '0', '--seed', '1'];

describe('loadgenerator command', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgen-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a healthy shop and --max-error-rate 0 → the table, "All thresholds held." and exit 0', async () => {
    const { code, out, err } = await withShop({}, (shop) =>
      cli(['--url', shop.url, ...FAST, '--max-tasks', '200', '--max-error-rate', '0', '--min-rps', '1']),
    );
    assert.equal(code, EXIT.ok, err);
    assert.match(out, /^Route +Requests +Failures +Req\/s +p50 ms +p95 ms +p99 ms +max ms$/m);
    assert.match(out, /^GET \/product\/\[id\] +[\d,]+ +0 /m);
    assert.match(out, /^Aggregated +[\d,]+ +0 /m);
    assert.match(out, /All thresholds held\.\n$/);
  });

  it('failures above --max-error-rate → exit 1 naming the error rate', async () => {
    const { code, out } = await withShop(
      { fault: (_m, route) => (route === 'GET /cart' ? { status: 500 } : undefined) },
      (shop) => cli(['--url', shop.url, ...FAST, '--max-tasks', '200', '--max-error-rate', '1%']),
    );
    assert.equal(code, EXIT.thresholds);
    assert.match(out, /THRESHOLD BROKEN: error rate \d+\.\d\d% \(\d+ of \d+\) is above --max-error-rate 1\.00%/);
    assert.match(out, /Failures:\n +\d+ +GET \/cart +HTTP 500/);
  });

  it('the same failures under --max-error-rate 50% → exit 0', async () => {
    const { code } = await withShop(
      { fault: (_m, route) => (route === 'GET /cart' ? { status: 500 } : undefined) },
      (shop) => cli(['--url', shop.url, ...FAST, '--max-tasks', '200', '--max-error-rate', '50%']),
    );
    assert.equal(code, EXIT.ok);
  });

  it('a slow shop with --max-p99-ms and an impossible --min-rps → exit 1 naming both', async () => {
    const { code, out } = await withShop({ fault: () => ({ delayMs: 30 }) }, (shop) =>
      cli(['--url', shop.url, ...FAST, '--max-tasks', '20', '--max-p99-ms', '20', '--min-rps', '1000000']),
    );
    assert.equal(code, EXIT.thresholds);
    assert.match(out, /THRESHOLD BROKEN: p99 latency [\d.]+ ms is above --max-p99-ms 20 ms/);
    assert.match(out, /THRESHOLD BROKEN: throughput [\d.]+ req\/s is below --min-rps 1000000/);
  });

  it('--json and --html → both written; the JSON parses and agrees with the table; the HTML is self-contained', async () => {
    const json = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    const { code } = await withShop({}, (shop) =>
      cli(['--url', shop.url, ...FAST, '--duration', '1.2s', '--json', json, '--html', html, '--max-p99-ms', '1000']),
    );
    assert.equal(code, EXIT.ok);
    const report = JSON.parse(await readFile(json, 'utf8'));
    assert.equal(report.tool, 'boutique-loadgenerator');
    assert.equal(report.stoppedBy, 'duration');
    assert.equal(
      report.total.requests,
      report.routes.reduce((sum: number, r: { requests: number }) => sum + r.requests, 0),
    );
    assert.ok(report.total.requests > 0);
    assert.deepEqual(report.thresholds, {
      maxErrorRate: null,
      maxP99Ms: 1000,
      minRps: null,
      passed: true,
      breaches: [],
    });
    assert.equal(report.series.length, 2, 'one point per second, plus the last partial one');
    assert.deepEqual(Object.keys(report.series[0]).sort(), [
      'failuresPerSecond',
      'max',
      'p50',
      'p95',
      'p99',
      'rps',
      't',
      'users',
    ]);

    const page = await readFile(html, 'utf8');
    assert.match(page, /^<!doctype html>/);
    assert.equal(page.match(/<svg /g)?.length, 3, 'charts: throughput, latency, users');
    assert.match(page, /<polyline points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"/);
    assert.match(page, /All thresholds held\./);
    // Self-contained: nothing is fetched (no scripts, stylesheets, images or CSS urls).
    assert.doesNotMatch(page, /<script|<link|<img|src=|url\(|@import/i);
  });

  it('report paths in folders that do not exist yet → the folders are created and both reports written', async () => {
    const json = join(dir, 'fresh', 'nested', 'report.json');
    const html = join(dir, 'fresh', 'other', 'report.html');
    const { code, err } = await withShop({}, (shop) =>
      cli(['--url', shop.url, ...FAST, '--max-tasks', '10', '--json', json, '--html', html]),
    );
    assert.equal(code, EXIT.ok, err);
    assert.equal(JSON.parse(await readFile(json, 'utf8')).tool, 'boutique-loadgenerator');
    assert.match(await readFile(html, 'utf8'), /^<!doctype html>/);
  });

  it('a report path that cannot be written → exit 4 after the table', async () => {
    // A regular file where a folder is needed: no mkdir can make that path writable.
    const notAFolder = join(dir, 'not-a-folder');
    await writeFile(notAFolder, '');
    const { code, out, err } = await withShop({}, (shop) =>
      cli(['--url', shop.url, ...FAST, '--max-tasks', '10', '--json', join(notAFolder, 'r.json')]),
    );
    assert.equal(code, EXIT.reportFailed);
    assert.match(out, /^Aggregated/m);
    assert.match(err, /could not write .*r\.json/);
  });

  it('bad configuration → exit 2 listing every problem', async () => {
    const { code, err } = await cli(['--users', 'many'], { THINK_TIME: 'x' });
    assert.equal(code, EXIT.usage);
    assert.match(err, /the frontend is not set/);
    assert.match(err, /--users\/USERS must be a positive integer, got "many"/);
    assert.match(err, /--think-time\/THINK_TIME must look like/);
  });

  it('--help → the usage and exit 0', async () => {
    const { code, out } = await cli(['--help']);
    assert.equal(code, EXIT.ok);
    assert.match(out, /--max-error-rate +MAX_ERROR_RATE/);
  });

  it('a frontend that never answers 200 → exit 3 after the configured attempts', async () => {
    const { code, err } = await withShop({ fault: () => ({ status: 503 }) }, (shop) =>
      cli(['--url', shop.url, '--wait-for-frontend-retries', '3', '--wait-for-frontend-interval', '10ms']),
    );
    assert.equal(code, EXIT.frontendDown);
    assert.match(err, /attempt 3\/3: HTTP 503/);
    assert.match(err, /did not answer GET \/ with 200 after 3 attempt\(s\)/);
  });
});

describe('loadgenerator process', () => {
  const mainJs = join(__dirname, 'main.js');
  const node = process.execPath;

  function start(args: string[], env: Record<string, string>) {
    const child = spawn(node, [mainJs, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    const exited = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
      child.on('exit', (code) => resolve({ code, out, err })),
    );
    const stderrMatches = (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (pattern.test(err)) resolve();
          else setTimeout(check, 20);
        };
        check();
      });
    return { child, exited, stderrMatches };
  }

  it('driven by the original’s env vars (FRONTEND_ADDR, USERS) → runs, prints the table, exits 0', async () => {
    await withShop({}, async (shop) => {
      const { exited } = start([], {
        FRONTEND_ADDR: shop.url.replace('http://', ''),
        USERS: '3',
        RATE: '100',
        THINK_TIME: '0',
        DURATION: '1s',
        MAX_ERROR_RATE: '0',
      });
      const { code, out, err } = await exited;
      assert.equal(code, 0, err);
      assert.match(out, /^Aggregated +[\d,]+ +0 /m);
      assert.equal(shop.minted(), 1 + 3, 'the readiness check, then one session per user');
    });
  });

  it('SIGINT while running until stopped → the table still printed, exit by thresholds (0)', async () => {
    await withShop({}, async (shop) => {
      const { child, exited, stderrMatches } = start(
        ['--url', shop.url, '--users', '2', '--think-time', '0', '--progress-interval', '200ms'],
        {},
      );
      await stderrMatches(/req\/s/); // the first progress line: the run is under way
      child.kill('SIGINT');
      const { code, out } = await exited;
      assert.equal(code, 0);
      assert.match(out, /stopped by signal/);
    });
  });
});
