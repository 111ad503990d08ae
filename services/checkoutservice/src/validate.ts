import { invalidArgument, money, quoteInput, requireMaxLength } from '@boutique/kit';
import type { PlaceOrderRequest__Output } from '@boutique/kit/generated/hipstershop/PlaceOrderRequest';
import type { Address, CreditCard } from './ports';

/** A PlaceOrder request whose required parts are present and well-formed. */
export interface ValidOrderRequest {
  userId: string;
  currencyCode: string;
  address: Address;
  email: string;
  card: CreditCard;
}

// The shape of an address a person types into a checkout form: something@domain.tld without spaces.
// The email service applies the full check; this one catches the obvious mistakes before any money
// moves, so the user hears about them instead of the confirmation silently failing afterwards.
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/**
 * The longest value accepted per field (in characters). The address limits are the frontend form's;
 * the user id is a session id (36-character UUIDs from the frontend); an email address cannot be
 * longer than 254 characters (RFC 5321); card numbers have at most 19 digits, so 32 leaves room for
 * spaces.
 */
export const MAX_LENGTHS = Object.freeze({
  userId: 128,
  streetAddress: 512,
  city: 128,
  state: 128,
  country: 128,
  email: 254,
  creditCardNumber: 32,
});

/**
 * Checks a PlaceOrder request before anything is called: user id, currency code shape, address
 * (street, city and country), email and card must be present, and no field longer than MAX_LENGTHS.
 * INVALID_ARGUMENT names the field and quotes at most a short prefix of what was sent. The
 * card itself is judged by the payment service, the currency's support by the currency service.
 */
export function validateRequest(request: PlaceOrderRequest__Output): ValidOrderRequest {
  const userId = request.userId.trim();
  if (userId === '') throw invalidArgument('user_id is required');
  requireMaxLength('user_id', userId, MAX_LENGTHS.userId);
  const currencyCode = request.userCurrency.trim();
  if (currencyCode === '') throw invalidArgument('user_currency is required');
  if (!money.isCurrencyCode(currencyCode)) {
    throw invalidArgument(
      `user_currency ${quoteInput(currencyCode)} is not a currency code (three upper-case letters)`,
    );
  }
  const { address } = request;
  if (!address) throw invalidArgument('address is required');
  for (const field of ['streetAddress', 'city', 'country'] as const) {
    if (address[field].trim() === '') throw invalidArgument(`address.${snakeCase(field)} is required`);
  }
  for (const field of ['streetAddress', 'city', 'state', 'country'] as const) {
    requireMaxLength(`address.${snakeCase(field)}`, address[field], MAX_LENGTHS[field]);
  }
  const email = request.email.trim();
  if (email === '') throw invalidArgument('email is required');
  if (email.length > MAX_LENGTHS.email || !EMAIL.test(email)) {
    throw invalidArgument('email is not a valid email address');
  }
  const card = request.creditCard;
  if (!card) throw invalidArgument('credit_card is required');
  if (card.creditCardNumber.trim() === '') throw invalidArgument('credit_card.credit_card_number is required');
  // The number itself is never quoted, not even in part.
  if (card.creditCardNumber.length > MAX_LENGTHS.creditCardNumber) {
    throw invalidArgument(
      `credit_card.credit_card_number must be at most ${MAX_LENGTHS.creditCardNumber} characters, got ${card.creditCardNumber.length}`,
    );
  }
  return { userId, currencyCode, address, email, card };
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
