import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { integerPart, splitLoad } from './fleet-protocol';

describe('integerPart', () => {
  it('10 over 3 → 4, 3, 3; 2 over 3 → 1, 1, 0; the parts always add up to the whole', () => {
    assert.deepEqual(
      [0, 1, 2].map((k) => integerPart(10, k, 3)),
      [4, 3, 3],
    );
    assert.deepEqual(
      [0, 1, 2].map((k) => integerPart(2, k, 3)),
      [1, 1, 0],
    );
    for (let total = 0; total < 50; total++) {
      for (let n = 1; n < 7; n++) {
        const parts = Array.from({ length: n }, (_, k) => integerPart(total, k, n));
        assert.equal(
          parts.reduce((a, b) => a + b, 0),
          total,
        );
        assert.ok(Math.max(...parts) - Math.min(...parts) <= 1);
      }
    }
  });
});

describe('splitLoad', () => {
  it('closed model, 10 users at 5/s over 4 workers → 3, 3, 2, 2 users, each spawning in the time one process would', () => {
    const shares = splitLoad({ users: 10, spawnRate: 5, targetRps: null, maxTasks: null }, [0, 0, 0, 0], 0);
    assert.deepEqual(shares, [
      { users: 3, spawnRate: 1.5, targetRps: null, maxTasks: null },
      { users: 3, spawnRate: 1.5, targetRps: null, maxTasks: null },
      { users: 2, spawnRate: 1, targetRps: null, maxTasks: null },
      { users: 2, spawnRate: 1, targetRps: null, maxTasks: null },
    ]);
  });

  it('open model, 900 req/s over 3 workers → 300 each', () => {
    const shares = splitLoad({ users: 30, spawnRate: 1, targetRps: 900, maxTasks: null }, [0, 0, 0], 0);
    assert.deepEqual(
      shares.map((s) => [s.users, s.targetRps]),
      [
        [10, 300],
        [10, 300],
        [10, 300],
      ],
    );
  });

  it('max-tasks 1000, 400 started by a lost worker and 100 + 50 by the live ones → the 450 left split on top', () => {
    const shares = splitLoad({ users: 4, spawnRate: 4, targetRps: null, maxTasks: 1000 }, [100, 50], 400);
    assert.deepEqual(
      shares.map((s) => s.maxTasks),
      [100 + 225, 50 + 225],
    );
  });

  it('max-tasks already spent → each worker’s cap is what it has started', () => {
    const shares = splitLoad({ users: 2, spawnRate: 1, targetRps: null, maxTasks: 100 }, [60, 45], 0);
    assert.deepEqual(
      shares.map((s) => s.maxTasks),
      [60, 45],
    );
  });

  it('0 users → every share 0, with the spawn rate still split', () => {
    assert.deepEqual(splitLoad({ users: 0, spawnRate: 2, targetRps: null, maxTasks: null }, [0, 0], 0), [
      { users: 0, spawnRate: 1, targetRps: null, maxTasks: null },
      { users: 0, spawnRate: 1, targetRps: null, maxTasks: null },
    ]);
  });
});
