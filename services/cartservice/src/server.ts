import { hipstershop, type ServiceEntry, unary } from '@boutique/kit';
import type { CartServiceHandlers } from '@boutique/kit/generated/hipstershop/CartService';
import { requireUserId, validateAddItem } from './cart';
import type { CartStore } from './store';
import { countCartAddition, spanAttributes } from './telemetry';

/** The CartService over a store: validation here, cart rules in cart.ts, persistence in the store. */
export function cartService(store: CartStore): ServiceEntry {
  const handlers: CartServiceHandlers = {
    AddItem: unary(
      async (request) => {
        const { userId, productId, quantity } = validateAddItem(request);
        await store.addItem(userId, productId, quantity);
        countCartAddition(quantity);
        return {};
      },
      { spanAttributes: spanAttributes.AddItem },
    ),
    GetCart: unary(
      async ({ userId }) => {
        requireUserId(userId);
        // The original answers Cart{} with an empty user_id for an unknown user; we always echo it.
        return { userId, items: await store.getItems(userId) };
      },
      { spanAttributes: spanAttributes.GetCart },
    ),
    EmptyCart: unary(
      async ({ userId }) => {
        requireUserId(userId);
        await store.empty(userId);
        return {};
      },
      { spanAttributes: spanAttributes.EmptyCart },
    ),
  };
  return { service: hipstershop.CartService.service, handlers };
}
