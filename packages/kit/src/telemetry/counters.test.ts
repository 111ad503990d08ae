import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createCounter } from './counters';
import { type CounterAttributes, type CounterMaker, type CounterOptions, installTelemetryHooks } from './hooks';

/** A stand-in for the metrics backend: every counter it made and every increment it received. */
function recordingMaker() {
  const made: Array<{ name: string; options: CounterOptions }> = [];
  const added: Array<{ name: string; value: number; attributes: CounterAttributes | undefined }> = [];
  const maker: CounterMaker = (name, options) => {
    made.push({ name, options });
    return { add: (value, attributes) => added.push({ name, value, attributes }) };
  };
  return { maker, made, added };
}

describe('createCounter', () => {
  afterEach(() => installTelemetryHooks({}));

  it('metrics on → each add reaches the backend with its value and attributes', () => {
    const backend = recordingMaker();
    installTelemetryHooks({ counters: backend.maker });
    const refusals = createCounter('test.refusals', { description: 'Refusals, by reason' });
    refusals.add(1, { 'test.reason': 'expired' });
    refusals.add(2);
    assert.equal(refusals.enabled, true);
    assert.deepEqual(backend.added, [
      { name: 'test.refusals', value: 1, attributes: { 'test.reason': 'expired' } },
      { name: 'test.refusals', value: 2, attributes: undefined },
    ]);
  });

  it('the backend counter is made once, on first use, with the declared name, description and unit', () => {
    const backend = recordingMaker();
    const revenue = createCounter('test.revenue', { description: 'Revenue', unit: 'USD' });
    installTelemetryHooks({ counters: backend.maker });
    assert.deepEqual(backend.made, [], 'nothing is made before the first add');
    revenue.add(1.5);
    revenue.add(2.5);
    assert.deepEqual(backend.made, [{ name: 'test.revenue', options: { description: 'Revenue', unit: 'USD' } }]);
  });

  it('metrics off → add does nothing, makes nothing, and enabled says so', () => {
    const backend = recordingMaker();
    installTelemetryHooks({ counters: backend.maker });
    const orders = createCounter('test.orders', { description: 'Orders' });
    orders.add(1);
    installTelemetryHooks({});
    orders.add(1);
    orders.add(5, { 'test.kind': 'late' });
    assert.equal(orders.enabled, false);
    assert.deepEqual(
      backend.added.map(({ value }) => value),
      [1],
      'only the add made while metrics were on',
    );
    assert.equal(backend.made.length, 1);
  });

  it('a counter declared and used while metrics are off → counts from the moment a backend is installed', () => {
    const orders = createCounter('test.orders', { description: 'Orders' });
    orders.add(1);
    const backend = recordingMaker();
    installTelemetryHooks({ counters: backend.maker });
    orders.add(3);
    assert.deepEqual(backend.added, [{ name: 'test.orders', value: 3, attributes: undefined }]);
  });

  it('hooks replaced → the next add goes to the new backend only', () => {
    const first = recordingMaker();
    const second = recordingMaker();
    const additions = createCounter('test.additions', { description: 'Additions' });
    installTelemetryHooks({ counters: first.maker });
    additions.add(1);
    installTelemetryHooks({ counters: second.maker });
    additions.add(4);
    assert.deepEqual(
      first.added.map(({ value }) => value),
      [1],
    );
    assert.deepEqual(
      second.added.map(({ value }) => value),
      [4],
    );
  });
});
