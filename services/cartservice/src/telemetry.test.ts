import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { type CounterMaker, declaredAttributes, installTelemetryHooks, userIdHash } from '@boutique/kit';
import { countCartAddition, spanAttributes } from './telemetry';

const USER = 'a1b2c3d4-0000-4000-8000-123456789abc';

describe('cart span attributes', () => {
  it('AddItem → user hash, product id and quantity', () => {
    assert.deepEqual(
      declaredAttributes(spanAttributes.AddItem!, { userId: USER, item: { productId: 'OLJCESPC7Z', quantity: 3 } }, {}),
      {
        'user.hash': userIdHash(USER),
        'app.product.id': 'OLJCESPC7Z',
        'app.product.quantity': 3,
      },
    );
  });

  it('GetCart → user hash and the number of lines in the cart', () => {
    const cart = {
      userId: USER,
      items: [
        { productId: 'A', quantity: 1 },
        { productId: 'B', quantity: 2 },
      ],
    };
    assert.deepEqual(declaredAttributes(spanAttributes.GetCart!, { userId: USER }, cart), {
      'user.hash': userIdHash(USER),
      'app.items.count': 2,
    });
  });

  it('EmptyCart → user hash only', () => {
    assert.deepEqual(declaredAttributes(spanAttributes.EmptyCart!, { userId: USER }, {}), {
      'user.hash': userIdHash(USER),
    });
  });

  it('a failed call (no response) with an empty user id and no item → nothing', () => {
    assert.deepEqual(declaredAttributes(spanAttributes.AddItem!, { userId: '', item: null }, undefined), {});
    assert.deepEqual(declaredAttributes(spanAttributes.GetCart!, { userId: '' }, undefined), {});
  });

  it('the user id itself never reaches an attribute', () => {
    const attributes = declaredAttributes(spanAttributes.GetCart!, { userId: USER }, { userId: USER, items: [] });
    assert.ok(!Object.values(attributes).map(String).join(' ').includes(USER));
  });
});

describe('countCartAddition', () => {
  afterEach(() => installTelemetryHooks({}));

  /** Sums per counter name, as a metrics backend would. */
  function recordSums(): Map<string, number> {
    const sums = new Map<string, number>();
    const counters: CounterMaker = (name) => ({ add: (value) => sums.set(name, (sums.get(name) ?? 0) + value) });
    installTelemetryHooks({ counters });
    return sums;
  }

  it('each addition → app.cart.additions +1 and app.cart.added_quantity += its quantity', () => {
    const sums = recordSums();
    countCartAddition(3);
    countCartAddition(1);
    assert.deepEqual(Object.fromEntries(sums), { 'app.cart.additions': 2, 'app.cart.added_quantity': 4 });
  });

  it('a quantity that is not a positive number → counted as an addition, adds no units', () => {
    const sums = recordSums();
    countCartAddition(0);
    countCartAddition(Number.NaN);
    assert.deepEqual(Object.fromEntries(sums), { 'app.cart.additions': 2 });
  });

  it('metrics off → nothing is counted', () => {
    const sums = recordSums();
    installTelemetryHooks({});
    countCartAddition(2);
    assert.deepEqual(Object.fromEntries(sums), {});
  });
});
