import { isDomainError } from '@boutique/kit';
import type { Deps } from './ports';

// Fields of a made-up order that only reads: no cart is changed, nothing is charged or shipped.
const WARM_UP_USER = 'checkout-warm-up';
const WARM_UP_ADDRESS = { streetAddress: '1 Warm-up Way', city: 'Springfield', state: 'OR', country: 'US', zipCode: 1 };
const NO_SUCH_PRODUCT = 'checkout-warm-up-probe';

/**
 * Connects checkout to every dependency before it reports SERVING: it waits until each can be reached,
 * then reads the supported currencies (cached for the first orders), a cart, a shipping quote and a
 * catalog lookup (a warm-up must never charge or mail anyone, so nothing is sent to payment or email).
 * Waiting for the connections first, sending nothing, matters: every read that fails while a
 * dependency is still starting spends the channel's retry budget, and the first orders would then
 * meet a dependency's hiccup with no retry left. Rejects while any of them does not answer.
 */
export async function warmUp(
  deps: Pick<Deps, 'cart' | 'catalog' | 'currency' | 'shipping' | 'payment' | 'email'>,
): Promise<void> {
  await Promise.all([
    deps.cart.reachable(),
    deps.catalog.reachable(),
    deps.currency.reachable(),
    deps.shipping.reachable(),
    deps.payment.reachable(),
    deps.email.reachable(),
  ]);
  await Promise.all([
    deps.currency.supportedCurrencies(),
    deps.cart.getCart(WARM_UP_USER),
    deps.shipping.quote(WARM_UP_ADDRESS, []),
    deps.catalog.priceOf(NO_SUCH_PRODUCT).catch((err: unknown) => {
      // An unknown product is the answer expected: the catalog is there.
      if (!isDomainError(err, 'FAILED_PRECONDITION')) throw err;
    }),
  ]);
}
