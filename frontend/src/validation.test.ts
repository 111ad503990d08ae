import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLuhnValid, normaliseCardNumber, validateAddToCart, validateCheckout, validateCurrency } from './validation';

const formOf =
  (fields: Record<string, string>) =>
  (name: string): string | undefined =>
    fields[name];

const GOOD_CHECKOUT = {
  email: 'shopper@example.com',
  street_address: '12 Larkspur Lane',
  zip_code: '94110',
  city: 'Brookfield',
  state: 'CA',
  country: 'United States',
  credit_card_number: '4716190207394368',
  credit_card_expiration_month: '1',
  credit_card_expiration_year: '2031',
  credit_card_cvv: '481',
};

const fieldsOf = (result: { ok: boolean; problems?: readonly { field: string }[] }) =>
  result.ok ? [] : result.problems!.map((p) => p.field);

describe('isLuhnValid', () => {
  it('accepts numbers whose check digit fits', () => {
    for (const n of ['4716190207394368', '4111111111111111', '5555555555554444', '378282246310005', '0']) {
      assert.equal(isLuhnValid(n), true, n);
    }
  });
  it('refuses a changed digit and the empty string', () => {
    for (const n of ['4716190207394369', '4111111111111112', '']) assert.equal(isLuhnValid(n), false, n);
  });
});

describe('normaliseCardNumber', () => {
  it('groups of digits separated by spaces → the digits joined', () => {
    assert.equal(normaliseCardNumber('4716 1902 0739 4368'), '4716190207394368');
    assert.equal(normaliseCardNumber(' 4716190207394368 '), '4716190207394368');
  });
  it('dashes, letters, short groups, wrong lengths or a bad check digit → undefined', () => {
    for (const n of [
      '4716-1902-0739-4368',
      '4716x90207394368',
      '47 16190207394368',
      '42',
      '4716190207394369',
      '',
      '12345678903',
    ]) {
      assert.equal(normaliseCardNumber(n), undefined, n);
    }
  });
});

describe('validateAddToCart', () => {
  it('a product id and a quantity from 1 to 10 → the parsed values', () => {
    assert.deepEqual(validateAddToCart(formOf({ product_id: 'OLJCESPC7Z', quantity: '10' })), {
      ok: true,
      value: { productId: 'OLJCESPC7Z', quantity: 10 },
    });
  });
  it('missing fields → both named', () => {
    assert.deepEqual(fieldsOf(validateAddToCart(formOf({}))), ['product_id', 'quantity']);
  });
  it('0, 11, -1, 1.5, 1e1 and words are not quantities', () => {
    for (const quantity of ['0', '11', '-1', '1.5', '1e1', 'two', '+3']) {
      assert.deepEqual(fieldsOf(validateAddToCart(formOf({ product_id: 'X', quantity }))), ['quantity'], quantity);
    }
  });
  it('a long bad quantity is echoed shortened', () => {
    const result = validateAddToCart(formOf({ product_id: 'X', quantity: 'x'.repeat(100) }));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.problems[0]!.message.includes('…'));
  });
});

describe('validateCurrency', () => {
  it('three capital letters → the code', () => {
    assert.deepEqual(validateCurrency(formOf({ currency_code: 'EUR' })), { ok: true, value: { currencyCode: 'EUR' } });
  });
  it('empty, lower-case, symbols and long codes → currency_code named', () => {
    for (const code of ['', 'eur', '$', 'EURO', 'E1R']) {
      assert.deepEqual(fieldsOf(validateCurrency(formOf({ currency_code: code }))), ['currency_code'], code);
    }
  });
});

describe('validateCheckout', () => {
  it('the placeholder form → address and card as checkout wants them', () => {
    assert.deepEqual(validateCheckout(formOf(GOOD_CHECKOUT)), {
      ok: true,
      value: {
        email: 'shopper@example.com',
        address: {
          streetAddress: '12 Larkspur Lane',
          city: 'Brookfield',
          state: 'CA',
          country: 'United States',
          zipCode: 94110,
        },
        creditCard: {
          creditCardNumber: '4716190207394368',
          creditCardCvv: 481,
          creditCardExpirationYear: 2031,
          creditCardExpirationMonth: 1,
        },
      },
    });
  });
  it('an empty form → every field named, in form order', () => {
    assert.deepEqual(fieldsOf(validateCheckout(formOf({}))), [
      'email',
      'street_address',
      'zip_code',
      'city',
      'state',
      'country',
      'credit_card_number',
      'credit_card_expiration_month',
      'credit_card_expiration_year',
      'credit_card_cvv',
    ]);
  });
  const bad: [string, string][] = [
    ['email', 'test@example'],
    ['email', 'no-at-sign.com'],
    ['email', 'two@@example.com'],
    ['street_address', 'x'.repeat(513)],
    ['zip_code', '-94110'],
    ['zip_code', '0'],
    ['zip_code', '94 110'],
    ['city', 'c'.repeat(129)],
    ['state', 's'.repeat(129)],
    ['country', 'c'.repeat(129)],
    ['credit_card_number', '4716190207394369'],
    ['credit_card_expiration_month', '0'],
    ['credit_card_expiration_month', '13'],
    ['credit_card_expiration_year', '31'],
    ['credit_card_cvv', '12'],
    ['credit_card_cvv', '12345'],
    ['credit_card_cvv', 'abc'],
  ];
  for (const [field, value] of bad) {
    it(`${field} = ${JSON.stringify(value.length > 20 ? `${value.slice(0, 8)}…` : value)} → only ${field} named`, () => {
      assert.deepEqual(fieldsOf(validateCheckout(formOf({ ...GOOD_CHECKOUT, [field]: value }))), [field]);
    });
  }
  it('limits count characters, not bytes: 512 multi-byte characters pass', () => {
    assert.equal(validateCheckout(formOf({ ...GOOD_CHECKOUT, street_address: 'é'.repeat(512) })).ok, true);
  });
});
