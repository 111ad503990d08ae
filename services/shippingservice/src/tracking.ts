/** A uniformly random integer in [0, maxExclusive). */
export type RandomInt = (maxExclusive: number) => number;

/** The address fields a tracking id is derived from. */
export interface ShippingAddress {
  streetAddress: string;
  city: string;
  state: string;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXY'; // the original draws 65 + rand(25): Z never appears

/**
 * A tracking id in the original's shape, e.g. "KQ-20123-101234567": two random letters A–Y, then
 * the byte length of "<street>, <city>, <state>" and 3 random digits, then half that length and 7
 * random digits.
 */
export function newTrackingId(address: ShippingAddress, randomInt: RandomInt): string {
  const salt = `${address.streetAddress}, ${address.city}, ${address.state}`;
  const length = Buffer.byteLength(salt, 'utf8'); // the original is Go: len() counts bytes
  const letter = () => LETTERS[randomInt(LETTERS.length)]!;
  const digits = (count: number) => Array.from({ length: count }, () => String(randomInt(10))).join('');
  return `${letter()}${letter()}-${length}${digits(3)}-${Math.floor(length / 2)}${digits(7)}`;
}
