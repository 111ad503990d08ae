import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChargeRequest__Output } from '@boutique/kit/generated/hipstershop/ChargeRequest';
import { approveCharge } from './charge';

const TODAY = { year: 2026, month: 6 };
const VISA = {
  creditCardNumber: '4111111111111111',
  creditCardCvv: 123,
  creditCardExpirationMonth: 1,
  creditCardExpirationYear: 2030,
};
const usd = (units: string, nanos: number) => ({ currencyCode: 'USD', units, nanos });
const request = (amount: ChargeRequest__Output['amount'], creditCard: ChargeRequest__Output['creditCard'] = VISA) => ({
  amount,
  creditCard,
});

describe('approveCharge', () => {
  it('a valid amount and card → the amount and the card type and last four digits', () => {
    assert.deepEqual(approveCharge(request(usd('19', 990_000_000)), TODAY), {
      amount: usd('19', 990_000_000),
      card: { type: 'visa', last4: '1111' },
    });
  });

  it('one nano is the smallest amount accepted', () => {
    assert.deepEqual(approveCharge(request(usd('0', 1)), TODAY).amount, usd('0', 1));
  });

  it('every currency the shop prices in is accepted', () => {
    for (const currencyCode of ['EUR', 'USD', 'JPY', 'GBP', 'TRY', 'CAD', 'ZAR']) {
      assert.equal(
        approveCharge(request({ currencyCode, units: '1', nanos: 0 }), TODAY).amount.currencyCode,
        currencyCode,
      );
    }
  });

  const refused: [string, ChargeRequest__Output, RegExp][] = [
    ['a missing amount', request(null), /^amount is required$/],
    ['a negative amount', request(usd('-1', 0)), /^amount must not be negative$/],
    ['negative nanos only', request(usd('0', -1)), /^amount must not be negative$/],
    ['a zero amount', request(usd('0', 0)), /^amount must be more than zero$/],
    [
      'a currency the shop does not price in',
      request({ currencyCode: 'XAU', units: '1', nanos: 0 }),
      /^currency XAU is not one the shop accepts$/,
    ],
    ['nanos above 999999999', request(usd('1', 1_000_000_000)), /^amount has nanos 1000000000/],
    ['units and nanos of opposite signs', request(usd('1', -5)), /^amount has units and nanos of opposite signs$/],
    [
      'a lower-case currency code',
      request({ currencyCode: 'usd', units: '1', nanos: 0 }),
      /^amount has currency code "usd"/,
    ],
    ['a missing card', request(usd('1', 0), null), /^credit card is required$/],
  ];
  const REASONS: Record<string, string> = {
    'a missing amount': 'missing_amount',
    'a negative amount': 'negative_amount',
    'negative nanos only': 'negative_amount',
    'a zero amount': 'zero_amount',
    'a currency the shop does not price in': 'unsupported_currency',
    'nanos above 999999999': 'invalid_amount',
    'units and nanos of opposite signs': 'invalid_amount',
    'a lower-case currency code': 'invalid_amount',
    'a missing card': 'missing_card',
  };
  for (const [name, input, message] of refused) {
    it(`${name} → INVALID_ARGUMENT, reason ${REASONS[name]}`, () => {
      assert.throws(() => approveCharge(input, TODAY), { kind: 'INVALID_ARGUMENT', message, reason: REASONS[name] });
    });
  }
});
