import type { CreditCardInfo__Output } from '@boutique/kit/generated/hipstershop/CreditCardInfo';
import { refuse } from './refusal';

/** Every card type the validator recognises, whether or not we accept it. */
export type CardType =
  | 'amex'
  | 'diners_club_carte_blanche'
  | 'diners_club_international'
  | 'jcb'
  | 'laser'
  | 'visa'
  | 'mastercard'
  | 'maestro'
  | 'rupay'
  | 'discover';

/** What a valid card tells us, and all a log line may carry about it. */
export interface AcceptedCard {
  type: 'visa' | 'mastercard';
  /** The last four digits; never more. */
  last4: string;
}

const DISPLAY_NAME: Record<CardType, string> = {
  amex: 'American Express',
  diners_club_carte_blanche: 'Diners Club Carte Blanche',
  diners_club_international: 'Diners Club International',
  jcb: 'JCB',
  laser: 'Laser',
  visa: 'VISA',
  mastercard: 'MasterCard',
  maestro: 'Maestro',
  rupay: 'RuPay',
  discover: 'Discover',
};

const ACCEPTED: ReadonlySet<CardType> = new Set(['visa', 'mastercard']);

/** A prefix rule: the number starts with one of the listed prefixes, or its first `digits` digits lie in [from, to]. */
type Prefix = string | { digits: number; from: number; to: number };

interface Rule {
  type: CardType;
  prefixes: readonly Prefix[];
  lengths: readonly number[];
}

const range = (from: number, to: number): Prefix => ({ digits: String(from).length, from, to });

// The first rule whose prefix matches decides the type, in the original validator's order
// (docs/compatibility.md, Validation). Two deliberate differences from it: Visa Electron prefixes
// (4026, 417500, 4508, ...) are plain VISA here, and MasterCard's 2-series (2221–2720) is recognised.
const RULES: readonly Rule[] = [
  { type: 'amex', prefixes: ['34', '37'], lengths: [15] },
  { type: 'diners_club_carte_blanche', prefixes: [range(300, 305)], lengths: [14] },
  { type: 'diners_club_international', prefixes: ['36', '38', '39', '309'], lengths: [14] },
  { type: 'jcb', prefixes: [range(3528, 3589)], lengths: [16] },
  { type: 'laser', prefixes: ['6304', '6706', '6709', '6771'], lengths: [16, 17, 18, 19] },
  { type: 'visa', prefixes: ['4'], lengths: [16] },
  { type: 'mastercard', prefixes: [range(51, 55), range(2221, 2720)], lengths: [16] },
  {
    type: 'maestro',
    prefixes: [
      '5018',
      '5081',
      '5044',
      '5020',
      '5038',
      '603845',
      '6304',
      '6759',
      range(6761, 6763),
      '6220',
      '504834',
      '504817',
      '504645',
    ],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
  },
  {
    type: 'rupay',
    prefixes: [
      range(508500, 508999),
      range(606985, 607984),
      range(608001, 608500),
      range(652150, 653149),
      range(817200, 820199),
    ],
    lengths: [16],
  },
  { type: 'discover', prefixes: ['6011', range(622126, 622925), '65'], lengths: [16] },
];

function matches(digits: string, prefix: Prefix): boolean {
  if (typeof prefix === 'string') return digits.startsWith(prefix);
  if (digits.length < prefix.digits) return false;
  const head = Number(digits.slice(0, prefix.digits));
  return head >= prefix.from && head <= prefix.to;
}

/** The rule for a digit string: the first whose prefix matches, or undefined for an unknown type. */
function ruleFor(digits: string): Rule | undefined {
  return RULES.find((rule) => rule.prefixes.some((prefix) => matches(digits, prefix)));
}

/** The card type a digit string's prefix indicates, regardless of its length and checksum. */
export function cardTypeOf(digits: string): CardType | undefined {
  return ruleFor(digits)?.type;
}

/** Removes the spaces and dashes people type between digit groups. */
export function normalizeNumber(number: string): string {
  return number.replace(/[ -]/g, '');
}

/** Whether a digit string passes the Luhn checksum (every second digit from the right doubled). */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** A point in time as the year and month (1–12) of its UTC calendar. */
export interface YearMonth {
  year: number;
  month: number;
}

/** The UTC year and month of a date. */
export function yearMonthOf(date: Date): YearMonth {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

// Any future four-digit year is accepted: the original accepts every future expiry, and its load generator
// sends years up to 71 ahead. Years before 2000 are two-digit typos or unset fields, named as such.
const MIN_YEAR = 2000;
const MAX_YEAR = 9999;

/**
 * Checks a card for a charge and returns its type and last four digits. Throws INVALID_ARGUMENT naming
 * the reason (and at most the last four digits) for a missing, malformed, unknown, refused or expired
 * card, or a malformed security code. A card is valid through the end of its expiry month; `today` is UTC.
 */
export function validateCard(card: CreditCardInfo__Output | null | undefined, today: YearMonth): AcceptedCard {
  if (!card) throw refuse('missing_card', 'credit card is required');
  const digits = normalizeNumber(card.creditCardNumber);
  if (digits === '') throw refuse('missing_card', 'credit card number is required');
  if (!/^\d+$/.test(digits)) {
    throw refuse('malformed_number', 'credit card number may hold only digits, spaces and dashes');
  }
  if (digits.length > 19)
    throw refuse('malformed_number', `credit card number has ${digits.length} digits, more than 19`);
  const last4 = digits.slice(-4);
  if (digits.length < 12) {
    throw refuse('malformed_number', `credit card number ending ${last4} has ${digits.length} digits, fewer than 12`);
  }
  if (!isLuhnValid(digits)) {
    throw refuse('invalid_number', `credit card number ending ${last4} is invalid (checksum mismatch)`);
  }
  const rule = ruleFor(digits);
  if (!rule) throw refuse('unknown_card_type', `credit card number ending ${last4} is not of a known card type`);
  const name = DISPLAY_NAME[rule.type];
  if (!rule.lengths.includes(digits.length)) {
    throw refuse(
      'invalid_number',
      `credit card number ending ${last4} is invalid: a ${name} number has ${rule.lengths.join(' or ')} digits, not ${digits.length}`,
    );
  }
  if (!ACCEPTED.has(rule.type)) {
    throw refuse(
      'unsupported_card_type',
      `${name} cards are not accepted (card ending ${last4}); only VISA and MasterCard are`,
    );
  }

  // A security code is 3 digits (4 on some cards); as an int32 a leading zero is lost, so 0..9999 are all
  // well-formed. The value itself never appears in a message.
  const cvv = card.creditCardCvv;
  if (!Number.isInteger(cvv) || cvv < 0 || cvv > 9999) {
    throw refuse(
      'malformed_security_code',
      `credit card security code of the card ending ${last4} must have 3 or 4 digits`,
    );
  }

  const month = card.creditCardExpirationMonth;
  const year = card.creditCardExpirationYear;
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw refuse('invalid_expiration', `credit card expiration month ${month} is not between 1 and 12`);
  }
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw refuse(
      'invalid_expiration',
      `credit card expiration year ${year} is implausible: expected a four-digit year from ${MIN_YEAR} to ${MAX_YEAR}`,
    );
  }
  if (year * 12 + month < today.year * 12 + today.month) {
    const expiry = `${String(month).padStart(2, '0')}/${year}`;
    throw refuse('expired', `credit card ending ${last4} expired in ${expiry}`);
  }
  return { type: rule.type as AcceptedCard['type'], last4 };
}
