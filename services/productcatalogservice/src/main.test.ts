// Starts the real service as a child process: start-up errors, and SIGUSR1/SIGUSR2 sent for real.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { type CallOpts, closeAllChannels, createClient, hipstershop } from '@boutique/kit';
import type { ListProductsResponse__Output } from '@boutique/kit/generated/hipstershop/ListProductsResponse';
import { DEFAULT_CATALOG_FILE } from './catalog';

const MAIN = path.join(__dirname, 'main.js');
const call = { deadlineMs: 2_000 };

interface CatalogClient {
  ListProducts(request: object, options: CallOpts): Promise<ListProductsResponse__Output>;
}

interface LogLine {
  severity: string;
  message: string;
  port?: number;
  err?: { message: string };
}

/** A running service process whose JSON log lines can be awaited. */
function launch(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
      const line = JSON.parse(buffered.slice(0, newline)) as LogLine;
      buffered = buffered.slice(newline + 1);
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.match(line))) waiter.resolve(line);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    /** Resolves with the first log line (past or future) that matches; rejects after 15 s. */
    waitFor(match: (line: LogLine) => boolean): Promise<LogLine> {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('log line not seen within 15 s')), 15_000);
        waiters.push({
          match,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
  };
}

function catalogDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'productcatalog-'));
}

function writeCatalog(file: string, ...ids: string[]) {
  const products = ids.map((id) => ({
    id,
    name: `Product ${id}`,
    picture: `/static/img/products/${id}.jpg`,
    priceUsd: { currencyCode: 'USD', units: 1 },
  }));
  writeFileSync(file, JSON.stringify({ products }));
}

describe('productcatalogservice process', () => {
  const started: ChildProcess[] = [];
  after(() => {
    closeAllChannels();
    for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('SIGUSR1 switches per-request reloading on, a broken file keeps the last good catalog, SIGUSR2 switches it off', async () => {
    const file = path.join(catalogDir(), 'products.json');
    copyFileSync(DEFAULT_CATALOG_FILE, file);
    const service = launch({ PRODUCT_CATALOG_FILE: file });
    started.push(service.child);
    const { port } = await service.waitFor((line) => line.message === 'serving');
    const client = createClient(hipstershop.ProductCatalogService, `127.0.0.1:${port}`) as unknown as CatalogClient;
    const ids = async () => (await client.ListProducts({}, call)).products.map((p) => p.id);

    assert.equal((await ids()).length, 9);
    writeCatalog(file, 'A');
    assert.equal((await ids()).length, 9, 'reloaded before SIGUSR1');

    service.child.kill('SIGUSR1');
    await service.waitFor((line) => line.message === 'catalog reloading on');
    assert.deepEqual(await ids(), ['A']);
    writeCatalog(file, 'A', 'B');
    assert.deepEqual(await ids(), ['A', 'B']);

    writeFileSync(file, '{"products": [');
    assert.deepEqual(await ids(), ['A', 'B'], 'a failed reload lost the last good catalog');
    const failure = await service.waitFor((line) => line.message.startsWith('catalog reload failed'));
    assert.equal(failure.severity, 'error');
    assert.match(failure.err!.message, /not valid JSON/);

    service.child.kill('SIGUSR2');
    await service.waitFor((line) => line.message === 'catalog reloading off');
    writeCatalog(file, 'C');
    assert.deepEqual(await ids(), ['A', 'B']);

    service.child.kill('SIGTERM');
    assert.equal(await service.exited, 0);
  });

  it('a missing catalog file → exits 1 with a message naming the file', async () => {
    const file = path.join(catalogDir(), 'missing.json');
    const service = launch({ PRODUCT_CATALOG_FILE: file });
    started.push(service.child);
    assert.equal(await service.exited, 1);
    const fatal = await service.waitFor((line) => line.severity === 'fatal');
    assert.match(fatal.err!.message, new RegExp(`cannot read product catalog ${file}`));
  });

  it('a malformed catalog → exits 1 with a message naming the problem', async () => {
    const file = path.join(catalogDir(), 'products.json');
    writeFileSync(file, JSON.stringify({ products: [{ id: 'X', name: 'X', picture: 'x.jpg' }] }));
    const service = launch({ PRODUCT_CATALOG_FILE: file });
    started.push(service.child);
    assert.equal(await service.exited, 1);
    const fatal = await service.waitFor((line) => line.severity === 'fatal');
    assert.match(fatal.err!.message, /products\[0\] \(id "X"\): picture must be a site-absolute path/);
  });

  it('an unparsable EXTRA_LATENCY → exits 1 with a message naming the variable', async () => {
    const service = launch({ EXTRA_LATENCY: 'a while' });
    started.push(service.child);
    assert.equal(await service.exited, 1);
    const fatal = await service.waitFor((line) => line.severity === 'fatal');
    assert.match(fatal.err!.message, /EXTRA_LATENCY must be a duration such as "200ms" or "5.5s", got "a while"/);
  });
});
