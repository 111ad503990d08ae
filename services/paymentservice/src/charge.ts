import { type Money, money } from '@boutique/kit';
import type { ChargeRequest__Output } from '@boutique/kit/generated/hipstershop/ChargeRequest';
import { type AcceptedCard, validateCard, type YearMonth } from './card';
import { SUPPORTED_CURRENCIES } from './currencies';
import { refuse } from './refusal';

/** A charge that passed every check: the amount and what may be said about the card. */
export interface ApprovedCharge {
  amount: Money;
  card: AcceptedCard;
}

/**
 * Checks a charge request: the amount must be valid, positive Money in a currency the shop trades in, and the
 * card a valid, unexpired VISA or MasterCard. Throws INVALID_ARGUMENT with the reason. (The original accepts any
 * amount, zero and unknown currencies included; nothing a real order produces is refused by these checks.)
 */
export function approveCharge(request: ChargeRequest__Output, today: YearMonth): ApprovedCharge {
  const { amount, creditCard } = request;
  if (!amount) throw refuse('missing_amount', 'amount is required');
  const problem = money.problemWith(amount);
  if (problem !== undefined) throw refuse('invalid_amount', `amount ${problem}`);
  if (money.isNegative(amount)) throw refuse('negative_amount', 'amount must not be negative');
  if (money.isZero(amount)) throw refuse('zero_amount', 'amount must be more than zero');
  if (!SUPPORTED_CURRENCIES.has(amount.currencyCode)) {
    throw refuse('unsupported_currency', `currency ${amount.currencyCode} is not one the shop accepts`);
  }
  return { amount, card: validateCard(creditCard, today) };
}
