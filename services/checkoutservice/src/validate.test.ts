import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '@boutique/kit';
import type { PlaceOrderRequest__Output } from '@boutique/kit/generated/hipstershop/PlaceOrderRequest';
import type { Address, CreditCard } from './ports';
import { MAX_LENGTHS, validateRequest } from './validate';

const ADDRESS: Address = {
  streetAddress: '12 Harbour Lane',
  city: 'Springfield',
  state: 'OR',
  country: 'United States',
  zipCode: 97403,
};
const CARD: CreditCard = {
  creditCardNumber: '4111111111111111',
  creditCardCvv: 123,
  creditCardExpirationYear: 2031,
  creditCardExpirationMonth: 6,
};

/** A request as the loader decodes it (absent strings are '', absent messages null), with overrides. */
function aRequest(overrides: Partial<PlaceOrderRequest__Output> = {}): PlaceOrderRequest__Output {
  return {
    userId: 'b6f0c5de-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
    userCurrency: 'EUR',
    address: { ...ADDRESS },
    email: 'shopper@example.com',
    creditCard: { ...CARD },
    ...overrides,
  };
}

const withAddress = (overrides: Partial<Address>) => aRequest({ address: { ...ADDRESS, ...overrides } });
const withCard = (overrides: Partial<CreditCard>) => aRequest({ creditCard: { ...CARD, ...overrides } });

/** Asserts that validateRequest refuses the request as INVALID_ARGUMENT with exactly this message. */
function assertRefused(request: PlaceOrderRequest__Output, message: string): void {
  assert.throws(
    () => validateRequest(request),
    (err: unknown) => {
      assert.ok(err instanceof DomainError, `not a DomainError: ${String(err)}`);
      assert.deepEqual({ kind: err.kind, message: err.message }, { kind: 'INVALID_ARGUMENT', message });
      return true;
    },
  );
}

describe('validateRequest', () => {
  it('a complete request → its parts, unchanged', () => {
    assert.deepEqual(validateRequest(aRequest()), {
      userId: 'b6f0c5de-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      currencyCode: 'EUR',
      address: ADDRESS,
      email: 'shopper@example.com',
      card: CARD,
    });
  });

  it('user id, currency and email with surrounding spaces → trimmed', () => {
    const valid = validateRequest(aRequest({ userId: ' u-1\t', userCurrency: ' JPY ', email: ' a@b.co\n' }));
    assert.deepEqual([valid.userId, valid.currencyCode, valid.email], ['u-1', 'JPY', 'a@b.co']);
  });

  it('an empty request → the first rule, user_id is required', () => {
    assertRefused({ userId: '', userCurrency: '', address: null, email: '', creditCard: null }, 'user_id is required');
  });

  describe('user_id', () => {
    for (const userId of ['', '   ']) {
      it(`${JSON.stringify(userId)} → user_id is required`, () => {
        assertRefused(aRequest({ userId }), 'user_id is required');
      });
    }
  });

  describe('user_currency', () => {
    for (const userCurrency of ['', ' ']) {
      it(`${JSON.stringify(userCurrency)} → user_currency is required`, () => {
        assertRefused(aRequest({ userCurrency }), 'user_currency is required');
      });
    }
    for (const userCurrency of ['eur', 'EURO', 'EU', 'E1R', '$']) {
      it(`"${userCurrency}" → not a currency code`, () => {
        assertRefused(
          aRequest({ userCurrency }),
          `user_currency "${userCurrency}" is not a currency code (three upper-case letters)`,
        );
      });
    }
    it('a well-formed code the shop may not support (XYZ) → accepted: the currency service judges support', () => {
      assert.equal(validateRequest(aRequest({ userCurrency: 'XYZ' })).currencyCode, 'XYZ');
    });
  });

  describe('address', () => {
    it('missing → address is required', () => {
      assertRefused(aRequest({ address: null }), 'address is required');
    });
    for (const [field, wire] of [
      ['streetAddress', 'street_address'],
      ['city', 'city'],
      ['country', 'country'],
    ] as const) {
      it(`empty or blank ${field} → address.${wire} is required`, () => {
        assertRefused(withAddress({ [field]: '' }), `address.${wire} is required`);
        assertRefused(withAddress({ [field]: ' \t' }), `address.${wire} is required`);
      });
    }
    it('no state and no zip code → accepted: many countries have neither, and shipping judges the address', () => {
      const address = { ...ADDRESS, state: '', zipCode: 0 };
      assert.deepEqual(validateRequest(aRequest({ address })).address, address);
    });
  });

  describe('email', () => {
    it('empty or blank → email is required', () => {
      assertRefused(aRequest({ email: '' }), 'email is required');
      assertRefused(aRequest({ email: '  ' }), 'email is required');
    });
    for (const email of [
      'test@example',
      'shopper@',
      '@example.com',
      'shopper',
      'shop per@example.com',
      'shopper@@example.com',
      'shopper@example..com',
      'shopper@.example.com',
      'shopper@example.com.',
      'shopper@exa mple.com',
    ]) {
      it(`"${email}" → not a valid email address`, () => {
        assertRefused(aRequest({ email }), 'email is not a valid email address');
      });
    }
    it('254 characters → accepted; 255 → not a valid email address', () => {
      const domain = '@example.com';
      assert.equal(
        validateRequest(aRequest({ email: `${'a'.repeat(254 - domain.length)}${domain}` })).email.length,
        254,
      );
      assertRefused(
        aRequest({ email: `${'a'.repeat(255 - domain.length)}${domain}` }),
        'email is not a valid email address',
      );
    });
    for (const email of ['first.last+tag@mail.example.co.uk', "o'brien@example.ie", 'x@y.io']) {
      it(`"${email}" → accepted`, () => {
        assert.equal(validateRequest(aRequest({ email })).email, email);
      });
    }
  });

  describe('credit_card', () => {
    it('missing → credit_card is required', () => {
      assertRefused(aRequest({ creditCard: null }), 'credit_card is required');
    });
    it('empty or blank number → credit_card.credit_card_number is required', () => {
      assertRefused(withCard({ creditCardNumber: '' }), 'credit_card.credit_card_number is required');
      assertRefused(withCard({ creditCardNumber: '   ' }), 'credit_card.credit_card_number is required');
    });
    it('a number that is no card, an expired card, no CVV → accepted: the payment service judges the card', () => {
      const card = {
        creditCardNumber: '1234',
        creditCardCvv: 0,
        creditCardExpirationYear: 2001,
        creditCardExpirationMonth: 0,
      };
      assert.deepEqual(validateRequest(withCard(card)).card, card);
    });
  });

  // What the original frontend builds from its checkout form: the session id (a uuid v4) as user id,
  // the currency cookie (any ISO 4217 code its validator accepts, USD when unset), and the parsed form
  // values: a zip code that may be negative, a state, a card number of digits only, and month, year and
  // CVV as integers (docs/compatibility.md, HTTP routes, forms and cookies).
  describe('what the original frontend sends', () => {
    const fromOriginalFrontend = (overrides: Partial<PlaceOrderRequest__Output> = {}) =>
      aRequest({
        userId: '9a3e7c41-5b2d-4f6e-a8c0-1d2e3f4a5b6c',
        userCurrency: 'USD',
        address: {
          streetAddress: '221 Baker Street',
          city: 'London',
          state: 'LDN',
          country: 'United Kingdom',
          zipCode: 10001,
        },
        email: 'shopper@example.com',
        creditCard: {
          creditCardNumber: '4539578763621486',
          creditCardCvv: 318,
          creditCardExpirationYear: 2030,
          creditCardExpirationMonth: 12,
        },
        ...overrides,
      });

    it('a typical order in USD → accepted unchanged', () => {
      const request = fromOriginalFrontend();
      assert.deepEqual(validateRequest(request), {
        userId: request.userId,
        currencyCode: 'USD',
        address: request.address,
        email: request.email,
        card: request.creditCard,
      });
    });

    for (const userCurrency of ['EUR', 'CAD', 'JPY', 'GBP', 'TRY', 'CHF']) {
      it(`the currency cookie ${userCurrency} → accepted`, () => {
        assert.equal(validateRequest(fromOriginalFrontend({ userCurrency })).currencyCode, userCurrency);
      });
    }

    it('a negative zip code (the original accepts it) → accepted', () => {
      const request = fromOriginalFrontend();
      const address = { ...request.address!, zipCode: -94043 };
      assert.equal(validateRequest({ ...request, address }).address.zipCode, -94043);
    });

    it('the longest fields the original allows (512-character street, 128-character city, state, country) → accepted', () => {
      const address = {
        streetAddress: 's'.repeat(512),
        city: 'c'.repeat(128),
        state: 's'.repeat(128),
        country: 'k'.repeat(128),
        zipCode: 1,
      };
      assert.deepEqual(validateRequest(fromOriginalFrontend({ address })).address, address);
    });
  });

  // What the original load generator's checkout task posts, as the frontend forwards it: fake-person
  // emails at free-mail or example domains, a street with an apartment, a five-digit zip that loses its
  // leading zero as an integer, a two-letter state, any country name (spaces, commas, apostrophes,
  // parentheses), a 16-digit VISA number, month 1-12, a year 1 to 71 years ahead, CVV 100-999
  // (docs/compatibility.md, Load generator).
  describe('what the original load generator sends', () => {
    const cases: [string, PlaceOrderRequest__Output][] = [
      [
        'an example.org email, a zip with its leading zero dropped',
        aRequest({
          userCurrency: 'USD',
          email: 'jennifer52@example.org',
          address: {
            streetAddress: '0935 Kimberly Trail Apt. 442',
            city: 'East Jennifer',
            state: 'MA',
            country: 'Korea',
            zipCode: 2134,
          },
          creditCard: {
            creditCardNumber: '4716108999716531',
            creditCardCvv: 100,
            creditCardExpirationYear: 2027,
            creditCardExpirationMonth: 1,
          },
        }),
      ],
      [
        'a free-mail email, a country with a comma, the latest year and highest CVV',
        aRequest({
          userCurrency: 'TRY',
          email: 'rmartinez@hotmail.com',
          address: {
            streetAddress: '58 Ortiz Greens Suite 118',
            city: 'Lake Marcusview',
            state: 'WY',
            country: 'Congo, The Democratic Republic of the',
            zipCode: 99501,
          },
          creditCard: {
            creditCardNumber: '4929501538165703',
            creditCardCvv: 999,
            creditCardExpirationYear: 2097,
            creditCardExpirationMonth: 12,
          },
        }),
      ],
      [
        'a country with an apostrophe and one with parentheses',
        aRequest({
          userCurrency: 'JPY',
          email: 'd.nguyen@example.net',
          address: {
            streetAddress: '7 Oak Row',
            city: 'New Amy',
            state: 'TX',
            country: "Cote d'Ivoire",
            zipCode: 75001,
          },
          creditCard: {
            creditCardNumber: '4485275742308327',
            creditCardCvv: 504,
            creditCardExpirationYear: 2040,
            creditCardExpirationMonth: 7,
          },
        }),
      ],
      [
        'parentheses in the country',
        aRequest({
          userCurrency: 'GBP',
          email: 'kellyamy@gmail.com',
          address: {
            streetAddress: '4 Hill St.',
            city: 'Port Lisa',
            state: 'CA',
            country: 'Holy See (Vatican City State)',
            zipCode: 90210,
          },
          creditCard: {
            creditCardNumber: '4556737586899855',
            creditCardCvv: 321,
            creditCardExpirationYear: 2055,
            creditCardExpirationMonth: 3,
          },
        }),
      ],
    ];
    for (const [what, request] of cases) {
      it(`${what} → accepted unchanged`, () => {
        assert.deepEqual(validateRequest(request), {
          userId: request.userId,
          currencyCode: request.userCurrency,
          address: request.address,
          email: request.email,
          card: request.creditCard,
        });
      });
    }
  });
});

describe('validateRequest: input bounds', () => {
  const quoted = (fill: string, limit: number) => `"${fill.repeat(64)}"… (${limit + 1 - 64} more characters)`;

  it(`user_id of ${MAX_LENGTHS.userId} characters → accepted; one more → INVALID_ARGUMENT quoting 64 of them`, () => {
    assert.equal(
      validateRequest(aRequest({ userId: 'u'.repeat(MAX_LENGTHS.userId) })).userId.length,
      MAX_LENGTHS.userId,
    );
    assertRefused(
      aRequest({ userId: 'u'.repeat(MAX_LENGTHS.userId + 1) }),
      `user_id must be at most ${MAX_LENGTHS.userId} characters, got ${quoted('u', MAX_LENGTHS.userId)}`,
    );
  });

  for (const [field, name] of [
    ['streetAddress', 'street_address'],
    ['city', 'city'],
    ['state', 'state'],
    ['country', 'country'],
  ] as const) {
    const limit = MAX_LENGTHS[field];
    it(`address.${name} of ${limit} characters → accepted; one more → INVALID_ARGUMENT`, () => {
      assert.equal(validateRequest(withAddress({ [field]: 'a'.repeat(limit) })).address[field].length, limit);
      assertRefused(
        withAddress({ [field]: 'a'.repeat(limit + 1) }),
        `address.${name} must be at most ${limit} characters, got ${quoted('a', limit)}`,
      );
    });
  }

  it('a 1 MB street address → INVALID_ARGUMENT with a message of under 200 characters', () => {
    assert.throws(
      () => validateRequest(withAddress({ streetAddress: 's'.repeat(1_000_000) })),
      (err: unknown) => err instanceof DomainError && err.kind === 'INVALID_ARGUMENT' && err.message.length < 200,
    );
  });

  it(`credit_card_number of ${MAX_LENGTHS.creditCardNumber} characters → passed on; one more → INVALID_ARGUMENT that never quotes it`, () => {
    const edge = '4'.repeat(MAX_LENGTHS.creditCardNumber);
    assert.equal(validateRequest(withCard({ creditCardNumber: edge })).card.creditCardNumber, edge);
    assertRefused(
      withCard({ creditCardNumber: '4'.repeat(MAX_LENGTHS.creditCardNumber + 1) }),
      `credit_card.credit_card_number must be at most ${MAX_LENGTHS.creditCardNumber} characters, got ${MAX_LENGTHS.creditCardNumber + 1}`,
    );
  });

  it('a long user_currency → INVALID_ARGUMENT quoting only 64 characters of it', () => {
    assertRefused(
      aRequest({ userCurrency: 'E'.repeat(1_000) }),
      `user_currency "${'E'.repeat(64)}"… (936 more characters) is not a currency code (three upper-case letters)`,
    );
  });
});
