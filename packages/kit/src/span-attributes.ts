import { createHash } from 'node:crypto';

/** Span attribute values as OpenTelemetry takes them (kept structural: this module loads no OTel code). */
export type SpanAttributes = Record<string, string | number>;

// Project attributes live under `app.`, chosen once (house style B.4); `user.hash` is semconv's own.
export const ATTR = {
  userHash: 'user.hash',
  productId: 'app.product.id',
  productQuantity: 'app.product.quantity',
  productsCount: 'app.products.count',
  itemsCount: 'app.items.count',
  currency: 'app.currency.code',
  currencyFrom: 'app.currency.from',
  currencyTo: 'app.currency.to',
  orderId: 'app.order.id',
  orderItemsCount: 'app.order.items.count',
  trackingId: 'app.shipping.tracking_id',
  transactionId: 'app.payment.transaction_id',
  recommendationsCount: 'app.recommendations.count',
  adsCount: 'app.ads.count',
} as const;

// Hashes of recent user ids: a shopper's id comes back on every call of their visit, and a SHA-256
// per call would cost more than the rest of the span. Cleared when full, so it stays small.
const hashes = new Map<string, string>();
const MAX_REMEMBERED_HASHES = 10_000;

/**
 * A stable, non-reversible stand-in for a user id (the session id): the first 16 hex digits of its
 * SHA-256. Enough to follow one shopper across traces without storing who they are.
 */
export function userIdHash(userId: string): string {
  let hash = hashes.get(userId);
  if (hash === undefined) {
    hash = createHash('sha256').update(userId).digest('hex').slice(0, 16);
    if (hashes.size >= MAX_REMEMBERED_HASHES) hashes.clear();
    hashes.set(userId, hash);
  }
  return hash;
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const count = (value: unknown): number | undefined => (Array.isArray(value) ? value.length : undefined);

function put(attributes: SpanAttributes, key: string, value: string | number | undefined): void {
  if (value !== undefined) attributes[key] = value;
}

function putOrder(attributes: SpanAttributes, order: unknown): void {
  if (!isObject(order)) return;
  put(attributes, ATTR.orderId, text(order.orderId));
  put(attributes, ATTR.orderItemsCount, count(order.items));
  put(attributes, ATTR.trackingId, text(order.shippingTrackingId));
}

/**
 * The attributes worth putting on a server span, read from the well-known fields of the shop's
 * messages (camelCase, as the loader decodes them): who (user hash), what (product id, quantities,
 * item counts), which currency, and the ids an operator searches by (order, tracking, transaction).
 * Card data, email addresses, street addresses and search text are never read, so they can never
 * leak into a trace.
 */
export function spanAttributesFor(method: string, request: unknown, response: unknown): SpanAttributes {
  const attributes: SpanAttributes = {};
  if (isObject(request)) {
    const userId = text(request.userId);
    if (userId) attributes[ATTR.userHash] = userIdHash(userId);
    if (method === 'GetProduct') put(attributes, ATTR.productId, text(request.id));
    if (isObject(request.item)) {
      put(attributes, ATTR.productId, text(request.item.productId));
      put(
        attributes,
        ATTR.productQuantity,
        typeof request.item.quantity === 'number' ? request.item.quantity : undefined,
      );
    }
    put(attributes, ATTR.productsCount, count(request.productIds));
    put(attributes, ATTR.itemsCount, count(request.items));
    put(attributes, ATTR.currency, text(request.userCurrency));
    if (isObject(request.from)) put(attributes, ATTR.currencyFrom, text(request.from.currencyCode));
    put(attributes, ATTR.currencyTo, text(request.toCode));
    if (isObject(request.amount)) put(attributes, ATTR.currency, text(request.amount.currencyCode));
    putOrder(attributes, request.order);
  }
  if (isObject(response)) {
    putOrder(attributes, response.order);
    put(attributes, ATTR.itemsCount, count(response.items));
    put(attributes, ATTR.productsCount, count(response.products));
    put(attributes, ATTR.recommendationsCount, count(response.productIds));
    put(attributes, ATTR.trackingId, text(response.trackingId));
    put(attributes, ATTR.transactionId, text(response.transactionId));
    put(attributes, ATTR.adsCount, count(response.ads));
  }
  return attributes;
}
