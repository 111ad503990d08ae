import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { type BreakerState, CircuitBreaker } from './breaker';

function breakerAt(clock: { now: number }, transitions: BreakerState[] = []) {
  return new CircuitBreaker(
    { failureThreshold: 3, coolDownMs: 1_000 },
    { now: () => clock.now, onChange: (state) => transitions.push(state) },
  );
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold of consecutive outages', () => {
    const breaker = breakerAt({ now: 0 });
    for (let i = 0; i < 2; i++) breaker.record(breaker.admit()!, status.UNAVAILABLE);
    assert.equal(breaker.state, 'closed');
    assert.equal(breaker.admit(), 'call');
  });

  it('an answer in between resets the count, so only consecutive outages open it', () => {
    const breaker = breakerAt({ now: 0 });
    for (const code of [status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.NOT_FOUND, status.UNAVAILABLE]) {
      breaker.record(breaker.admit()!, code);
    }
    assert.equal(breaker.state, 'closed');
  });

  it('answers that are errors (NOT_FOUND, INVALID_ARGUMENT, INTERNAL) never open it', () => {
    const breaker = breakerAt({ now: 0 });
    for (let i = 0; i < 10; i++) {
      for (const code of [status.NOT_FOUND, status.INVALID_ARGUMENT, status.INTERNAL]) breaker.record('call', code);
    }
    assert.equal(breaker.state, 'closed');
  });

  it('opens at the threshold and refuses every call during the cool-down', () => {
    const clock = { now: 0 };
    const breaker = breakerAt(clock);
    for (let i = 0; i < 3; i++) breaker.record(breaker.admit()!, status.DEADLINE_EXCEEDED);
    assert.equal(breaker.state, 'open');
    clock.now = 999;
    assert.equal(breaker.admit(), undefined);
  });

  it('after the cool-down admits exactly one probe; a successful probe closes it', () => {
    const clock = { now: 0 };
    const transitions: BreakerState[] = [];
    const breaker = breakerAt(clock, transitions);
    for (let i = 0; i < 3; i++) breaker.record(breaker.admit()!, status.UNAVAILABLE);
    clock.now = 1_000;
    assert.equal(breaker.admit(), 'probe');
    assert.equal(breaker.state, 'half-open');
    assert.equal(breaker.admit(), undefined, 'a second call while the probe is out');
    breaker.record('probe', status.OK);
    assert.equal(breaker.state, 'closed');
    assert.equal(breaker.admit(), 'call');
    assert.deepEqual(transitions, ['open', 'half-open', 'closed']);
  });

  it('a failed probe reopens it for a whole new cool-down', () => {
    const clock = { now: 0 };
    const breaker = breakerAt(clock);
    for (let i = 0; i < 3; i++) breaker.record(breaker.admit()!, status.UNAVAILABLE);
    clock.now = 1_500;
    breaker.record(breaker.admit()!, status.UNAVAILABLE);
    assert.equal(breaker.state, 'open');
    clock.now = 2_499;
    assert.equal(breaker.admit(), undefined);
    clock.now = 2_500;
    assert.equal(breaker.admit(), 'probe');
  });

  it('calls admitted before it opened do not close it when they succeed late', () => {
    const clock = { now: 0 };
    const breaker = breakerAt(clock);
    const late = breaker.admit()!;
    for (let i = 0; i < 3; i++) breaker.record(breaker.admit()!, status.UNAVAILABLE);
    breaker.record(late, status.OK);
    assert.equal(breaker.state, 'open');
  });

  it('a threshold below one → RangeError', () => {
    assert.throws(() => new CircuitBreaker({ failureThreshold: 0, coolDownMs: 1 }), RangeError);
  });
});
