import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Thresholds } from './config';
import type { RouteSummary } from './stats';
import { anyThresholdSet, checkThresholds } from './thresholds';

const NONE: Thresholds = { maxErrorRate: undefined, maxP99Ms: undefined, minRps: undefined };

/** An aggregated row with the figures the thresholds look at; the rest is irrelevant to them. */
const total = (requests: number, failures: number, p99: number, rps: number): RouteSummary => ({
  name: 'Aggregated',
  requests,
  failures,
  rps,
  mean: 0,
  bytes: 0,
  p50: 0,
  p95: 0,
  p99,
  max: p99,
});

describe('anyThresholdSet', () => {
  it('none set → false; any one of the three → true (0 counts as set)', () => {
    assert.equal(anyThresholdSet(NONE), false);
    assert.equal(anyThresholdSet({ ...NONE, maxErrorRate: 0 }), true);
    assert.equal(anyThresholdSet({ ...NONE, maxP99Ms: 0 }), true);
    assert.equal(anyThresholdSet({ ...NONE, minRps: 0 }), true);
  });
});

describe('checkThresholds', () => {
  it('no thresholds → no breaches, even when nothing was measured', () => {
    assert.deepEqual(checkThresholds(NONE, total(0, 0, 0, 0)), []);
  });

  it('a threshold set and no requests at all → one "no-requests" breach, whatever the limits', () => {
    assert.deepEqual(checkThresholds({ ...NONE, minRps: 0 }, total(0, 0, 0, 0)), [
      { threshold: 'no-requests', limit: 1, actual: 0, message: 'no requests were made, so no threshold can hold' },
    ]);
  });

  it('error rate exactly at --max-error-rate → holds; one failure more → breached, with the counts', () => {
    const thresholds = { ...NONE, maxErrorRate: 0.01 };
    assert.deepEqual(checkThresholds(thresholds, total(1000, 10, 1, 1)), []);
    assert.deepEqual(checkThresholds(thresholds, total(1000, 11, 1, 1)), [
      {
        threshold: 'max-error-rate',
        limit: 0.01,
        actual: 0.011,
        message: 'error rate 1.10% (11 of 1000) is above --max-error-rate 1.00%',
      },
    ]);
  });

  it('--max-error-rate 0 → a single failure breaks it', () => {
    assert.deepEqual(checkThresholds({ ...NONE, maxErrorRate: 0 }, total(500, 0, 1, 1)), []);
    assert.equal(checkThresholds({ ...NONE, maxErrorRate: 0 }, total(500, 1, 1, 1))[0]?.threshold, 'max-error-rate');
  });

  it('p99 exactly at --max-p99-ms → holds; a microsecond above → breached', () => {
    const thresholds = { ...NONE, maxP99Ms: 250 };
    assert.deepEqual(checkThresholds(thresholds, total(100, 0, 250, 1)), []);
    assert.deepEqual(checkThresholds(thresholds, total(100, 0, 250.001, 1)), [
      {
        threshold: 'max-p99-ms',
        limit: 250,
        actual: 250.001,
        message: 'p99 latency 250.001 ms is above --max-p99-ms 250 ms',
      },
    ]);
  });

  it('throughput exactly at --min-rps → holds; just below → breached', () => {
    const thresholds = { ...NONE, minRps: 100 };
    assert.deepEqual(checkThresholds(thresholds, total(100, 0, 1, 100)), []);
    assert.deepEqual(checkThresholds(thresholds, total(100, 0, 1, 99.96)), [
      {
        threshold: 'min-rps',
        limit: 100,
        actual: 99.96,
        message: 'throughput 100.0 req/s is below --min-rps 100',
      },
    ]);
  });

  it('all three broken → all three named, in the order error rate, p99, throughput', () => {
    const breaches = checkThresholds({ maxErrorRate: 0, maxP99Ms: 1, minRps: 10 }, total(10, 1, 2, 5));
    assert.deepEqual(
      breaches.map((b) => b.threshold),
      ['max-error-rate', 'max-p99-ms', 'min-rps'],
    );
  });
});
