import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { type CounterAttributes, declaredAttributes, installTelemetryHooks } from '@boutique/kit';
import { countRefusal, spanAttributes } from './telemetry';

const CARD = {
  creditCardNumber: '4432801561520454',
  creditCardCvv: 672,
  creditCardExpirationYear: 2030,
  creditCardExpirationMonth: 1,
};
const usd = (units: string) => ({ currencyCode: 'USD', units, nanos: 0 });

describe('payment span attributes', () => {
  it('Charge → currency and transaction id, never card data', () => {
    const attributes = declaredAttributes(
      spanAttributes.Charge!,
      { amount: usd('28'), creditCard: CARD },
      { transactionId: 'tx-1' },
    );
    assert.deepEqual(attributes, { 'app.currency.code': 'USD', 'app.payment.transaction_id': 'tx-1' });
  });

  it('a refused charge (no response) → the currency only', () => {
    assert.deepEqual(declaredAttributes(spanAttributes.Charge!, { amount: usd('28'), creditCard: CARD }, undefined), {
      'app.currency.code': 'USD',
    });
  });
});

describe('countRefusal', () => {
  afterEach(() => installTelemetryHooks({}));

  it('each refusal → app.payments.refused +1, labelled by its reason code', () => {
    const added: Array<[string, number, CounterAttributes | undefined]> = [];
    installTelemetryHooks({
      counters: (name) => ({ add: (value, attributes) => added.push([name, value, attributes]) }),
    });
    countRefusal('expired');
    countRefusal('expired');
    countRefusal('invalid_number');
    assert.deepEqual(added, [
      ['app.payments.refused', 1, { 'app.payment.refusal.reason': 'expired' }],
      ['app.payments.refused', 1, { 'app.payment.refusal.reason': 'expired' }],
      ['app.payments.refused', 1, { 'app.payment.refusal.reason': 'invalid_number' }],
    ]);
  });

  it('metrics off → nothing is counted', () => {
    const added: unknown[] = [];
    installTelemetryHooks({ counters: () => ({ add: (...increment) => added.push(increment) }) });
    installTelemetryHooks({});
    countRefusal('expired');
    assert.deepEqual(added, []);
  });
});
