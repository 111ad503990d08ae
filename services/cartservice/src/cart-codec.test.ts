import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCart, encodeCart } from './cart-codec';

describe('cart codec', () => {
  it('encodes the protobuf wire bytes of hipstershop.Cart (field 1 user_id, field 2 items)', () => {
    const bytes = encodeCart({ userId: 'u1', items: [{ productId: 'P', quantity: 3 }] });
    // 0a 02 "u1" | 12 05 [0a 01 "P" 10 03]
    assert.deepEqual([...bytes], [0x0a, 0x02, 0x75, 0x31, 0x12, 0x05, 0x0a, 0x01, 0x50, 0x10, 0x03]);
  });
  it('round-trips a cart', () => {
    const cart = {
      userId: 'ü-🛒',
      items: [
        { productId: 'OLJCESPC7Z', quantity: 2_147_483_647 },
        { productId: 'x', quantity: 1 },
      ],
    };
    assert.deepEqual(decodeCart(encodeCart(cart)), cart);
  });
  it('zero-length bytes (the original EmptyCart) → an empty cart', () => {
    assert.deepEqual(decodeCart(new Uint8Array(0)), { userId: '', items: [] });
  });
  it('a negative quantity written by the original decodes as negative', () => {
    // 12 0c [0a 01 "P" 10 + ten-byte varint of -1]
    const bytes = Buffer.from([0x12, 0x0e, 0x0a, 0x01, 0x50, 0x10, ...Array(9).fill(0xff), 0x01]);
    assert.deepEqual(decodeCart(bytes), { userId: '', items: [{ productId: 'P', quantity: -1 }] });
  });
  it('bytes that are not a Cart → throws', () => {
    assert.throws(() => decodeCart(Buffer.from([0xff, 0xff, 0xff])));
  });
});
