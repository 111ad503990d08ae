import { money } from '@boutique/kit';
import type { Address } from '@boutique/kit/generated/hipstershop/Address';
import type { CreditCardInfo } from '@boutique/kit/generated/hipstershop/CreditCardInfo';

/** A submitted form: field name → value (undefined when the field is absent). */
export type Form = (field: string) => string | undefined;

/** One invalid field, named as in the form, with what the shopper should change. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

// Longest submitted value echoed back in a message; the rest is elided.
const ECHO_LIMIT = 40;
const echo = (value: string) => JSON.stringify(value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value);

// A whole number without sign, leading "+", exponent or decimals.
const WHOLE_NUMBER = /^\d+$/;
// An email address: a local part without spaces or specials, then a dotted domain of letters, digits
// and inner hyphens ("test@example" fails, as it does in the original's validator).
const EMAIL =
  /^[^\s@"<>()[\]\\,;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const CVV = /^\d{3,4}$/;
const YEAR = /^\d{4}$/;
const INT32_MAX = 2_147_483_647;

/** The quantities the product page offers; any whole number from 1 to 10 is accepted (as the original). */
export const MAX_QUANTITY = 10;

/** Whether a digit string passes the Luhn check (the last digit is the check digit). */
export function isLuhnValid(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    total += digit;
  }
  return digits.length > 0 && total % 10 === 0;
}

/**
 * The card number without its spaces, or undefined when it is not card-shaped: groups of at least
 * three digits separated by spaces, 12–19 digits in all, passing Luhn (the original's `credit_card` rule).
 */
export function normaliseCardNumber(text: string): string | undefined {
  const groups = text.trim().split(/ +/);
  if (groups.some((group) => group.length < 3 || !WHOLE_NUMBER.test(group))) return undefined;
  const digits = groups.join('');
  return digits.length >= 12 && digits.length <= 19 && isLuhnValid(digits) ? digits : undefined;
}

function text(form: Form, field: string): string {
  return (form(field) ?? '').trim();
}

function wholeNumber(value: string, min: number, max: number): number | undefined {
  if (!WHOLE_NUMBER.test(value)) return undefined;
  const number = Number(value);
  return number >= min && number <= max ? number : undefined;
}

/** The add-to-cart form: `product_id` (required) and `quantity` (1–10). */
export function validateAddToCart(form: Form): Validated<{ productId: string; quantity: number }> {
  const problems: FieldProblem[] = [];
  const productId = text(form, 'product_id');
  const rawQuantity = text(form, 'quantity');
  if (productId === '') problems.push({ field: 'product_id', message: 'choose a product' });
  const quantity = wholeNumber(rawQuantity, 1, MAX_QUANTITY);
  if (quantity === undefined) {
    problems.push({
      field: 'quantity',
      message: `${rawQuantity === '' ? 'choose a quantity' : `${echo(rawQuantity)} is not a quantity`}: a whole number from 1 to ${MAX_QUANTITY}`,
    });
  }
  return problems.length > 0 || quantity === undefined
    ? { ok: false, problems }
    : { ok: true, value: { productId, quantity } };
}

/** The currency form: `currency_code`, three capital letters (whether the shop offers it is checked by the caller). */
export function validateCurrency(form: Form): Validated<{ currencyCode: string }> {
  const currencyCode = text(form, 'currency_code');
  if (money.isCurrencyCode(currencyCode)) return { ok: true, value: { currencyCode } };
  const message =
    currencyCode === '' ? 'choose a currency' : `${echo(currencyCode)} is not a currency code such as EUR`;
  return { ok: false, problems: [{ field: 'currency_code', message }] };
}

export interface CheckoutDetails {
  readonly email: string;
  readonly address: Required<Address>;
  readonly creditCard: Required<CreditCardInfo>;
}

/**
 * The checkout form: contact, address and card fields, with the original frontend's rules, a little
 * stricter (docs/compatibility.md, Validation, and where we are stricter).
 */
export function validateCheckout(form: Form): Validated<CheckoutDetails> {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  const email = text(form, 'email');
  if (email === '') problem('email', 'enter your email address');
  else if (email.length > 254 || !EMAIL.test(email))
    problem('email', 'enter an email address such as name@example.com');

  const streetAddress = text(form, 'street_address');
  if (streetAddress === '') problem('street_address', 'enter your street address');
  else if ([...streetAddress].length > 512) problem('street_address', 'use at most 512 characters');

  const rawZip = text(form, 'zip_code');
  // The original accepts negative zip codes; a postal code is a positive whole number here.
  const zipCode = wholeNumber(rawZip, 1, INT32_MAX);
  if (zipCode === undefined)
    problem('zip_code', rawZip === '' ? 'enter your zip code' : 'enter a zip code made of digits');

  const place: Record<'city' | 'state' | 'country', string> = { city: '', state: '', country: '' };
  for (const field of ['city', 'state', 'country'] as const) {
    place[field] = text(form, field);
    if (place[field] === '') problem(field, `enter your ${field}`);
    else if ([...place[field]].length > 128) problem(field, 'use at most 128 characters');
  }

  const rawNumber = text(form, 'credit_card_number');
  const creditCardNumber = normaliseCardNumber(rawNumber);
  if (creditCardNumber === undefined) {
    problem(
      'credit_card_number',
      rawNumber === '' ? 'enter your card number' : 'enter the 12 to 19 digits of a valid card number',
    );
  }

  const month = wholeNumber(text(form, 'credit_card_expiration_month'), 1, 12);
  if (month === undefined) problem('credit_card_expiration_month', 'choose the expiry month (1 to 12)');

  const rawYear = text(form, 'credit_card_expiration_year');
  const year = YEAR.test(rawYear) ? Number(rawYear) : undefined;
  if (year === undefined) problem('credit_card_expiration_year', 'choose the expiry year (four digits)');

  const rawCvv = text(form, 'credit_card_cvv');
  if (!CVV.test(rawCvv)) problem('credit_card_cvv', 'enter the 3 or 4 digit security code from the back of the card');

  if (
    problems.length > 0 ||
    zipCode === undefined ||
    creditCardNumber === undefined ||
    month === undefined ||
    year === undefined
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    value: {
      email,
      address: { streetAddress, city: place.city, state: place.state, country: place.country, zipCode },
      creditCard: {
        creditCardNumber,
        creditCardCvv: Number(rawCvv),
        creditCardExpirationYear: year,
        creditCardExpirationMonth: month,
      },
    },
  };
}
