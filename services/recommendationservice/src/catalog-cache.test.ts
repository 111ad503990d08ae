import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CatalogCache } from './catalog-cache';

/** A fetch that counts its calls and answers from a queue of results (ids or errors). */
function scriptedFetch(...results: (readonly string[] | Error)[]) {
  const fetch = async () => {
    fetch.calls++;
    const result = results.shift();
    if (result === undefined) throw new Error('unexpected fetch');
    if (result instanceof Error) throw result;
    return result;
  };
  fetch.calls = 0;
  return fetch;
}

describe('CatalogCache', () => {
  it('two requests within the TTL → one fetch, the same ids', async () => {
    let now = 0;
    const fetch = scriptedFetch(['A', 'B']);
    const cache = new CatalogCache(fetch, 30_000, () => now);
    assert.deepEqual(await cache.productIds(), ['A', 'B']);
    now = 29_999;
    assert.deepEqual(await cache.productIds(), ['A', 'B']);
    assert.equal(fetch.calls, 1);
  });
  it('a request once the TTL has passed → a new fetch, whose ids are then served', async () => {
    let now = 0;
    const fetch = scriptedFetch(['A'], ['A', 'C']);
    const cache = new CatalogCache(fetch, 30_000, () => now);
    await cache.productIds();
    now = 30_000;
    assert.deepEqual(await cache.productIds(), ['A', 'C']);
    assert.equal(fetch.calls, 2);
  });
  it('concurrent requests with nothing cached → one shared fetch', async () => {
    const fetch = scriptedFetch(['A']);
    const cache = new CatalogCache(fetch, 30_000, () => 0);
    const all = await Promise.all([cache.productIds(), cache.productIds(), cache.productIds()]);
    assert.deepEqual(all, [['A'], ['A'], ['A']]);
    assert.equal(fetch.calls, 1);
  });
  it('a failed fetch → the error for its requests, nothing cached, and the next request fetches again', async () => {
    const fetch = scriptedFetch(new Error('catalog down'), ['A']);
    const cache = new CatalogCache(fetch, 30_000, () => 0);
    await assert.rejects(Promise.all([cache.productIds(), cache.productIds()]), /catalog down/);
    assert.equal(fetch.calls, 1);
    assert.deepEqual(await cache.productIds(), ['A']);
    assert.equal(fetch.calls, 2);
  });
  it('an expired copy is not served when the refetch fails', async () => {
    let now = 0;
    const fetch = scriptedFetch(['A'], new Error('catalog down'));
    const cache = new CatalogCache(fetch, 1_000, () => now);
    await cache.productIds();
    now = 5_000;
    await assert.rejects(cache.productIds(), /catalog down/);
  });
  it('TTL 0 → a fetch for every request', async () => {
    const fetch = scriptedFetch(['A'], ['B']);
    const cache = new CatalogCache(fetch, 0, () => 0);
    assert.deepEqual(await cache.productIds(), ['A']);
    assert.deepEqual(await cache.productIds(), ['B']);
    assert.equal(fetch.calls, 2);
  });
});
