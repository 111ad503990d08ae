import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredAttributes, userIdHash } from '@boutique/kit';
import { spanAttributes } from './telemetry';

const USER = 'a1b2c3d4-0000-4000-8000-123456789abc';

describe('recommendation span attributes', () => {
  it('ListRecommendations → user hash, products in view, recommendations returned', () => {
    assert.deepEqual(
      declaredAttributes(
        spanAttributes.ListRecommendations!,
        { userId: USER, productIds: ['A', 'B'] },
        { productIds: ['C', 'D', 'E'] },
      ),
      {
        'user.hash': userIdHash(USER),
        'app.products.count': 2,
        'app.recommendations.count': 3,
      },
    );
  });

  it('a failed call (no response) → only what the request gives', () => {
    assert.deepEqual(
      declaredAttributes(spanAttributes.ListRecommendations!, { userId: '', productIds: [] }, undefined),
      { 'app.products.count': 0 },
    );
  });
});
