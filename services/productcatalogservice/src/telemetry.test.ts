import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredAttributes } from '@boutique/kit';
import { spanAttributes } from './telemetry';

const product = (id: string) => ({ id, name: id, description: '', picture: '', categories: [] });

describe('catalog span attributes', () => {
  it('GetProduct → product id; ListProducts → how many products', () => {
    assert.deepEqual(declaredAttributes(spanAttributes.GetProduct!, { id: 'OLJCESPC7Z' }, product('OLJCESPC7Z')), {
      'app.product.id': 'OLJCESPC7Z',
    });
    assert.deepEqual(
      declaredAttributes(spanAttributes.ListProducts!, {}, { products: [product('A'), product('B'), product('C')] }),
      { 'app.products.count': 3 },
    );
  });

  it('a GetProduct without an id → nothing', () => {
    assert.deepEqual(declaredAttributes(spanAttributes.GetProduct!, { id: '' }, undefined), {});
  });

  it('SearchProducts → nothing declared: the search text is never read', () => {
    assert.equal(spanAttributes.SearchProducts, undefined);
  });
});
