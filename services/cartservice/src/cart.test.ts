import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_QUANTITY, normalizeItems, requireUserId, validateAddItem, withItemAdded } from './cart';

describe('validateAddItem', () => {
  it('a complete request → its parts', () => {
    assert.deepEqual(validateAddItem({ userId: 'u', item: { productId: 'P', quantity: 3 } }), {
      userId: 'u',
      productId: 'P',
      quantity: 3,
    });
  });
  const bad: [string, Parameters<typeof validateAddItem>[0], RegExp][] = [
    ['an empty user id', { userId: '', item: { productId: 'P', quantity: 1 } }, /^user_id is required$/],
    ['a missing item', { userId: 'u', item: null }, /^item is required$/],
    ['an empty product id', { userId: 'u', item: { productId: '', quantity: 1 } }, /^item.product_id is required$/],
    ['quantity 0', { userId: 'u', item: { productId: 'P', quantity: 0 } }, /^item.quantity must be at least 1, got 0$/],
    ['a negative quantity', { userId: 'u', item: { productId: 'P', quantity: -2 } }, /got -2$/],
  ];
  for (const [name, request, message] of bad) {
    it(`${name} → INVALID_ARGUMENT`, () => {
      assert.throws(() => validateAddItem(request), { kind: 'INVALID_ARGUMENT', message });
    });
  }
});

describe('requireUserId', () => {
  it('a non-empty id passes; an empty one → INVALID_ARGUMENT', () => {
    assert.equal(requireUserId(' '), ' ');
    assert.throws(() => requireUserId(''), { kind: 'INVALID_ARGUMENT' });
  });
});

describe('withItemAdded', () => {
  it('an empty cart gets one line', () => {
    assert.deepEqual(withItemAdded([], 'A', 2), [{ productId: 'A', quantity: 2 }]);
  });
  it('an existing product has its quantity raised in place', () => {
    const items = [
      { productId: 'A', quantity: 1 },
      { productId: 'B', quantity: 1 },
    ];
    assert.deepEqual(withItemAdded(items, 'A', 4), [
      { productId: 'A', quantity: 5 },
      { productId: 'B', quantity: 1 },
    ]);
    assert.deepEqual(items[0], { productId: 'A', quantity: 1 }, 'the input is not changed');
  });
  it('a new product is appended', () => {
    assert.deepEqual(withItemAdded([{ productId: 'A', quantity: 1 }], 'B', 1), [
      { productId: 'A', quantity: 1 },
      { productId: 'B', quantity: 1 },
    ]);
  });
  it('exactly the int32 maximum is allowed; one more → INVALID_ARGUMENT', () => {
    assert.deepEqual(withItemAdded([{ productId: 'A', quantity: MAX_QUANTITY - 5 }], 'A', 5), [
      { productId: 'A', quantity: MAX_QUANTITY },
    ]);
    assert.throws(() => withItemAdded([{ productId: 'A', quantity: MAX_QUANTITY - 5 }], 'A', 6), {
      kind: 'INVALID_ARGUMENT',
      message: 'quantity of product "A" would be 2147483648, above the maximum of 2147483647 (the cart is unchanged)',
    });
  });
});

describe('normalizeItems', () => {
  it('merges duplicate products in first-seen order and drops quantities below 1', () => {
    assert.deepEqual(
      normalizeItems([
        { productId: 'A', quantity: 1 },
        { productId: 'B', quantity: 0 },
        { productId: 'C', quantity: 2 },
        { productId: 'A', quantity: 3 },
        { productId: 'D', quantity: -1 },
      ]),
      [
        { productId: 'A', quantity: 4 },
        { productId: 'C', quantity: 2 },
      ],
    );
  });
  it('caps a merged line at the int32 maximum', () => {
    assert.deepEqual(
      normalizeItems([
        { productId: 'A', quantity: MAX_QUANTITY },
        { productId: 'A', quantity: MAX_QUANTITY },
      ]),
      [{ productId: 'A', quantity: MAX_QUANTITY }],
    );
  });
});
