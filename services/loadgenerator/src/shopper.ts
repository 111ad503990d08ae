import type { Random } from './random';

// The nine ids of the catalog the shop ships with, in catalog order (docs/compatibility.md, Catalog and currency rates).
export const PRODUCT_IDS = [
  'OLJCESPC7Z',
  '66VCHSJNUP',
  '1YMWWN1N4O',
  'L9ECAV7KIM',
  '2ZYFJ3GM2N',
  '0PUK6V6EV0',
  'LS4PSXUNUM',
  '9SIQT8TOJO',
  '6E92ZMYYFZ',
] as const;

// The frontend's currency whitelist, which the original chooses from.
export const CURRENCIES = ['EUR', 'USD', 'JPY', 'CAD', 'GBP', 'TRY'] as const;

// Word lists are stored as one string each to keep the file short.
const words = (list: string, separator: string): readonly string[] => list.split(separator);

const FIRST_NAMES = words(
  'ada amara bruno chen dara elif emil farah goran hana ivan jonas kemal lena luis maya nadia omar priya quinn rosa sami tariq uma vera wei yara zoe',
  ' ',
);
const LAST_NAMES = words(
  'abara berg costa dubois eriksen fischer garcia haddad ito jensen kowalski lindqvist moreau nakamura okafor petrov quintero rossi silva tanaka urban varga weber yilmaz zhang',
  ' ',
);
// RFC 2606 reserved domains: no mail can ever reach a real mailbox.
const DOMAINS = words('example.com example.net example.org', ' ');
const STREET_NAMES = words(
  'Maple Oak Cedar Willow Harbor Hillside Lake Meadow Mill Orchard Park Pine River Station Sunset Valley',
  ' ',
);
const STREET_SUFFIXES = words('Street Avenue Road Lane Drive Court Way Boulevard', ' ');
const CITIES = words(
  'Springfield Riverton Fairview Georgetown Lakewood Madison Oakland Salem Ashland Clinton Franklin Greenville Kingston Marion Newport Bristol',
  ' ',
);
const STATES = words(
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY',
  ' ',
);
const COUNTRIES = words(
  'Argentina|Australia|Brazil|Canada|Chile|Côte d’Ivoire|Denmark|Egypt|Finland|France|Germany|Ghana|India|Ireland|Japan|Kenya|Mexico|Netherlands|New Zealand|Norway|Peru|Poland|Portugal|Saudi Arabia|Singapore|South Africa|Spain|Sweden|Türkiye|United Kingdom|United States of America|Viet Nam',
  '|',
);

/** The Luhn check digit that makes `digits` followed by it a valid number. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // Walking from the right, the digit next to the check digit is doubled, and every second one after it.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether a string of digits passes the Luhn check. */
export function isLuhnValid(number: string): boolean {
  return /^\d{2,}$/.test(number) && luhnCheckDigit(number.slice(0, -1)) === Number(number.at(-1));
}

/** A 16-digit VISA number (leading 4), Luhn-valid, without separators, as faker's `visa` gives. */
export function visaNumber(random: Random): string {
  let digits = '4';
  for (let i = 0; i < 14; i++) digits += String(random.int(0, 9));
  return digits + String(luhnCheckDigit(digits));
}

/** The checkout form's fields, named as the frontend's form names them. */
export type CheckoutForm = {
  email: string;
  street_address: string;
  zip_code: string;
  city: string;
  state: string;
  country: string;
  credit_card_number: string;
  credit_card_expiration_month: string;
  credit_card_expiration_year: string;
  credit_card_cvv: string;
};

/** The checkout form a shopper fills in, in the order the page lists the fields. */
export function checkoutForm(random: Random, currentYear: number): CheckoutForm {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  return {
    email: `${first}.${last}${random.int(1, 999)}@${random.pick(DOMAINS)}`,
    street_address: `${random.int(1, 9999)} ${random.pick(STREET_NAMES)} ${random.pick(STREET_SUFFIXES)}`,
    // A US zip may start with 0; 00000 would parse to 0, which the frontend rejects as missing.
    zip_code: String(random.int(501, 99950)).padStart(5, '0'),
    city: random.pick(CITIES),
    state: random.pick(STATES),
    country: random.pick(COUNTRIES),
    credit_card_number: visaNumber(random),
    credit_card_expiration_month: String(random.int(1, 12)),
    // As the original draws it (docs/compatibility.md, Load generator): never expired; the shop takes any future
    // four-digit year.
    credit_card_expiration_year: String(random.int(currentYear + 1, currentYear + 71)),
    credit_card_cvv: String(random.int(100, 999)),
  };
}

/** Encodes fields as a browser submits an HTML form: application/x-www-form-urlencoded, spaces as '+'. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
