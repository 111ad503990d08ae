import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CrashBackoff, DEFAULT_RESTART_POLICY, restartDelayMs } from './supervise';

describe('restartDelayMs', () => {
  it('doubles from one second per crash in a row and stops at the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 40].map((crashes) => restartDelayMs(crashes));
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('follows a policy given to it', () => {
    const policy = { initialDelayMs: 10, maxDelayMs: 50, resetAfterMs: 1_000 };
    assert.deepEqual(
      [1, 2, 3, 4].map((crashes) => restartDelayMs(crashes, policy)),
      [10, 20, 40, 50],
    );
  });
});

describe('CrashBackoff', () => {
  it('lengthens the delay for a process that keeps crashing soon after each start', () => {
    let now = 0;
    const backoff = new CrashBackoff(DEFAULT_RESTART_POLICY, () => now);
    const seen = [];
    for (let i = 0; i < 4; i++) {
      now += 500;
      seen.push(backoff.crashed());
      backoff.started();
    }
    assert.deepEqual(seen, [
      { crashesInARow: 1, delayMs: 1_000 },
      { crashesInARow: 2, delayMs: 2_000 },
      { crashesInARow: 3, delayMs: 4_000 },
      { crashesInARow: 4, delayMs: 8_000 },
    ]);
  });

  it('starts again from the shortest delay once the process stayed up for resetAfterMs', () => {
    let now = 0;
    const backoff = new CrashBackoff({ initialDelayMs: 1_000, maxDelayMs: 30_000, resetAfterMs: 60_000 }, () => now);
    backoff.crashed();
    backoff.started();
    now += 100;
    assert.deepEqual(backoff.crashed(), { crashesInARow: 2, delayMs: 2_000 });
    backoff.started();
    now += 60_000;
    assert.deepEqual(backoff.crashed(), { crashesInARow: 1, delayMs: 1_000 });
  });
});
