// Starts the real service as a child process: start-up errors, and SIGUSR1/SIGUSR2 sent for real.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { closeAllChannels, createClient, hipstershop } from '@boutique/kit';
import { type LogLine, type ServiceProcess, startServiceProcess } from '@boutique/kit/testing';
import { DEFAULT_CATALOG_FILE } from './catalog';

const MAIN = path.join(__dirname, 'main.js');
const call = { deadlineMs: 2_000 };

/** The service as its own process, with PORT=0 unless the test says otherwise. */
const launch = (env: Record<string, string>) => startServiceProcess(MAIN, { PORT: '0', ...env });
const errorMessage = (line: LogLine) => (line.err as { message: string }).message;

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
  const started: ServiceProcess[] = [];
  after(() => {
    closeAllChannels();
    for (const service of started) service.kill();
  });

  it('SIGUSR1 switches per-request reloading on, a broken file keeps the last good catalog, SIGUSR2 switches it off', async () => {
    const file = path.join(catalogDir(), 'products.json');
    copyFileSync(DEFAULT_CATALOG_FILE, file);
    const service = launch({ PRODUCT_CATALOG_FILE: file });
    started.push(service);
    const port = await service.serving;
    const client = createClient(hipstershop.ProductCatalogService, `127.0.0.1:${port}`);
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
    const failure = await service.waitFor((line) => line.message?.startsWith('catalog reload failed') ?? false);
    assert.equal(failure.severity, 'error');
    assert.match(errorMessage(failure), /not valid JSON/);

    service.child.kill('SIGUSR2');
    await service.waitFor((line) => line.message === 'catalog reloading off');
    writeCatalog(file, 'C');
    assert.deepEqual(await ids(), ['A', 'B']);

    service.child.kill('SIGTERM');
    assert.deepEqual(await service.exited, [0, null]);
  });

  it('a missing catalog file → exits 1 with a message naming the file', async () => {
    const file = path.join(catalogDir(), 'missing.json');
    const service = launch({ PRODUCT_CATALOG_FILE: file });
    started.push(service);
    assert.deepEqual(await service.exited, [1, null]);
    const fatal = await service.waitFor((line) => line.severity === 'fatal');
    assert.match(errorMessage(fatal), new RegExp(`cannot read product catalog ${file}`));
  });

  it('a malformed catalog → exits 1 with a message naming the problem', async () => {
    const file = path.join(catalogDir(), 'products.json');
    writeFileSync(file, JSON.stringify({ products: [{ id: 'X', name: 'X', picture: 'x.jpg' }] }));
    const service = launch({ PRODUCT_CATALOG_FILE: file });
    started.push(service);
    assert.deepEqual(await service.exited, [1, null]);
    const fatal = await service.waitFor((line) => line.severity === 'fatal');
    assert.match(errorMessage(fatal), /products\[0\] \(id "X"\): picture must be a site-absolute path/);
  });

  it('an unparsable EXTRA_LATENCY → exits 1 with a message naming the variable', async () => {
    const service = launch({ EXTRA_LATENCY: 'a while' });
    started.push(service);
    assert.deepEqual(await service.exited, [1, null]);
    const fatal = await service.waitFor((line) => line.severity === 'fatal');
    assert.match(errorMessage(fatal), /EXTRA_LATENCY must be a duration such as "200ms" or "5.5s", got "a while"/);
    assert.equal(fatal.message, 'failed to start');
  });
});
