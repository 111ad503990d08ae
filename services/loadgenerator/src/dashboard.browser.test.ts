import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { main } from './cli';
import { type FakeShop, startFakeShop } from './testing/fake-shop';

// The same folder the shop's browser test writes to, at the repository root.
const SCREENSHOTS = path.resolve(__dirname, '../../../test-results/screenshots');

/** Runs the command in-process; resolves the dashboard's URL once it is printed, and the outcome at the end. */
function startRun(argv: string[]) {
  let out = '';
  let err = '';
  const done = main(
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
  ).then((code) => ({
    code,
    out,
    err,
  }));
  const dashboardUrl = (async () => {
    for (let waited = 0; waited < 30_000; waited += 20) {
      const match = err.match(/dashboard: (\S+)/);
      if (match !== null) return match[1]!;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no dashboard line in: ${err}`);
  })();
  return { done, dashboardUrl };
}

/** Reads a figure from the page as a number ("1,234 (0.00%)" → 1234). */
async function figure(page: Page, id: string): Promise<number> {
  const text = (await page.locator(`#${id}`).textContent()) ?? '';
  return Number(text.split(' ')[0]!.replaceAll(',', ''));
}

// Once the run is over the process exits and its dashboard with it; the page's next poll then fails.
const isNotServerGone = (error: string) => !/net::ERR_CONNECTION_(RESET|REFUSED)/.test(error);

/** Polls `check` until it holds, for at most 20 s. */
async function until(check: () => Promise<boolean>, what = 'the condition'): Promise<void> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the element's text is `text`. */
async function textIs(page: Page, id: string, text: string): Promise<void> {
  await until(async () => (await page.locator(`#${id}`).textContent()) === text, `#${id} to read "${text}"`);
}

describe('the live dashboard in headless Chromium', () => {
  let browser: Browser;
  let shop: FakeShop;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    shop = await startFakeShop({ fault: () => ({ delayMs: 5 }) });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    await shop?.close();
  });

  /** A page that collects console errors, which is where Chromium reports CSP violations. */
  async function openPage(url: string) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(url);
    return { page, errors };
  }

  it('a fleet of two workers: figures and charts move while it runs, the users control re-splits them, Stop ends the run', async () => {
    const run = startRun([
      ...['--url', shop.url, '--workers', '2', '--web', '0', '--users', '6', '--rate', '1000', '--think-time', '0'],
      ...['--duration', '60s', '--wait-for-frontend-retries', '0', '--seed', '3'],
    ]);
    const { page, errors } = await openPage(await run.dashboardUrl);

    await textIs(page, 'phase', 'running');
    await until(async () => (await figure(page, 'requests')) > 0);
    const first = await figure(page, 'requests');
    await until(async () => (await figure(page, 'requests')) > first);
    // Three points or more: the throughput line has grown while the page watched.
    const points = async () =>
      ((await page.locator('#chart-rps polyline').first().getAttribute('points')) ?? '').split(' ');
    await until(async () => (await points()).length >= 3);
    assert.ok((await figure(page, 'rps')) > 0);
    assert.match((await page.locator('#percentiles').textContent()) ?? '', /^[\d.]+ \/ [\d.]+ \/ [\d.]+$/);
    assert.equal(await page.locator('#workers').textContent(), '2 of 2');
    assert.equal(await page.locator('#rate-form').isVisible(), false, 'no target rate in the closed model');
    assert.equal(await page.locator('#worker-rows tr').count(), 2);
    assert.ok((await page.locator('#routes tr').count()) >= 4, 'a row per route and the total');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'loadgenerator-dashboard-running.png'), fullPage: true });

    await page.locator('#users-input').fill('2');
    await page.locator('#apply-users').click();
    await textIs(page, 'message', 'users set to 2');
    // The two workers now have one user each, and the extra users leave after their task.
    await textIs(page, 'users', '2 / 2');
    const shares = await page.locator('#worker-rows tr td:nth-child(4)').allTextContents();
    assert.deepEqual(shares, ['1', '1']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'loadgenerator-dashboard-two-users.png'), fullPage: true });

    assert.deepEqual(errors, [], 'no script error and no CSP violation');
    await page.locator('#stop').click();
    const { code, out } = await run.done;
    assert.equal(code, 0);
    assert.match(out, /stopped by dashboard/);
    assert.match(out, /^Workers: 2$/m);
    assert.deepEqual(errors.filter(isNotServerGone), []);
    await page.close();
  });

  it('the open model: the target rate control changes the rate the run holds', async () => {
    const onlyIndex = 'index=1,setCurrency=0,browseProduct=0,addToCart=0,viewCart=0,checkout=0';
    const run = startRun([
      ...['--url', shop.url, '--web', '0', '--target-rps', '40', '--users', '4', '--task-weights', onlyIndex],
      ...['--duration', '60s', '--wait-for-frontend-retries', '0', '--seed', '4'],
    ]);
    const { page, errors } = await openPage(await run.dashboardUrl);
    await textIs(page, 'phase', 'running');
    assert.equal(await page.locator('#rate-form').isVisible(), true);
    assert.equal(await page.locator('#workers').textContent(), 'this process');
    await page.locator('#rate-input').fill('400');
    await page.locator('#apply-rate').click();
    await textIs(page, 'message', 'target rate set to 400 req/s');
    await until(async () => ((await page.locator('#users').textContent()) ?? '').endsWith('· 400 req/s'));
    // At 400 req/s a second holds well over 100 requests; at 40 it could not.
    await until(async () => (await figure(page, 'rps')) > 100, 'over 100 req/s');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'loadgenerator-dashboard-open-model.png'), fullPage: true });
    assert.deepEqual(errors, [], 'no script error and no CSP violation');
    await page.locator('#stop').click();
    const { code, out } = await run.done;
    assert.equal(code, 0);
    assert.match(out, /stopped by dashboard/);
    assert.deepEqual(errors.filter(isNotServerGone), []);
    await page.close();
  });
});
