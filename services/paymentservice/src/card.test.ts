import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CreditCardInfo__Output } from '@boutique/kit/generated/hipstershop/CreditCardInfo';
import { cardTypeOf, isLuhnValid, normalizeNumber, validateCard } from './card';
import type { RefusalReason } from './refusal';

/** Appends the Luhn check digit to a partial number. */
function complete(partial: string): string {
  for (let digit = 0; digit <= 9; digit++) if (isLuhnValid(partial + digit)) return partial + digit;
  throw new Error('unreachable');
}

const TODAY = { year: 2026, month: 6 };
const card = (number: string, month = 12, year = 2030, cvv = 123): CreditCardInfo__Output => ({
  creditCardNumber: number,
  creditCardCvv: cvv,
  creditCardExpirationMonth: month,
  creditCardExpirationYear: year,
});

describe('isLuhnValid', () => {
  const cases: [string, boolean][] = [
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['5555555555554444', true],
    ['378282246310005', true],
    ['79927398713', true],
    ['79927398710', false],
    ['0', true],
    ['', false],
  ];
  for (const [digits, expected] of cases) {
    it(`"${digits}" → ${expected}`, () => assert.equal(isLuhnValid(digits), expected));
  }
});

describe('normalizeNumber', () => {
  it('spaces and dashes are removed, nothing else', () => {
    assert.equal(normalizeNumber(' 4111-1111 1111-1111 '), '4111111111111111');
    assert.equal(normalizeNumber('4111.1111'), '4111.1111');
  });
});

describe('cardTypeOf', () => {
  const cases: [string, string | undefined][] = [
    ['340000000000009', 'amex'],
    ['370000000000002', 'amex'],
    ['30000000000004', 'diners_club_carte_blanche'],
    ['30500000000003', 'diners_club_carte_blanche'],
    ['30900000000000', 'diners_club_international'],
    ['36000000000008', 'diners_club_international'],
    ['38000000000006', 'diners_club_international'],
    ['39000000000003', 'diners_club_international'],
    ['3528000000000007', 'jcb'],
    ['3589000000000003', 'jcb'],
    ['3527000000000000', undefined],
    ['6304000000000000', 'laser'], // laser comes before maestro, which also lists 6304
    ['6771000000000000', 'laser'],
    ['4026000000000000', 'visa'], // Visa Electron prefixes are VISA here
    ['4175000000000000', 'visa'],
    ['4508000000000000', 'visa'],
    ['4844000000000000', 'visa'],
    ['4913000000000000', 'visa'],
    ['4917000000000000', 'visa'],
    ['4000000000000000', 'visa'],
    ['5100000000000000', 'mastercard'],
    ['5500000000000000', 'mastercard'],
    ['2221000000000000', 'mastercard'],
    ['2720000000000000', 'mastercard'],
    ['2220000000000000', undefined],
    ['2721000000000000', undefined],
    ['5018000000000000', 'maestro'],
    ['6759000000000000', 'maestro'],
    ['6762000000000000', 'maestro'],
    ['5085000000000000', 'rupay'],
    ['6069850000000000', 'rupay'],
    ['8172000000000000', 'rupay'],
    ['6011000000000000', 'discover'],
    ['6221260000000000', 'discover'],
    ['6500000000000000', 'discover'],
    ['5600000000000000', undefined],
    ['1234567812345678', undefined],
  ];
  for (const [digits, expected] of cases) {
    it(`${digits} → ${expected ?? 'unknown'}`, () => assert.equal(cardTypeOf(digits), expected));
  }
});

describe('validateCard accepts', () => {
  const cases: [string, CreditCardInfo__Output, { type: string; last4: string }][] = [
    ['a VISA', card('4111111111111111'), { type: 'visa', last4: '1111' }],
    ['a VISA with spaces and dashes', card('4111 1111-1111 1111'), { type: 'visa', last4: '1111' }],
    [
      'a Visa Electron prefix (the original refuses it)',
      card(complete('402600000000001')),
      { type: 'visa', last4: complete('402600000000001').slice(-4) },
    ],
    [
      'a Visa Electron 417500 prefix',
      card(complete('417500000000002')),
      { type: 'visa', last4: complete('417500000000002').slice(-4) },
    ],
    ['a MasterCard 5-series', card('5555555555554444'), { type: 'mastercard', last4: '4444' }],
    [
      'a MasterCard 2-series (2221)',
      card(complete('222100000000000')),
      { type: 'mastercard', last4: complete('222100000000000').slice(-4) },
    ],
    [
      'a MasterCard 2-series (2720)',
      card(complete('272099999999999')),
      { type: 'mastercard', last4: complete('272099999999999').slice(-4) },
    ],
    ['a card expiring this month', card('4111111111111111', 6, 2026), { type: 'visa', last4: '1111' }],
    ['a card expiring next month', card('4111111111111111', 7, 2026), { type: 'visa', last4: '1111' }],
    ['a card expiring in 50 years', card('4111111111111111', 1, 2076), { type: 'visa', last4: '1111' }],
    // The original's load generator sends years up to 71 ahead; the original accepts any future year.
    ['a card expiring in 71 years', card('4111111111111111', 1, 2097), { type: 'visa', last4: '1111' }],
    ['a card expiring in 9999', card('4111111111111111', 12, 9999), { type: 'visa', last4: '1111' }],
    ['a 3-digit CVV', card('4111111111111111', 12, 2030, 100), { type: 'visa', last4: '1111' }],
    ['a 4-digit CVV', card('4111111111111111', 12, 2030, 9999), { type: 'visa', last4: '1111' }],
    // "000" and "012" arrive as 0 and 12: an int32 keeps no leading zeros.
    ['a CVV of 000', card('4111111111111111', 12, 2030, 0), { type: 'visa', last4: '1111' }],
  ];
  for (const [name, input, expected] of cases) {
    it(`${name}`, () => assert.deepEqual(validateCard(input, TODAY), expected));
  }
});

describe('validateCard refuses with INVALID_ARGUMENT', () => {
  const cases: [string, CreditCardInfo__Output | null, RegExp][] = [
    ['a missing card', null, /^credit card is required$/],
    ['an empty number', card(''), /^credit card number is required$/],
    ['spaces and dashes only', card(' - - '), /^credit card number is required$/],
    ['letters in the number', card('4111 1111 1111 111a'), /only digits, spaces and dashes/],
    ['dots in the number', card('4111.1111.1111.1111'), /only digits, spaces and dashes/],
    ['20 digits', card(complete('4111111111111111111')), /has 20 digits, more than 19/],
    ['11 digits', card('79927398713'), /ending 8713 has 11 digits, fewer than 12/],
    ['a bad checksum', card('4111111111111112'), /ending 1112 is invalid \(checksum mismatch\)/],
    ['an unknown type', card(complete('123456781234567')), /is not of a known card type/],
    ['a 13-digit VISA', card(complete('411111111111')), /a VISA number has 16 digits, not 13/],
    ['a 19-digit VISA', card(complete('411111111111111111')), /a VISA number has 16 digits, not 19/],
    ['a 15-digit MasterCard', card(complete('55555555555544')), /a MasterCard number has 16 digits, not 15/],
    [
      'American Express',
      card('378282246310005'),
      /^American Express cards are not accepted \(card ending 0005\); only VISA and MasterCard are$/,
    ],
    ['Discover', card('6011111111111117'), /^Discover cards are not accepted/],
    ['JCB', card('3530111333300000'), /^JCB cards are not accepted/],
    ['Diners Club International', card(complete('3852000002323')), /^Diners Club International cards are not accepted/],
    ['Diners Club Carte Blanche', card(complete('3056930902590')), /^Diners Club Carte Blanche cards are not accepted/],
    ['Maestro', card(complete('675964982643845')), /^Maestro cards are not accepted/],
    ['Laser', card(complete('630400000000000')), /^Laser cards are not accepted/],
    ['RuPay', card(complete('608500000000000')), /^RuPay cards are not accepted/],
    [
      'a negative CVV',
      card('4111111111111111', 12, 2030, -1),
      /^credit card security code of the card ending 1111 must have 3 or 4 digits$/,
    ],
    [
      'a five-digit CVV',
      card('4111111111111111', 12, 2030, 10000),
      /security code of the card ending 1111 must have 3 or 4 digits/,
    ],
    ['month 0', card('4111111111111111', 0, 2030), /expiration month 0 is not between 1 and 12/],
    ['month 13', card('4111111111111111', 13, 2030), /expiration month 13 is not between 1 and 12/],
    [
      'year 0 (unset)',
      card('4111111111111111', 5, 0),
      /expiration year 0 is implausible: expected a four-digit year from 2000 to 9999/,
    ],
    ['a two-digit year', card('4111111111111111', 5, 30), /expiration year 30 is implausible/],
    ['year 1999', card('4111111111111111', 5, 1999), /expiration year 1999 is implausible/],
    ['a five-digit year', card('4111111111111111', 5, 10000), /expiration year 10000 is implausible/],
    ['month -1', card('4111111111111111', -1, 2030), /expiration month -1 is not between 1 and 12/],
    [
      'an expired card (last month)',
      card('4111111111111111', 5, 2026),
      /^credit card ending 1111 expired in 05\/2026$/,
    ],
    [
      'an expired card (last year)',
      card('5555555555554444', 12, 2025),
      /^credit card ending 4444 expired in 12\/2025$/,
    ],
  ];
  // The reason code each refusal carries for the payments-refused metric.
  const REASONS: Record<string, RefusalReason> = {
    'a missing card': 'missing_card',
    'an empty number': 'missing_card',
    'spaces and dashes only': 'missing_card',
    'letters in the number': 'malformed_number',
    'dots in the number': 'malformed_number',
    '20 digits': 'malformed_number',
    '11 digits': 'malformed_number',
    'a bad checksum': 'invalid_number',
    'an unknown type': 'unknown_card_type',
    'a 13-digit VISA': 'invalid_number',
    'a 19-digit VISA': 'invalid_number',
    'a 15-digit MasterCard': 'invalid_number',
    'American Express': 'unsupported_card_type',
    Discover: 'unsupported_card_type',
    JCB: 'unsupported_card_type',
    'Diners Club International': 'unsupported_card_type',
    'Diners Club Carte Blanche': 'unsupported_card_type',
    Maestro: 'unsupported_card_type',
    Laser: 'unsupported_card_type',
    RuPay: 'unsupported_card_type',
    'a negative CVV': 'malformed_security_code',
    'a five-digit CVV': 'malformed_security_code',
    'month 0': 'invalid_expiration',
    'month 13': 'invalid_expiration',
    'year 0 (unset)': 'invalid_expiration',
    'a two-digit year': 'invalid_expiration',
    'year 1999': 'invalid_expiration',
    'a five-digit year': 'invalid_expiration',
    'month -1': 'invalid_expiration',
    'an expired card (last month)': 'expired',
    'an expired card (last year)': 'expired',
  };
  for (const [name, input, message] of cases) {
    it(`${name} (reason ${REASONS[name]})`, () => {
      assert.throws(
        () => validateCard(input, TODAY),
        (err: Error & { kind?: string; reason?: string }) => {
          assert.equal(err.kind, 'INVALID_ARGUMENT');
          assert.match(err.message, message);
          assert.equal(err.reason, REASONS[name]);
          return true;
        },
      );
    });
  }

  it('no message ever holds more than four digits of the number', () => {
    const numbers = ['4111111111111112', '378282246310005', '4111111111111111', complete('123456781234567')];
    for (const number of numbers) {
      for (const [month, year] of [
        [12, 2030],
        [1, 2020],
        [13, 2030],
      ] as const) {
        try {
          validateCard(card(number, month, year), TODAY);
        } catch (err) {
          const message = (err as Error).message;
          assert.ok(!message.includes(number.slice(-5)), message);
        }
      }
    }
  });
});
