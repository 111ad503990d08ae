import type { Logger, Money } from '@boutique/kit';
import type { Address__Output } from '@boutique/kit/generated/hipstershop/Address';
import type { CartItem__Output } from '@boutique/kit/generated/hipstershop/CartItem';
import type { CreditCardInfo__Output } from '@boutique/kit/generated/hipstershop/CreditCardInfo';
import type { OrderResult } from '@boutique/kit/generated/hipstershop/OrderResult';

// What checkout needs from each of its six dependencies, as plain async functions. The gRPC
// implementations live in gateways/; tests pass fakes. Each rejects with a DomainError when the
// failure has a meaning for our caller (UNAVAILABLE, DEADLINE_EXCEEDED, a refused card), and with a
// plain Error (INTERNAL) otherwise.

export type Address = Address__Output;
export type CartItem = CartItem__Output;
export type CreditCard = CreditCardInfo__Output;
export type Order = OrderResult;

export interface CartPort {
  /** The lines of the user's cart (empty when there is none). */
  getCart(userId: string): Promise<CartItem[]>;
  emptyCart(userId: string): Promise<void>;
  /** Resolves once the cart service can be reached; sends nothing. */
  reachable(): Promise<void>;
}

export interface CatalogPort {
  /** The product's price in USD; FAILED_PRECONDITION when the product is no longer in the catalog. */
  priceOf(productId: string): Promise<Money>;
  /** Resolves once the catalog can be reached; sends nothing. */
  reachable(): Promise<void>;
}

export interface CurrencyPort {
  /** The currency codes the shop can price in. */
  supportedCurrencies(): Promise<ReadonlySet<string>>;
  /** The amount in another supported currency. */
  convert(from: Money, toCode: string): Promise<Money>;
  /** Resolves once the currency service can be reached; sends nothing. */
  reachable(): Promise<void>;
}

export interface ShippingPort {
  /** The shipping cost of the items to the address, in USD. */
  quote(address: Address, items: CartItem[]): Promise<Money>;
  /** Ships the items and returns the tracking id. Never retried. */
  ship(address: Address, items: CartItem[]): Promise<string>;
  /** Resolves once the shipping service can be reached; sends nothing. */
  reachable(): Promise<void>;
}

export interface PaymentPort {
  /** Charges the card and returns the transaction id; INVALID_ARGUMENT when the card is refused. Never retried. */
  charge(amount: Money, card: CreditCard): Promise<string>;
  /** Resolves once the payment service can be reached; sends nothing (a warm-up must charge no one). */
  reachable(): Promise<void>;
}

export interface EmailPort {
  sendOrderConfirmation(email: string, order: Order): Promise<void>;
  /** Resolves once the email service can be reached; sends nothing. */
  reachable(): Promise<void>;
}

/** Everything placeOrder depends on. */
export interface Deps {
  cart: CartPort;
  catalog: CatalogPort;
  currency: CurrencyPort;
  shipping: ShippingPort;
  payment: PaymentPort;
  email: EmailPort;
  log: Logger;
}
