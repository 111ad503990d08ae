import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredAttributes } from '@boutique/kit';
import { spanAttributes } from './telemetry';

describe('currency span attributes', () => {
  it('Convert → source and target currencies, never the amount', () => {
    assert.deepEqual(
      declaredAttributes(
        spanAttributes.Convert!,
        { from: { currencyCode: 'USD', units: '19', nanos: 0 }, toCode: 'EUR' },
        { currencyCode: 'EUR', units: '17', nanos: 0 },
      ),
      {
        'app.currency.from': 'USD',
        'app.currency.to': 'EUR',
      },
    );
  });

  it('GetSupportedCurrencies → nothing declared', () => {
    assert.equal(spanAttributes.GetSupportedCurrencies, undefined);
  });
});
