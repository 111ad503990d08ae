import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredAttributes } from '@boutique/kit';
import { spanAttributes } from './telemetry';

describe('ad span attributes', () => {
  it('GetAds → how many ads were returned', () => {
    const ad = { redirectUrl: '/product/OLJCESPC7Z', text: 'Sunglasses for sale' };
    assert.deepEqual(declaredAttributes(spanAttributes.GetAds!, { contextKeys: ['kitchen'] }, { ads: [ad, ad] }), {
      'app.ads.count': 2,
    });
  });

  it('a failed call (no response) → nothing', () => {
    assert.deepEqual(declaredAttributes(spanAttributes.GetAds!, { contextKeys: [] }, undefined), {});
  });
});
