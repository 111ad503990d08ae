// What the cart tells its traces and metrics: who (a hash of the user id), which product and how
// many, and how many lines a cart holds. Nothing else of a request is read.
import { createCounter, type SpanAttributeDeclarations, userHashAttribute } from '@boutique/kit';
import type { CartServiceHandlers } from '@boutique/kit/generated/hipstershop/CartService';

/** The attributes each CartService RPC adds to its server span. */
export const spanAttributes: SpanAttributeDeclarations<CartServiceHandlers> = {
  AddItem: ({ userId, item }) => ({
    ...userHashAttribute(userId),
    'app.product.id': item?.productId,
    'app.product.quantity': item?.quantity,
  }),
  GetCart: ({ userId }, cart) => ({ ...userHashAttribute(userId), 'app.items.count': cart?.items?.length }),
  EmptyCart: ({ userId }) => userHashAttribute(userId),
};

const additions = createCounter('app.cart.additions', { description: 'Add-to-cart operations' });
const addedQuantity = createCounter('app.cart.added_quantity', { description: 'Units added to carts' });

/** Counts one add-to-cart: `app.cart.additions` +1 and `app.cart.added_quantity` += quantity. */
export function countCartAddition(quantity: number): void {
  additions.add(1);
  if (Number.isFinite(quantity) && quantity > 0) addedQuantity.add(quantity);
}
