import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelOptionsFor, RETRY, RETRY_BUDGET, serviceConfigFor } from './policy';

describe('serviceConfigFor', () => {
  it('without retryable methods → round_robin only, no retry policy and no budget', () => {
    assert.deepEqual(JSON.parse(serviceConfigFor('hipstershop.PaymentService')), {
      loadBalancingConfig: [{ round_robin: {} }],
    });
  });

  it('retryable methods → one retry policy on UNAVAILABLE naming exactly them, and the retry budget', () => {
    assert.deepEqual(JSON.parse(serviceConfigFor('hipstershop.CartService', ['GetCart'])), {
      loadBalancingConfig: [{ round_robin: {} }],
      methodConfig: [{ name: [{ service: 'hipstershop.CartService', method: 'GetCart' }], retryPolicy: RETRY }],
      retryThrottling: RETRY_BUDGET,
    });
    assert.deepEqual(RETRY.retryableStatusCodes, ['UNAVAILABLE']);
  });
});

describe('channelOptionsFor', () => {
  it('bounds the reconnect backoff under one second, jitter included', () => {
    const options = channelOptionsFor('hipstershop.CartService');
    assert.ok((options['grpc.max_reconnect_backoff_ms'] as number) * 1.2 < 1_000);
    assert.ok(
      (options['grpc.initial_reconnect_backoff_ms'] as number) <= (options['grpc.max_reconnect_backoff_ms'] as number),
    );
  });

  it('keeps idle connections checked with keepalive pings', () => {
    const options = channelOptionsFor('hipstershop.CartService');
    assert.equal(options['grpc.keepalive_permit_without_calls'], 1);
    assert.ok((options['grpc.keepalive_time_ms'] as number) > 0);
  });
});
