// What checkout tells its traces and metrics: who placed the order (a hash of the user id), in
// which currency, the ids an operator searches by, and the orders and revenue counters. Card data,
// the email address and the shipping address are never read.
import { createCounter, type Money, money, type SpanAttributeDeclarations, userHashAttribute } from '@boutique/kit';
import type { CheckoutServiceHandlers } from '@boutique/kit/generated/hipstershop/CheckoutService';

/** The attributes PlaceOrder adds to its server span. */
export const spanAttributes: SpanAttributeDeclarations<CheckoutServiceHandlers> = {
  PlaceOrder: ({ userId, userCurrency }, response) => ({
    ...userHashAttribute(userId),
    'app.currency.code': userCurrency,
    'app.order.id': response?.order?.orderId,
    'app.order.items.count': response?.order?.items?.length,
    'app.shipping.tracking_id': response?.order?.shippingTrackingId,
  }),
};

const ordersPlaced = createCounter('app.orders.placed', { description: 'Orders placed' });
const revenue = createCounter('app.orders.revenue', {
  description: 'Revenue of placed orders (items and shipping) in US dollars',
  unit: 'USD',
});

const NANOS_PER_USD = 1e9;

/**
 * Counts a placed order: `app.orders.placed` +1 and `app.orders.revenue` (USD) += its total in USD
 * (items at their catalog USD price plus the USD shipping quote). A total in another currency still
 * counts the order but adds no revenue (converting here would hide a caller's bug).
 */
export function countOrderPlaced(totalUsd: Money): void {
  ordersPlaced.add(1);
  // A metric is a float by nature; this is reporting, not a money path.
  if (revenue.enabled && money.isValid(totalUsd) && totalUsd.currencyCode === 'USD') {
    revenue.add(Number(money.toNanos(totalUsd)) / NANOS_PER_USD);
  }
}
