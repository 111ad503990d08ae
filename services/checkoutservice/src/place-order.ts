import { randomUUID } from 'node:crypto';
import { failedPrecondition, invalidArgument, isDomainError, type Money, money, quoteInput } from '@boutique/kit';
import type { OrderItem } from '@boutique/kit/generated/hipstershop/OrderItem';
import type { PlaceOrderRequest__Output } from '@boutique/kit/generated/hipstershop/PlaceOrderRequest';
import type { Deps, Order } from './ports';
import { validateRequest } from './validate';

/** A placed order: what the caller gets back, plus the figures only the service itself sees. */
export interface PlacedOrder {
  order: Order;
  total: Money;
  /** The same order at catalog USD prices plus the USD quote (for revenue metrics); undefined if any is not USD. */
  totalUsd: Money | undefined;
  transactionId: string;
}

/**
 * Places an order, following the original's steps with exact money and meaningful errors:
 * validate → read the cart (FAILED_PRECONDITION when empty) → price every item and quote shipping,
 * concurrently, in the user's currency → charge the exact total once → ship → empty the cart and
 * send the confirmation (failures of these two are logged; the order stands) → the OrderResult.
 * Nothing is charged unless pricing succeeded; charge and ship are never retried.
 */
export async function placeOrder(deps: Deps, request: PlaceOrderRequest__Output): Promise<PlacedOrder> {
  const { userId, currencyCode, address, email, card } = validateRequest(request);
  const orderId = randomUUID();

  const [cartItems, supported] = await Promise.all([deps.cart.getCart(userId), deps.currency.supportedCurrencies()]);
  if (!supported.has(currencyCode)) throw invalidArgument(`user_currency ${quoteInput(currencyCode)} is not supported`);
  // A line with no positive quantity orders nothing (the original cart could store such lines, and
  // the original checkout then charged them as quantity 1).
  const items = cartItems.filter((item) => item.quantity > 0);
  if (items.length === 0) throw failedPrecondition('the cart is empty');

  const localize = (amount: Money) =>
    // Same currency is the identity, exactly; only other currencies need the currency service.
    amount.currencyCode === currencyCode ? Promise.resolve(amount) : deps.currency.convert(amount, currencyCode);
  const productIds = [...new Set(items.map((item) => item.productId))];
  const [unitPrices, shipping] = await Promise.all([
    Promise.all(
      productIds.map(async (id) => {
        const usd = await deps.catalog.priceOf(id);
        return [id, { usd, local: await localize(usd) }] as const;
      }),
    ),
    deps.shipping.quote(address, items).then(async (usd) => ({ usd, local: await localize(usd) })),
  ]);
  const priceById = new Map(unitPrices);
  const linesAt = (price: 'usd' | 'local'): OrderItem[] =>
    items.map((item) => ({
      item: { productId: item.productId, quantity: item.quantity },
      cost: priceById.get(item.productId)![price],
    }));
  const orderItems = linesAt('local');
  const shippingCost = shipping.local;
  const total = totalOf(currencyCode, orderItems, shippingCost);

  const transactionId = await deps.payment.charge(total, card);
  let trackingId: string;
  try {
    trackingId = await deps.shipping.ship(address, items);
  } catch (err) {
    // The card is charged and nothing ships: someone has to reconcile this by hand.
    deps.log.error({ orderId, transactionId, total, err }, 'order charged but not shipped');
    throw err;
  }

  const order: Order = {
    orderId,
    shippingTrackingId: trackingId,
    shippingCost,
    shippingAddress: address,
    items: orderItems,
  };
  // The money has moved and the parcel is on its way: from here on, failures are logged, not returned.
  const [emptied, emailed] = await Promise.allSettled([
    deps.cart.emptyCart(userId),
    deps.email.sendOrderConfirmation(email, order),
  ]);
  if (emptied.status === 'rejected') deps.log.warn({ orderId, err: emptied.reason }, 'cart not emptied after order');
  if (emailed.status === 'rejected') {
    deps.log.warn({ orderId, err: emailed.reason }, 'order confirmation not sent');
  }
  return { order, total, totalUsd: usdTotalOf(linesAt('usd'), shipping.usd), transactionId };
}

/** The order's total in USD when every amount is in USD (as the catalog and shipping quote them). */
function usdTotalOf(lines: readonly OrderItem[], shippingUsd: Money): Money | undefined {
  const allUsd = shippingUsd.currencyCode === 'USD' && lines.every((line) => line.cost?.currencyCode === 'USD');
  return allUsd ? totalOf('USD', lines, shippingUsd) : undefined;
}

/** Shipping plus each unit price times its quantity, exactly, in the order's currency. */
export function totalOf(currencyCode: string, items: readonly OrderItem[], shippingCost: Money): Money {
  try {
    return money.total(currencyCode, [
      shippingCost,
      ...items.map((line) => money.multiply(line.cost as Money, line.item!.quantity!)),
    ]);
  } catch (err) {
    // Amounts come from our own services, so an amount we cannot add up is our bug, not the caller's.
    if (isDomainError(err)) throw new Error(`cannot total the order: ${err.message}`, { cause: err });
    throw err;
  }
}
