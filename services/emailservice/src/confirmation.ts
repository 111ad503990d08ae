import { invalidArgument, type Money, money, requireMaxLength } from '@boutique/kit';
import type { Address__Output } from '@boutique/kit/generated/hipstershop/Address';
import type { OrderResult__Output } from '@boutique/kit/generated/hipstershop/OrderResult';
import { html } from './html';

/**
 * The longest value accepted per field (in characters) and the most lines per order: the address
 * limits are the shop's checkout form's, ids are far longer than any the shop makes (UUIDs, 18-character
 * tracking ids, 10-character product ids). Everything here ends up in the email.
 */
export const LIMITS = Object.freeze({
  orderId: 128,
  trackingId: 128,
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

/** A rendered confirmation: what a mail transport needs besides the addresses. */
export interface Confirmation {
  subject: string;
  html: string;
  text: string;
}

/** One line of the order, priced: unit price and line total in the order's currency. */
interface Line {
  productId: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

/** An order checked and priced for display. */
interface PricedOrder {
  orderId: string;
  trackingId: string;
  address: Address__Output | null;
  lines: Line[];
  shippingCost: Money;
  total: Money;
}

/**
 * Checks an order as the email service receives it and prices it: INVALID_ARGUMENT naming the field
 * when the order, its id, its shipping cost or an item is missing or malformed, or when amounts
 * disagree on the currency. The total is shipping plus each unit price times its quantity, exact.
 */
export function priceOrder(order: OrderResult__Output | null): PricedOrder {
  if (!order) throw invalidArgument('order is required');
  if (order.orderId.trim() === '') throw invalidArgument('order.order_id is required');
  // The id goes into the Subject header: no line breaks or other control characters, bounded length.
  if (order.orderId.length > 128 || /\p{Cc}/u.test(order.orderId)) {
    throw invalidArgument('order.order_id must be at most 128 printable characters');
  }
  requireMaxLength('order.shipping_tracking_id', order.shippingTrackingId, LIMITS.trackingId);
  const address = order.shippingAddress;
  if (address) {
    for (const [field, name] of ADDRESS_FIELDS) {
      requireMaxLength(`order.shipping_address.${name}`, address[field], LIMITS[field]);
    }
  }
  if (order.items.length > LIMITS.items) {
    throw invalidArgument(`order.items must hold at most ${LIMITS.items} lines, got ${order.items.length}`);
  }
  money.assertValid(order.shippingCost, 'order.shipping_cost');
  const shippingCost = order.shippingCost;
  const lines = order.items.map((orderItem, i): Line => {
    const field = `order.items[${i}]`;
    if (!orderItem.item) throw invalidArgument(`${field}.item is required`);
    const { productId, quantity } = orderItem.item;
    if (productId === '') throw invalidArgument(`${field}.item.product_id is required`);
    requireMaxLength(`${field}.item.product_id`, productId, LIMITS.productId);
    if (!Number.isInteger(quantity) || quantity < 1) {
      throw invalidArgument(`${field}.item.quantity must be at least 1, got ${quantity}`);
    }
    money.assertValid(orderItem.cost, `${field}.cost`);
    if (orderItem.cost.currencyCode !== shippingCost.currencyCode) {
      throw invalidArgument(
        `${field}.cost is in ${orderItem.cost.currencyCode}, the shipping cost in ${shippingCost.currencyCode}`,
      );
    }
    return { productId, quantity, unitPrice: orderItem.cost, lineTotal: money.multiply(orderItem.cost, quantity) };
  });
  const total = money.total(shippingCost.currencyCode, [shippingCost, ...lines.map((line) => line.lineTotal)]);
  return {
    orderId: order.orderId,
    trackingId: order.shippingTrackingId,
    address: order.shippingAddress,
    lines,
    shippingCost,
    total,
  };
}

/** The address as display lines, skipping empty parts: street; "city, state zip"; country. */
function addressLines(address: Address__Output | null): string[] {
  if (!address) return [];
  const zip = address.zipCode ? String(address.zipCode) : '';
  const cityLine = [[address.city, address.state].filter(Boolean).join(', '), zip].filter(Boolean).join(' ');
  return [address.streetAddress, cityLine, address.country].filter((line) => line.trim() !== '');
}

function subjectFor(order: PricedOrder): string {
  return `Your Online Boutique order ${order.orderId}`;
}

const CELL = 'padding:6px 12px;border-bottom:1px solid #e5e5e5;';
const NUMBER_CELL = `${CELL}text-align:right;`;

function renderHtml(order: PricedOrder): string {
  const rows = order.lines.map(
    (line) => html`<tr>
        <td style="${CELL}">${line.productId}</td>
        <td style="${NUMBER_CELL}">${line.quantity}</td>
        <td style="${NUMBER_CELL}">${money.format(line.unitPrice)}</td>
        <td style="${NUMBER_CELL}">${money.format(line.lineTotal)}</td>
      </tr>`,
  );
  const address = addressLines(order.address).map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`);
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>${subjectFor(order)}</title>
  </head>
  <body style="font-family:Helvetica,Arial,sans-serif;color:#1e1e1e;max-width:640px;margin:0 auto;padding:24px;">
    <h1 style="font-size:22px;">Thank you for your order</h1>
    <p>We have received your order and it is on its way.</p>
    <h2 style="font-size:16px;">Order</h2>
    <p>Order number: <strong>${order.orderId}</strong><br>
      Tracking number: <strong>${order.trackingId || 'not yet available'}</strong></p>
    <h2 style="font-size:16px;">Shipping to</h2>
    <p>${address.length > 0 ? address : 'no address given'}</p>
    <h2 style="font-size:16px;">Items</h2>
    <table style="border-collapse:collapse;width:100%;">
      <thead>
        <tr>
          <th style="${CELL}text-align:left;">Product</th>
          <th style="${NUMBER_CELL}">Quantity</th>
          <th style="${NUMBER_CELL}">Unit price</th>
          <th style="${NUMBER_CELL}">Amount</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
        <tr>
          <td style="${CELL}" colspan="3">Shipping</td>
          <td style="${NUMBER_CELL}">${money.format(order.shippingCost)}</td>
        </tr>
        <tr>
          <td style="${CELL}font-weight:bold;" colspan="3">Total</td>
          <td style="${NUMBER_CELL}font-weight:bold;">${money.format(order.total)}</td>
        </tr>
      </tbody>
    </table>
  </body>
</html>
`.toString();
}

function renderText(order: PricedOrder): string {
  const address = addressLines(order.address);
  return [
    'Thank you for your order',
    '',
    'We have received your order and it is on its way.',
    '',
    `Order number:    ${order.orderId}`,
    `Tracking number: ${order.trackingId || 'not yet available'}`,
    '',
    'Shipping to:',
    ...(address.length > 0 ? address.map((line) => `  ${line}`) : ['  no address given']),
    '',
    'Items:',
    ...order.lines.map(
      (line) =>
        `  ${line.quantity} x ${line.productId} at ${money.format(line.unitPrice)} = ${money.format(line.lineTotal)}`,
    ),
    '',
    `Shipping: ${money.format(order.shippingCost)}`,
    `Total:    ${money.format(order.total)}`,
    '',
  ].join('\n');
}

/**
 * Renders the confirmation of an order as a subject, an HTML body (every order value escaped) and a
 * plain-text body. Throws INVALID_ARGUMENT as priceOrder does.
 */
export function renderConfirmation(order: OrderResult__Output | null): Confirmation {
  const priced = priceOrder(order);
  return { subject: subjectFor(priced), html: renderHtml(priced), text: renderText(priced) };
}
