import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Stack, startStack } from '@boutique/tools/stack';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { PRODUCT } from './fixtures/catalog';
import { REPO_ROOT } from './fixtures/repo';

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results/screenshots');
const AXE = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core in the page and fails on any serious or critical violation. */
async function assertAccessible(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  const severe = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  assert.deepEqual(severe, [], `accessibility of ${name}`);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe('the shop in headless Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startStack();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const newPage = async (viewport = { width: 1280, height: 900 }) => {
    // axe is injected as a script tag, which our CSP (rightly) refuses; the test lifts it for itself only.
    context = await browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    return { page, errors };
  };

  it('home → product → add to cart → cart → place order → confirmation', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${stack.frontendUrl}/`);
    assert.equal(await page.locator('.product-card').count(), 9);
    await screenshot(page, 'home');
    await assertAccessible(page, 'home');

    await page.getByRole('link', { name: 'Watch' }).first().click();
    await page.waitForURL(new RegExp(`/product/${PRODUCT.watch}$`));
    assert.equal(await page.locator('h1').textContent(), 'Watch');
    await screenshot(page, 'product');
    await assertAccessible(page, 'product');

    await page.getByLabel('Quantity').selectOption('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(/\/cart$/);
    assert.equal(await page.locator('.cart-badge').textContent(), '2');
    assert.match((await page.locator('.totals-total dd').textContent()) ?? '', /^\$228\.97$/, '2 × 109.99 + 8.99');
    await screenshot(page, 'cart');
    await assertAccessible(page, 'cart');

    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForSelector('.order-confirmation');
    assert.match((await page.locator('.order-id').textContent()) ?? '', /^[0-9a-f-]{36}$/);
    assert.match((await page.locator('.tracking-id').textContent()) ?? '', /^[A-Z]{2}-\d+-\d+$/);
    assert.equal(await page.locator('.total-paid').textContent(), '$228.97');
    await screenshot(page, 'order');
    await assertAccessible(page, 'order');
    assert.deepEqual(errors, [], 'no script errors or CSP violations');
    await context.close();
  });

  it('currency switch: choosing EUR re-renders the page in euros', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${stack.frontendUrl}/product/${PRODUCT.sunglasses}`);
    // The selector submits itself on change (our external script); its button is hidden then.
    assert.equal(await page.getByRole('button', { name: 'Change' }).isVisible(), false);
    await Promise.all([
      page.waitForURL(new RegExp(`/product/${PRODUCT.sunglasses}$`)),
      page.waitForNavigation(),
      page.getByLabel('Currency').selectOption('EUR'),
    ]);
    assert.equal(await page.locator('.product-detail-price').textContent(), '€17.68');
    assert.equal(await page.getByLabel('Currency').inputValue(), 'EUR');
    await screenshot(page, 'product-eur');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('search: a word from a description finds the product', async () => {
    const { page, errors } = await newPage();
    await page.goto(`${stack.frontendUrl}/`);
    await page.getByRole('searchbox', { name: 'Search products' }).fill('mug');
    await page.getByRole('searchbox', { name: 'Search products' }).press('Enter');
    await page.waitForURL(/\/search\?q=mug$/);
    assert.match((await page.locator('h1').textContent()) ?? '', /Results for “mug”/);
    assert.ok((await page.locator('.product-card').count()) >= 1);
    await screenshot(page, 'search');
    await assertAccessible(page, 'search');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('error page and an empty cart are accessible; a phone-sized viewport stays usable', async () => {
    const { page } = await newPage({ width: 390, height: 844 });
    await page.goto(`${stack.frontendUrl}/`);
    await screenshot(page, 'home-phone');
    await assertAccessible(page, 'home on a phone');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, 'no horizontal scrolling on a phone');
    await page.goto(`${stack.frontendUrl}/cart`);
    await screenshot(page, 'cart-empty-phone');
    await assertAccessible(page, 'empty cart');
    const response = await page.goto(`${stack.frontendUrl}/product/NOSUCHPRODUCT`);
    assert.equal(response?.status(), 404);
    await screenshot(page, 'error-404-phone');
    await assertAccessible(page, 'error page');
    await context.close();
  });
});
