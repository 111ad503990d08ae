import { invalidArgument, requireMaxLength } from '@boutique/kit';
import type { Address__Output } from '@boutique/kit/generated/hipstershop/Address';
import type { CartItem__Output } from '@boutique/kit/generated/hipstershop/CartItem';

/**
 * The longest value accepted per field (in characters) and the most cart lines per request. The
 * address limits are the frontend form's; the catalog's product ids are 10 characters.
 */
export const LIMITS = Object.freeze({
  streetAddress: 512,
  city: 128,
  state: 128,
  country: 128,
  productId: 128,
  items: 1_000,
});

const ADDRESS_FIELDS = [
  ['streetAddress', 'street_address'],
  ['city', 'city'],
  ['state', 'state'],
  ['country', 'country'],
] as const;

/** Checks the sizes of a request's address (when there is one) and items; INVALID_ARGUMENT names the field. */
export function checkBounds(address: Address__Output | null, items: readonly CartItem__Output[]): void {
  if (address) {
    for (const [field, name] of ADDRESS_FIELDS) requireMaxLength(`address.${name}`, address[field], LIMITS[field]);
  }
  if (items.length > LIMITS.items) {
    throw invalidArgument(`items must hold at most ${LIMITS.items} lines, got ${items.length}`);
  }
  for (const [index, item] of items.entries()) {
    requireMaxLength(`items[${index}].product_id`, item.productId, LIMITS.productId);
  }
}
