import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('a second get within the TTL → the cached value, one load', async () => {
    let loads = 0;
    const cache = new TtlCache<number>({ ttlMs: 1_000, maxEntries: 10, now: () => 0 });
    const load = async () => ++loads;
    assert.equal(await cache.get('k', load), 1);
    assert.equal(await cache.get('k', load), 1);
    assert.equal(loads, 1);
  });
  it('after the TTL → loaded again', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>({ ttlMs: 1_000, maxEntries: 10, now: () => now });
    await cache.get('k', async () => ++loads);
    now = 1_000;
    assert.equal(await cache.get('k', async () => ++loads), 2);
  });
  it('concurrent misses → one shared load', async () => {
    let loads = 0;
    const cache = new TtlCache<number>({ ttlMs: 1_000, maxEntries: 10 });
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++loads), 10));
    assert.deepEqual(await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]), [1, 1, 1]);
  });
  it('a failed load is not kept', async () => {
    const cache = new TtlCache<number>({ ttlMs: 1_000, maxEntries: 10 });
    await assert.rejects(
      cache.get('k', () => Promise.reject(new Error('down'))),
      /down/,
    );
    assert.equal(await cache.get('k', async () => 7), 7);
  });
  it('beyond maxEntries → the oldest entry is dropped', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1_000, maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => key);
    assert.equal(cache.size, 2);
    assert.equal(await cache.get('a', async () => 'reloaded'), 'reloaded');
  });
  it('a TTL of 0 → every get loads', async () => {
    let loads = 0;
    const cache = new TtlCache<number>({ ttlMs: 0, maxEntries: 10 });
    await cache.get('k', async () => ++loads);
    assert.equal(await cache.get('k', async () => ++loads), 2);
  });
});
