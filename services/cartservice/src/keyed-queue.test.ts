import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyedQueue } from './keyed-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedQueue', () => {
  it('tasks for one key run one at a time in order; other keys run alongside; failures do not block', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await tick();
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run('a', task('a1', true)),
      queue.run('a', task('a2')),
      queue.run('b', task('b1')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'fulfilled', 'fulfilled'],
    );
    const at = (event: string) => events.indexOf(event);
    assert.ok(at('start a2') > at('end a1'), 'a2 waits for a1, even though a1 failed');
    assert.ok(at('start b1') < at('end a1'), 'b1 does not wait for a1');
    assert.equal(events.length, 6);
    await tick();
    assert.equal(queue.size, 0);
  });
});
