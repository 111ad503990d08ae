import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { initLogger } from '@boutique/kit';
import { type Catalog, catalogFrom } from './catalog';
import { CatalogStore, watchReloadSignals } from './catalog-store';

function catalogOf(...ids: string[]): Catalog {
  return catalogFrom({
    products: ids.map((id) => ({
      id,
      name: id,
      picture: `/static/img/products/${id}.jpg`,
      priceUsd: { currencyCode: 'USD', units: 1 },
    })),
  });
}
const idsOf = (catalog: Catalog) => catalog.products.map((p) => p.id);

/** A logger that keeps its lines, to assert what was logged. */
function capturingLogger() {
  const lines: { severity: string; message: string }[] = [];
  const log = initLogger('catalog-store-test', {
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  return { log, lines };
}

/** A loader that returns (or throws) the next scripted result and counts its calls. */
function scriptedLoader(...results: (Catalog | Error)[]) {
  const loader = {
    calls: 0,
    load: async (): Promise<Catalog> => {
      const result = results[Math.min(loader.calls++, results.length - 1)]!;
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return loader;
}

describe('CatalogStore', () => {
  it('reloading off → the start-up catalog, without touching the file', async () => {
    const loader = scriptedLoader(catalogOf('B'));
    const store = new CatalogStore(catalogOf('A'), loader.load, capturingLogger().log);
    assert.deepEqual(idsOf(await store.catalog()), ['A']);
    assert.equal(loader.calls, 0);
  });

  it('reloading on → every request reloads the file', async () => {
    const loader = scriptedLoader(catalogOf('B'), catalogOf('C'));
    const store = new CatalogStore(catalogOf('A'), loader.load, capturingLogger().log);
    store.setReloading(true);
    assert.deepEqual(idsOf(await store.catalog()), ['B']);
    assert.deepEqual(idsOf(await store.catalog()), ['C']);
    assert.equal(loader.calls, 2);
  });

  it('reloading switched off again → the last catalog loaded, no more reads', async () => {
    const loader = scriptedLoader(catalogOf('B'));
    const store = new CatalogStore(catalogOf('A'), loader.load, capturingLogger().log);
    store.setReloading(true);
    await store.catalog();
    store.setReloading(false);
    assert.deepEqual(idsOf(await store.catalog()), ['B']);
    assert.equal(loader.calls, 1);
  });

  it('a failed reload → the last good catalog, and the error is logged once while it repeats', async () => {
    const { log, lines } = capturingLogger();
    const broken = new Error('products.json: not valid JSON');
    const loader = scriptedLoader(catalogOf('B'), broken, broken, catalogOf('C'));
    const store = new CatalogStore(catalogOf('A'), loader.load, log);
    store.setReloading(true);
    assert.deepEqual(idsOf(await store.catalog()), ['B']);
    assert.deepEqual(idsOf(await store.catalog()), ['B']);
    assert.deepEqual(idsOf(await store.catalog()), ['B']);
    assert.deepEqual(idsOf(await store.catalog()), ['C']);
    assert.deepEqual(
      lines.map((line) => [line.severity, line.message]),
      [
        ['info', 'catalog reloading on'],
        ['error', 'catalog reload failed, serving the last good catalog'],
        ['info', 'catalog reload succeeded again'],
      ],
    );
  });

  it('concurrent requests while reloading → one shared read', async () => {
    const loader = scriptedLoader(catalogOf('B'));
    const store = new CatalogStore(catalogOf('A'), loader.load, capturingLogger().log);
    store.setReloading(true);
    const results = await Promise.all([store.catalog(), store.catalog(), store.catalog()]);
    assert.deepEqual(results.map(idsOf), [['B'], ['B'], ['B']]);
    assert.equal(loader.calls, 1);
  });

  it('switching to the state it is already in → nothing logged', () => {
    const { log, lines } = capturingLogger();
    const store = new CatalogStore(catalogOf('A'), scriptedLoader().load, log);
    store.setReloading(false);
    store.setReloading(true);
    store.setReloading(true);
    assert.deepEqual(
      lines.map((line) => line.message),
      ['catalog reloading on'],
    );
  });
});

describe('watchReloadSignals', () => {
  it('SIGUSR1 → reloading on; SIGUSR2 → off', () => {
    const signals = new EventEmitter();
    const store = new CatalogStore(catalogOf('A'), scriptedLoader().load, capturingLogger().log);
    watchReloadSignals(store, signals);
    signals.emit('SIGUSR1');
    assert.equal(store.reloading, true);
    signals.emit('SIGUSR2');
    assert.equal(store.reloading, false);
  });

  it('after the returned stop function → signals are ignored and no listeners remain', () => {
    const signals = new EventEmitter();
    const store = new CatalogStore(catalogOf('A'), scriptedLoader().load, capturingLogger().log);
    const stop = watchReloadSignals(store, signals);
    stop();
    signals.emit('SIGUSR1');
    assert.equal(store.reloading, false);
    assert.equal(signals.listenerCount('SIGUSR1') + signals.listenerCount('SIGUSR2'), 0);
  });
});
