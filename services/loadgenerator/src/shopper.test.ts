import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom } from './random';
import { checkoutForm, formBody, isLuhnValid, luhnCheckDigit, visaNumber } from './shopper';
import { checkoutProblems } from './testing/fake-shop';

describe('Luhn', () => {
  it('known numbers: the classic test VISA passes, one changed digit fails', () => {
    assert.equal(isLuhnValid('4111111111111111'), true);
    assert.equal(isLuhnValid('4111111111111112'), false);
    assert.equal(isLuhnValid('79927398713'), true);
    assert.equal(luhnCheckDigit('7992739871'), 3);
  });

  it('non-digits or a single digit → not valid', () => {
    assert.equal(isLuhnValid('4111-1111-1111-1111'), false);
    assert.equal(isLuhnValid('0'), false);
  });

  it('every generated VISA number has 16 digits, starts with 4 and passes Luhn', () => {
    const random = createRandom(5);
    for (let i = 0; i < 1000; i++) {
      const number = visaNumber(random);
      assert.match(number, /^4\d{15}$/);
      assert.ok(isLuhnValid(number), number);
    }
  });
});

describe('checkoutForm', () => {
  it('1,000 generated forms all pass the frontend’s validation rules', () => {
    const random = createRandom(11);
    for (let i = 0; i < 1000; i++) {
      const form = checkoutForm(random, 2026);
      assert.deepEqual(checkoutProblems(new URLSearchParams(formBody(form)), 2026), [], JSON.stringify(form));
    }
  });

  it('the fields are the frontend’s names, in the page’s order', () => {
    assert.deepEqual(Object.keys(checkoutForm(createRandom(1), 2026)), [
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

  it('expiry years → every year from next year to next year + 70, as the original draws them, and no other', () => {
    const random = createRandom(9);
    const years = new Set(
      Array.from({ length: 10_000 }, () => Number(checkoutForm(random, 2026).credit_card_expiration_year)),
    );
    assert.deepEqual(
      [...years].sort((a, b) => a - b),
      Array.from({ length: 71 }, (_, i) => 2027 + i),
    );
  });

  it('the fake shop takes any future four-digit year, and refuses this year or a five-digit one', () => {
    const withYear = (year: string) => {
      const form = new URLSearchParams(formBody(checkoutForm(createRandom(4), 2026)));
      form.set('credit_card_expiration_year', year);
      return checkoutProblems(form, 2026);
    };
    assert.deepEqual(withYear('2027'), []);
    assert.deepEqual(withYear('2097'), []);
    assert.deepEqual(withYear('9999'), []);
    assert.deepEqual(withYear('2026'), ['credit_card_expiration_year 2026']);
    assert.deepEqual(withYear('10000'), ['credit_card_expiration_year 10000']);
  });

  it('zip codes are 5-digit strings, leading zeros included, never 00000', () => {
    const random = createRandom(3);
    const zips = Array.from({ length: 5000 }, () => checkoutForm(random, 2026).zip_code);
    assert.ok(zips.every((zip) => /^\d{5}$/.test(zip) && zip !== '00000'));
    assert.ok(zips.some((zip) => zip.startsWith('0')));
  });
});

describe('formBody', () => {
  it('encodes as a browser form does: spaces as +, reserved characters percent-encoded', () => {
    assert.equal(
      formBody({ street_address: '12 Oak Lane', country: 'Côte d’Ivoire', email: 'a+b@example.com' }),
      'street_address=12+Oak+Lane&country=C%C3%B4te+d%E2%80%99Ivoire&email=a%2Bb%40example.com',
    );
  });
});
